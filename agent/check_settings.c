// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_settings.c - /etc/sysconfig/stonith for the watchdog check
 * (check_settings.h).
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check_settings.h"
#include "common/cleanup.h"
#include "common/macro.h"
#include "escape.h"
#include "request_parse.h"
#include "trusted_file.h"

void fence_check_settings_init(struct fence_check_settings *s)
{
	*s = (struct fence_check_settings){ .retries = 1, .retry_sleep_ms = 1000 };
}

struct settings_file {
	const char *path;
	unsigned int lineno;
	char *err;
	size_t errlen;
};

__attribute__((format(printf, 2, 3)))
static int settings_fail(const struct settings_file *f, const char *fmt, ...)
{
	char what[256], esc[PATH_MAX];
	va_list ap;

	if (f->err && f->errlen) {
		va_start(ap, fmt);
		vsnprintf(what, sizeof(what), fmt, ap);
		va_end(ap);
		snprintf(f->err, f->errlen, "%s line %u: %s",
			 fence_escape(f->path, esc, sizeof(esc)), f->lineno, what);
	}
	return -EBADMSG;
}

/* Seconds as digits with an optional fraction ("2", "0.5", ".25"), to milliseconds. */
static int parse_seconds_ms(const char *text, unsigned int max_s, unsigned int *ret_ms)
{
	size_t whole = strspn(text, "0123456789"), frac = 0;
	const char *rest = text + whole;
	unsigned long long ms = 0;

	if (*rest == '.') {
		frac = strspn(rest + 1, "0123456789");
		rest += 1 + frac;
	}
	if (*rest || whole + frac == 0 || whole > 9)
		return -EINVAL;
	for (size_t i = 0; i < whole; i++)
		ms = ms * 10 + (unsigned)(text[i] - '0');
	ms *= 1000;
	/* milliseconds: three digits of the fraction, the rest is below resolution */
	for (size_t i = 0, scale = 100; i < frac && i < 3; i++, scale /= 10)
		ms += (unsigned)(text[whole + 1 + i] - '0') * scale;
	if (ms > (unsigned long long)max_s * 1000)
		return -EINVAL;
	*ret_ms = (unsigned int)ms;
	return 0;
}

static int parse_yes_no(const char *text, bool *ret)
{
	static const char *const yes[] = { "yes", "1", "true", "on", "y" };
	static const char *const no[] = { "no", "0", "false", "off", "n" };

	for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
		if (strcasecmp(text, yes[i]) == 0) {
			*ret = true;
			return 0;
		}
		if (strcasecmp(text, no[i]) == 0) {
			*ret = false;
			return 0;
		}
	}
	return -EINVAL;
}

static bool name_is(const char *name, const char *want)
{
	for (; *name && *want; name++, want++)
		if ((*name == '_' ? '-' : tolower((unsigned char)*name)) != *want)
			return false;
	return *name == *want;
}

/* Remove one pair of matching quotes, as a shell would. */
static char *unquote(char *v)
{
	size_t n = strlen(v);

	if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) {
		v[n - 1] = '\0';
		return v + 1;
	}
	return v;
}

static int settings_value(const struct settings_file *f, const char *name, char *value,
			  struct fence_check_settings *s)
{
	char esc[80];

	value = unquote(value);
	if (name_is(name, "retry")) {
		if (fence_parse_uint(value, FENCE_CHECK_MAX_RETRIES, &s->retries) < 0)
			return settings_fail(f, "retry '%s' is not a whole number from 0 to %u",
					     fence_escape(value, esc, sizeof(esc)),
					     FENCE_CHECK_MAX_RETRIES);
	} else if (name_is(name, "retry-sleep")) {
		if (parse_seconds_ms(value, FENCE_CHECK_MAX_SLEEP_S, &s->retry_sleep_ms) < 0)
			return settings_fail(f, "retry-sleep '%s' is not a number of seconds from "
					     "0 to %u (e.g. 2 or 0.5)",
					     fence_escape(value, esc, sizeof(esc)),
					     FENCE_CHECK_MAX_SLEEP_S);
	} else if (name_is(name, "verbose")) {
		if (parse_yes_no(value, &s->verbose) < 0)
			return settings_fail(f, "verbose '%s' is neither yes nor no",
					     fence_escape(value, esc, sizeof(esc)));
	}
	return 0;
}

/* One line: NAME=VALUE (spaces around '=' allowed); anything else is not ours. */
static int settings_line(const struct settings_file *f, char *line,
			 struct fence_check_settings *s)
{
	char *name, *eq, *end;

	name = line + strspn(line, " \t\r");
	if (!*name || *name == '#')
		return 0;
	eq = strchr(name, '=');
	if (!eq)
		return 0;
	end = eq;
	while (end > name && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	*end = '\0';
	if (strcspn(name, " \t") != strlen(name))
		return 0;	/* "export X=1" and the like: a shell line, not a setting */
	eq++;
	eq += strspn(eq, " \t");
	end = eq + strlen(eq);
	while (end > eq && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		*--end = '\0';
	return settings_value(f, name, eq, s);
}

int fence_check_settings_read(const char *dir, const char *name, struct fence_check_settings *s,
			      char *err, size_t errlen)
{
	_cleanup_free_ char *buf = NULL;
	char path[PATH_MAX];
	struct fence_check_settings next = *s;
	struct settings_file f = { .path = path, .err = err, .errlen = errlen };
	size_t len = 0, pos = 0;
	int r;

	if (err && errlen)
		err[0] = '\0';
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path))
		return -ENAMETOOLONG;
	r = fence_file_read_trusted(dir, name, FENCE_CHECK_SETTINGS_MAX_BYTES, &buf, &len, err,
				    errlen);
	if (r == -ENOENT)
		return 0;
	while (r == 0 && pos < len) {
		char *line = buf + pos, *nl = memchr(line, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - line) : len - pos;

		f.lineno++;
		pos += n + 1;
		if (memchr(line, '\0', n)) {
			r = settings_fail(&f, "holds a NUL byte: the file is corrupt");
			break;
		}
		line[n] = '\0';
		r = settings_line(&f, line, &next);
	}
	if (r == 0)
		*s = next;
	return r;
}
