/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test_cmd_exec.c - the retry layer against a scripted fake transport: each
 * submit pops the next scripted result, checks the CDB and timeout it was
 * given and advances a fake clock; sleeps are instant and recorded; every
 * test ends by asserting the whole script was consumed.
 */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "classic_codes.h"
#include "cmd_exec.h"
#include "common/macro.h"
#include "mpathpr/mpath_persist.h"
#include "sense.h"

#define MS 1000ULL
#define SEC (1000 * MS)

struct step {
	int submit_ret;
	struct mpr_cmd_result result;
	uint64_t takes_us;		/* fake time the attempt lasts */
	uint32_t expect_timeout_ms;	/* 0: not checked */
};

struct fake {
	const struct step *steps;
	size_t count, next;
	const struct mpr_cmd *expect_cmd;
	int expect_handle;
	uint64_t now;
	uint64_t sleeps[64];
	size_t nsleeps;
	char log[4096];
};

static int fake_submit(void *priv, int handle, const struct mpr_cmd *cmd,
		       struct mpr_cmd_result *ret)
{
	struct fake *f = priv;
	const struct step *s;

	assert_true(f->next < f->count);	/* no attempt beyond the script */
	s = &f->steps[f->next++];
	assert_int_equal(handle, f->expect_handle);
	assert_int_equal(cmd->cdb_len, f->expect_cmd->cdb_len);
	assert_memory_equal(cmd->cdb, f->expect_cmd->cdb, cmd->cdb_len);
	assert_int_equal(cmd->dir, f->expect_cmd->dir);
	assert_ptr_equal(cmd->data, f->expect_cmd->data);
	assert_int_equal(cmd->data_len, f->expect_cmd->data_len);
	assert_true(cmd->timeout_ms > 0);
	if (s->expect_timeout_ms)
		assert_int_equal(cmd->timeout_ms, s->expect_timeout_ms);
	f->now += s->takes_us;
	*ret = s->result;
	ret->attempts = 1;
	return s->submit_ret;
}

static void fake_sleep(void *priv, uint64_t usec)
{
	struct fake *f = priv;

	assert_true(f->nsleeps < ARRAY_SIZE(f->sleeps));
	f->sleeps[f->nsleeps++] = usec;
	f->now += usec;
}

static uint64_t fake_now(void *priv)
{
	return ((struct fake *)priv)->now;
}

static void fake_log(void *userdata, int priority, const char *msg)
{
	struct fake *f = userdata;
	size_t used = strlen(f->log);

	assert_int_equal(priority, LOG_DEBUG);
	snprintf(f->log + used, sizeof(f->log) - used, "%s\n", msg);
}

static const struct mpr_transport_ops fake_ops = {
	.submit = fake_submit,
	.sleep_us = fake_sleep,
	.now_us = fake_now,
};

/* PR OUT REGISTER with a 24-byte parameter list */
static uint8_t param_list[24];
static const struct mpr_cmd register_cmd = {
	.cdb = { 0x5f, 0x00, 0x00, 0, 0, 0, 0, 0, 24, 0 },
	.cdb_len = 10,
	.dir = MPR_DIR_TO_DEV,
	.data = param_list,
	.data_len = sizeof(param_list),
};

static struct mpr_cmd_result cc(uint8_t key, uint8_t asc, uint8_t ascq)
{
	struct mpr_cmd_result r = {
		.scsi_status = MPR_SAM_CHECK_CONDITION,
		.driver_status = MPR_DRIVER_SENSE,
		.sense_raw = { 0x70, 0, key, 0, 0, 0, 0, 10, 0, 0, 0, 0, asc, ascq },
		.sense_len = 18,
	};

	assert_int_equal(mpr_sense_decode(r.sense_raw, r.sense_len, &r.sense), 0);
	return r;
}

#define GOOD ((struct mpr_cmd_result){ .scsi_status = MPR_SAM_GOOD })
#define STATUS(s) ((struct mpr_cmd_result){ .scsi_status = (s) })
#define UA cc(MPR_SK_UNIT_ATTENTION, 0x29, 0x00)

/* Run the script; fails the test unless every step was consumed. */
static int run(struct fake *f, const struct step *steps, size_t count,
	       const struct mpr_retry_policy *policy, struct mpr_cmd_result *ret)
{
	struct mpr_transport t = { .ops = &fake_ops, .priv = f };
	struct mpr_log log = { .fn = fake_log, .userdata = f, .max_priority = LOG_DEBUG };
	int r;

	f->steps = steps;
	f->count = count;
	f->expect_cmd = &register_cmd;
	f->expect_handle = 7;
	r = mpr_cmd_execute(&t, 7, &register_cmd, policy, &log, ret);
	assert_int_equal(f->next, f->count);
	return r;
}

static void good_result_is_returned_after_one_attempt(void **state)
{
	const struct step steps[] = { { .result = GOOD, .takes_us = 2 * MS } };
	struct mpr_cmd_result ret;
	struct fake f = { .now = 1000 };

	(void)state;
	assert_int_equal(run(&f, steps, ARRAY_SIZE(steps), NULL, &ret), 0);
	assert_int_equal(ret.attempts, 1);
	assert_int_equal(ret.duration_us, 2 * MS);
	assert_int_equal(mpr_result_classify(&ret), MPR_OUTCOME_OK);
	assert_int_equal(f.nsleeps, 0);
}

static void unit_attention_storm_is_bounded(void **state)
{
	struct step steps[6];
	struct mpr_cmd_result ret;
	struct fake f = {};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(steps); i++)
		steps[i] = (struct step){ .result = UA, .takes_us = MS };
	/* default policy: 5 retries after the first UA */
	assert_int_equal(run(&f, steps, ARRAY_SIZE(steps), NULL, &ret), 0);
	assert_int_equal(ret.attempts, 6);
	assert_int_equal(mpr_result_to_mpath_pr(&ret), MPATH_PR_SENSE_UNIT_ATTENTION);
	assert_int_equal(mpr_result_classify(&ret), MPR_OUTCOME_RETRY);
	assert_int_equal(f.nsleeps, 0);	/* UAs are retried at once */
}

static void unit_attention_then_good_succeeds(void **state)
{
	const struct step steps[] = { { .result = UA }, { .result = UA }, { .result = GOOD } };
	struct mpr_cmd_result ret;
	struct fake f = {};

	(void)state;
	assert_int_equal(run(&f, steps, ARRAY_SIZE(steps), NULL, &ret), 0);
	assert_int_equal(ret.attempts, 3);
	assert_int_equal(mpr_result_classify(&ret), MPR_OUTCOME_OK);
}

static void operation_in_progress_is_retried_after_a_sleep(void **state)
{
	const struct step steps[] = {
		{ .result = cc(MPR_SK_NOT_READY, 0x04, 0x07) },
		{ .result = cc(MPR_SK_NOT_READY, 0x04, 0x07) },
		{ .result = GOOD },
	};
	struct mpr_cmd_result ret;
	struct fake f = {};

	(void)state;
	assert_int_equal(run(&f, steps, ARRAY_SIZE(steps), NULL, &ret), 0);
	assert_int_equal(ret.attempts, 3);
	assert_int_equal(mpr_result_classify(&ret), MPR_OUTCOME_OK);
	assert_int_equal(f.nsleeps, 2);
	assert_int_equal(f.sleeps[0], 100 * MS);
	assert_int_equal(f.sleeps[1], 100 * MS);
	assert_int_equal(ret.duration_us, 200 * MS);
}

static void becoming_ready_is_retried(void **state)
{
	const struct step steps[] = {
		{ .result = cc(MPR_SK_NOT_READY, 0x04, 0x01) },
		{ .result = GOOD },
	};
	struct mpr_cmd_result ret;
	struct fake f = {};

	(void)state;
	assert_int_equal(run(&f, steps, ARRAY_SIZE(steps), NULL, &ret), 0);
	assert_int_equal(ret.attempts, 2);
	assert_int_equal(f.nsleeps, 1);
}

static void alua_transition_is_not_retried(void **state)
{
	const struct step steps[] = { { .result = cc(MPR_SK_NOT_READY, 0x04, 0x0a) } };
	struct mpr_cmd_result ret;
	struct fake f = {};

	(void)state;
	assert_int_equal(run(&f, steps, ARRAY_SIZE(steps), NULL, &ret), 0);
	assert_int_equal(ret.attempts, 1);
	assert_int_equal(mpr_result_classify(&ret), MPR_OUTCOME_PATH_ERROR);
}

static void busy_and_task_set_full_are_retried(void **state)
{
	const struct step steps[] = {
		{ .result = STATUS(MPR_SAM_BUSY) },
		{ .result = STATUS(MPR_SAM_TASK_SET_FULL) },
		{ .result = GOOD },
	};
	struct mpr_cmd_result ret;
	struct fake f = {};

	(void)state;
	assert_int_equal(run(&f, steps, ARRAY_SIZE(steps), NULL, &ret), 0);
	assert_int_equal(ret.attempts, 3);
	assert_int_equal(f.nsleeps, 2);
	assert_int_equal(f.sleeps[0], 100 * MS);
}

static void busy_retries_are_bounded(void **state)
{
	struct mpr_retry_policy p;
	struct step steps[4];
	struct mpr_cmd_result ret;
	struct fake f = {};

	(void)state;
	mpr_retry_policy_default(&p);
	p.busy_retries = 3;
	for (size_t i = 0; i < ARRAY_SIZE(steps); i++)
		steps[i] = (struct step){ .result = STATUS(MPR_SAM_BUSY) };
	assert_int_equal(run(&f, steps, ARRAY_SIZE(steps), &p, &ret), 0);
	assert_int_equal(ret.attempts, 4);
	assert_int_equal(ret.scsi_status, MPR_SAM_BUSY);
	assert_int_equal(f.nsleeps, 3);
}

static void host_retry_statuses_are_retried(void **state)
{
	const struct step steps[] = {
		{ .result = { .host_status = MPR_DID_IMM_RETRY } },
		{ .result = { .host_status = MPR_DID_REQUEUE } },
		{ .result = { .host_status = MPR_DID_BUS_BUSY } },
		{ .result = GOOD },
	};
	struct mpr_cmd_result ret;
	struct fake f = {};

	(void)state;
	assert_int_equal(run(&f, steps, ARRAY_SIZE(steps), NULL, &ret), 0);
	assert_int_equal(ret.attempts, 4);
	assert_int_equal(mpr_result_classify(&ret), MPR_OUTCOME_OK);
}

static void soft_error_is_not_retried(void **state)
{
	const struct step steps[] = { { .result = { .host_status = MPR_DID_SOFT_ERROR } } };
	struct mpr_cmd_result ret;
	struct fake f = {};

	(void)state;
	assert_int_equal(run(&f, steps, ARRAY_SIZE(steps), NULL, &ret), 0);
	assert_int_equal(ret.attempts, 1);
	assert_int_equal(ret.host_status, MPR_DID_SOFT_ERROR);
}

static void timeout_is_reported_and_not_retried(void **state)
{
	const struct step steps[] = {
		{ .result = { .host_status = MPR_DID_TIME_OUT, .timed_out = true },
		  .takes_us = 10 * SEC },
	};
	struct mpr_cmd_result ret;
	struct fake f = {};

	(void)state;
	assert_int_equal(run(&f, steps, ARRAY_SIZE(steps), NULL, &ret), 0);
	assert_int_equal(ret.attempts, 1);
	assert_true(ret.timed_out);
	assert_int_equal(ret.duration_us, 10 * SEC);
	assert_int_equal(mpr_result_to_errno(&ret), -ETIMEDOUT);
}

static void reservation_conflict_is_not_retried(void **state)
{
	const struct step steps[] = { { .result = STATUS(MPR_SAM_RESERVATION_CONFLICT) } };
	struct mpr_cmd_result ret;
	struct fake f = {};

	(void)state;
	assert_int_equal(run(&f, steps, ARRAY_SIZE(steps), NULL, &ret), 0);
	assert_int_equal(ret.attempts, 1);
	assert_int_equal(mpr_result_classify(&ret), MPR_OUTCOME_CONFLICT);
}

/* Kernels before 6.0 add DID_NEXUS_FAILURE to the conflict status. */
static void reservation_conflict_with_nexus_failure_is_not_retried(void **state)
{
	const struct step steps[] = { { .result = { .scsi_status = MPR_SAM_RESERVATION_CONFLICT,
						    .host_status = MPR_DID_NEXUS_FAILURE } } };
	struct mpr_cmd_result ret;
	struct fake f = {};

	(void)state;
	assert_int_equal(run(&f, steps, ARRAY_SIZE(steps), NULL, &ret), 0);
	assert_int_equal(ret.attempts, 1);
	assert_int_equal(f.nsleeps, 0);
	assert_int_equal(ret.host_status, MPR_DID_NEXUS_FAILURE);
	assert_int_equal(mpr_result_classify(&ret), MPR_OUTCOME_CONFLICT);
	assert_int_equal(mpr_result_to_errno(&ret), -EBADE);
	assert_non_null(strstr(f.log, "RESERVATION CONFLICT (host_status=DID_NEXUS_FAILURE) "
				      "[conflict], not retried: final"));
}

static void illegal_request_is_not_retried(void **state)
{
	const struct step steps[] = { { .result = cc(MPR_SK_ILLEGAL_REQUEST, 0x20, 0x00) } };
	struct mpr_cmd_result ret;
	struct fake f = {};

	(void)state;
	assert_int_equal(run(&f, steps, ARRAY_SIZE(steps), NULL, &ret), 0);
	assert_int_equal(ret.attempts, 1);
	assert_int_equal(mpr_result_to_errno(&ret), -EOPNOTSUPP);
}

static void transport_error_is_returned_and_not_retried(void **state)
{
	const struct step steps[] = { { .submit_ret = -ENODEV, .result = { .os_error = ENODEV } } };
	struct mpr_cmd_result ret;
	struct fake f = {};

	(void)state;
	assert_int_equal(run(&f, steps, ARRAY_SIZE(steps), NULL, &ret), -ENODEV);
	assert_int_equal(ret.attempts, 1);
	assert_int_equal(ret.os_error, ENODEV);
}

static void transport_error_without_os_error_gets_one(void **state)
{
	const struct step steps[] = { { .submit_ret = -ENOMEM } };
	struct mpr_cmd_result ret;
	struct fake f = {};

	(void)state;
	assert_int_equal(run(&f, steps, ARRAY_SIZE(steps), NULL, &ret), -ENOMEM);
	assert_int_equal(ret.os_error, ENOMEM);
}

/* 300 ms budget, attempts of 50 ms, 100 ms BUSY sleeps: attempt 1 ends at 50,
 * sleep to 150, attempt 2 ends at 200; a sleep would end at 300: stop. */
static void deadline_stops_retries(void **state)
{
	struct mpr_retry_policy p;
	const struct step steps[] = {
		{ .result = STATUS(MPR_SAM_BUSY), .takes_us = 50 * MS },
		{ .result = STATUS(MPR_SAM_BUSY), .takes_us = 50 * MS },
	};
	struct mpr_cmd_result ret;
	struct fake f = { .now = 5 * SEC };

	(void)state;
	mpr_retry_policy_default(&p);
	p.budget_us = 300 * MS;
	assert_int_equal(run(&f, steps, ARRAY_SIZE(steps), &p, &ret), 0);
	assert_int_equal(ret.attempts, 2);
	assert_int_equal(f.nsleeps, 1);
	assert_int_equal(ret.duration_us, 200 * MS);
	assert_non_null(strstr(f.log, "not retried: time budget spent"));
}

static void no_attempt_starts_after_the_deadline(void **state)
{
	struct mpr_retry_policy p;
	const struct step steps[] = { { .result = UA, .takes_us = 2 * SEC } };
	struct mpr_cmd_result ret;
	struct fake f = {};

	(void)state;
	mpr_retry_policy_default(&p);
	p.budget_us = 1 * SEC;	/* the first attempt alone overruns it */
	assert_int_equal(run(&f, steps, ARRAY_SIZE(steps), &p, &ret), 0);
	assert_int_equal(ret.attempts, 1);
	assert_int_equal(mpr_result_classify(&ret), MPR_OUTCOME_RETRY);
}

static void per_attempt_timeout_is_shortened_to_the_budget(void **state)
{
	struct mpr_retry_policy p;
	const struct step steps[] = {
		{ .result = UA, .takes_us = 8 * SEC, .expect_timeout_ms = 10000 },
		{ .result = UA, .takes_us = 6500 * MS, .expect_timeout_ms = 7000 },
		{ .result = GOOD, .expect_timeout_ms = 500 },
	};
	struct mpr_cmd_result ret;
	struct fake f = {};

	(void)state;
	mpr_retry_policy_default(&p);
	p.budget_us = 15 * SEC;
	assert_int_equal(run(&f, steps, ARRAY_SIZE(steps), &p, &ret), 0);
	assert_int_equal(ret.attempts, 3);
}

static void shortened_timeout_rounds_up_not_to_zero(void **state)
{
	struct mpr_retry_policy p;
	const struct step steps[] = {
		{ .result = UA, .takes_us = 999600, .expect_timeout_ms = 1000 },
		{ .result = GOOD, .expect_timeout_ms = 1 },
	};
	struct mpr_cmd_result ret;
	struct fake f = {};

	(void)state;
	mpr_retry_policy_default(&p);
	p.budget_us = 1 * SEC;
	p.io_timeout_ms = 5000;
	assert_int_equal(run(&f, steps, ARRAY_SIZE(steps), &p, &ret), 0);
	assert_int_equal(ret.attempts, 2);
}

static void command_timeout_overrides_policy_timeout(void **state)
{
	struct mpr_cmd cmd = register_cmd;
	const struct step steps[] = { { .result = GOOD, .expect_timeout_ms = 3000 } };
	struct mpr_transport t = { .ops = &fake_ops };
	struct mpr_cmd_result ret;
	struct fake f = { .steps = steps, .count = 1, .expect_handle = 3 };

	(void)state;
	cmd.timeout_ms = 3000;
	f.expect_cmd = &cmd;
	t.priv = &f;
	assert_int_equal(mpr_cmd_execute(&t, 3, &cmd, NULL, NULL, &ret), 0);
	assert_int_equal(f.next, f.count);
}

static void attempt_limit_caps_mixed_retries(void **state)
{
	struct mpr_retry_policy p;
	const struct step steps[] = {
		{ .result = UA },
		{ .result = cc(MPR_SK_NOT_READY, 0x04, 0x07) },
		{ .result = STATUS(MPR_SAM_BUSY) },
	};
	struct mpr_cmd_result ret;
	struct fake f = {};

	(void)state;
	mpr_retry_policy_default(&p);
	p.max_attempts = 3;
	assert_int_equal(run(&f, steps, ARRAY_SIZE(steps), &p, &ret), 0);
	assert_int_equal(ret.attempts, 3);
	assert_int_equal(ret.scsi_status, MPR_SAM_BUSY);
	assert_non_null(strstr(f.log, "attempt limit reached"));
}

static void retry_counts_are_kept_per_condition(void **state)
{
	struct mpr_retry_policy p;
	const struct step steps[] = {
		{ .result = UA },
		{ .result = cc(MPR_SK_NOT_READY, 0x04, 0x07) },
		{ .result = UA },
	};
	struct mpr_cmd_result ret;
	struct fake f = {};

	(void)state;
	mpr_retry_policy_default(&p);
	p.ua_retries = 1;	/* the second UA ends it, the NOT READY did not count */
	assert_int_equal(run(&f, steps, ARRAY_SIZE(steps), &p, &ret), 0);
	assert_int_equal(ret.attempts, 3);
	assert_non_null(strstr(f.log, "retries for this condition used up"));
}

static void every_attempt_is_logged_with_command_name(void **state)
{
	const struct step steps[] = { { .result = UA }, { .result = GOOD } };
	struct mpr_cmd_result ret;
	struct fake f = {};

	(void)state;
	assert_int_equal(run(&f, steps, ARRAY_SIZE(steps), NULL, &ret), 0);
	assert_non_null(strstr(f.log, "PR OUT REGISTER (0x5f) on handle 7, attempt 1 "
				      "(timeout 10000 ms): CHECK CONDITION sk=0x6 "
				      "asc/ascq=0x29/0x00 UNIT ATTENTION [retry], retrying\n"));
	assert_non_null(strstr(f.log, "attempt 2 (timeout 10000 ms): GOOD [ok], "
				      "not retried: final\n"));
}

static void null_arguments_are_refused(void **state)
{
	struct mpr_transport t = { .ops = &fake_ops };
	struct mpr_transport_ops no_submit = {};
	struct mpr_transport t2 = { .ops = &no_submit };
	struct mpr_cmd_result ret = { .attempts = 42 };

	(void)state;
	assert_int_equal(mpr_cmd_execute(NULL, 0, &register_cmd, NULL, NULL, &ret), -EINVAL);
	assert_int_equal(mpr_cmd_execute(&t, 0, NULL, NULL, NULL, &ret), -EINVAL);
	assert_int_equal(mpr_cmd_execute(&t, 0, &register_cmd, NULL, NULL, NULL), -EINVAL);
	assert_int_equal(mpr_cmd_execute(&t2, 0, &register_cmd, NULL, NULL, &ret), -EINVAL);
	assert_int_equal(ret.attempts, 42);	/* untouched */
}

static void default_policy_is_sane(void **state)
{
	struct mpr_retry_policy p;

	(void)state;
	mpr_retry_policy_default(&p);
	assert_int_equal(p.ua_retries, 5);
	assert_int_equal(p.not_ready_delay_us, 100 * MS);
	assert_int_equal(p.io_timeout_ms, 10000);
	assert_int_equal(p.budget_us, 60 * SEC);
	assert_true(p.max_attempts >= 1 + p.ua_retries);
}

static void cdb_names_cover_pr_commands(void **state)
{
	const uint8_t reg[10] = { 0x5f, 0x00 };
	const uint8_t ign[10] = { 0x5f, 0xe6 };	/* high bits are not the SA */
	const uint8_t rk[10] = { 0x5e, 0x00 };
	const uint8_t fs[10] = { 0x5e, 0x03 };
	const uint8_t bad[10] = { 0x5e, 0x1f };
	const uint8_t inq[6] = { 0x12 };
	const uint8_t other[6] = { 0x28 };

	(void)state;
	assert_string_equal(mpr_cdb_name(reg, 10), "PR OUT REGISTER");
	assert_string_equal(mpr_cdb_name(ign, 10), "PR OUT REGISTER AND IGNORE EXISTING KEY");
	assert_string_equal(mpr_cdb_name(rk, 10), "PR IN READ KEYS");
	assert_string_equal(mpr_cdb_name(fs, 10), "PR IN READ FULL STATUS");
	assert_string_equal(mpr_cdb_name(bad, 10), "PR IN (unknown service action)");
	assert_string_equal(mpr_cdb_name(inq, 6), "INQUIRY");
	assert_string_equal(mpr_cdb_name(other, 6), "SCSI COMMAND");
	assert_string_equal(mpr_cdb_name(reg, 0), "EMPTY CDB");
	assert_string_equal(mpr_cdb_name(reg, 1), "PR OUT (unknown service action)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(good_result_is_returned_after_one_attempt),
		cmocka_unit_test(unit_attention_storm_is_bounded),
		cmocka_unit_test(unit_attention_then_good_succeeds),
		cmocka_unit_test(operation_in_progress_is_retried_after_a_sleep),
		cmocka_unit_test(becoming_ready_is_retried),
		cmocka_unit_test(alua_transition_is_not_retried),
		cmocka_unit_test(busy_and_task_set_full_are_retried),
		cmocka_unit_test(busy_retries_are_bounded),
		cmocka_unit_test(host_retry_statuses_are_retried),
		cmocka_unit_test(soft_error_is_not_retried),
		cmocka_unit_test(timeout_is_reported_and_not_retried),
		cmocka_unit_test(reservation_conflict_is_not_retried),
		cmocka_unit_test(reservation_conflict_with_nexus_failure_is_not_retried),
		cmocka_unit_test(illegal_request_is_not_retried),
		cmocka_unit_test(transport_error_is_returned_and_not_retried),
		cmocka_unit_test(transport_error_without_os_error_gets_one),
		cmocka_unit_test(deadline_stops_retries),
		cmocka_unit_test(no_attempt_starts_after_the_deadline),
		cmocka_unit_test(per_attempt_timeout_is_shortened_to_the_budget),
		cmocka_unit_test(shortened_timeout_rounds_up_not_to_zero),
		cmocka_unit_test(command_timeout_overrides_policy_timeout),
		cmocka_unit_test(attempt_limit_caps_mixed_retries),
		cmocka_unit_test(retry_counts_are_kept_per_condition),
		cmocka_unit_test(every_attempt_is_logged_with_command_name),
		cmocka_unit_test(null_arguments_are_refused),
		cmocka_unit_test(default_policy_is_sane),
		cmocka_unit_test(cdb_names_cover_pr_commands),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
