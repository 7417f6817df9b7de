/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * sense.c - sense normalisation and result classification (see sense.h).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "byteorder.h"
#include "common/macro.h"
#include "sense.h"

#define ASC_LU_NOT_READY		0x04
#define ASCQ_BECOMING_READY		0x01
#define ASCQ_OPERATION_IN_PROGRESS	0x07
#define ASC_INVALID_FIELD_IN_CDB	0x24

#define DESC_TYPE_INFORMATION		0x00
#define DESC_INFORMATION_LEN		12	/* header (2) + additional length 0x0a */

/* Byte 7 (additional sense length) bounds the data when it is present. */
static size_t sense_bound(const uint8_t *buf, size_t len)
{
	if (len > 7 && (size_t)buf[7] + 8 < len)
		return (size_t)buf[7] + 8;
	return len;
}

static void decode_fixed(const uint8_t *buf, size_t len, struct mpr_sense *s)
{
	len = sense_bound(buf, len);
	s->key = buf[2] & 0x0f;
	/* INFORMATION is bytes 3-6, meaningful only with the VALID bit */
	if ((buf[0] & 0x80) && len >= 7) {
		s->info_valid = true;
		s->info = mpr_get_be(buf + 3, 4);
	}
	if (len >= 13)
		s->asc = buf[12];
	if (len >= 14)
		s->ascq = buf[13];
}

static void decode_descriptor(const uint8_t *buf, size_t len, struct mpr_sense *s)
{
	size_t pos = 8;

	len = sense_bound(buf, len);
	s->key = buf[1] & 0x0f;
	if (len >= 3)
		s->asc = buf[2];
	if (len >= 4)
		s->ascq = buf[3];
	/* Each descriptor: type, additional length, then that many bytes. */
	while (pos + 2 <= len) {
		const uint8_t *d = buf + pos;
		size_t dlen = (size_t)d[1] + 2;

		if (pos + dlen > len)
			break;
		if (d[0] == DESC_TYPE_INFORMATION && dlen >= DESC_INFORMATION_LEN &&
		    (d[2] & 0x80) && !s->info_valid) {
			s->info_valid = true;
			s->info = mpr_get_be(d + 4, 8);
		}
		pos += dlen;
	}
}

int mpr_sense_decode(const uint8_t *buf, size_t len, struct mpr_sense *ret)
{
	struct mpr_sense s = {};
	uint8_t code;

	if (!buf || len < 1)
		return -EBADMSG;
	code = buf[0] & 0x7f;
	switch (code) {
	case 0x70:
	case 0x71:
		if (len < 3)
			return -EBADMSG;
		decode_fixed(buf, len, &s);
		break;
	case 0x72:
	case 0x73:
		if (len < 2)
			return -EBADMSG;
		s.descriptor = true;
		decode_descriptor(buf, len, &s);
		break;
	default:
		return -EBADMSG;
	}
	s.valid = true;
	s.response_code = code;
	s.deferred = code == 0x71 || code == 0x73;
	*ret = s;
	return 0;
}

/*
 * The kernel sets DRIVER_SENSE whenever it has sense bytes; a few HBAs
 * report the sense but lose the CHECK CONDITION status byte.
 */
bool mpr_result_is_check_condition(const struct mpr_cmd_result *r)
{
	if (r->scsi_status == MPR_SAM_CHECK_CONDITION)
		return true;
	return r->scsi_status == MPR_SAM_GOOD && r->sense_len > 0 &&
	       (r->driver_status & 0x0f) == MPR_DRIVER_SENSE;
}

/*
 * RESERVATION CONFLICT is the device's own answer, whatever the host byte
 * says: kernels before 6.0 (scsi_decide_disposition) set DID_NEXUS_FAILURE
 * beside the status byte, newer ones leave DID_OK.  libmpathpersist reads
 * the status byte first too.  Only a command without an answer (os error,
 * timeout: the status is stale then) is not a conflict.
 */
bool mpr_result_is_conflict(const struct mpr_cmd_result *r)
{
	return !r->os_error && !r->timed_out &&
	       r->scsi_status == MPR_SAM_RESERVATION_CONFLICT;
}

bool mpr_result_driver_failed(const struct mpr_cmd_result *r)
{
	uint16_t d = r->driver_status & 0x0f;

	return d != MPR_DRIVER_OK && d != MPR_DRIVER_SENSE;
}

static enum mpr_outcome classify_host(uint16_t host_status)
{
	switch (host_status) {
	/* the command never reached the device: resending is safe */
	case MPR_DID_BUS_BUSY:
	case MPR_DID_IMM_RETRY:
	case MPR_DID_REQUEUE:
		return MPR_OUTCOME_RETRY;
	default:
		return MPR_OUTCOME_PATH_ERROR;
	}
}

static enum mpr_outcome classify_sense(const struct mpr_sense *s)
{
	if (!s->valid)
		return MPR_OUTCOME_PATH_ERROR;
	switch (s->key) {
	case MPR_SK_RECOVERED_ERROR:
		return MPR_OUTCOME_OK;
	case MPR_SK_UNIT_ATTENTION:
		return MPR_OUTCOME_RETRY;
	case MPR_SK_NOT_READY:
		if (s->asc == ASC_LU_NOT_READY &&
		    (s->ascq == ASCQ_BECOMING_READY || s->ascq == ASCQ_OPERATION_IN_PROGRESS))
			return MPR_OUTCOME_RETRY;
		return MPR_OUTCOME_PATH_ERROR;
	case MPR_SK_NO_SENSE:
	case MPR_SK_ABORTED_COMMAND:
		return MPR_OUTCOME_PATH_ERROR;
	default:
		return MPR_OUTCOME_DEVICE_ERROR;
	}
}

enum mpr_outcome mpr_result_classify(const struct mpr_cmd_result *r)
{
	if (r->os_error || r->timed_out)
		return MPR_OUTCOME_PATH_ERROR;
	if (mpr_result_is_conflict(r))
		return MPR_OUTCOME_CONFLICT;
	if (r->host_status != MPR_DID_OK)
		return classify_host(r->host_status);
	if (mpr_result_driver_failed(r))
		return MPR_OUTCOME_PATH_ERROR;
	if (mpr_result_is_check_condition(r))
		return classify_sense(&r->sense);
	switch (r->scsi_status) {
	case MPR_SAM_GOOD:
	case MPR_SAM_CONDITION_MET:
		return MPR_OUTCOME_OK;
	case MPR_SAM_RESERVATION_CONFLICT:
		return MPR_OUTCOME_CONFLICT;
	case MPR_SAM_BUSY:
	case MPR_SAM_TASK_SET_FULL:
	case MPR_SAM_TASK_ABORTED:
		return MPR_OUTCOME_RETRY;
	default:
		return MPR_OUTCOME_PATH_ERROR;
	}
}

static int sense_to_errno(const struct mpr_sense *s)
{
	if (!s->valid)
		return -EPROTO;
	if (s->key == MPR_SK_RECOVERED_ERROR)
		return 0;
	/* 20/01..20/0B are "access denied" codes, not "unsupported" */
	if (s->key == MPR_SK_ILLEGAL_REQUEST && s->ascq == 0 &&
	    (s->asc == MPR_ASC_INVALID_OPCODE || s->asc == ASC_INVALID_FIELD_IN_CDB))
		return -EOPNOTSUPP;
	return -EREMOTEIO;
}

int mpr_result_to_errno(const struct mpr_cmd_result *r)
{
	if (r->timed_out || r->os_error == ETIMEDOUT)
		return -ETIMEDOUT;
	if (mpr_result_is_conflict(r))
		return -EBADE;
	if (r->os_error || r->host_status != MPR_DID_OK || mpr_result_driver_failed(r))
		return -EIO;
	if (mpr_result_is_check_condition(r))
		return sense_to_errno(&r->sense);
	switch (r->scsi_status) {
	case MPR_SAM_GOOD:
	case MPR_SAM_CONDITION_MET:
		return 0;
	case MPR_SAM_RESERVATION_CONFLICT:
		return -EBADE;
	default:
		return -EIO;
	}
}

static const char *const sense_key_names[16] = {
	"NO SENSE", "RECOVERED ERROR", "NOT READY", "MEDIUM ERROR",
	"HARDWARE ERROR", "ILLEGAL REQUEST", "UNIT ATTENTION", "DATA PROTECT",
	"BLANK CHECK", "VENDOR SPECIFIC", "COPY ABORTED", "ABORTED COMMAND",
	"RESERVED", "VOLUME OVERFLOW", "MISCOMPARE", "COMPLETED",
};

const char *mpr_sense_key_name(uint8_t key)
{
	return sense_key_names[key & 0x0f];
}

static const char *const host_status_names[] = {
	[MPR_DID_OK] = "DID_OK",
	[MPR_DID_NO_CONNECT] = "DID_NO_CONNECT",
	[MPR_DID_BUS_BUSY] = "DID_BUS_BUSY",
	[MPR_DID_TIME_OUT] = "DID_TIME_OUT",
	[MPR_DID_BAD_TARGET] = "DID_BAD_TARGET",
	[MPR_DID_ABORT] = "DID_ABORT",
	[0x06] = "DID_PARITY",
	[MPR_DID_ERROR] = "DID_ERROR",
	[MPR_DID_RESET] = "DID_RESET",
	[0x09] = "DID_BAD_INTR",
	[0x0a] = "DID_PASSTHROUGH",
	[MPR_DID_SOFT_ERROR] = "DID_SOFT_ERROR",
	[MPR_DID_IMM_RETRY] = "DID_IMM_RETRY",
	[MPR_DID_REQUEUE] = "DID_REQUEUE",
	[MPR_DID_TRANSPORT_DISRUPTED] = "DID_TRANSPORT_DISRUPTED",
	[MPR_DID_TRANSPORT_FAILFAST] = "DID_TRANSPORT_FAILFAST",
	[0x10] = "DID_TARGET_FAILURE",
	[MPR_DID_NEXUS_FAILURE] = "DID_NEXUS_FAILURE",
	[0x12] = "DID_ALLOC_FAILURE",
	[0x13] = "DID_MEDIUM_ERROR",
	[0x14] = "DID_TRANSPORT_MARGINAL",
};

const char *mpr_host_status_name(uint16_t host_status)
{
	if (host_status < ARRAY_SIZE(host_status_names))
		return host_status_names[host_status];
	return "UNKNOWN";
}

static const char *const driver_status_names[16] = {
	"DRIVER_OK", "DRIVER_BUSY", "DRIVER_SOFT", "DRIVER_MEDIA",
	"DRIVER_ERROR", "DRIVER_INVALID", "DRIVER_TIMEOUT", "DRIVER_HARD",
	"DRIVER_SENSE", "UNKNOWN", "UNKNOWN", "UNKNOWN",
	"UNKNOWN", "UNKNOWN", "UNKNOWN", "UNKNOWN",
};

const char *mpr_driver_status_name(uint16_t driver_status)
{
	return driver_status_names[driver_status & 0x0f];
}

const char *mpr_scsi_status_name(uint8_t status)
{
	switch (status) {
	case MPR_SAM_GOOD: return "GOOD";
	case MPR_SAM_CHECK_CONDITION: return "CHECK CONDITION";
	case MPR_SAM_CONDITION_MET: return "CONDITION MET";
	case MPR_SAM_BUSY: return "BUSY";
	case MPR_SAM_RESERVATION_CONFLICT: return "RESERVATION CONFLICT";
	case MPR_SAM_TASK_SET_FULL: return "TASK SET FULL";
	case MPR_SAM_ACA_ACTIVE: return "ACA ACTIVE";
	case MPR_SAM_TASK_ABORTED: return "TASK ABORTED";
	default: return "UNKNOWN";
	}
}

const char *mpr_outcome_name(enum mpr_outcome outcome)
{
	switch (outcome) {
	case MPR_OUTCOME_OK: return "ok";
	case MPR_OUTCOME_CONFLICT: return "conflict";
	case MPR_OUTCOME_PATH_ERROR: return "path error";
	case MPR_OUTCOME_DEVICE_ERROR: return "device error";
	case MPR_OUTCOME_RETRY: return "retry";
	}
	return "UNKNOWN";
}

static void format_check_condition(const struct mpr_cmd_result *r, char *buf, size_t len)
{
	const struct mpr_sense *s = &r->sense;

	if (!s->valid) {
		snprintf(buf, len, "CHECK CONDITION without valid sense (%u bytes)",
			 (unsigned int)r->sense_len);
		return;
	}
	snprintf(buf, len, "CHECK CONDITION sk=0x%x asc/ascq=0x%02x/0x%02x %s%s",
		 s->key, s->asc, s->ascq, mpr_sense_key_name(s->key),
		 s->deferred ? " (deferred)" : "");
}

/* "what=NAME", or "what=0x.." for values without a name */
static void format_named(char *buf, size_t len, const char *what, const char *name,
			 unsigned int value)
{
	if (strcmp(name, "UNKNOWN") == 0)
		snprintf(buf, len, "%s=0x%02x", what, value);
	else
		snprintf(buf, len, "%s=%s", what, name);
}

/* "RESERVATION CONFLICT", with the host byte when the kernel added one */
static void format_conflict(const struct mpr_cmd_result *r, char *buf, size_t len)
{
	char host[40];

	if (r->host_status == MPR_DID_OK) {
		snprintf(buf, len, "%s", mpr_scsi_status_name(r->scsi_status));
		return;
	}
	format_named(host, sizeof(host), "host_status", mpr_host_status_name(r->host_status),
		     r->host_status);
	snprintf(buf, len, "%s (%s)", mpr_scsi_status_name(r->scsi_status), host);
}

char *mpr_result_format(const struct mpr_cmd_result *r, char *buf, size_t len)
{
	char err[96];

	if (!buf || len == 0)
		return buf;
	if (r->os_error)
		snprintf(buf, len, "os error: %s", strerror_r(r->os_error, err, sizeof(err)));
	else if (r->timed_out)
		snprintf(buf, len, "timed out after %llu ms",
			 (unsigned long long)(r->duration_us / 1000));
	else if (mpr_result_is_conflict(r))
		format_conflict(r, buf, len);
	else if (r->host_status != MPR_DID_OK)
		format_named(buf, len, "host_status", mpr_host_status_name(r->host_status),
			     r->host_status);
	else if (mpr_result_driver_failed(r))
		format_named(buf, len, "driver_status",
			     mpr_driver_status_name(r->driver_status), r->driver_status);
	else if (mpr_result_is_check_condition(r))
		format_check_condition(r, buf, len);
	else if (strcmp(mpr_scsi_status_name(r->scsi_status), "UNKNOWN") == 0)
		snprintf(buf, len, "status=0x%02x", r->scsi_status);
	else
		snprintf(buf, len, "%s", mpr_scsi_status_name(r->scsi_status));
	return buf;
}
