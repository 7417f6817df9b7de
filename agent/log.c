// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * log.c - libqb targets for the agent, and the bridge from the library's
 * log sink and per-path reports into them; the agent's words for an error.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "escape.h"
#include "log.h"
#include "mpathpr/mpathpr.h"
#include "trusted_file.h"

#define FENCE_LOG_IDENT "fence_mpathpr"
#define FENCE_LOG_LINE_MAX 2048

/*
 * The one piece of process-wide state in the agent, because libqb's state is
 * process-wide too: it serialises every message (see fence_log_at()).
 */
static pthread_mutex_t fence_log_lock = PTHREAD_MUTEX_INITIALIZER;
/*
 * The least urgent priority any enabled target takes, set by fence_log_setup()
 * before any worker thread starts: messages past it are not even formatted
 * (a debug line per command and device adds up at hundreds of LUNs).
 */
static int fence_log_threshold = LOG_DEBUG;

/* Every message, the library's too: control characters escaped, one line stays one. */
static void fence_log_emit(int priority, const char *function, const char *file,
			   unsigned int line, const char *msg)
{
	char safe[FENCE_LOG_LINE_MAX];

	if (priority < LOG_EMERG || priority > LOG_DEBUG)
		priority = LOG_DEBUG;
	fence_escape(msg, safe, sizeof(safe));
	pthread_mutex_lock(&fence_log_lock);
	qb_log_from_external_source(function, file, "%s", (uint8_t)priority, line, 0, safe);
	pthread_mutex_unlock(&fence_log_lock);
}

void fence_log_at(int priority, const char *function, const char *file, unsigned int line,
		  const char *fmt, ...)
{
	char msg[FENCE_LOG_LINE_MAX];
	va_list ap;

	if (priority > fence_log_threshold)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fence_log_emit(priority, function, file, line, msg);
}

int fence_log_priority(int verbose_level)
{
	if (verbose_level <= 0)
		return LOG_NOTICE;
	if (verbose_level == 1)
		return LOG_INFO;
	return LOG_DEBUG;
}

int fence_log_lib_priority(const struct fence_log_opts *opts)
{
	if (opts->verbose_level >= 3 || opts->debug_file)
		return LOG_DEBUG;
	return LOG_INFO;
}

static void fence_log_target(int32_t target, int priority, const char *format)
{
	qb_log_filter_ctl(target, QB_LOG_FILTER_CLEAR_ALL, QB_LOG_FILTER_FILE, "*", LOG_TRACE);
	qb_log_filter_ctl(target, QB_LOG_FILTER_ADD, QB_LOG_FILTER_FILE, "*", priority);
	qb_log_format_set(target, format);
	qb_log_ctl(target, QB_LOG_CONF_ENABLED, QB_TRUE);
}

/*
 * The debug file as a custom target: libqb's own file target opens a path
 * (following links, mode 0644); this one writes to a descriptor opened by
 * fence_file_open_append() (O_NOFOLLOW, 0600, checked), one write per line.
 */
static void fence_log_file_write(int32_t t, struct qb_log_callsite *cs, struct timespec *ts,
				 const char *msg)
{
	int fd = (int)(intptr_t)qb_log_target_user_data_get(t);
	char line[QB_LOG_MAX_LEN + 1];
	size_t len, off = 0;

	qb_log_target_format(t, cs, ts, msg, line);
	line[QB_LOG_MAX_LEN - 1] = '\0';
	len = strlen(line);
	line[len++] = '\n';
	while (off < len) {
		ssize_t n = write(fd, line + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;	/* nowhere left to say it */
		off += (size_t)n;
	}
}

static void fence_log_file_close(int32_t t)
{
	close((int)(intptr_t)qb_log_target_user_data_get(t));
}

static int32_t fence_log_file_open(const char *path)
{
	char err[PATH_MAX + 128];
	int fd = fence_file_open_append(path, err, sizeof(err));
	int32_t t;

	if (fd < 0) {
		fence_err("debug_file %s", err);
		return fd;
	}
	t = qb_log_custom_open(fence_log_file_write, fence_log_file_close, NULL,
			       (void *)(intptr_t)fd);
	if (t < 0) {
		close(fd);
		fence_err("debug_file %s: cannot add a log target: %s", path, strerror(-t));
	}
	return t;
}

int fence_log_setup(const struct fence_log_opts *opts)
{
	const char *ident = opts->ident ? opts->ident : FENCE_LOG_IDENT;
	int prio = fence_log_priority(opts->verbose_level);
	int32_t file;

	fence_log_threshold = prio > LOG_INFO ? prio : LOG_INFO;
	if (opts->debug_file)
		fence_log_threshold = LOG_DEBUG;
	qb_log_init(ident, LOG_DAEMON, LOG_INFO);
	qb_log_ctl(QB_LOG_BLACKBOX, QB_LOG_CONF_ENABLED, QB_FALSE);
	fence_log_target(QB_LOG_SYSLOG, prio > LOG_INFO ? prio : LOG_INFO, "%b");
	if (opts->quiet)
		qb_log_ctl(QB_LOG_STDERR, QB_LOG_CONF_ENABLED, QB_FALSE);
	else
		fence_log_target(QB_LOG_STDERR, prio, "%N: %b");
	if (!opts->debug_file)
		return 0;
	file = fence_log_file_open(opts->debug_file);
	if (file < 0)
		return file;
	/* No QB_LOG_CONF_FILE_SYNC: libqb flushes every line already, and an fsync
	 * per line made off with hundreds of LUNs crawl. */
	fence_log_target(file, LOG_DEBUG, "%t %N[%P] %p: %b");
	return 0;
}

void fence_log_close(void)
{
	qb_log_fini();
}

void fence_log_lib_sink(void *userdata, int priority, const char *msg)
{
	(void)userdata;
	fence_log_emit(priority, "libmpathpr", "libmpathpr", 0, msg);
}

static void fence_log_entry(const char *device, const char *what,
			    const struct mpathpr_path_result *e)
{
	fence_debug("%s %s: %s (%s): os_error=%d status=0x%02x host=0x%x driver=0x%x "
		    "sense=%x/%02x/%02x%s attempts=%u %" PRIu64 ".%03" PRIu64 " ms",
		    device, e->devnode, mpathpr_path_result_command(e), what, e->os_error,
		    e->scsi_status, e->host_status, e->driver_status, e->sense_key, e->asc,
		    e->ascq, e->timed_out ? " timed out" : "", e->attempts,
		    e->duration_us / 1000, e->duration_us % 1000);
}

void fence_log_report(const char *device, const char *what, const struct mpathpr_report *report)
{
	size_t n;

	if (!report || fence_log_threshold < LOG_DEBUG)
		return;
	n = mpathpr_report_count(report);
	for (size_t i = 0; i < n; i++) {
		const struct mpathpr_path_result *e = mpathpr_report_entry(report, i);

		if (e)
			fence_log_entry(device, what ? what : "", e);
	}
}

const char *fence_errstr(int err)
{
	switch (err) {
	case -EKEYREVOKED:
		return "this node's key is no longer registered (it has been fenced)";
	case -EKEYREJECTED:
		return "the registrations read back are not the expected ones";
	case -EPERM:
		return "refused";
	default:
		return mpathpr_strerror(err);
	}
}

void fence_log_reset(const char *device, const char *what, struct mpathpr_report *report)
{
	if (!report)
		return;
	fence_log_report(device, what, report);
	/* A path that failed is worth a line at the default level, by name. */
	for (size_t i = 0; i < mpathpr_report_count(report); i++) {
		const struct mpathpr_path_result *e = mpathpr_report_entry(report, i);

		if (!e)
			continue;
		if (e->no_answer)
			fence_warn("device %s: path %s did not answer (%s) in time: not waited for",
				   device, e->devnode, what ? what : "command");
		else if (mpathpr_path_result_failure(e))
			fence_warn("device %s: path %s failed (%s): %s", device, e->devnode,
				   what ? what : "command", mpathpr_path_result_failure(e));
	}
	mpathpr_report_reset(report);
}
