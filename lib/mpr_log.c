/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "mpr_log.h"

void mpr_logf(const struct mpr_log *log, int priority, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	if (!log || !log->fn || priority > log->max_priority)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	log->fn(log->userdata, priority, buf);
}
