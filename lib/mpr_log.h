/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * mpr_log.h - the library's only way to say anything: a sink the caller
 * provides.  The library logs at debug (and sometimes info/warning) level
 * and never prints on its own.
 */
#ifndef MPATHPR_MPR_LOG_H
#define MPATHPR_MPR_LOG_H

#include <syslog.h>

typedef void (*mpr_log_fn)(void *userdata, int priority, const char *msg);

struct mpr_log {
	mpr_log_fn fn;		/* NULL: drop everything */
	void *userdata;
	int max_priority;	/* LOG_DEBUG logs everything, LOG_ERR only errors */
};

/* Format and hand one message to @log's sink if @priority passes its threshold.
 * @log may be NULL. */
void mpr_logf(const struct mpr_log *log, int priority, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define mpr_debug(log, ...) mpr_logf((log), LOG_DEBUG, __VA_ARGS__)

#endif /* MPATHPR_MPR_LOG_H */
