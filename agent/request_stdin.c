// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * request_stdin.c - Pacemaker's request: standard input read whole (or
 * refused, never cut), then its name=value lines (fence-agents' protocol).
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/cleanup.h"
#include "request.h"
#include "request_parse.h"

/* Wait for @fd to be readable when it was left non-blocking by the caller. */
static int request_wait(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	while (poll(&p, 1, -1) < 0)
		if (errno != EINTR)
			return -errno;
	return 0;
}

int fence_request_read(int fd, size_t max, char **ret_text, size_t *ret_len, char *err,
		       size_t errlen)
{
	size_t len = 0, cap = 4096;
	_cleanup_free_ char *buf = NULL;
	struct stat st;

	if (fstat(fd, &st) < 0) {
		int r = -errno;

		if (r == -EBADF)
			fence_cfg_fail(err, errlen, "standard input is closed: expected name=value "
				       "lines (or options, see -h)");
		else
			fence_cfg_fail(err, errlen, "cannot read standard input: %s", strerror(-r));
		return r;
	}
	buf = malloc(cap + 1);
	if (!buf)
		return -ENOMEM;
	for (;;) {
		ssize_t n;

		if (len == cap) {
			char *bigger;

			if (cap > max)
				break;
			cap = cap * 2 > max + 1 ? max + 1 : cap * 2;
			bigger = realloc(buf, cap + 1);
			if (!bigger)
				return -ENOMEM;
			buf = bigger;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && request_wait(fd) == 0)
			continue;
		if (n < 0) {
			int r = -errno;

			fence_cfg_fail(err, errlen, "cannot read standard input: %s", strerror(-r));
			return r;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (len > max) {
		fence_cfg_fail(err, errlen, "standard input is longer than %zu bytes (%zu KiB): "
			       "refused", max, max / 1024);
		return -E2BIG;
	}
	if (len == 0) {
		fence_cfg_fail(err, errlen, "standard input is empty: expected name=value lines "
			       "(or options, see -h)");
		return -ENODATA;
	}
	buf[len] = '\0';
	*ret_text = TAKE_PTR(buf);
	*ret_len = len;
	return 0;
}

static char *strip(char *s)
{
	size_t n;

	while (isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

static int stdin_line(struct parse_state *st, char *line, unsigned int lineno)
{
	const struct fence_param *p;
	char *name = strip(line), *value, *eq;
	size_t n;

	if (!*name || *name == '#')
		return 0;
	eq = strchr(name, '=');
	if (!eq)
		return fence_cfg_fail(st->err, st->errlen, "line %u: no '=' in '%.40s'", lineno, name);
	*eq = '\0';
	name = strip(name);
	value = strip(eq + 1);
	n = strlen(value);
	if (n >= 2 && value[0] == '"' && value[n - 1] == '"') {	/* name="value" */
		value[n - 1] = '\0';
		value++;
	}
	st->cfg->n_params++;
	p = fence_param_find(name);
	if (!p)
		return fence_cfg_unknown_param(st->cfg, name);
	return fence_cfg_apply(st, p, value);
}

int fence_config_from_stdin(FILE *in, struct fence_config *ret, char *err, size_t errlen)
{
	struct parse_state st;
	_cleanup_free_ char *line = NULL;
	size_t cap = 0;
	unsigned int lineno = 0;
	ssize_t n;
	int r;

	r = fence_cfg_parse_begin(&st, ret, err, errlen);
	if (r < 0)
		return r;
	while (r == 0 && (n = getline(&line, &cap, in)) >= 0) {
		lineno++;
		if (memchr(line, '\0', (size_t)n))
			r = fence_cfg_fail(err, errlen, "line %u holds a NUL byte: refused", lineno);
		else if ((size_t)n > FENCE_MAX_LINE)
			r = fence_cfg_fail(err, errlen, "line %u is longer than %u bytes (%zd): refused",
				 lineno, FENCE_MAX_LINE, n);
		else
			r = stdin_line(&st, line, lineno);
	}
	if (r == 0 && ferror(in))
		r = fence_cfg_fail(err, errlen, "cannot read standard input");
	return fence_cfg_parse_end(&st, r);
}

int fence_config_from_request(const char *text, size_t len, struct fence_config *ret,
			      char *err, size_t errlen)
{
	FILE *f;
	int r;

	*ret = (struct fence_config){ 0 };
	if (len == 0)
		return fence_cfg_fail(err, errlen, "standard input holds no name=value line");
	f = fmemopen((void *)text, len, "r");
	if (!f) {
		fence_cfg_fail(err, errlen, "out of memory");
		return -ENOMEM;
	}
	r = fence_config_from_stdin(f, ret, err, errlen);
	fclose(f);
	if (r == 0 && ret->n_params == 0) {
		fence_config_free(ret);
		return fence_cfg_fail(err, errlen, "standard input holds no name=value line");
	}
	return r;
}
