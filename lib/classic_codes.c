/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * classic_codes.c - every MPATH_PR_* code the library reports comes from
 * here: a command's result (the report's mpath_pr field, and the classic
 * API's answer when a device answer decided a call), and an engine errno
 * without a device answer behind it (classic_codes.h).
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>

#include "classic_codes.h"
#include "engine.h"
#include "mpathpr/mpath_persist.h"
#include "sense.h"

static bool file_errno(int err)
{
	switch (err) {
	case ENOENT:
	case ENXIO:
	case ENODEV:
	case EACCES:
	case EPERM:
	case ENOTBLK:
		return true;
	default:
		return false;
	}
}

static int sense_to_mpath_pr(const struct mpr_sense *s)
{
	if (!s->valid)
		return MPATH_PR_SENSE_MALFORMED;
	switch (s->key) {
	case MPR_SK_NO_SENSE:
		return MPATH_PR_NO_SENSE;
	case MPR_SK_RECOVERED_ERROR:
		return MPATH_PR_SUCCESS;
	case MPR_SK_NOT_READY:
		return MPATH_PR_SENSE_NOT_READY;
	case MPR_SK_MEDIUM_ERROR:
		return MPATH_PR_SENSE_MEDIUM_ERROR;
	case MPR_SK_HARDWARE_ERROR:
		return MPATH_PR_SENSE_HARDWARE_ERROR;
	case MPR_SK_ILLEGAL_REQUEST:
		if (s->asc == MPR_ASC_INVALID_OPCODE && s->ascq == 0)
			return MPATH_PR_SENSE_INVALID_OP;
		return MPATH_PR_ILLEGAL_REQ;
	case MPR_SK_UNIT_ATTENTION:
		return MPATH_PR_SENSE_UNIT_ATTENTION;
	case MPR_SK_ABORTED_COMMAND:
		return MPATH_PR_SENSE_ABORTED_COMMAND;
	default:
		return MPATH_PR_OTHER;
	}
}

int mpr_result_to_mpath_pr(const struct mpr_cmd_result *r)
{
	if (r->os_error)
		return file_errno(r->os_error) ? MPATH_PR_FILE_ERROR : MPATH_PR_OTHER;
	if (mpr_result_is_conflict(r))
		return MPATH_PR_RESERV_CONFLICT;
	if (r->timed_out || r->host_status != MPR_DID_OK || mpr_result_driver_failed(r))
		return MPATH_PR_OTHER;
	if (mpr_result_is_check_condition(r))
		return sense_to_mpath_pr(&r->sense);
	switch (r->scsi_status) {
	case MPR_SAM_GOOD:
	case MPR_SAM_CONDITION_MET:
		return MPATH_PR_SUCCESS;
	case MPR_SAM_RESERVATION_CONFLICT:
		return MPATH_PR_RESERV_CONFLICT;
	default:
		return MPATH_PR_OTHER;
	}
}

int mpr_classic_pr_code(int err, const struct mpr_call *call)
{
	int code;

	if (!err)
		return MPATH_PR_SUCCESS;
	if (call && call->have_decisive) {
		code = mpr_result_to_mpath_pr(&call->decisive);
		return code == MPATH_PR_SUCCESS ? MPATH_PR_OTHER : code;
	}
	switch (err) {
	case -EINVAL:
		return MPATH_PR_SYNTAX_ERROR;
	case -ENOENT:
	case -ENOTBLK:
	case -EBADF:
	case -EACCES:
	case -ENXIO:
	case -ENODEV:
		return MPATH_PR_FILE_ERROR;
	case -EMEDIUMTYPE:
	case -ENOLINK:
		return MPATH_PR_DMMP_ERROR;
	case -EPROTO:
		return MPATH_PR_SENSE_MALFORMED;
	case -EBADE:
	case -EKEYREVOKED:
		return MPATH_PR_RESERV_CONFLICT;
	default:
		return MPATH_PR_OTHER;
	}
}
