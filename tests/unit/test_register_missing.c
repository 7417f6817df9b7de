/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test_register_missing.c - mpathpr_register_missing(): a path that joined
 * after 'on' (back from offline, re-logged in with a new ISID) gets this
 * node's key; a fenced node gets nothing, also when it is fenced while the
 * call runs; hung paths cost no more than the io timeout or the deadline.
 * Against the SPC-4 model (engine_env: host 0 is A, host 1 is B).
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <cmocka.h>

#include "ctx.h"
#include "engine_env.h"

#define KEY_A 0xaaaa0001ULL
#define KEY_B 0xbbbb0002ULL
#define DEADLINE_MS 300
#define SA_REGISTER 0x00
#define SA_REGISTER_IGNORE 0x06
#define PRIN 0x5e
#define PROUT 0x5f
#define PRIN_FULL_STATUS 0x03

static size_t registers_sent(struct eng_env *e)
{
	return eng_prout_count(e, SA_REGISTER) + eng_prout_count(e, SA_REGISTER_IGNORE);
}

/* B registered while the listed paths of it were offline; then they came back. */
static struct mpathpr_dev *b_with_paths_back(struct eng_env *e, const int *down, size_t n)
{
	for (size_t i = 0; i < n; i++)
		e->state[1][down[i]] = MPR_PATH_OFFLINE;
	eng_unfence(e, 1, KEY_B, false);
	for (size_t i = 0; i < n; i++) {
		e->state[1][down[i]] = MPR_PATH_ACTIVE;
		assert_int_equal(eng_key(e, 1, down[i]), 0);
	}
	return eng_open(e, 1);
}

static void test_path_back_after_on_gets_the_key(void **state)
{
	struct eng_env *e = *state;
	struct mpathpr_repair_result res = { 0 };
	struct mpathpr_dev *dev = b_with_paths_back(e, (int[]){ 0 }, 1);

	spc4_model_clear_log(e->m);
	assert_int_equal(mpathpr_register_missing(dev, KEY_B, NULL, &res), 0);
	assert_int_equal(res.registered, 1);
	assert_int_equal(res.present, 1);
	assert_int_equal(res.unknown, 0);
	assert_int_equal(eng_key(e, 1, 0), KEY_B);
	assert_int_equal(eng_key(e, 1, 1), KEY_B);
	/* only the path that lacked it */
	assert_int_equal(registers_sent(e), 1);
	assert_int_equal(spc4_model_command_count(e->m, "/dev/h1p1", PROUT, -1), 0);
	mpathpr_dev_close(dev);
}

static void test_every_path_registered_sends_no_pr_out(void **state)
{
	struct eng_env *e = *state;
	struct mpathpr_repair_result res = { 0 };
	struct mpathpr_dev *dev;
	size_t before;

	eng_unfence(e, 1, KEY_B, false);
	dev = eng_open(e, 1);
	before = eng_prout_count(e, -1);
	assert_int_equal(mpathpr_register_missing(dev, KEY_B, NULL, &res), 0);
	assert_int_equal(res.registered, 0);
	assert_int_equal(res.present, 2);
	assert_int_equal(eng_prout_count(e, -1), before);
	mpathpr_dev_close(dev);
}

static void test_relogin_with_new_isid_registers_the_new_nexus(void **state)
{
	struct eng_env *e = *state;
	struct mpathpr_repair_result res = { 0 };
	struct mpathpr_dev *dev;
	uint64_t old_key = 0;

	eng_unfence(e, 1, KEY_B, false);
	eng_relogin(e, 1, 0);
	assert_int_equal(eng_key(e, 1, 0), 0);
	dev = eng_open(e, 1);
	assert_int_equal(mpathpr_register_missing(dev, KEY_B, NULL, &res), 0);
	assert_int_equal(res.registered, 1);
	assert_int_equal(eng_key(e, 1, 0), KEY_B);
	/* the old nexus keeps its registration: it is the LU's, not the session's */
	assert_true(spc4_model_path_registered(e->m, "/dev/h1p0", &old_key));
	assert_int_equal(old_key, KEY_B);
	mpathpr_dev_close(dev);
}

static void test_fenced_node_is_refused_and_sends_nothing(void **state)
{
	struct eng_env *e = *state;
	struct mpathpr_repair_result res = { .registered = 77 };
	struct mpathpr_dev *a, *dev;
	size_t before;

	eng_unfence(e, 0, KEY_A, true);
	dev = b_with_paths_back(e, (int[]){ 0 }, 1);
	a = eng_open(e, 0);
	assert_int_equal(mpathpr_preempt(a, KEY_A, KEY_B, MPATHPR_TYPE_WE_RO, true, NULL), 0);
	mpathpr_dev_close(a);
	before = eng_prout_count(e, -1);
	assert_int_equal(mpathpr_register_missing(dev, KEY_B, NULL, &res), -EKEYREVOKED);
	assert_int_equal(eng_prout_count(e, -1), before);
	assert_int_equal(res.registered, 77);	/* untouched on failure */
	for (int p = 0; p < e->n_paths; p++)
		assert_int_equal(eng_key(e, 1, p), 0);
	assert_int_not_equal(eng_write(e, 1, 0), 0);
	mpathpr_dev_close(dev);
}

struct fence_later {
	struct eng_env *e;
	unsigned int after_ms;
	int result;
};

static void *fence_b_later(void *arg)
{
	struct fence_later *f = arg;
	struct timespec ts = { .tv_nsec = (long)f->after_ms * 1000000L };
	struct mpathpr_dev *a = eng_open(f->e, 0);

	nanosleep(&ts, NULL);
	f->result = mpathpr_preempt(a, KEY_A, KEY_B, MPATHPR_TYPE_WE_RO, true, NULL);
	mpathpr_dev_close(a);
	return NULL;
}

static void test_fenced_while_registering_takes_the_registration_back(void **state)
{
	struct eng_env *e = *state;
	struct spc4_fault slow = SPC4_FAULT_INIT(SPC4_FAULT_SLOW);
	struct fence_later f = { .e = e, .after_ms = 60 };
	struct mpathpr_repair_result res = { 0 };
	struct mpathpr_dev *dev;
	pthread_t t;

	eng_unfence(e, 0, KEY_A, true);
	dev = b_with_paths_back(e, (int[]){ 0 }, 1);
	/* B's REGISTER on the returning path reaches the LU after A fenced B */
	slow.opcode = PROUT;
	slow.sa = SA_REGISTER_IGNORE;
	slow.wall_delay_us = 250000;
	assert_int_equal(spc4_model_path_fault(e->m, "/dev/h1p0", &slow), 0);
	assert_int_equal(pthread_create(&t, NULL, fence_b_later, &f), 0);
	assert_int_equal(mpathpr_register_missing(dev, KEY_B, NULL, &res), -EKEYREVOKED);
	pthread_join(t, NULL);
	assert_int_equal(f.result, 0);
	/* the registration that landed after the fence was taken back */
	assert_int_equal(eng_prout_count(e, SA_REGISTER), 1);
	for (int p = 0; p < e->n_paths; p++)
		assert_int_equal(eng_key(e, 1, p), 0);
	mpathpr_dev_close(dev);
}

static void test_hung_returning_path_costs_at_most_the_io_timeout(void **state)
{
	struct eng_env *e = *state;
	struct mpathpr_repair_result res = { 0 };
	struct mpathpr_report *rep;
	struct mpathpr_dev *dev = b_with_paths_back(e, (int[]){ 0, 2 }, 2);
	struct spc4_fault hang = SPC4_FAULT_INIT(SPC4_FAULT_HANG);
	uint64_t t0, spent;

	/* path 2 hangs on PR OUT only: its REGISTER never comes back */
	hang.opcode = PROUT;
	assert_int_equal(spc4_model_path_fault(e->m, "/dev/h1p2", &hang), 0);
	eng_env_set_waits(e, ENG_SHORT_IO_TIMEOUT_MS, ENG_BUDGET_MS, ENG_PATH_WAIT_MS);
	assert_int_equal(mpathpr_report_new(&rep), 0);
	t0 = eng_wall_ms();
	assert_int_equal(mpathpr_register_missing(dev, KEY_B, rep, &res), -ETIMEDOUT);
	spent = eng_wall_ms() - t0;
	/* the silent path was waited for one io timeout, not until the budget */
	assert_true(spent >= ENG_SHORT_IO_TIMEOUT_MS);
	assert_true(spent < ENG_BUDGET_MS);
	assert_int_equal(eng_key(e, 1, 0), KEY_B);
	assert_int_equal(eng_key(e, 1, 2), 0);
	mpathpr_report_free(rep);
	mpathpr_dev_close(dev);
}

static void test_every_path_hung_ends_by_the_context_deadline(void **state)
{
	struct eng_env *e = *state;
	struct mpathpr_repair_result res = { 0 };
	struct mpathpr_dev *dev = b_with_paths_back(e, (int[]){ 0 }, 1);
	uint64_t t0, spent;

	for (int p = 0; p < e->n_paths; p++)
		eng_fault(e, 1, p, SPC4_FAULT_HANG, 0);
	/* no path wait either: nothing but the deadline can end the call early */
	eng_env_set_waits(e, ENG_IO_TIMEOUT_MS, ENG_BUDGET_MS, ENG_IO_TIMEOUT_MS);
	t0 = eng_wall_ms();
	mpathpr_ctx_set_deadline(e->ctx[1], DEADLINE_MS);
	assert_int_equal(mpathpr_register_missing(dev, KEY_B, NULL, &res), -ETIMEDOUT);
	spent = eng_wall_ms() - t0;
	/* the deadline, not a path wait, an io timeout or the budget, ended it */
	assert_true(spent >= DEADLINE_MS);
	assert_true(spent < ENG_IO_TIMEOUT_MS);
	assert_int_equal(eng_key(e, 1, 0), 0);
	mpathpr_dev_close(dev);
}

static void test_device_without_full_status_is_refused_and_sends_nothing(void **state)
{
	struct eng_env *e = *state;
	struct spc4_fault rej = SPC4_FAULT_INIT(SPC4_FAULT_SENSE);
	struct mpathpr_repair_result res = { 0 };
	struct mpathpr_dev *dev = b_with_paths_back(e, (int[]){ 0 }, 1);
	size_t before = eng_prout_count(e, -1);
	char p[32];

	rej.opcode = PRIN;
	rej.sa = PRIN_FULL_STATUS;
	rej.sk = 0x05;		/* ILLEGAL REQUEST, INVALID FIELD IN CDB */
	rej.asc = 0x24;
	for (int i = 0; i < e->n_paths; i++)
		assert_int_equal(spc4_model_path_fault(e->m, eng_path(1, i, p, sizeof(p)), &rej),
				 0);
	assert_int_equal(mpathpr_register_missing(dev, KEY_B, NULL, &res), -EOPNOTSUPP);
	assert_int_equal(eng_prout_count(e, -1), before);
	assert_int_equal(eng_key(e, 1, 0), 0);
	mpathpr_dev_close(dev);
}

static void test_repair_keeps_persistence_through_power_loss(void **state)
{
	struct eng_env *e = *state;
	struct mpathpr_repair_result res = { 0 };
	struct mpathpr_dev *dev;

	e->state[1][0] = MPR_PATH_OFFLINE;
	dev = eng_open(e, 1);
	assert_int_equal(mpathpr_register(dev, 0, KEY_B,
					  MPATHPR_REG_IGNORE_EXISTING | MPATHPR_REG_APTPL, NULL), 0);
	mpathpr_dev_close(dev);
	e->state[1][0] = MPR_PATH_ACTIVE;
	dev = eng_open(e, 1);
	assert_true(spc4_model_aptpl(e->m, e->lu));
	assert_int_equal(mpathpr_register_missing(dev, KEY_B, NULL, &res), 0);
	assert_int_equal(res.registered, 1);
	assert_true(spc4_model_aptpl(e->m, e->lu));
	mpathpr_dev_close(dev);
}

static void test_bad_arguments_send_nothing(void **state)
{
	struct eng_env *e = *state;
	struct mpathpr_repair_result res;
	struct mpathpr_dev *dev = eng_open(e, 1);

	assert_int_equal(mpathpr_register_missing(NULL, KEY_B, NULL, &res), -EINVAL);
	assert_int_equal(mpathpr_register_missing(dev, 0, NULL, &res), -EINVAL);
	assert_int_equal(mpathpr_register_missing(dev, KEY_B, NULL, NULL), -EINVAL);
	assert_int_equal(spc4_model_command_count(e->m, NULL, -1, -1), 0);
	mpathpr_dev_close(dev);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_path_back_after_on_gets_the_key,
						eng_setup_sessions_2x2, eng_teardown),
		cmocka_unit_test_setup_teardown(test_every_path_registered_sends_no_pr_out,
						eng_setup_sessions_2x2, eng_teardown),
		cmocka_unit_test_setup_teardown(test_relogin_with_new_isid_registers_the_new_nexus,
						eng_setup_sessions_2x2, eng_teardown),
		cmocka_unit_test_setup_teardown(test_fenced_node_is_refused_and_sends_nothing,
						eng_setup_sessions_2x2, eng_teardown),
		cmocka_unit_test_setup_teardown(
			test_fenced_while_registering_takes_the_registration_back,
			eng_setup_sessions_2x2, eng_teardown),
		cmocka_unit_test_setup_teardown(
			test_hung_returning_path_costs_at_most_the_io_timeout,
			eng_setup_sessions_2x4, eng_teardown),
		cmocka_unit_test_setup_teardown(test_every_path_hung_ends_by_the_context_deadline,
						eng_setup_sessions_2x2, eng_teardown),
		cmocka_unit_test_setup_teardown(
			test_device_without_full_status_is_refused_and_sends_nothing,
			eng_setup_sessions_2x2, eng_teardown),
		cmocka_unit_test_setup_teardown(test_repair_keeps_persistence_through_power_loss,
						eng_setup_sessions_2x2, eng_teardown),
		cmocka_unit_test_setup_teardown(test_bad_arguments_send_nothing,
						eng_setup_sessions_2x2, eng_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
