/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test_classic_codes.c - the MPATH_PR_* failure codes of the classic API,
 * each produced by a concrete input: sense keys injected on every path (in
 * fixed and descriptor format), unit-attention storms, reservation
 * conflicts, unusable file descriptors, maps without usable paths,
 * transport errors and timeouts; the mapping function itself for what the
 * model cannot produce; concurrent calls.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "classic_codes.h"
#include "classic_fx.h"

struct sense_case {
	uint8_t sk, asc, ascq;
	int code;
};

static const struct sense_case sense_cases[] = {
	{ 0x2, 0x04, 0x03, MPATH_PR_SENSE_NOT_READY },	/* manual intervention */
	{ 0x2, 0x3a, 0x00, MPATH_PR_SENSE_NOT_READY },	/* medium not present */
	{ 0x3, 0x11, 0x00, MPATH_PR_SENSE_MEDIUM_ERROR },
	{ 0x4, 0x44, 0x00, MPATH_PR_SENSE_HARDWARE_ERROR },
	{ 0x5, 0x24, 0x00, MPATH_PR_ILLEGAL_REQ },
	{ 0x5, 0x1a, 0x00, MPATH_PR_ILLEGAL_REQ },
	{ 0x5, 0x20, 0x00, MPATH_PR_SENSE_INVALID_OP },
	{ 0xb, 0x47, 0x00, MPATH_PR_SENSE_ABORTED_COMMAND },
	{ 0x0, 0x00, 0x00, MPATH_PR_NO_SENSE },
	{ 0x7, 0x27, 0x00, MPATH_PR_OTHER },		/* DATA PROTECT: no code of its own */
};

/* One command of the classic API that can fail; returns its code. */
typedef int (*classic_action)(struct fx *f);

static int do_register(struct fx *f)
{
	return fx_prout(f, 0, MPATH_PROUT_REG_SA, 0, 0, KEY_A);
}

static int do_reserve(struct fx *f)
{
	return fx_prout(f, 0, MPATH_PROUT_RES_SA, MPATH_PRTPE_WE_RO, KEY_A, 0);
}

static int do_read_keys(struct fx *f)
{
	return fx_prin(f, 0, MPATH_PRIN_RKEY_SA);
}

static int do_preempt(struct fx *f)
{
	return fx_prout(f, 0, MPATH_PROUT_PREE_SA, MPATH_PRTPE_WE_RO, KEY_A, KEY_B);
}

static int do_clear(struct fx *f)
{
	return fx_prout(f, 0, MPATH_PROUT_CLEAR_SA, 0, KEY_A, 0);
}

static const struct {
	const char *name;
	classic_action run;
	bool registered;	/* host 0 registers KEY_A, host 1 KEY_B first */
} actions[] = {
	{ "REGISTER", do_register, false },
	{ "RESERVE", do_reserve, true },
	{ "PREEMPT", do_preempt, true },
	{ "CLEAR", do_clear, true },
	{ "READ KEYS", do_read_keys, false },
};

#define N_ACTIONS (sizeof(actions) / sizeof(actions[0]))

/* Run every action with @rule on all of host 0's paths; expect @code. */
static void expect_code_on_all_paths(struct fx *f, struct spc4_fault rule, int code,
				     const char *what)
{
	for (size_t a = 0; a < N_ACTIONS; a++) {
		int got;

		fx_clear_faults(f, 0);
		if (actions[a].registered) {
			fx_reg(f, 0, KEY_A);
			fx_reg(f, 1, KEY_B);
		}
		fx_fault_all(f, 0, rule);
		got = actions[a].run(f);
		if (got != code)
			fail_msg("%s through %s: expected MPATH_PR code %d, got %d", what,
				 actions[a].name, code, got);
	}
	fx_clear_faults(f, 0);
}

static void run_sense_cases(struct fx *f, bool descriptor)
{
	spc4_model_set_descriptor_sense(f->e->m, descriptor);
	for (size_t i = 0; i < sizeof(sense_cases) / sizeof(sense_cases[0]); i++) {
		const struct sense_case *c = &sense_cases[i];
		struct spc4_fault rule = SPC4_FAULT_INIT(SPC4_FAULT_SENSE);
		char what[64];

		rule.sk = c->sk;
		rule.asc = c->asc;
		rule.ascq = c->ascq;
		snprintf(what, sizeof(what), "%s sense %x/%02x/%02x",
			 descriptor ? "descriptor" : "fixed", c->sk, c->asc, c->ascq);
		expect_code_on_all_paths(f, rule, c->code, what);
	}
}

static void test_sense_keys_map_to_codes_fixed_format(void **state)
{
	run_sense_cases(*state, false);
}

static void test_sense_keys_map_to_codes_descriptor_format(void **state)
{
	run_sense_cases(*state, true);
}

/* A unit attention is retried; one that never stops exhausts the budget. */
static void test_unit_attention_storm_is_unit_attention(void **state)
{
	struct spc4_fault rule = SPC4_FAULT_INIT(SPC4_FAULT_UA);

	expect_code_on_all_paths(*state, rule, MPATH_PR_SENSE_UNIT_ATTENTION, "UA storm");
}

static void test_single_unit_attention_is_retried(void **state)
{
	struct fx *f = *state;
	struct spc4_fault rule = SPC4_FAULT_INIT(SPC4_FAULT_UA);

	rule.count = 1;
	expect_code_on_all_paths(f, rule, MPATH_PR_SUCCESS, "one UA");
}

static void test_transport_error_on_every_path_is_other(void **state)
{
	expect_code_on_all_paths(*state, SPC4_FAULT_INIT(SPC4_FAULT_TRANSPORT_ERROR),
				 MPATH_PR_OTHER, "DID_ERROR");
}

static void test_timeout_on_every_path_is_other(void **state)
{
	expect_code_on_all_paths(*state, SPC4_FAULT_INIT(SPC4_FAULT_TIMEOUT), MPATH_PR_OTHER,
				 "timeout");
}

static void test_busy_on_every_path_is_other(void **state)
{
	expect_code_on_all_paths(*state, SPC4_FAULT_INIT(SPC4_FAULT_BUSY), MPATH_PR_OTHER,
				 "BUSY storm");
}

/* Every path answers DID_NO_CONNECT while device-mapper still calls them
 * active: nothing was registered, so the call must not claim success. */
static void test_register_with_every_path_disconnected_is_not_success(void **state)
{
	struct fx *f = *state;

	fx_fault_all(f, 0, SPC4_FAULT_INIT(SPC4_FAULT_DOWN));
	assert_int_not_equal(do_register(f), MPATH_PR_SUCCESS);
	assert_int_equal(eng_key(f->e, 0, 0), 0);
}

/* The LU executed the command but its answer was lost on the first path. */
static void lose_first_answer(struct fx *f, int h)
{
	struct spc4_fault rule = SPC4_FAULT_INIT(SPC4_FAULT_TIMEOUT);
	char dev[32];

	rule.count = 1;
	rule.opcode = OP_PR_OUT;
	rule.execute = true;
	assert_int_equal(spc4_model_path_fault(f->e->m, eng_path(h, 0, dev, sizeof(dev)), &rule),
			 0);
}

/*
 * PREEMPT AND ABORT ran, the answer timed out, the next path resends it and
 * gets RESERVATION CONFLICT because the victim is already gone: the fence
 * did happen, so the caller must not be told it failed.
 */
static void test_preempt_whose_answer_was_lost_is_success(void **state)
{
	struct fx *f = *state;
	uint64_t k;

	fx_reg(f, 0, KEY_A);
	fx_reg(f, 1, KEY_B);
	assert_int_equal(fx_prout(f, 0, MPATH_PROUT_RES_SA, MPATH_PRTPE_WE_RO, KEY_A, 0),
			 MPATH_PR_SUCCESS);
	lose_first_answer(f, 1);
	assert_int_equal(fx_prout(f, 1, MPATH_PROUT_PREE_AB_SA, MPATH_PRTPE_WE_RO, KEY_B, KEY_A),
			 MPATH_PR_SUCCESS);
	assert_true(spc4_model_reservation(f->e->m, f->e->lu, &k, NULL));
	assert_int_equal(k, KEY_B);
	assert_int_equal(eng_key(f->e, 0, 0), 0);
}

static void test_clear_whose_answer_was_lost_is_success(void **state)
{
	struct fx *f = *state;

	fx_reg(f, 0, KEY_A);
	lose_first_answer(f, 0);
	assert_int_equal(do_clear(f), MPATH_PR_SUCCESS);
	assert_int_equal(spc4_model_keys(f->e->m, f->e->lu, NULL, 0), 0);
}

static void test_reserve_held_by_other_host_is_conflict(void **state)
{
	struct fx *f = *state;
	uint64_t k;

	fx_reg(f, 0, KEY_A);
	fx_reg(f, 1, KEY_B);
	assert_int_equal(fx_prout(f, 1, MPATH_PROUT_RES_SA, MPATH_PRTPE_EA, KEY_B, 0),
			 MPATH_PR_SUCCESS);
	assert_int_equal(fx_prout(f, 0, MPATH_PROUT_RES_SA, MPATH_PRTPE_EA, KEY_A, 0),
			 MPATH_PR_RESERV_CONFLICT);
	assert_true(spc4_model_reservation(f->e->m, f->e->lu, &k, NULL));
	assert_int_equal(k, KEY_B);
}

static void test_register_with_wrong_old_key_is_conflict(void **state)
{
	struct fx *f = *state;

	fx_reg(f, 0, KEY_A);
	assert_int_equal(fx_prout(f, 0, MPATH_PROUT_REG_SA, 0, KEY_WRONG, KEY_B),
			 MPATH_PR_RESERV_CONFLICT);
	assert_int_equal(eng_key(f->e, 0, 0), KEY_A);
	assert_int_equal(eng_key(f->e, 0, 1), KEY_A);
}

/* Every nexus of an unregistered host answers RESERVE with a conflict. */
static void test_reserve_without_registration_is_conflict(void **state)
{
	struct fx *f = *state;

	assert_int_equal(do_reserve(f), MPATH_PR_RESERV_CONFLICT);
	assert_false(spc4_model_reservation(f->e->m, f->e->lu, NULL, NULL));
}

/* RELEASE naming another type than the one held: 26/04 from the LU. */
static void test_release_with_wrong_type_is_illegal_request(void **state)
{
	struct fx *f = *state;

	fx_reg(f, 0, KEY_A);
	assert_int_equal(do_reserve(f), MPATH_PR_SUCCESS);
	assert_int_equal(fx_prout(f, 0, MPATH_PROUT_REL_SA, MPATH_PRTPE_EA_RO, KEY_A, 0),
			 MPATH_PR_ILLEGAL_REQ);
	assert_true(spc4_model_reservation(f->e->m, f->e->lu, NULL, NULL));
}

static void test_all_paths_failed_in_map_is_dmmp_error(void **state)
{
	struct fx *f = *state;

	fx_reg(f, 0, KEY_A);
	f->e->state[0][0] = MPR_PATH_FAILED;
	f->e->state[0][1] = MPR_PATH_OFFLINE;
	spc4_model_clear_log(f->e->m);
	assert_int_equal(do_register(f), MPATH_PR_DMMP_ERROR);
	assert_int_equal(do_reserve(f), MPATH_PR_DMMP_ERROR);
	assert_int_equal(do_preempt(f), MPATH_PR_DMMP_ERROR);
	assert_int_equal(do_clear(f), MPATH_PR_DMMP_ERROR);
	assert_int_equal(do_read_keys(f), MPATH_PR_DMMP_ERROR);
	assert_int_equal(fx_sent(f, OP_PR_OUT), 0);
}

static void test_closed_fd_is_file_error(void **state)
{
	struct fx *f = *state;
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

	assert_true(fd >= 0);
	close(fd);
	spc4_model_clear_log(f->e->m);
	assert_int_equal(mpr_classic_prout(f->e->ctx[0], fd, MPATH_PROUT_REG_SA, MPATH_LU_SCOPE,
					   0, fx_param(f, 0, KEY_A, 0)), MPATH_PR_FILE_ERROR);
	assert_int_equal(mpr_classic_prin(f->e->ctx[0], fd, MPATH_PRIN_RKEY_SA, f->resp),
			 MPATH_PR_FILE_ERROR);
	assert_int_equal(mpr_classic_prout(f->e->ctx[0], -1, MPATH_PROUT_REG_SA, MPATH_LU_SCOPE,
					   0, fx_param(f, 0, KEY_A, 0)), MPATH_PR_FILE_ERROR);
	assert_int_equal(fx_sent(f, -1), 0);
}

/* The production entry points on things that are not block devices. */
static void expect_real_api_file_error(struct fx *f, int fd)
{
	assert_int_equal(mpath_persistent_reserve_out(fd, MPATH_PROUT_REG_SA, MPATH_LU_SCOPE, 0,
						      fx_param(f, 0, KEY_A, 0), 0, 0),
			 MPATH_PR_FILE_ERROR);
	assert_int_equal(mpath_persistent_reserve_in(fd, MPATH_PRIN_RKEY_SA, f->resp, 1, 3),
			 MPATH_PR_FILE_ERROR);
}

static void test_real_api_on_regular_file_is_file_error(void **state)
{
	char name[] = "/tmp/mpathpr-classic-XXXXXX";
	int fd = mkstemp(name);

	assert_true(fd >= 0);
	unlink(name);
	expect_real_api_file_error(*state, fd);
	close(fd);
}

static void test_real_api_on_char_device_is_file_error(void **state)
{
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC);

	assert_true(fd >= 0);
	expect_real_api_file_error(*state, fd);
	close(fd);
}

static void test_real_api_on_closed_fd_is_file_error(void **state)
{
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

	close(fd);
	expect_real_api_file_error(*state, fd);
}

/* ---- the mapping itself, for results the model cannot produce ---- */

static struct mpr_call call_with(uint8_t status, const uint8_t *sense, size_t len)
{
	struct mpr_call c = { .have_decisive = true };

	c.decisive.scsi_status = status;
	c.decisive.driver_status = len ? 0x08 : 0;
	if (len) {
		memcpy(c.decisive.sense_raw, sense, len);
		c.decisive.sense_len = (uint8_t)len;
		assert_int_equal(mpr_sense_decode(sense, len, &c.decisive.sense), 0);
	}
	return c;
}

static void test_check_condition_without_sense_is_sense_malformed(void **state)
{
	static const uint8_t garbage[4] = { 0x12, 0x34, 0x56, 0x78 };
	struct mpr_call c = call_with(MPR_SAM_CHECK_CONDITION, NULL, 0);

	(void)state;
	assert_int_equal(mpr_classic_pr_code(-EPROTO, &c), MPATH_PR_SENSE_MALFORMED);
	/* sense bytes with an unknown response code do not decode either */
	memcpy(c.decisive.sense_raw, garbage, sizeof(garbage));
	c.decisive.sense_len = sizeof(garbage);
	assert_int_equal(mpr_classic_pr_code(-EREMOTEIO, &c), MPATH_PR_SENSE_MALFORMED);
	/* a response too short to decode, no device result behind it */
	assert_int_equal(mpr_classic_pr_code(-EPROTO, NULL), MPATH_PR_SENSE_MALFORMED);
}

static void test_mapping_reads_fixed_and_descriptor_sense(void **state)
{
	static const uint8_t fixed[18] = { 0x70, 0, 0x03, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0x11, 0 };
	static const uint8_t desc[8] = { 0x72, 0x05, 0x20, 0x00, 0, 0, 0, 0 };
	static const uint8_t desc_deferred[8] = { 0x73, 0x04, 0x44, 0x00, 0, 0, 0, 0 };
	struct mpr_call c;

	(void)state;
	c = call_with(MPR_SAM_CHECK_CONDITION, fixed, sizeof(fixed));
	assert_int_equal(mpr_classic_pr_code(-EREMOTEIO, &c), MPATH_PR_SENSE_MEDIUM_ERROR);
	c = call_with(MPR_SAM_CHECK_CONDITION, desc, sizeof(desc));
	assert_int_equal(mpr_classic_pr_code(-EOPNOTSUPP, &c), MPATH_PR_SENSE_INVALID_OP);
	c = call_with(MPR_SAM_CHECK_CONDITION, desc_deferred, sizeof(desc_deferred));
	assert_int_equal(mpr_classic_pr_code(-EREMOTEIO, &c), MPATH_PR_SENSE_HARDWARE_ERROR);
}

/* The device's answer decides over the errno; a GOOD behind an error is OTHER. */
static void test_mapping_prefers_the_decisive_result(void **state)
{
	static const uint8_t ua[8] = { 0x72, 0x06, 0x29, 0x00, 0, 0, 0, 0 };
	struct mpr_call c = call_with(MPR_SAM_RESERVATION_CONFLICT, NULL, 0);

	(void)state;
	assert_int_equal(mpr_classic_pr_code(-EBADE, &c), MPATH_PR_RESERV_CONFLICT);
	assert_int_equal(mpr_classic_pr_code(-ENOLINK, &c), MPATH_PR_RESERV_CONFLICT);
	c = call_with(MPR_SAM_CHECK_CONDITION, ua, sizeof(ua));
	assert_int_equal(mpr_classic_pr_code(-EIO, &c), MPATH_PR_SENSE_UNIT_ATTENTION);
	c = call_with(MPR_SAM_GOOD, NULL, 0);
	assert_int_equal(mpr_classic_pr_code(-EIO, &c), MPATH_PR_OTHER);
	c = call_with(MPR_SAM_GOOD, NULL, 0);
	c.decisive.os_error = ENOENT;
	assert_int_equal(mpr_classic_pr_code(-EIO, &c), MPATH_PR_FILE_ERROR);
	c.decisive.os_error = 0;
	c.decisive.host_status = MPR_DID_NO_CONNECT;
	assert_int_equal(mpr_classic_pr_code(-EIO, &c), MPATH_PR_OTHER);
	assert_int_equal(mpr_classic_pr_code(0, &c), MPATH_PR_SUCCESS);
}

static void test_mapping_of_errnos_without_device_answer(void **state)
{
	static const struct { int err, code; } map[] = {
		{ 0, MPATH_PR_SUCCESS },
		{ -EINVAL, MPATH_PR_SYNTAX_ERROR },
		{ -ENOENT, MPATH_PR_FILE_ERROR }, { -ENOTBLK, MPATH_PR_FILE_ERROR },
		{ -EBADF, MPATH_PR_FILE_ERROR }, { -EACCES, MPATH_PR_FILE_ERROR },
		{ -ENXIO, MPATH_PR_FILE_ERROR }, { -ENODEV, MPATH_PR_FILE_ERROR },
		{ -EMEDIUMTYPE, MPATH_PR_DMMP_ERROR }, { -ENOLINK, MPATH_PR_DMMP_ERROR },
		{ -EPROTO, MPATH_PR_SENSE_MALFORMED },
		{ -EBADE, MPATH_PR_RESERV_CONFLICT },
		{ -ENOMEM, MPATH_PR_OTHER }, { -EIO, MPATH_PR_OTHER },
		{ -ETIMEDOUT, MPATH_PR_OTHER },
	};
	struct mpr_call none = { .have_decisive = false };

	(void)state;
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		if (mpr_classic_pr_code(map[i].err, NULL) != map[i].code)
			fail_msg("errno %d: expected %d, got %d", map[i].err, map[i].code,
				 mpr_classic_pr_code(map[i].err, NULL));
		assert_int_equal(mpr_classic_pr_code(map[i].err, &none), map[i].code);
	}
}

/* ---- concurrency ---- */

#define N_THREADS 8
#define N_CALLS 50

struct worker {
	struct fx *f;
	int host;
	uint64_t key;
	int failures;
};

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct prout_param_descriptor *p = calloc(1, sizeof(*p));
	struct prin_resp *resp = mpath_alloc_prin_response(MPATH_PRIN_RKEY_SA);
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

	if (!p || !resp || fd < 0) {
		w->failures = N_CALLS;
		goto out;
	}
	fx_put_be64(p->sa_key, w->key);
	for (int i = 0; i < N_CALLS; i++) {
		int r = i % 2 ? mpr_classic_prin(w->f->e->ctx[w->host], fd, MPATH_PRIN_RKEY_SA, resp)
			      : mpr_classic_prout(w->f->e->ctx[w->host], fd,
						  MPATH_PROUT_REG_IGN_SA, MPATH_LU_SCOPE, 0, p);

		if (r != MPATH_PR_SUCCESS)
			w->failures++;
	}
out:
	if (fd >= 0)
		close(fd);
	free(p);
	free(resp);
	return NULL;
}

static int setup_4x2(void **state)
{
	int r = fx_setup(state);
	struct fx *f = *state;

	eng_env_free(f->e);
	f->e = eng_env_new(4, 2);
	return r;
}

static void test_concurrent_calls_on_different_hosts_are_safe(void **state)
{
	struct fx *f = *state;
	struct worker w[N_THREADS];
	pthread_t t[N_THREADS];

	for (int i = 0; i < N_THREADS; i++) {
		w[i] = (struct worker){ .f = f, .host = i % 4, .key = KEY_A + (uint64_t)(i % 4) };
		assert_int_equal(pthread_create(&t[i], NULL, worker_main, &w[i]), 0);
	}
	for (int i = 0; i < N_THREADS; i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		assert_int_equal(w[i].failures, 0);
	}
	for (int h = 0; h < 4; h++)
		for (int p = 0; p < 2; p++)
			assert_int_equal(eng_key(f->e, h, p), KEY_A + (uint64_t)h);
	assert_int_equal(spc4_model_keys(f->e->m, f->e->lu, NULL, 0), 8);
	assert_int_equal(spc4_model_open_handles(f->e->m), 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_sense_keys_map_to_codes_fixed_format),
		T(test_sense_keys_map_to_codes_descriptor_format),
		T(test_unit_attention_storm_is_unit_attention),
		T(test_single_unit_attention_is_retried),
		T(test_transport_error_on_every_path_is_other),
		T(test_timeout_on_every_path_is_other),
		T(test_busy_on_every_path_is_other),
		T(test_register_with_every_path_disconnected_is_not_success),
		T(test_preempt_whose_answer_was_lost_is_success),
		T(test_clear_whose_answer_was_lost_is_success),
		T(test_reserve_held_by_other_host_is_conflict),
		T(test_register_with_wrong_old_key_is_conflict),
		T(test_reserve_without_registration_is_conflict),
		T(test_release_with_wrong_type_is_illegal_request),
		T(test_all_paths_failed_in_map_is_dmmp_error),
		T(test_closed_fd_is_file_error),
		T(test_real_api_on_regular_file_is_file_error),
		T(test_real_api_on_char_device_is_file_error),
		T(test_real_api_on_closed_fd_is_file_error),
		T(test_check_condition_without_sense_is_sense_malformed),
		T(test_mapping_reads_fixed_and_descriptor_sense),
		T(test_mapping_prefers_the_decisive_result),
		T(test_mapping_of_errnos_without_device_answer),
		cmocka_unit_test_setup_teardown(test_concurrent_calls_on_different_hosts_are_safe,
						setup_4x2, fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
