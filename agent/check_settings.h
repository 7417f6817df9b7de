/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * check_settings.h - the watchdog check's settings, /etc/sysconfig/stonith,
 * the file and names fence-agents' fence_mpath_check reads: retry (rounds
 * after the first), retry-sleep (seconds between rounds), verbose.
 *
 * The file is read under the rules of trusted_file.h.  Other names are
 * left alone (the file is shell-style and shared); the three above must
 * hold sane values: a watchdog test that loops for UINT_MAX rounds or
 * sleeps for 49 days is worse than one that fails.
 */
#ifndef FENCE_MPATHPR_CHECK_SETTINGS_H
#define FENCE_MPATHPR_CHECK_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

#define FENCE_CHECK_SETTINGS_DIR	"/etc/sysconfig"
#define FENCE_CHECK_SETTINGS_NAME	"stonith"
#define FENCE_CHECK_SETTINGS_MAX_BYTES	(64u * 1024u)
#define FENCE_CHECK_MAX_RETRIES		100u
#define FENCE_CHECK_MAX_SLEEP_S		600u

struct fence_check_settings {
	unsigned int retries;		/* rounds after the first */
	unsigned int retry_sleep_ms;
	bool verbose;
};

/** fence_check_settings_init() - the defaults: 1 retry, 1 s apart, not verbose. */
void fence_check_settings_init(struct fence_check_settings *s);

/**
 * fence_check_settings_read() - read @dir/@name into @s.
 * @s:		holds the defaults (or earlier values) for what the file omits;
 *		untouched on failure
 * @err:	on failure, one line naming the file and, for a bad value, the
 *		line: "/etc/sysconfig/stonith line 2: retry '-1' is not ..."
 * Return: 0 (also when the file does not exist), -EBADMSG for a bad value
 * or a NUL byte, or an error of fence_file_read_trusted().
 */
int fence_check_settings_read(const char *dir, const char *name, struct fence_check_settings *s,
			      char *err, size_t errlen);

#endif /* FENCE_MPATHPR_CHECK_SETTINGS_H */
