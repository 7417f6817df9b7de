/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * params.h - the one table of fence_mpathpr's parameters.  The stdin parser,
 * the getopt parser, --help, the metadata XML and the man page are all
 * generated from it, so they cannot disagree.
 */
#ifndef FENCE_MPATHPR_AGENT_PARAMS_H
#define FENCE_MPATHPR_AGENT_PARAMS_H

#include <stdbool.h>
#include <stddef.h>

/* What a parameter sets; several names may set the same thing (aliases). */
enum fence_param_id {
	FENCE_P_ACTION,
	FENCE_P_DEVICES,
	FENCE_P_PLUG,		/* plug, port */
	FENCE_P_KEY,
	FENCE_P_NODENAME,
	FENCE_P_STORE_PATH,
	FENCE_P_KEY_VALUE,
	FENCE_P_RESERVATION_TYPE,
	FENCE_P_APTPL,
	FENCE_P_IO_TIMEOUT,
	FENCE_P_DELAY,
	FENCE_P_VERBOSE,
	FENCE_P_VERBOSE_LEVEL,
	FENCE_P_DEBUG_FILE,	/* debug_file, debug */
	FENCE_P_QUIET,
	FENCE_P_SUPPRESS_ERRORS,	/* suppress_errors, suppress-errors */
	FENCE_P_VERSION,
	FENCE_P_HELP,
	FENCE_P_IGNORED,	/* fence_mpath-only: accepted, logged, ignored */
};

/* Metadata content types (the fence-agents schema's set). */
enum fence_param_type {
	FENCE_T_STRING,
	FENCE_T_BOOLEAN,
	FENCE_T_INTEGER,
	FENCE_T_SECOND,
	FENCE_T_SELECT,
};

#define FENCE_PF_REQUIRED	0x01	/* required="1" in the metadata */
#define FENCE_PF_DEPRECATED	0x02	/* deprecated="1" */
#define FENCE_PF_NO_GETOPT	0x04	/* its option belongs to the entry it aliases */
#define FENCE_PF_STDIN_ONLY	0x08	/* no command-line option (e.g. the "option" alias) */
#define FENCE_PF_HIDDEN		0x10	/* not in metadata, man page or --help */

struct fence_param {
	const char *name;		/* stdin / metadata name */
	enum fence_param_id id;
	enum fence_param_type type;
	unsigned int flags;		/* FENCE_PF_* */
	char short_opt;			/* 0: none */
	const char *long_opt;		/* getopt_long name */
	const char *arg_name;		/* "devices" -> "=[devices]"; NULL: a flag */
	const char *default_value;	/* NULL: none shown */
	const char *const *choices;	/* FENCE_T_SELECT: NULL-terminated values */
	const char *obsoletes;		/* the older name this one replaces */
	const char *shortdesc;		/* one sentence */
	const char *longdesc;		/* extra man-page text, may be NULL */
};

/** fence_params_count() - number of entries in the table. */
size_t fence_params_count(void);

/** fence_param_at() - entry @i in metadata order (0-based), NULL past the end. */
const struct fence_param *fence_param_at(size_t i);

/**
 * fence_param_find() - look a stdin name up; '-' and '_' are equivalent and
 * "option" is the old name of "action".
 * Return: the entry, or NULL for an unknown name.
 */
const struct fence_param *fence_param_find(const char *name);

/**
 * fence_param_is_pacemakers() - whether @name is one of the parameters
 * Pacemaker's fencer handles itself or adds to every request (pcmk_*,
 * CRM_meta_*, provides, stonith-timeout, crm_feature_set, nodeid): not the
 * agent's, but no mistake either.
 */
bool fence_param_is_pacemakers(const char *name);

/**
 * fence_param_closest() - the parameter an unknown @name was probably meant
 * to be: the nearest in edit distance ('-' and '_' alike, case folded, a
 * swap of neighbours is one edit), at most 1 edit away for names of up to 4
 * characters, else 2.  Hidden names are never suggested.
 * Return: the entry, or NULL when none is that close.
 */
const struct fence_param *fence_param_closest(const char *name);

/**
 * fence_param_getopt() - format the getopt "mixed" text, e.g.
 * "-d, --devices=[devices]", into @buf.  Return: @buf.
 */
const char *fence_param_getopt(const struct fence_param *p, char *buf, size_t len);

/** fence_param_type_name() - "string", "boolean", ... as in the metadata. */
const char *fence_param_type_name(enum fence_param_type type);

#endif /* FENCE_MPATHPR_AGENT_PARAMS_H */
