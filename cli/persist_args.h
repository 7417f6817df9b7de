/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * persist_args.h - mpathpersist's command line (and each line of a batch file).
 */
#ifndef MPATHPR_CLI_PERSIST_ARGS_H
#define MPATHPR_CLI_PERSIST_ARGS_H

#include <stdbool.h>
#include <stdint.h>

#include "mpathpr/mpath_persist.h"

struct fence_prkey_settings;

/* persist_parse() returned for -h: usage printed, exit 0. */
#define PERSIST_HELP	(-2)

/* What lasts across the lines of a batch file (as in mpathpersist, -v and
 * -H count on the command line only, -l from the line that gives it on). */
struct persist_session {
	const char *prog;
	int loglevel;
	int verbose;		/* 0-3, from -v */
	bool noisy;		/* -H or -v 3 and more: the response bytes on stderr */
	unsigned int alloc_len;	/* -l; 0: the whole response */
	bool check_only;	/* parsing a batch file before running it: no warnings */
	/* where multipath.conf and multipathd are (NULL: the system's) */
	const struct fence_prkey_settings *mpathd;
};

/* One command. */
struct persist_args {
	const char *device;	/* NULL: nothing to send (a batch file only) */
	bool in, out;
	int prin_sa, prout_sa;
	int n_prin, n_prout;	/* service actions given */
	bool alltgpt, aptpl;
	uint64_t rk, sark;
	unsigned int type;
	int n_tids;
	struct transportid tids[MPATH_MX_TIDS];
	char *batch;		/* -f, to free */
};

/*
 * persist_parse() - the options of one command line (@line 0) or batch file
 * line (@line > 0) into @ret_args.  Return: MPATH_PR_SUCCESS,
 * MPATH_PR_SYNTAX_ERROR after a message on stderr, or PERSIST_HELP.
 * ret_args->batch is set (to free) in every case.
 */
int persist_parse(int argc, char **argv, int line, struct persist_session *s,
		  struct persist_args *ret_args);
/* persist_usage() - the options, on stderr. */
void persist_usage(const char *prog);

#endif
