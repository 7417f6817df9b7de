// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * persist_args.c - mpathpersist's options, their checks in mpathpersist's
 * order and words (scripts and people know them); a batch file's line too.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/persist_args.h"
#include "cli/persist_print.h"
#include "mpathpr/mpathpr.h"

static const struct option persist_options[] = {
	{ "verbose", required_argument, NULL, 'v' },
	{ "clear", no_argument, NULL, 'C' },
	{ "device", required_argument, NULL, 'd' },
	{ "batch-file", required_argument, NULL, 'f' },
	{ "help", no_argument, NULL, 'h' },
	{ "hex", no_argument, NULL, 'H' },
	{ "in", no_argument, NULL, 'i' },
	{ "out", no_argument, NULL, 'o' },
	{ "param-alltgpt", no_argument, NULL, 'Y' },
	{ "param-aptpl", no_argument, NULL, 'Z' },
	{ "param-rk", required_argument, NULL, 'K' },
	{ "param-sark", required_argument, NULL, 'S' },
	{ "preempt", no_argument, NULL, 'P' },
	{ "preempt-abort", no_argument, NULL, 'A' },
	{ "prout-type", required_argument, NULL, 'T' },
	{ "read-full-status", no_argument, NULL, 's' },
	{ "read-keys", no_argument, NULL, 'k' },
	{ "read-reservation", no_argument, NULL, 'r' },
	{ "register", no_argument, NULL, 'G' },
	{ "register-ignore", no_argument, NULL, 'I' },
	{ "release", no_argument, NULL, 'L' },
	{ "report-capabilities", no_argument, NULL, 'c' },
	{ "reserve", no_argument, NULL, 'R' },
	{ "transport-id", required_argument, NULL, 'X' },
	{ "alloc-length", required_argument, NULL, 'l' },
	{ NULL, 0, NULL, 0 },
};

void persist_usage(const char *prog)
{
	fprintf(stderr,
		"%s (mpathpr %s), mpathpersist-compatible\n"
		"Usage: %s [OPTIONS] [DEVICE]\n"
		"  -i, --in                      PR IN, one of:\n"
		"      -k, --read-keys              READ KEYS\n"
		"      -r, --read-reservation       READ RESERVATION\n"
		"      -c, --report-capabilities    REPORT CAPABILITIES\n"
		"      -s, --read-full-status       READ FULL STATUS\n"
		"  -o, --out                     PR OUT, one of:\n"
		"      -G, --register  -I, --register-ignore  -R, --reserve  -L, --release\n"
		"      -C, --clear  -P, --preempt  -A, --preempt-abort\n"
		"  -K, --param-rk=KEY            reservation key (hex)\n"
		"  -S, --param-sark=KEY          service action reservation key (hex)\n"
		"  -T, --prout-type=TYPE         reservation type (hex: 1 3 5 6 7 8)\n"
		"  -X, --transport-id=TID        fcp,<WWN> sas,<address> iqn...[,i,0x<ISID>]\n"
		"  -Y, --param-alltgpt           ALL_TG_PT    -Z, --param-aptpl  APTPL\n"
		"  -d, --device=DEVICE           the multipath map (or the first argument)\n"
		"  -f, --batch-file=FILE         one command a line ('#' starts a comment)\n"
		"  -l, --alloc-length=LEN        PR IN allocation length (at most %d)\n"
		"  -H, --hex                     the response bytes too (stderr)\n"
		"  -v, --verbose=LEVEL           0-4\n"
		"  -h, --help                    this text\n"
		"Exit status: 0, or the MPATH_PR_* code of the failure (man 8 mpathpr).\n",
		prog, mpathpr_version(), prog, MPATH_MAX_PARAM_LEN);
}

/* A key as mpathpersist takes it (hex, 0x optional), but whole: trailing junk is refused. */
static int parse_hex(const char *text, uint64_t max, uint64_t *ret)
{
	const char *p = text;
	char *end;
	uint64_t v;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		p += 2;
	if (!*p || strspn(p, "0123456789abcdefABCDEF") != strlen(p) || strlen(p) > 16)
		return -EINVAL;
	errno = 0;
	v = strtoull(p, &end, 16);
	if (errno || v > max)
		return -EINVAL;
	*ret = v;
	return 0;
}

static int parse_uint(const char *text, unsigned int *ret)
{
	char *end;
	unsigned long v;

	if (!*text || strspn(text, "0123456789") != strlen(text))
		return -EINVAL;
	errno = 0;
	v = strtoul(text, &end, 10);
	if (errno || v > 0xffffffffUL)
		return -EINVAL;
	*ret = (unsigned int)v;
	return 0;
}

static int bad(const char *option, const char *value)
{
	fprintf(stderr, "bad argument to '--%s': %s\n", option, value);
	return MPATH_PR_SYNTAX_ERROR;
}

/* -l: a number, at least the 8-byte header of every answer, at most mpathpersist's 8192. */
static int parse_alloc_len(const char *arg, struct persist_session *s)
{
	if (parse_uint(arg, &s->alloc_len) < 0)
		return bad("alloc-length", arg);
	/* shorter than the header: nothing to print (mpathpersist sends it;
	 * LIO answers ILLEGAL REQUEST, other devices cut the header) */
	if (s->alloc_len > 0 && s->alloc_len < 8) {
		fprintf(stderr, "'--alloc-length' %u is shorter than the 8-byte header "
			"of a PR IN answer: not sent\n", s->alloc_len);
		return MPATH_PR_SYNTAX_ERROR;
	}
	if (s->alloc_len > MPATH_MAX_PARAM_LEN) {
		fprintf(stderr, "'--alloc-length' argument exceeds maximum limit(%d)\n",
			MPATH_MAX_PARAM_LEN);
		return MPATH_PR_SYNTAX_ERROR;
	}
	return 0;
}

static int opt_value(int c, const char *arg, int line, struct persist_session *s,
		     struct persist_args *a)
{
	uint64_t v;

	switch (c) {
	case 'v':
		if (line == 0 && sscanf(arg, "%d", &s->loglevel) != 1)
			return bad("verbose", arg);
		return 0;
	case 'K':
		return parse_hex(arg, UINT64_MAX, &a->rk) < 0 ? bad("param-rk", arg) : 0;
	case 'S':
		return parse_hex(arg, UINT64_MAX, &a->sark) < 0 ? bad("param-sark", arg) : 0;
	case 'T':
		if (parse_hex(arg, 0xff, &v) < 0)
			return bad("prout-type", arg);
		a->type = (unsigned int)v;
		return 0;
	case 'X':
		if (a->n_tids >= MPATH_MX_TIDS) {
			fprintf(stderr, "at most %d '--transport-id'\n", MPATH_MX_TIDS);
			return MPATH_PR_SYNTAX_ERROR;
		}
		if (persist_parse_transportid(arg, &a->tids[a->n_tids]) < 0)
			return bad("transport-id", arg);
		a->n_tids++;
		return 0;
	case 'l':
		return parse_alloc_len(arg, s);
	case 'f':
		if (line != 0) {
			fputs("ERROR: -f option not allowed in batch file\n", stderr);
			return MPATH_PR_SYNTAX_ERROR;
		}
		if (a->batch) {
			fputs("ERROR: -f option can be used at most once\n", stderr);
			return MPATH_PR_SYNTAX_ERROR;
		}
		a->batch = strdup(arg);
		return a->batch ? 0 : MPATH_PR_OTHER;
	default:
		fprintf(stderr, "unrecognised switch code 0x%x ??\n", (unsigned int)c);
		return MPATH_PR_SYNTAX_ERROR;
	}
}

/* The options without value; false if @c is not one. */
static bool opt_flag(int c, struct persist_args *a, bool *hex)
{
	static const char prin[] = "skrc", prout[] = "CPAGILR";
	static const int prin_sa[] = { MPATH_PRIN_RFSTAT_SA, MPATH_PRIN_RKEY_SA,
				       MPATH_PRIN_RRES_SA, MPATH_PRIN_RCAP_SA };
	static const int prout_sa[] = { MPATH_PROUT_CLEAR_SA, MPATH_PROUT_PREE_SA,
					MPATH_PROUT_PREE_AB_SA, MPATH_PROUT_REG_SA,
					MPATH_PROUT_REG_IGN_SA, MPATH_PROUT_REL_SA,
					MPATH_PROUT_RES_SA };
	const char *p;

	if (c && (p = strchr(prin, c))) {
		a->prin_sa = prin_sa[p - prin];
		a->n_prin++;
	} else if (c && (p = strchr(prout, c))) {
		a->prout_sa = prout_sa[p - prout];
		a->n_prout++;
	} else if (c == 'i' || c == 'o') {
		*(c == 'i' ? &a->in : &a->out) = true;
	} else if (c == 'Y' || c == 'Z') {
		*(c == 'Y' ? &a->alltgpt : &a->aptpl) = true;
	} else if (c == 'H') {
		*hex = true;
	} else if (c == 'd') {
		a->device = optarg;
	} else {
		return false;
	}
	return true;
}

static int read_options(int argc, char **argv, int line, struct persist_session *s,
			struct persist_args *a, bool *hex)
{
	int c, r;

	optind = 0;	/* a new argv each time (batch lines): start afresh */
	while ((c = getopt_long(argc, argv, "v:Cd:hHioYZK:S:PAT:skrGILcRX:l:f:",
				persist_options, NULL)) != -1) {
		if (c == 'h') {
			persist_usage(s->prog);
			return PERSIST_HELP;
		}
		if (opt_flag(c, a, hex))
			continue;
		r = opt_value(c, optarg, line, s, a);
		if (r)
			return r;
	}
	if (optind < argc && !a->device)
		a->device = argv[optind++];
	if (optind < argc) {
		for (; optind < argc; optind++)
			fprintf(stderr, "Unexpected extra argument: %s\n", argv[optind]);
		return MPATH_PR_SYNTAX_ERROR;
	}
	return 0;
}

/* The combinations mpathpersist refuses, with its words. */
static int check_actions(const struct persist_args *a)
{
	if (a->in == a->out) {
		if (!a->in && a->batch)
			return 0;
		fputs("choose either '--in' or '--out' \n", stderr);
		return MPATH_PR_SYNTAX_ERROR;
	}
	if (a->out && (a->n_prout != 1 || a->n_prin)) {
		fputs(" For Persistent Reserve Out only one appropriate\n"
		      " service action must be chosen \n", stderr);
		return MPATH_PR_SYNTAX_ERROR;
	}
	if (a->in && a->n_prout) {
		fputs(" When a service action for Persistent Reserve Out is chosen the\n"
		      " '--out' option must be given \n", stderr);
		return MPATH_PR_SYNTAX_ERROR;
	}
	if (a->in && a->n_prin != 1) {
		fputs(a->n_prin ? " Too many service actions given; choose one only\n"
				: " No service action given for Persistent Reserve IN\n", stderr);
		return MPATH_PR_SYNTAX_ERROR;
	}
	return 0;
}

int persist_parse(int argc, char **argv, int line, struct persist_session *s,
		  struct persist_args *ret_args)
{
	struct persist_args *a = ret_args;
	bool hex = false;
	int r;

	memset(a, 0, sizeof(*a));
	a->prin_sa = a->prout_sa = -1;
	r = read_options(argc, argv, line, s, a, &hex);
	if (r)
		return r;
	if (line == 0) {
		s->noisy = s->loglevel >= 3 || hex;
		s->verbose = s->loglevel >= 3 ? 3 : s->loglevel;
	}
	r = check_actions(a);
	if (r || (!a->in && !a->out)) {
		a->device = NULL;
		return r;
	}
	if ((a->prout_sa == MPATH_PROUT_RES_SA || a->prout_sa == MPATH_PROUT_REL_SA ||
	     a->prout_sa == MPATH_PROUT_PREE_SA || a->prout_sa == MPATH_PROUT_PREE_AB_SA) &&
	    a->type == 0 && !s->check_only)
		fputs("Warning: --prout-type probably needs to be given\n", stderr);
	if (s->verbose > 2 && a->n_tids && !s->check_only)
		fprintf(stderr, "number of transport-ids decoded from command line : %d\n",
			a->n_tids);
	if (!a->device) {
		fputs("No device name given \n", stderr);
		return MPATH_PR_SYNTAX_ERROR;
	}
	return 0;
}
