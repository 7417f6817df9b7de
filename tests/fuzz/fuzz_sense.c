/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fuzz_sense.c - sense data (mpr_sense_decode()) and the classification of
 * one command's result (MPATH_PR_* codes, engine outcome, errno, log text).
 *
 * Input: 4 bytes of the result -- SCSI status, host status, driver status,
 * flags (bit 0 timed out, bit 1 no answer, bits 4-7 pick an os_error) --
 * then the sense bytes as the device returned them (at most 252 are kept,
 * as SG_IO does).
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "classic_codes.h"
#include "fuzz.h"
#include "mpathpr/mpath_persist.h"
#include "sense.h"

#define RESULT_HDR_LEN 4

static const int os_errors[16] = {
	0, ENOENT, ENXIO, ENODEV, EACCES, EPERM, ENOTBLK, EIO,
	ETIMEDOUT, EINTR, ENOMEM, EBUSY, EAGAIN, EINVAL, 0, 0,
};

static void check_sense(const uint8_t *buf, size_t len)
{
	struct mpr_sense s;

	if (mpr_sense_decode(buf, len, &s) < 0)
		return;
	FUZZ_CHECK(s.valid);
	FUZZ_CHECK(s.response_code >= 0x70 && s.response_code <= 0x73);
	FUZZ_CHECK(s.key <= 0x0f);
	FUZZ_CHECK(s.descriptor == (s.response_code >= 0x72));
	FUZZ_CHECK(s.deferred == (s.response_code == 0x71 || s.response_code == 0x73));
}

static void check_result(const struct mpr_cmd_result *r)
{
	char line[128], tiny[8];
	enum mpr_outcome o = mpr_result_classify(r);
	int code = mpr_result_to_mpath_pr(r), err = mpr_result_to_errno(r);

	FUZZ_CHECK(o >= MPR_OUTCOME_OK && o <= MPR_OUTCOME_RETRY);
	FUZZ_CHECK(code >= MPATH_PR_SUCCESS && code <= MPATH_PR_OTHER);
	FUZZ_CHECK(err <= 0);
	/* the three views agree on the two outcomes everything hangs on */
	FUZZ_CHECK((o == MPR_OUTCOME_CONFLICT) == (code == MPATH_PR_RESERV_CONFLICT));
	FUZZ_CHECK((o == MPR_OUTCOME_CONFLICT) == (err == -EBADE));
	FUZZ_CHECK((o == MPR_OUTCOME_OK) == (code == MPATH_PR_SUCCESS));
	FUZZ_CHECK((o == MPR_OUTCOME_OK) == (err == 0));
	FUZZ_CHECK(mpr_result_format(r, line, sizeof(line)) == line);
	FUZZ_CHECK(memchr(line, '\0', sizeof(line)) != NULL);
	mpr_result_format(r, tiny, sizeof(tiny));
	FUZZ_CHECK(memchr(tiny, '\0', sizeof(tiny)) != NULL);
	FUZZ_CHECK(mpr_outcome_name(o) && mpr_sense_key_name(r->sense.key) &&
		   mpr_host_status_name(r->host_status) &&
		   mpr_driver_status_name(r->driver_status) &&
		   mpr_scsi_status_name(r->scsi_status));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mpr_cmd_result r = { 0 };
	const uint8_t *sense = data + RESULT_HDR_LEN;
	size_t sense_len;

	if (size < RESULT_HDR_LEN)
		return 0;
	sense_len = size - RESULT_HDR_LEN;
	check_sense(sense, sense_len);
	r.scsi_status = data[0];
	r.host_status = data[1];
	r.driver_status = data[2];
	r.timed_out = data[3] & 0x01;
	r.no_answer = data[3] & 0x02;
	r.os_error = os_errors[data[3] >> 4];
	r.attempts = 1;
	if (sense_len > MPR_SENSE_MAX)
		sense_len = MPR_SENSE_MAX;
	memcpy(r.sense_raw, sense, sense_len);
	r.sense_len = (uint8_t)sense_len;
	if (mpr_sense_decode(r.sense_raw, r.sense_len, &r.sense) < 0)
		memset(&r.sense, 0, sizeof(r.sense));
	check_result(&r);
	return 0;
}
