/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test_sense.c - sense normalisation and the classification of results:
 * MPATH_PR_* codes, engine outcomes, errnos and log text.
 */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "classic_codes.h"
#include "common/macro.h"
#include "mpathpr/mpath_persist.h"
#include "sense.h"


/* Recorded sense buffers (as Linux LIO and real arrays return them). */

/* fixed, current, VALID, INFORMATION 0x12345678, ILLEGAL REQUEST 24/00 */
static const uint8_t fixed_invalid_field[18] = {
	0xf0, 0x00, 0x05, 0x12, 0x34, 0x56, 0x78, 0x0a,
	0x00, 0x00, 0x00, 0x00, 0x24, 0x00, 0x00, 0xc0, 0x00, 0x02,
};

/* fixed, deferred, UNIT ATTENTION 29/00 power on or reset */
static const uint8_t fixed_deferred_ua[18] = {
	0x71, 0x00, 0x06, 0x00, 0x00, 0x00, 0x00, 0x0a,
	0x00, 0x00, 0x00, 0x00, 0x29, 0x00, 0x00, 0x00, 0x00, 0x00,
};

/* descriptor, current, NOT READY 04/0A, information descriptor 0x1122334455667788 */
static const uint8_t desc_not_ready_info[20] = {
	0x72, 0x02, 0x04, 0x0a, 0x00, 0x00, 0x00, 0x0c,
	0x00, 0x0a, 0x80, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
};

/* descriptor, deferred, MEDIUM ERROR 11/00, information descriptor without VALID */
static const uint8_t desc_deferred_no_valid[20] = {
	0x73, 0x03, 0x11, 0x00, 0x00, 0x00, 0x00, 0x0c,
	0x00, 0x0a, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00,
};

/* Decode a copy of exactly @len bytes, so ASan sees any read past it. */
static int decode_exact(const uint8_t *buf, size_t len, struct mpr_sense *ret)
{
	uint8_t *copy = malloc(len ? len : 1);
	int r;

	assert_non_null(copy);
	if (len)
		memcpy(copy, buf, len);
	r = mpr_sense_decode(copy, len, ret);
	free(copy);
	return r;
}

static void decode_fixed_current_with_information(void **state)
{
	struct mpr_sense s;

	(void)state;
	assert_int_equal(mpr_sense_decode(fixed_invalid_field, 18, &s), 0);
	assert_true(s.valid);
	assert_false(s.descriptor);
	assert_false(s.deferred);
	assert_int_equal(s.response_code, 0x70);
	assert_int_equal(s.key, MPR_SK_ILLEGAL_REQUEST);
	assert_int_equal(s.asc, 0x24);
	assert_int_equal(s.ascq, 0x00);
	assert_true(s.info_valid);
	assert_int_equal(s.info, 0x12345678);
}

static void decode_fixed_deferred(void **state)
{
	struct mpr_sense s;

	(void)state;
	assert_int_equal(mpr_sense_decode(fixed_deferred_ua, 18, &s), 0);
	assert_true(s.deferred);
	assert_int_equal(s.response_code, 0x71);
	assert_int_equal(s.key, MPR_SK_UNIT_ATTENTION);
	assert_int_equal(s.asc, 0x29);
	assert_false(s.info_valid);
}

static void decode_fixed_masks_key_flags(void **state)
{
	uint8_t buf[18];
	struct mpr_sense s;

	(void)state;
	memcpy(buf, fixed_invalid_field, sizeof(buf));
	buf[2] = 0xe5;		/* FILEMARK, EOM, ILI set around ILLEGAL REQUEST */
	assert_int_equal(mpr_sense_decode(buf, sizeof(buf), &s), 0);
	assert_int_equal(s.key, MPR_SK_ILLEGAL_REQUEST);
}

static void decode_descriptor_with_information(void **state)
{
	struct mpr_sense s;

	(void)state;
	assert_int_equal(mpr_sense_decode(desc_not_ready_info, 20, &s), 0);
	assert_true(s.valid);
	assert_true(s.descriptor);
	assert_false(s.deferred);
	assert_int_equal(s.key, MPR_SK_NOT_READY);
	assert_int_equal(s.asc, 0x04);
	assert_int_equal(s.ascq, 0x0a);
	assert_true(s.info_valid);
	assert_int_equal(s.info, 0x1122334455667788ULL);
}

static void decode_descriptor_information_needs_valid_bit(void **state)
{
	struct mpr_sense s;

	(void)state;
	assert_int_equal(mpr_sense_decode(desc_deferred_no_valid, 20, &s), 0);
	assert_true(s.deferred);
	assert_int_equal(s.response_code, 0x73);
	assert_int_equal(s.key, MPR_SK_MEDIUM_ERROR);
	assert_false(s.info_valid);
}

static void decode_rejects_unknown_response_codes(void **state)
{
	static const uint8_t codes[] = { 0x00, 0x6f, 0x74, 0x7f, 0xff };
	struct mpr_sense s = { .key = 0x42 };
	uint8_t buf[18];

	(void)state;
	memcpy(buf, fixed_invalid_field, sizeof(buf));
	for (size_t i = 0; i < ARRAY_SIZE(codes); i++) {
		buf[0] = codes[i];
		assert_int_equal(mpr_sense_decode(buf, sizeof(buf), &s), -EBADMSG);
		assert_int_equal(s.key, 0x42);	/* untouched */
	}
}

static void decode_rejects_empty_buffer(void **state)
{
	struct mpr_sense s = { .key = 0x42 };

	(void)state;
	assert_int_equal(mpr_sense_decode(NULL, 0, &s), -EBADMSG);
	assert_int_equal(mpr_sense_decode(fixed_invalid_field, 0, &s), -EBADMSG);
	assert_int_equal(s.key, 0x42);
}

/* Every prefix of a fixed buffer yields exactly the fields it holds. */
static void decode_fixed_every_prefix(void **state)
{
	(void)state;
	for (size_t len = 0; len <= sizeof(fixed_invalid_field); len++) {
		struct mpr_sense s;
		int r = decode_exact(fixed_invalid_field, len, &s);

		if (len < 3) {
			assert_int_equal(r, -EBADMSG);
			continue;
		}
		assert_int_equal(r, 0);
		assert_int_equal(s.key, MPR_SK_ILLEGAL_REQUEST);
		assert_int_equal(s.info_valid, len >= 7);
		assert_int_equal(s.info, len >= 7 ? 0x12345678 : 0);
		assert_int_equal(s.asc, len >= 13 ? 0x24 : 0);
		assert_int_equal(s.ascq, 0);
	}
}

static void decode_descriptor_every_prefix(void **state)
{
	(void)state;
	for (size_t len = 0; len <= sizeof(desc_not_ready_info); len++) {
		struct mpr_sense s;
		int r = decode_exact(desc_not_ready_info, len, &s);

		if (len < 2) {
			assert_int_equal(r, -EBADMSG);
			continue;
		}
		assert_int_equal(r, 0);
		assert_true(s.descriptor);
		assert_int_equal(s.key, MPR_SK_NOT_READY);
		assert_int_equal(s.asc, len >= 3 ? 0x04 : 0);
		assert_int_equal(s.ascq, len >= 4 ? 0x0a : 0);
		/* the information descriptor counts only when complete */
		assert_int_equal(s.info_valid, len >= 20);
	}
}

static void decode_fixed_additional_length_bounds_fields(void **state)
{
	uint8_t buf[18];
	struct mpr_sense s;

	(void)state;
	memcpy(buf, fixed_invalid_field, sizeof(buf));
	buf[7] = 4;		/* only bytes 0..11 are sense data */
	assert_int_equal(mpr_sense_decode(buf, sizeof(buf), &s), 0);
	assert_int_equal(s.key, MPR_SK_ILLEGAL_REQUEST);
	assert_int_equal(s.asc, 0);
	assert_int_equal(s.ascq, 0);
}

static void decode_descriptor_overlong_descriptor_ignored(void **state)
{
	uint8_t buf[20];
	struct mpr_sense s;

	(void)state;
	memcpy(buf, desc_not_ready_info, sizeof(buf));
	buf[9] = 0x40;		/* descriptor claims more bytes than there are */
	assert_int_equal(mpr_sense_decode(buf, sizeof(buf), &s), 0);
	assert_int_equal(s.asc, 0x04);
	assert_false(s.info_valid);
}

/* Random bytes of random length: never a read past the end, sane output. */
static void decode_garbage_is_safe(void **state)
{
	unsigned int seed = 12345;

	(void)state;
	for (int i = 0; i < 20000; i++) {
		uint8_t buf[64];
		size_t len = rand_r(&seed) % (sizeof(buf) + 1);
		struct mpr_sense s = { .key = 0x42 };
		int r;

		for (size_t j = 0; j < len; j++)
			buf[j] = rand_r(&seed);
		/* steer half of the cases to a recognised response code */
		if (len && (i & 1))
			buf[0] = 0x70 + (buf[0] & 0x03) + (buf[0] & 0x80);
		r = decode_exact(buf, len, &s);
		if (r < 0) {
			assert_int_equal(r, -EBADMSG);
			assert_int_equal(s.key, 0x42);
			continue;
		}
		assert_int_equal(r, 0);
		assert_true(s.valid);
		assert_in_range(s.response_code, 0x70, 0x73);
		assert_in_range(s.key, 0, 0x0f);
	}
}

/* ---- classification ---- */

/* Build a CHECK CONDITION result the way sgio.c does, in either format. */
static struct mpr_cmd_result check_condition(uint8_t key, uint8_t asc, uint8_t ascq,
					     bool descriptor)
{
	struct mpr_cmd_result r = {
		.scsi_status = MPR_SAM_CHECK_CONDITION,
		.driver_status = MPR_DRIVER_SENSE,
	};

	if (descriptor) {
		const uint8_t d[8] = { 0x72, key, asc, ascq, 0, 0, 0, 0 };

		memcpy(r.sense_raw, d, sizeof(d));
		r.sense_len = sizeof(d);
	} else {
		const uint8_t f[18] = { 0x70, 0, key, 0, 0, 0, 0, 10, 0, 0, 0, 0, asc, ascq };

		memcpy(r.sense_raw, f, sizeof(f));
		r.sense_len = sizeof(f);
	}
	assert_int_equal(mpr_sense_decode(r.sense_raw, r.sense_len, &r.sense), 0);
	return r;
}

struct sense_case {
	const char *name;
	uint8_t key, asc, ascq;
	int mpath_pr;
	enum mpr_outcome outcome;
	int err;
};

static const struct sense_case sense_cases[] = {
	{ "NO SENSE", 0x0, 0x00, 0x00, MPATH_PR_NO_SENSE, MPR_OUTCOME_PATH_ERROR, -EREMOTEIO },
	{ "RECOVERED", 0x1, 0x17, 0x01, MPATH_PR_SUCCESS, MPR_OUTCOME_OK, 0 },
	{ "NOT READY becoming ready", 0x2, 0x04, 0x01, MPATH_PR_SENSE_NOT_READY,
	  MPR_OUTCOME_RETRY, -EREMOTEIO },
	{ "NOT READY in progress", 0x2, 0x04, 0x07, MPATH_PR_SENSE_NOT_READY,
	  MPR_OUTCOME_RETRY, -EREMOTEIO },
	{ "NOT READY ALUA transition", 0x2, 0x04, 0x0a, MPATH_PR_SENSE_NOT_READY,
	  MPR_OUTCOME_PATH_ERROR, -EREMOTEIO },
	{ "NOT READY standby", 0x2, 0x04, 0x0b, MPATH_PR_SENSE_NOT_READY,
	  MPR_OUTCOME_PATH_ERROR, -EREMOTEIO },
	{ "MEDIUM ERROR", 0x3, 0x11, 0x00, MPATH_PR_SENSE_MEDIUM_ERROR,
	  MPR_OUTCOME_DEVICE_ERROR, -EREMOTEIO },
	{ "HARDWARE ERROR", 0x4, 0x44, 0x00, MPATH_PR_SENSE_HARDWARE_ERROR,
	  MPR_OUTCOME_DEVICE_ERROR, -EREMOTEIO },
	{ "INVALID OPCODE", 0x5, 0x20, 0x00, MPATH_PR_SENSE_INVALID_OP,
	  MPR_OUTCOME_DEVICE_ERROR, -EOPNOTSUPP },
	{ "INVALID FIELD IN CDB", 0x5, 0x24, 0x00, MPATH_PR_ILLEGAL_REQ,
	  MPR_OUTCOME_DEVICE_ERROR, -EOPNOTSUPP },
	{ "INVALID FIELD IN PARAMETER LIST", 0x5, 0x26, 0x00, MPATH_PR_ILLEGAL_REQ,
	  MPR_OUTCOME_DEVICE_ERROR, -EREMOTEIO },
	{ "20/01 access denied is not INVALID OP", 0x5, 0x20, 0x01, MPATH_PR_ILLEGAL_REQ,
	  MPR_OUTCOME_DEVICE_ERROR, -EREMOTEIO },
	{ "UNIT ATTENTION reset", 0x6, 0x29, 0x00, MPATH_PR_SENSE_UNIT_ATTENTION,
	  MPR_OUTCOME_RETRY, -EREMOTEIO },
	{ "UNIT ATTENTION registrations preempted", 0x6, 0x2a, 0x05,
	  MPATH_PR_SENSE_UNIT_ATTENTION, MPR_OUTCOME_RETRY, -EREMOTEIO },
	{ "DATA PROTECT", 0x7, 0x27, 0x00, MPATH_PR_OTHER, MPR_OUTCOME_DEVICE_ERROR, -EREMOTEIO },
	{ "ABORTED COMMAND", 0xb, 0x47, 0x00, MPATH_PR_SENSE_ABORTED_COMMAND,
	  MPR_OUTCOME_PATH_ERROR, -EREMOTEIO },
	{ "MISCOMPARE", 0xe, 0x1d, 0x00, MPATH_PR_OTHER, MPR_OUTCOME_DEVICE_ERROR, -EREMOTEIO },
};

static void check_sense_cases(bool descriptor)
{
	for (size_t i = 0; i < ARRAY_SIZE(sense_cases); i++) {
		const struct sense_case *c = &sense_cases[i];
		struct mpr_cmd_result r = check_condition(c->key, c->asc, c->ascq, descriptor);

		if (mpr_result_to_mpath_pr(&r) != c->mpath_pr ||
		    mpr_result_classify(&r) != c->outcome || mpr_result_to_errno(&r) != c->err)
			print_error("case \"%s\" (%s)\n", c->name,
				    descriptor ? "descriptor" : "fixed");
		assert_int_equal(mpr_result_to_mpath_pr(&r), c->mpath_pr);
		assert_int_equal(mpr_result_classify(&r), c->outcome);
		assert_int_equal(mpr_result_to_errno(&r), c->err);
	}
}

static void check_condition_maps_by_sense_fixed(void **state)
{
	(void)state;
	check_sense_cases(false);
}

static void check_condition_maps_by_sense_descriptor(void **state)
{
	(void)state;
	check_sense_cases(true);
}

struct status_case {
	const char *name;
	struct mpr_cmd_result r;
	int mpath_pr;
	enum mpr_outcome outcome;
	int err;
};

static const struct status_case status_cases[] = {
	{ "GOOD", { .scsi_status = MPR_SAM_GOOD }, MPATH_PR_SUCCESS, MPR_OUTCOME_OK, 0 },
	{ "CONDITION MET", { .scsi_status = MPR_SAM_CONDITION_MET },
	  MPATH_PR_SUCCESS, MPR_OUTCOME_OK, 0 },
	{ "RESERVATION CONFLICT", { .scsi_status = MPR_SAM_RESERVATION_CONFLICT },
	  MPATH_PR_RESERV_CONFLICT, MPR_OUTCOME_CONFLICT, -EBADE },
	{ "BUSY", { .scsi_status = MPR_SAM_BUSY }, MPATH_PR_OTHER, MPR_OUTCOME_RETRY, -EIO },
	{ "TASK SET FULL", { .scsi_status = MPR_SAM_TASK_SET_FULL },
	  MPATH_PR_OTHER, MPR_OUTCOME_RETRY, -EIO },
	{ "TASK ABORTED", { .scsi_status = MPR_SAM_TASK_ABORTED },
	  MPATH_PR_OTHER, MPR_OUTCOME_RETRY, -EIO },
	{ "ACA ACTIVE", { .scsi_status = MPR_SAM_ACA_ACTIVE },
	  MPATH_PR_OTHER, MPR_OUTCOME_PATH_ERROR, -EIO },
	{ "unknown status", { .scsi_status = 0x22 }, MPATH_PR_OTHER, MPR_OUTCOME_PATH_ERROR, -EIO },
	{ "CHECK CONDITION without sense", { .scsi_status = MPR_SAM_CHECK_CONDITION },
	  MPATH_PR_SENSE_MALFORMED, MPR_OUTCOME_PATH_ERROR, -EPROTO },
	{ "CHECK CONDITION with unparseable sense",
	  { .scsi_status = MPR_SAM_CHECK_CONDITION, .driver_status = MPR_DRIVER_SENSE,
	    .sense_raw = { 0x7f, 0, 5 }, .sense_len = 3 },
	  MPATH_PR_SENSE_MALFORMED, MPR_OUTCOME_PATH_ERROR, -EPROTO },
	{ "os error ENOENT", { .os_error = ENOENT }, MPATH_PR_FILE_ERROR,
	  MPR_OUTCOME_PATH_ERROR, -EIO },
	{ "os error ENXIO", { .os_error = ENXIO }, MPATH_PR_FILE_ERROR,
	  MPR_OUTCOME_PATH_ERROR, -EIO },
	{ "os error EACCES", { .os_error = EACCES }, MPATH_PR_FILE_ERROR,
	  MPR_OUTCOME_PATH_ERROR, -EIO },
	{ "os error ENOTTY", { .os_error = ENOTTY }, MPATH_PR_OTHER,
	  MPR_OUTCOME_PATH_ERROR, -EIO },
	{ "os error ETIMEDOUT", { .os_error = ETIMEDOUT, .timed_out = true }, MPATH_PR_OTHER,
	  MPR_OUTCOME_PATH_ERROR, -ETIMEDOUT },
	{ "DID_NO_CONNECT", { .host_status = MPR_DID_NO_CONNECT },
	  MPATH_PR_OTHER, MPR_OUTCOME_PATH_ERROR, -EIO },
	{ "DID_TIME_OUT", { .host_status = MPR_DID_TIME_OUT, .timed_out = true },
	  MPATH_PR_OTHER, MPR_OUTCOME_PATH_ERROR, -ETIMEDOUT },
	{ "DID_TRANSPORT_DISRUPTED", { .host_status = MPR_DID_TRANSPORT_DISRUPTED },
	  MPATH_PR_OTHER, MPR_OUTCOME_PATH_ERROR, -EIO },
	{ "DID_TRANSPORT_FAILFAST", { .host_status = MPR_DID_TRANSPORT_FAILFAST },
	  MPATH_PR_OTHER, MPR_OUTCOME_PATH_ERROR, -EIO },
	{ "DID_SOFT_ERROR", { .host_status = MPR_DID_SOFT_ERROR },
	  MPATH_PR_OTHER, MPR_OUTCOME_PATH_ERROR, -EIO },
	{ "DID_RESET", { .host_status = MPR_DID_RESET },
	  MPATH_PR_OTHER, MPR_OUTCOME_PATH_ERROR, -EIO },
	{ "DID_IMM_RETRY", { .host_status = MPR_DID_IMM_RETRY },
	  MPATH_PR_OTHER, MPR_OUTCOME_RETRY, -EIO },
	{ "DID_REQUEUE", { .host_status = MPR_DID_REQUEUE },
	  MPATH_PR_OTHER, MPR_OUTCOME_RETRY, -EIO },
	{ "DID_BUS_BUSY", { .host_status = MPR_DID_BUS_BUSY },
	  MPATH_PR_OTHER, MPR_OUTCOME_RETRY, -EIO },
	/* The status byte decides a conflict, whatever the host byte:
	 * kernels before 6.0 add DID_NEXUS_FAILURE to every conflict. */
	{ "RESERVATION CONFLICT with DID_NEXUS_FAILURE (kernels before 6.0)",
	  { .host_status = MPR_DID_NEXUS_FAILURE, .scsi_status = MPR_SAM_RESERVATION_CONFLICT },
	  MPATH_PR_RESERV_CONFLICT, MPR_OUTCOME_CONFLICT, -EBADE },
	{ "RESERVATION CONFLICT with DID_NEXUS_FAILURE and DRIVER_SENSE (4.18 LLD sent sense)",
	  { .host_status = MPR_DID_NEXUS_FAILURE, .driver_status = MPR_DRIVER_SENSE,
	    .scsi_status = MPR_SAM_RESERVATION_CONFLICT,
	    .sense_raw = { 0x70, 0, 0, 0, 0, 0, 0, 10 }, .sense_len = 18,
	    .sense = { .valid = true, .response_code = 0x70 } },
	  MPATH_PR_RESERV_CONFLICT, MPR_OUTCOME_CONFLICT, -EBADE },
	{ "conflict status wins over any host byte",
	  { .host_status = MPR_DID_ERROR, .scsi_status = MPR_SAM_RESERVATION_CONFLICT },
	  MPATH_PR_RESERV_CONFLICT, MPR_OUTCOME_CONFLICT, -EBADE },
	{ "conflict status wins over a driver byte",
	  { .driver_status = MPR_DRIVER_ERROR, .scsi_status = MPR_SAM_RESERVATION_CONFLICT },
	  MPATH_PR_RESERV_CONFLICT, MPR_OUTCOME_CONFLICT, -EBADE },
	/* virtio-scsi's VIRTIO_SCSI_S_NEXUS_FAILURE: another path may do better */
	{ "DID_NEXUS_FAILURE without the conflict status is a path error",
	  { .host_status = MPR_DID_NEXUS_FAILURE },
	  MPATH_PR_OTHER, MPR_OUTCOME_PATH_ERROR, -EIO },
	{ "a timed out command's conflict status is stale",
	  { .host_status = MPR_DID_TIME_OUT, .timed_out = true,
	    .scsi_status = MPR_SAM_RESERVATION_CONFLICT },
	  MPATH_PR_OTHER, MPR_OUTCOME_PATH_ERROR, -ETIMEDOUT },
	{ "an os error has no status to read",
	  { .os_error = EIO, .scsi_status = MPR_SAM_RESERVATION_CONFLICT },
	  MPATH_PR_OTHER, MPR_OUTCOME_PATH_ERROR, -EIO },
	{ "DRIVER_TIMEOUT", { .driver_status = MPR_DRIVER_TIMEOUT, .timed_out = true },
	  MPATH_PR_OTHER, MPR_OUTCOME_PATH_ERROR, -ETIMEDOUT },
	{ "DRIVER_ERROR", { .driver_status = MPR_DRIVER_ERROR },
	  MPATH_PR_OTHER, MPR_OUTCOME_PATH_ERROR, -EIO },
	{ "GOOD with DRIVER_SENSE and sense: the sense decides",
	  { .scsi_status = MPR_SAM_GOOD, .driver_status = MPR_DRIVER_SENSE,
	    .sense_raw = { 0x72, 0x06, 0x29, 0x00 }, .sense_len = 4,
	    .sense = { .valid = true, .descriptor = true, .response_code = 0x72,
		       .key = MPR_SK_UNIT_ATTENTION, .asc = 0x29 } },
	  MPATH_PR_SENSE_UNIT_ATTENTION, MPR_OUTCOME_RETRY, -EREMOTEIO },
	{ "GOOD with DRIVER_SENSE but no sense bytes",
	  { .scsi_status = MPR_SAM_GOOD, .driver_status = MPR_DRIVER_SENSE },
	  MPATH_PR_SUCCESS, MPR_OUTCOME_OK, 0 },
};

static void status_and_transport_map_consistently(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(status_cases); i++) {
		const struct status_case *c = &status_cases[i];

		if (mpr_result_to_mpath_pr(&c->r) != c->mpath_pr ||
		    mpr_result_classify(&c->r) != c->outcome ||
		    mpr_result_to_errno(&c->r) != c->err)
			print_error("case \"%s\"\n", c->name);
		assert_int_equal(mpr_result_to_mpath_pr(&c->r), c->mpath_pr);
		assert_int_equal(mpr_result_classify(&c->r), c->outcome);
		assert_int_equal(mpr_result_to_errno(&c->r), c->err);
	}
}

/* ---- text ---- */

static void format_describes_each_kind_of_result(void **state)
{
	struct mpr_cmd_result r;
	char buf[128];

	(void)state;
	r = (struct mpr_cmd_result){ .scsi_status = MPR_SAM_RESERVATION_CONFLICT };
	assert_string_equal(mpr_result_format(&r, buf, sizeof(buf)), "RESERVATION CONFLICT");
	r = check_condition(0x5, 0x24, 0x00, false);
	assert_string_equal(mpr_result_format(&r, buf, sizeof(buf)),
			    "CHECK CONDITION sk=0x5 asc/ascq=0x24/0x00 ILLEGAL REQUEST");
	r = (struct mpr_cmd_result){ .scsi_status = MPR_SAM_RESERVATION_CONFLICT,
				     .host_status = MPR_DID_NEXUS_FAILURE };
	assert_string_equal(mpr_result_format(&r, buf, sizeof(buf)),
			    "RESERVATION CONFLICT (host_status=DID_NEXUS_FAILURE)");
	r = (struct mpr_cmd_result){ .host_status = MPR_DID_NEXUS_FAILURE };
	assert_string_equal(mpr_result_format(&r, buf, sizeof(buf)),
			    "host_status=DID_NEXUS_FAILURE");
	r = (struct mpr_cmd_result){ .host_status = MPR_DID_NO_CONNECT };
	assert_string_equal(mpr_result_format(&r, buf, sizeof(buf)),
			    "host_status=DID_NO_CONNECT");
	r = (struct mpr_cmd_result){ .host_status = 0x77 };
	assert_string_equal(mpr_result_format(&r, buf, sizeof(buf)), "host_status=0x77");
	r = (struct mpr_cmd_result){ .driver_status = MPR_DRIVER_ERROR };
	assert_string_equal(mpr_result_format(&r, buf, sizeof(buf)),
			    "driver_status=DRIVER_ERROR");
	r = (struct mpr_cmd_result){ .timed_out = true, .host_status = MPR_DID_TIME_OUT,
				     .duration_us = 10000123 };
	assert_string_equal(mpr_result_format(&r, buf, sizeof(buf)), "timed out after 10000 ms");
	r = (struct mpr_cmd_result){ .os_error = ENOENT };
	assert_string_equal(mpr_result_format(&r, buf, sizeof(buf)),
			    "os error: No such file or directory");
	r = (struct mpr_cmd_result){ .scsi_status = MPR_SAM_CHECK_CONDITION };
	assert_string_equal(mpr_result_format(&r, buf, sizeof(buf)),
			    "CHECK CONDITION without valid sense (0 bytes)");
	r = (struct mpr_cmd_result){ .scsi_status = 0x22 };
	assert_string_equal(mpr_result_format(&r, buf, sizeof(buf)), "status=0x22");
	r = (struct mpr_cmd_result){ .scsi_status = MPR_SAM_GOOD };
	assert_string_equal(mpr_result_format(&r, buf, sizeof(buf)), "GOOD");
}

static void format_marks_deferred_sense(void **state)
{
	struct mpr_cmd_result r = {
		.scsi_status = MPR_SAM_CHECK_CONDITION,
		.driver_status = MPR_DRIVER_SENSE,
		.sense_len = 18,
	};
	char buf[128];

	(void)state;
	memcpy(r.sense_raw, fixed_deferred_ua, sizeof(fixed_deferred_ua));
	assert_int_equal(mpr_sense_decode(r.sense_raw, r.sense_len, &r.sense), 0);
	assert_string_equal(mpr_result_format(&r, buf, sizeof(buf)),
			    "CHECK CONDITION sk=0x6 asc/ascq=0x29/0x00 UNIT ATTENTION (deferred)");
}

static void format_truncates_to_buffer(void **state)
{
	struct mpr_cmd_result r = { .scsi_status = MPR_SAM_RESERVATION_CONFLICT };
	char buf[8];

	(void)state;
	assert_string_equal(mpr_result_format(&r, buf, sizeof(buf)), "RESERVA");
	assert_ptr_equal(mpr_result_format(&r, buf, 0), buf);
}

static void names_are_never_null(void **state)
{
	(void)state;
	for (unsigned int v = 0; v < 0x200; v++) {
		assert_non_null(mpr_sense_key_name(v & 0xff));
		assert_non_null(mpr_host_status_name(v));
		assert_non_null(mpr_driver_status_name(v));
		assert_non_null(mpr_scsi_status_name(v & 0xff));
	}
	assert_string_equal(mpr_sense_key_name(0xb), "ABORTED COMMAND");
	assert_string_equal(mpr_host_status_name(MPR_DID_TRANSPORT_FAILFAST),
			    "DID_TRANSPORT_FAILFAST");
	assert_string_equal(mpr_outcome_name(MPR_OUTCOME_CONFLICT), "conflict");
	assert_string_equal(mpr_outcome_name((enum mpr_outcome)99), "UNKNOWN");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(decode_fixed_current_with_information),
		cmocka_unit_test(decode_fixed_deferred),
		cmocka_unit_test(decode_fixed_masks_key_flags),
		cmocka_unit_test(decode_descriptor_with_information),
		cmocka_unit_test(decode_descriptor_information_needs_valid_bit),
		cmocka_unit_test(decode_rejects_unknown_response_codes),
		cmocka_unit_test(decode_rejects_empty_buffer),
		cmocka_unit_test(decode_fixed_every_prefix),
		cmocka_unit_test(decode_descriptor_every_prefix),
		cmocka_unit_test(decode_fixed_additional_length_bounds_fields),
		cmocka_unit_test(decode_descriptor_overlong_descriptor_ignored),
		cmocka_unit_test(decode_garbage_is_safe),
		cmocka_unit_test(check_condition_maps_by_sense_fixed),
		cmocka_unit_test(check_condition_maps_by_sense_descriptor),
		cmocka_unit_test(status_and_transport_map_consistently),
		cmocka_unit_test(format_describes_each_kind_of_result),
		cmocka_unit_test(format_marks_deferred_sense),
		cmocka_unit_test(format_truncates_to_buffer),
		cmocka_unit_test(names_are_never_null),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
