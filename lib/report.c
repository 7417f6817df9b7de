/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classic_codes.h"
#include "mpathpr/mpathpr.h"
#include "pr_codec.h"
#include "report.h"
#include "sense.h"
#include "transport.h"

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

const char *mpathpr_path_result_command(const struct mpathpr_path_result *result)
{
	return mpr_pr_sa_name(result->pr_out, result->service_action);
}

static const char *path_failure_text(const struct mpathpr_path_result *e)
{
	if (e->timed_out)
		return "timed out";
	if (e->os_error)
		return strerror(e->os_error);
	switch (e->host_status) {
	case MPR_DID_NO_CONNECT:
		return "no connection (DID_NO_CONNECT)";
	case MPR_DID_TRANSPORT_DISRUPTED:
		return "transport disrupted (DID_TRANSPORT_DISRUPTED)";
	case MPR_DID_TRANSPORT_FAILFAST:
		return "transport failed (DID_TRANSPORT_FAILFAST)";
	case MPR_DID_BAD_TARGET:
		return "bad target (DID_BAD_TARGET)";
	case MPR_DID_ERROR:
		return "transport error (DID_ERROR)";
	default:
		return e->host_status ? "transport error" : "driver error";
	}
}

const char *mpathpr_path_result_failure(const struct mpathpr_path_result *result)
{
	const struct mpathpr_path_result *e = result;

	/* a conflict comes with DID_NEXUS_FAILURE on kernels before 6.0 */
	if (e->scsi_status == MPR_SAM_RESERVATION_CONFLICT && !e->os_error && !e->timed_out)
		return NULL;
	if (e->timed_out || e->os_error || e->host_status || (e->driver_status & 0x07))
		return path_failure_text(e);
	return NULL;
}

bool mpathpr_path_result_gone(const struct mpathpr_path_result *result)
{
	if (result->os_error == ENXIO || result->os_error == ENODEV || result->os_error == ENOENT)
		return true;
	switch (result->host_status) {
	case MPR_DID_NO_CONNECT:
	case MPR_DID_BAD_TARGET:
	case MPR_DID_TRANSPORT_DISRUPTED:
	case MPR_DID_TRANSPORT_FAILFAST:
		return true;
	default:
		return false;
	}
}
