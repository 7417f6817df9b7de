/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * log.h - the agent's logging, through libqb.
 *
 * Targets: stderr (unless quiet), syslog with ident "fence_mpathpr", and an
 * optional debug file.  Control characters in any message are escaped
 * (escape.h): a value holding a newline cannot split or forge a log line.  Syslog and stderr follow the verbosity; the debug
 * file, when given, receives everything down to LOG_DEBUG.  The library's
 * messages reach the same targets through fence_log_lib_sink().
 */
#ifndef FENCE_MPATHPR_LOG_H
#define FENCE_MPATHPR_LOG_H

#include <stdbool.h>
#include <stdint.h>
#include <syslog.h>

#include <qb/qblog.h>

struct mpathpr_report;

struct fence_log_opts {
	bool quiet;		/* no stderr target */
	int verbose_level;	/* 0 notice, 1 info, 2 debug, 3 debug + library detail */
	const char *debug_file;	/* NULL: none */
	const char *ident;	/* NULL: "fence_mpathpr" */
};

/**
 * fence_log_priority() - the stderr threshold for a verbose level
 * (syslog gets at least LOG_INFO, the debug file everything).
 * @verbose_level: 0 notice, 1 info, 2 or more debug
 * Return: a syslog priority.
 */
int fence_log_priority(int verbose_level);

/**
 * fence_log_lib_priority() - the threshold to give mpathpr_ctx_set_log():
 * the library's per-attempt detail only at verbose level 3 or with a
 * debug file, otherwise its info and worse.
 */
int fence_log_lib_priority(const struct fence_log_opts *opts);

/**
 * fence_log_setup() - initialise libqb logging and enable the targets.
 * @opts:	targets and verbosity
 *
 * The debug file is opened with fence_file_open_append() (trusted_file.h):
 * an absolute path, never through a symbolic link, created 0600, a regular
 * file owned by root or this user and writable by nobody else.
 * Return: 0, or the negative errno of opening the debug file, after logging
 * why (the other targets stay usable).
 */
int fence_log_setup(const struct fence_log_opts *opts);

/** fence_log_close() - flush and close every target. */
void fence_log_close(void);

/**
 * fence_log_lib_sink() - a mpathpr_log_fn that forwards library messages to
 * qb_log at the priority the library gave.  @userdata is unused.
 */
void fence_log_lib_sink(void *userdata, int priority, const char *msg);

/**
 * fence_log_report() - log every command of @report at debug level.
 * @device:	device the commands went to
 * @what:	the operation and the keys involved, e.g. "register key=0x1"
 * @report:	per-path results (NULL: nothing)
 *
 * One line per path: device node, PR IN/OUT service action, keys, status,
 * host/driver status, sense key/ASC/ASCQ, attempts and duration.
 */
void fence_log_report(const char *device, const char *what, const struct mpathpr_report *report);

/**
 * fence_log_reset() - log the commands in @report (see fence_log_report()),
 * warn by name of each path that did not answer or failed, and empty
 * @report for the next call.
 */
void fence_log_reset(const char *device, const char *what, struct mpathpr_report *report);

/** fence_errstr() - text for a negative errno from the library or the agent. */
const char *fence_errstr(int err);

/**
 * fence_log_at() - log one message through libqb, safely from any thread.
 * @priority:	syslog priority
 * @function:	caller's function (for libqb filters), usually __func__
 * @file:	caller's file, usually __FILE__
 * @line:	caller's line
 * @fmt:	printf format
 *
 * libqb drops a message outright when another thread is inside qb_log at
 * the same moment (its re-entrancy guard is process-wide), and off logs from
 * one worker per device: every message goes through one lock here instead.
 */
void fence_log_at(int priority, const char *function, const char *file, unsigned int line,
		  const char *fmt, ...) __attribute__((format(printf, 5, 6)));

#define fence_log(prio, ...)	fence_log_at((prio), __func__, __FILE__, __LINE__, __VA_ARGS__)
#define fence_err(...)		fence_log(LOG_ERR, __VA_ARGS__)
#define fence_warn(...)		fence_log(LOG_WARNING, __VA_ARGS__)
#define fence_notice(...)	fence_log(LOG_NOTICE, __VA_ARGS__)
#define fence_info(...)		fence_log(LOG_INFO, __VA_ARGS__)
#define fence_debug(...)	fence_log(LOG_DEBUG, __VA_ARGS__)

#endif /* FENCE_MPATHPR_LOG_H */
