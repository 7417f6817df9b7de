/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * request_parse.h - internal to the two parsers (request_stdin.c and
 * request_argv.c): they share one place (request_apply.c) that turns a
 * parameter's value into struct fence_config, so both accept the same, and
 * one (request.c) that begins and settles a parse.
 */
#ifndef FENCE_MPATHPR_REQUEST_PARSE_H
#define FENCE_MPATHPR_REQUEST_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "params.h"
#include "request.h"

/* What only matters until every parameter has been seen. */
struct parse_state {
	struct fence_config *cfg;
	char *plug;		/* plug/port text: a key, or a name with key_value=hash */
	char *key;		/* key text */
	int verbose_level;	/* -1: not given */
	unsigned int verbose_count;	/* -v on the command line, 1 for verbose=1 */
	bool verbose_off;	/* verbose=0 given */
	char *err;
	size_t errlen;
};

/** fence_cfg_fail() - format a one-line error into @err.  Return: -EINVAL. */
int fence_cfg_fail(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/** fence_cfg_parse_begin() - initialise @st and @cfg with the defaults. */
int fence_cfg_parse_begin(struct parse_state *st, struct fence_config *cfg, char *err,
			  size_t errlen);

/** fence_cfg_apply() - store @value for parameter @p (syntax checked). */
int fence_cfg_apply(struct parse_state *st, const struct fence_param *p, const char *value);
/* Decimal digits only (no sign, exponent, "inf" or "nan"), at most @max. */
int fence_parse_uint(const char *text, unsigned int max, unsigned int *ret_value);

/** fence_cfg_note() - add a note (escaped, one line) to @cfg.  Return: 0 or -ENOMEM. */
int fence_cfg_note(struct fence_config *cfg, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/** fence_strv_add() - append a copy of @s to the vector *@v of *@n strings. */
int fence_strv_add(char ***v, size_t *n, const char *s);
/** fence_strv_free() - free @n strings of @v and @v. */
void fence_strv_free(char **v, size_t n);

/**
 * fence_cfg_unknown_param() - a name no parameter has: Pacemaker's own pass
 * in silence (a note), a misspelling gets a warning with its likely meaning.
 * Return: 0 or -ENOMEM.
 */
int fence_cfg_unknown_param(struct fence_config *cfg, const char *name);

/**
 * fence_cfg_parse_end() - settle what depends on several parameters when @r
 * is 0; on any failure free the config.  Return: @r or the settling error.
 */
int fence_cfg_parse_end(struct parse_state *st, int r);

#endif /* FENCE_MPATHPR_REQUEST_PARSE_H */
