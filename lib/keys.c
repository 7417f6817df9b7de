/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * keys.c - reservation keys as text, both ways: mpathpr_key_parse() and
 * mpathpr_key_format() (the agent and the tools print keys through it).
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include "mpathpr/mpathpr.h"

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Strict on purpose: no whitespace, no sign, no suffix.  strtoull() would
 * accept " -1" as 0xffffffffffffffff, and a key typed wrongly must never
 * reach a device as some other node's key.
 */
int mpathpr_key_parse(const char *text, uint64_t *ret_key)
{
	const char *p = text;
	uint64_t key = 0;
	unsigned int digits = 0;

	if (!text || !ret_key)
		return -EINVAL;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		p += 2;
	if (!*p)
		return -EINVAL;
	while (*p == '0')
		p++;
	for (; *p; p++) {
		int d = hex_digit(*p);

		if (d < 0 || ++digits > 16)
			return -EINVAL;
		key = (key << 4) | (uint64_t)d;
	}
	if (key == 0)
		return -EINVAL;
	*ret_key = key;
	return 0;
}

char *mpathpr_key_format(uint64_t key, char buf[MPATHPR_KEY_FORMAT_LEN])
{
	snprintf(buf, MPATHPR_KEY_FORMAT_LEN, "0x%016" PRIx64, key);
	return buf;
}
