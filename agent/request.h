/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * request.h - the request: what Pacemaker (name=value lines on standard
 * input) or a user (the command line) asked the agent for, parsed and
 * checked for syntax before anything touches a device (struct fence_config).
 * request.c holds what both inputs share, request_stdin.c and
 * request_argv.c read one input each.
 */
#ifndef FENCE_MPATHPR_REQUEST_H
#define FENCE_MPATHPR_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define FENCE_DEFAULT_STORE_PATH	"/var/run/cluster"
#define FENCE_STORE_FILE		"mpath.devices"	/* device<TAB>key lines */
#define FENCE_DEFAULT_IO_TIMEOUT_MS	10000u
/* Everything one action sends ends within 1.5 io timeouts (15 s by default). */
#define FENCE_ACTION_BUDGET_MS(io_ms)	((io_ms) / 2u * 3u)
#define FENCE_DEFAULT_RESERVATION_TYPE	5		/* write exclusive, registrants only */
#define FENCE_MAX_LINE			4096		/* longer stdin lines are refused */
#define FENCE_MAX_VERBOSE		3		/* verbose_level above it means 3 */

enum fence_action {
	FENCE_ACT_NONE,		/* not given: fence-agents' default is off */
	FENCE_ACT_ON,		/* unfence: register our key (and reserve) */
	FENCE_ACT_OFF,		/* fence: preempt the key */
	FENCE_ACT_REBOOT,	/* parsed so it can be refused with a clear message */
	FENCE_ACT_STATUS,
	FENCE_ACT_MONITOR,
	FENCE_ACT_LIST,
	FENCE_ACT_LIST_STATUS,
	FENCE_ACT_METADATA,
	FENCE_ACT_MANPAGE,
	FENCE_ACT_VALIDATE_ALL,
	FENCE_ACT_CHECK,	/* fence_mpathpr_check[_hardreboot] (argv[0]) */
};

enum fence_key_derivation {
	FENCE_KEY_NONE,		/* "none" (default): plug/port/key hold the hex key */
	FENCE_KEY_HASH,		/* "hash": FNV-1a 64 of the node name (plug/port, else nodename) */
};

struct fence_prkey_settings;

struct fence_config {
	enum fence_action action;
	bool check_hardreboot;		/* FENCE_ACT_CHECK called as ..._check_hardreboot:
					 * reboot at once once fenced */
	char **devices;			/* as given, split on comma/space, duplicates removed */
	size_t n_devices;
	bool have_key;			/* key, or plug/port: hex, or with key_value=hash a
					 * node name hashed; for validate-all a plug that is
					 * not a key (Pacemaker's placeholder) is ignored */
	uint64_t key;			/* normalised, never 0 when have_key */
	char *nodename;			/* NULL if not given */
	char *store_path;		/* default FENCE_DEFAULT_STORE_PATH */
	enum fence_key_derivation key_value;
	int reservation_type;		/* 5 (default) or 6 */
	bool aptpl;
	unsigned int io_timeout_ms;	/* parameter io_timeout is in seconds */
	unsigned int delay_s;
	int verbose_level;		/* 0 notice, 1 info, 2 debug, 3 + library detail;
					 * verbose=1 / -v give 2, each further -v one more,
					 * verbose_level=N wins (any whole number, above 3
					 * means 3, as further -v do) */
	char *debug_file;		/* NULL if not given; an absolute path */
	bool quiet, suppress_errors;
	bool version, help;		/* -V / -h (or version=1 / help=1): print and exit 0 */
	/* Messages for the log once it is set up (the parser cannot log itself:
	 * debug_file and verbose come from the same input), control characters
	 * escaped.  Notes, at debug level: deprecated parameters, fence_mpath's
	 * ignored ones.  Warnings, at the default level: unknown parameters,
	 * with the known name one resembles. */
	char **notes;
	size_t n_notes;
	char **warnings;
	size_t n_warnings;
	size_t n_params;		/* name=value lines (stdin) or options (argv) seen */
	/* multipath.conf and multipathd (prkey_sync.h); NULL: the system's.
	 * No parameter sets it: the unit tests give their own. */
	const struct fence_prkey_settings *mpathd;
};

/** fence_config_init() - set every field to its default.  Return: 0 or -ENOMEM. */
int fence_config_init(struct fence_config *cfg);

/**
 * fence_config_from_stdin() - parse name=value lines (fence-agents' stdin protocol).
 * @in:     the stream to read until EOF
 * @ret:    filled on success (initialised by this function; free with fence_config_free())
 * @err:    on failure, one line naming the problem (no trailing newline)
 * Return: 0, -EINVAL (bad input, @err set) or -ENOMEM.  On failure @ret holds nothing to free.
 */
int fence_config_from_stdin(FILE *in, struct fence_config *ret, char *err, size_t errlen);

/* Standard input, whole or refused, never cut (request_stdin.c). */
/* The most standard input may hold (documented in the man page). */
#define FENCE_MAX_REQUEST	(256u * 1024u)

/**
 * fence_request_read() - read @fd to its end.
 * @fd:		standard input
 * @max:	the most bytes accepted (FENCE_MAX_REQUEST)
 * @ret_text:	the bytes read, plus a NUL after them (they may hold NULs:
 *		use @ret_len); free()
 * @err:	on failure, one line: standard input is closed, cannot be read
 *		(and why), is empty, or is longer than @max
 * Return: 0, -EBADF (closed), -ENODATA (empty), -E2BIG (too long), -ENOMEM,
 * or the errno of read().
 */
int fence_request_read(int fd, size_t max, char **ret_text, size_t *ret_len, char *err,
		       size_t errlen);

/**
 * fence_config_from_request() - fence_config_from_stdin() over @len bytes of
 * @text, all of them (a NUL byte is an error of its line, not the end), and
 * an error when they hold no name=value line at all.
 * Return: as fence_config_from_stdin().
 */
int fence_config_from_request(const char *text, size_t len, struct fence_config *ret,
			      char *err, size_t errlen);

/* What argv[0] asks for, as fence-agents' fence_mpath tells its modes apart. */
enum fence_check_kind {
	FENCE_CHECK_NONE,		/* the fence agent */
	FENCE_CHECK_EXIT,		/* basename ends in "_check": exit 2 once fenced */
	FENCE_CHECK_HARDREBOOT,		/* ends in "_check_hardreboot": reboot once fenced */
};

/** fence_config_check_kind() - which mode the program name @argv0 selects. */
enum fence_check_kind fence_config_check_kind(const char *argv0);

/**
 * fence_config_from_argv() - parse the command line (getopt_long, same names as stdin).
 * argv[0] ending in "_check" or "_check_hardreboot" (fence_config_check_kind())
 * selects FENCE_ACT_CHECK when no action is given, the latter with
 * check_hardreboot set (and then allows watchdog(8)'s positional arguments).
 * With no options at all it yields the defaults: callers read stdin instead,
 * as fence agents do.
 * Return: as fence_config_from_stdin().
 */
int fence_config_from_argv(int argc, char **argv, struct fence_config *ret, char *err,
			   size_t errlen);

/**
 * fence_config_check() - the fields @cfg->action needs are present and sane
 * (e.g. off needs devices and a key; list needs devices).  Syntax only: the
 * devices themselves are checked by the back-end through libmpathpr.
 * Return: 0 or -EINVAL with @err set.
 */
int fence_config_check(const struct fence_config *cfg, char *err, size_t errlen);

/**
 * fence_config_effective_key() - the key to act with: the given one, else
 * derived from nodename per key_value.
 * Return: 0, or -ENOKEY when there is none.
 */
int fence_config_effective_key(const struct fence_config *cfg, uint64_t *ret_key);

/** fence_key_from_name() - FNV-1a 64 of @name, never 0 (used by key_value=hash). */
uint64_t fence_key_from_name(const char *name);

/** fence_action_name() - "on", "off", ... for @action ("" for NONE). */
const char *fence_action_name(enum fence_action action);

/** fence_config_free() - release what @cfg holds (not @cfg itself); NULL is fine. */
void fence_config_free(struct fence_config *cfg);

#endif /* FENCE_MPATHPR_REQUEST_H */
