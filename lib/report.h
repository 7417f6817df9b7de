/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* report.h - appending per-path command results to a caller's report. */
#ifndef MPATHPR_REPORT_H
#define MPATHPR_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "mpathpr/mpathpr.h"
#include "transport.h"

/* Append one command's outcome; a NULL @report is accepted and ignored. */
int mpr_report_add(struct mpathpr_report *report, const char *devnode, bool pr_out,
		   uint8_t sa, const struct mpr_cmd_result *res);

#endif /* MPATHPR_REPORT_H */
