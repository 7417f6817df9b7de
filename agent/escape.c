// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * escape.c - control characters out of echoed text (escape.h).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "escape.h"

/* The escape of @c into @out (at most 5 bytes with the NUL); its length. */
static size_t escape_char(unsigned char c, char out[5])
{
	switch (c) {
	case '\n':
		return (size_t)snprintf(out, 5, "\\n");
	case '\r':
		return (size_t)snprintf(out, 5, "\\r");
	case '\t':
		return (size_t)snprintf(out, 5, "\\t");
	default:
		if (c < 0x20 || c == 0x7f)
			return (size_t)snprintf(out, 5, "\\x%02x", c);
		out[0] = (char)c;
		out[1] = '\0';
		return 1;
	}
}

const char *fence_escape_n(const char *s, size_t n, char *buf, size_t len)
{
	size_t pos = 0, i;

	if (!buf || len == 0)
		return buf;
	for (i = 0; s && i < n; i++) {
		char piece[5];
		size_t k = escape_char((unsigned char)s[i], piece);

		if (pos + k >= len)
			break;
		memcpy(buf + pos, piece, k);
		pos += k;
	}
	buf[pos] = '\0';
	if (s && i < n && len > 4) {	/* cut: say so */
		pos = pos + 4 > len ? len - 4 : pos;
		memcpy(buf + pos, "...", 4);
	}
	return buf;
}

const char *fence_escape(const char *s, char *buf, size_t len)
{
	return fence_escape_n(s, s ? strlen(s) : 0, buf, len);
}
