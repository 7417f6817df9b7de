/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz_agent_check_settings.c - the watchdog check mode's settings file,
 * /etc/sysconfig/stonith (retry, retry-sleep, verbose), as
 * fence_check_settings_read() reads it.  The input is the file's content.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "agent/check_settings.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char dir[512], path[600];
	struct fence_check_settings s, before;
	char err[512] = "";

	if (!*dir) {
		snprintf(dir, sizeof(dir), "%s/sysconfig", fuzz_scratch_dir());
		snprintf(path, sizeof(path), "%s/%s", dir, FENCE_CHECK_SETTINGS_NAME);
		fuzz_mkdirs(dir);
	}
	fuzz_write_file(path, data, size);
	fence_check_settings_init(&s);
	before = s;
	if (fence_check_settings_read(dir, FENCE_CHECK_SETTINGS_NAME, &s, err, sizeof(err)) < 0) {
		FUZZ_CHECK(strstr(err, FENCE_CHECK_SETTINGS_NAME) != NULL);
		FUZZ_CHECK(s.retries == before.retries && s.retry_sleep_ms == before.retry_sleep_ms &&
			   s.verbose == before.verbose);
		return 0;
	}
	/* a watchdog test never loops or sleeps without end */
	FUZZ_CHECK(s.retries <= FENCE_CHECK_MAX_RETRIES);
	FUZZ_CHECK(s.retry_sleep_ms <= FENCE_CHECK_MAX_SLEEP_S * 1000u);
	return 0;
}
