/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * request_argv.c - the command line: getopt_long over the same parameter
 * table and the same value checks as standard input.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "common/cleanup.h"
#include "params.h"
#include "request.h"
#include "request_parse.h"

/* Long options from the table: val is the table index, past any char. */
#define LONGOPT_BASE 256

static struct option *build_longopts(char *shortopts, size_t shortlen)
{
	struct option *o = calloc(fence_params_count() + 1, sizeof(*o));
	size_t i, k = 0, s = 0;

	if (!o)
		return NULL;
	for (i = 0; i < fence_params_count(); i++) {
		const struct fence_param *p = fence_param_at(i);

		if (p->flags & (FENCE_PF_NO_GETOPT | FENCE_PF_STDIN_ONLY) || !p->long_opt)
			continue;
		o[k++] = (struct option){ p->long_opt, p->arg_name ? required_argument : no_argument,
					  NULL, LONGOPT_BASE + (int)i };
		if (p->short_opt && s + 3 < shortlen) {
			shortopts[s++] = p->short_opt;
			if (p->arg_name)
				shortopts[s++] = ':';
		}
	}
	shortopts[s] = '\0';
	return o;
}

static const struct fence_param *param_by_short(int c)
{
	size_t i;

	for (i = 0; i < fence_params_count(); i++) {
		const struct fence_param *p = fence_param_at(i);

		if (p->short_opt == c && !(p->flags & FENCE_PF_NO_GETOPT))
			return p;
	}
	return NULL;
}

/* A long option that is close to a known one gets the likely meaning. */
static int argv_unknown(struct parse_state *st, const char *arg)
{
	char name[48];
	const struct fence_param *near = NULL;
	size_t n;

	if (strncmp(arg, "--", 2) == 0) {
		n = strcspn(arg + 2, "=");
		if (n < sizeof(name)) {
			memcpy(name, arg + 2, n);
			name[n] = '\0';
			if (fence_param_find(name) && !arg[2 + n])
				return fence_cfg_fail(st->err, st->errlen, "option %s needs a value",
					    arg);
			near = fence_param_closest(name);
		}
	}
	if (near && near->long_opt && !(near->flags & FENCE_PF_STDIN_ONLY))
		return fence_cfg_fail(st->err, st->errlen, "unknown option or missing value: %s "
			    "(did you mean --%s?)", arg, near->long_opt);
	return fence_cfg_fail(st->err, st->errlen, "unknown option or missing value: %s", arg);
}

static int argv_option(struct parse_state *st, int c, char **argv)
{
	const struct fence_param *p;

	if (c >= LONGOPT_BASE)
		p = fence_param_at((size_t)(c - LONGOPT_BASE));
	else
		p = param_by_short(c);
	st->cfg->n_params++;
	if (!p)		/* '?' or ':': getopt_long stays silent (opterr = 0) */
		return argv_unknown(st, argv[optind - 1]);
	if (p->id == FENCE_P_VERBOSE) {	/* stackable: -vvv */
		st->verbose_count++;
		return 0;
	}
	return fence_cfg_apply(st, p, p->arg_name ? optarg : "1");
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

enum fence_check_kind fence_config_check_kind(const char *argv0)
{
	const char *base = argv0 ? strrchr(argv0, '/') : NULL;

	if (!argv0)
		return FENCE_CHECK_NONE;
	base = base ? base + 1 : argv0;
	if (ends_with(base, "_check"))
		return FENCE_CHECK_EXIT;
	if (ends_with(base, "_check_hardreboot"))
		return FENCE_CHECK_HARDREBOOT;
	return FENCE_CHECK_NONE;
}

int fence_config_from_argv(int argc, char **argv, struct fence_config *ret, char *err,
			   size_t errlen)
{
	struct parse_state st;
	_cleanup_free_ struct option *longopts = NULL;
	char shortopts[64];
	enum fence_check_kind kind = argc > 0 ? fence_config_check_kind(argv[0]) : FENCE_CHECK_NONE;
	bool check = kind != FENCE_CHECK_NONE;
	int c, r;

	r = fence_cfg_parse_begin(&st, ret, err, errlen);
	if (r < 0)
		return r;
	longopts = build_longopts(shortopts + 1, sizeof(shortopts) - 1);
	if (!longopts)
		return fence_cfg_parse_end(&st, -ENOMEM);
	shortopts[0] = '+';	/* stop at the first non-option, as POSIX */
	optind = 0;		/* getopt's state is libc's: start over on every call */
	opterr = 0;
	while (r == 0 && (c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1)
		r = argv_option(&st, c, argv);
	/* The watchdog calls the check mode with "test" or "repair <errno>". */
	if (r == 0 && optind < argc && !check)
		r = fence_cfg_fail(err, errlen, "unexpected argument '%s'", argv[optind]);
	if (r == 0 && check && ret->action == FENCE_ACT_NONE) {
		ret->action = FENCE_ACT_CHECK;
		ret->check_hardreboot = kind == FENCE_CHECK_HARDREBOOT;
	}
	return fence_cfg_parse_end(&st, r);
}

