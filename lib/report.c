/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "sense.h"

struct mpathpr_report {
	size_t count, cap;
	struct mpathpr_path_result *entries;
};

int mpathpr_report_new(struct mpathpr_report **ret_report)
{
	struct mpathpr_report *r;

	if (!ret_report)
		return -EINVAL;
	r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	*ret_report = r;
	return 0;
}

void mpathpr_report_free(struct mpathpr_report *report)
{
	if (!report)
		return;
	free(report->entries);
	free(report);
}

void mpathpr_report_reset(struct mpathpr_report *report)
{
	if (report)
		report->count = 0;
}

size_t mpathpr_report_count(const struct mpathpr_report *report)
{
	return report ? report->count : 0;
}

const struct mpathpr_path_result *mpathpr_report_entry(const struct mpathpr_report *report,
							size_t i)
{
	if (!report || i >= report->count)
		return NULL;
	return &report->entries[i];
}

int mpr_report_add(struct mpathpr_report *report, const char *devnode, bool pr_out,
		   uint8_t sa, const struct mpr_cmd_result *res)
{
	struct mpathpr_path_result *e;

	if (!report)
		return 0;
	if (report->count == report->cap) {
		size_t cap = report->cap ? report->cap * 2 : 8;
		void *n = realloc(report->entries, cap * sizeof(*report->entries));

		if (!n)
			return -ENOMEM;
		report->entries = n;
		report->cap = cap;
	}
	e = &report->entries[report->count++];
	memset(e, 0, sizeof(*e));
	snprintf(e->devnode, sizeof(e->devnode), "%s", devnode);
	e->pr_out = pr_out;
	e->service_action = sa;
	e->os_error = res->os_error;
	e->host_status = res->host_status;
	e->driver_status = res->driver_status;
	e->scsi_status = res->scsi_status;
	if (res->sense.valid) {
		e->sense_key = res->sense.key;
		e->asc = res->sense.asc;
		e->ascq = res->sense.ascq;
	}
	e->timed_out = res->timed_out;
	e->no_answer = res->no_answer;
	e->attempts = res->attempts;
	e->duration_us = res->duration_us;
	e->mpath_pr = mpr_result_to_mpath_pr(res);
	return 0;
}
