/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test_engine_faults.c - the engine when paths are broken the hard way:
 * commands that never come back (a path whose packets are lost), nexuses
 * that lost their registration after 'on', a node fenced while it acts.
 * Against the SPC-4 model with its HANG fault; waits are real time,
 * bounded as engine_env.h says, beside what the report and the model say
 * happened.
 */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "ctx.h"
#include "engine_env.h"

#define KEY_A 0xaaaa0001ULL
#define KEY_B 0xbbbb0002ULL
#define PRIN 0x5e
#define SA_READ_KEYS 0x00
#define SA_REGISTER 0x00
#define SA_REGISTER_IGNORE 0x06
#define SA_PREEMPT_ABORT 0x05

static size_t no_answer_entries(const struct mpathpr_report *rep)
{
	size_t n = 0;

	for (size_t i = 0; i < mpathpr_report_count(rep); i++)
		n += mpathpr_report_entry(rep, i)->no_answer;
	return n;
}

/* Whether path @p of host @h has entries in @rep, and none was answered. */
static bool path_entries_unanswered(const struct mpathpr_report *rep, int h, int p)
{
	char dev[32];
	size_t n = 0;

	eng_path(h, p, dev, sizeof(dev));
	for (size_t i = 0; i < mpathpr_report_count(rep); i++) {
		const struct mpathpr_path_result *r = mpathpr_report_entry(rep, i);

		if (strcmp(r->devnode, dev))
			continue;
		if (!r->no_answer)
			return false;
		n++;
	}
	return n > 0;
}

/* An answered PREEMPT AND ABORT of host @h through path 2 or 3. */
static bool preempt_answered_on_a_live_path(const struct mpathpr_report *rep, int h)
{
	char p2[32], p3[32];

	eng_path(h, 2, p2, sizeof(p2));
	eng_path(h, 3, p3, sizeof(p3));
	for (size_t i = 0; i < mpathpr_report_count(rep); i++) {
		const struct mpathpr_path_result *r = mpathpr_report_entry(rep, i);

		if (r->pr_out && r->service_action == SA_PREEMPT_ABORT && !r->no_answer &&
		    r->scsi_status == 0 && (!strcmp(r->devnode, p2) || !strcmp(r->devnode, p3)))
			return true;
	}
	return false;
}

static void test_preempt_with_first_paths_hung_is_hedged_to_a_live_one(void **state)
{
	struct eng_env *e = *state;
	struct mpathpr_report *rep;
	struct mpathpr_dev *dev;
	uint64_t t0, spent;

	eng_unfence(e, 0, KEY_A, true);
	eng_unfence(e, 1, KEY_B, false);
	dev = eng_open(e, 1);
	eng_fault(e, 1, 0, SPC4_FAULT_HANG, 0);
	eng_fault(e, 1, 1, SPC4_FAULT_HANG, 0);
	assert_int_equal(mpathpr_report_new(&rep), 0);
	t0 = eng_wall_ms();
	/* a success at all: the hung paths never answer, so they were not waited for */
	assert_int_equal(mpathpr_preempt(dev, KEY_B, KEY_A, MPATHPR_TYPE_WE_RO, true, rep), 0);
	spent = eng_wall_ms() - t0;
	/* each hung path cost one path wait before the next was tried, and
	 * neither was waited for until an io timeout */
	assert_true(spent >= 2 * ENG_PATH_WAIT_MS);
	assert_true(spent < ENG_IO_TIMEOUT_MS);
	for (int p = 0; p < e->n_paths; p++)
		assert_int_equal(eng_key(e, 0, p), 0);
	/* the hung paths are the unanswered ones; a live one preempted (on a
	 * loaded machine a slow live path may be hedged too: not asserted) */
	assert_true(path_entries_unanswered(rep, 1, 0));
	assert_true(path_entries_unanswered(rep, 1, 1));
	assert_true(preempt_answered_on_a_live_path(rep, 1));
	mpathpr_report_free(rep);
	mpathpr_dev_close(dev);
}

static void test_every_path_hung_is_a_timeout_inside_the_budget(void **state)
{
	struct eng_env *e = *state;
	struct mpathpr_dev *dev;
	uint64_t t0, spent;

	eng_unfence(e, 0, KEY_A, true);
	eng_unfence(e, 1, KEY_B, false);
	dev = eng_open(e, 1);
	for (int p = 0; p < e->n_paths; p++)
		eng_fault(e, 1, p, SPC4_FAULT_HANG, 0);
	eng_env_set_waits(e, ENG_IO_TIMEOUT_MS, ENG_SHORT_BUDGET_MS, ENG_SHORT_PATH_WAIT_MS);
	t0 = eng_wall_ms();
	assert_int_equal(mpathpr_preempt(dev, KEY_B, KEY_A, MPATHPR_TYPE_WE_RO, true, NULL),
			 -ETIMEDOUT);
	spent = eng_wall_ms() - t0;
	/* the whole budget was waited for, and the budget, not an io timeout, ended it */
	assert_true(spent >= ENG_SHORT_BUDGET_MS);
	assert_true(spent < ENG_IO_TIMEOUT_MS);
	/* the hung commands never reached the LU: A is still registered */
	assert_int_equal(eng_key(e, 0, 0), KEY_A);
	mpathpr_dev_close(dev);
}

/* Wait (10 s at most) until every path job has released the transport: a
 * job's thread lets go of it just after the caller collected its answer. */
static unsigned int holds_after_jobs_end(struct spc4_model *m)
{
	for (int i = 0; i < 1000 && spc4_model_holds(m) > 0; i++)
		nanosleep(&(struct timespec){ .tv_nsec = 10 * 1000 * 1000 }, NULL);
	return spc4_model_holds(m);
}

/* An abandoned job may still open or submit after its caller returned and the
 * caller's transport owner let go (a test freeing its model, under load):
 * it holds the transport until it ends, and releases it then. */
static void test_abandoned_jobs_hold_the_transport_until_they_end(void **state)
{
	struct eng_env *e = *state;
	struct mpathpr_dev *dev;

	eng_unfence(e, 0, KEY_A, true);
	eng_unfence(e, 1, KEY_B, false);
	assert_int_equal(holds_after_jobs_end(e->m), 0);
	dev = eng_open(e, 1);
	for (int p = 0; p < e->n_paths; p++)
		eng_fault(e, 1, p, SPC4_FAULT_HANG, 0);
	eng_env_set_waits(e, ENG_IO_TIMEOUT_MS, ENG_SHORT_BUDGET_MS, ENG_SHORT_PATH_WAIT_MS);
	assert_int_equal(mpathpr_preempt(dev, KEY_B, KEY_A, MPATHPR_TYPE_WE_RO, true, NULL),
			 -ETIMEDOUT);
	mpathpr_dev_close(dev);
	/* the hung commands' jobs are abandoned, not gone */
	assert_true(spc4_model_holds(e->m) > 0);
	spc4_model_drain(e->m);
	assert_int_equal(holds_after_jobs_end(e->m), 0);
}

static void test_hung_path_is_not_asked_again_by_the_device(void **state)
{
	struct eng_env *e = *state;
	struct mpathpr_key_matrix *m = NULL;
	struct mpathpr_dev *dev;
	char p0[32];
	size_t sent;

	eng_unfence(e, 0, KEY_A, false);
	dev = eng_open(e, 0);
	eng_fault(e, 0, 0, SPC4_FAULT_HANG, 0);
	assert_int_equal(mpathpr_read_reservation(dev, &(struct mpathpr_reservation){ 0 }, NULL),
			 0);
	/* the READ KEYS through every path sends the hung one nothing (counted
	 * by service action: the abandoned READ RESERVATION may still arrive) */
	sent = spc4_model_command_count(e->m, eng_path(0, 0, p0, sizeof(p0)), PRIN, SA_READ_KEYS);
	assert_int_equal(mpathpr_read_key_matrix(dev, &m, NULL), 0);
	assert_int_equal(spc4_model_command_count(e->m, p0, PRIN, SA_READ_KEYS), sent);
	/* -ETIMEDOUT without a new command: the path that did not answer */
	assert_int_equal(m->paths[0].error, -ETIMEDOUT);
	assert_int_equal(m->paths[1].error, 0);
	assert_int_equal(m->paths[1].count, 2);
	mpathpr_key_matrix_free(m);
	mpathpr_dev_close(dev);
}

static void test_register_round_reports_a_hung_path_without_waiting_past_io_timeout(void **state)
{
	struct eng_env *e = *state;
	struct mpathpr_report *rep;
	struct mpathpr_dev *dev = eng_open(e, 0);
	uint64_t t0, spent;

	eng_fault(e, 0, 2, SPC4_FAULT_HANG, 0);
	eng_env_set_waits(e, ENG_SHORT_IO_TIMEOUT_MS, ENG_BUDGET_MS, ENG_PATH_WAIT_MS);
	assert_int_equal(mpathpr_report_new(&rep), 0);
	t0 = eng_wall_ms();
	assert_int_equal(mpathpr_register(dev, 0, KEY_A, MPATHPR_REG_IGNORE_EXISTING, rep), 0);
	spent = eng_wall_ms() - t0;
	/* the silent path was waited for one io timeout, not until the budget */
	assert_true(spent >= ENG_SHORT_IO_TIMEOUT_MS);
	assert_true(spent < ENG_BUDGET_MS);
	assert_int_equal(eng_key(e, 0, 0), KEY_A);
	assert_int_equal(eng_key(e, 0, 1), KEY_A);
	assert_int_equal(eng_key(e, 0, 2), 0);
	assert_int_equal(eng_key(e, 0, 3), KEY_A);
	assert_int_equal(no_answer_entries(rep), 1);
	assert_true(path_entries_unanswered(rep, 0, 2));
	mpathpr_report_free(rep);
	mpathpr_dev_close(dev);
}

static void test_other_devices_leave_a_silent_session_alone(void **state)
{
	struct eng_env *e = *state;
	struct mpathpr_reservation rv;
	struct mpathpr_key_matrix *m = NULL;
	struct mpathpr_report *rep;
	struct mpathpr_dev *first, *second;
	char p1[32];
	uint64_t t0;

	eng_unfence(e, 0, KEY_A, true);
	first = eng_open(e, 0);
	second = eng_open(e, 0);
	eng_fault(e, 0, 0, SPC4_FAULT_HANG, 0);
	/* the first device waits one path wait for path 0's session ... */
	t0 = eng_wall_ms();
	assert_int_equal(mpathpr_read_reservation(first, &rv, NULL), 0);
	assert_true(eng_wall_ms() - t0 >= ENG_PATH_WAIT_MS);
	/* ... the second one, through the same context, sends path 0 nothing,
	 * neither the read nor its read-back: path 1 answers at once */
	assert_int_equal(mpathpr_report_new(&rep), 0);
	assert_int_equal(mpathpr_read_reservation(second, &rv, rep), 0);
	assert_true(rv.held);
	assert_int_equal(mpathpr_read_key_matrix(second, &m, rep), 0);
	for (size_t i = 0; i < mpathpr_report_count(rep); i++)
		assert_string_equal(mpathpr_report_entry(rep, i)->devnode,
				    eng_path(0, 1, p1, sizeof(p1)));
	assert_int_equal(no_answer_entries(rep), 0);
	assert_int_equal(m->paths[0].error, -ENOLINK);
	assert_int_equal(m->paths[1].error, 0);
	mpathpr_key_matrix_free(m);
	mpathpr_report_free(rep);
	mpathpr_dev_close(first);
	mpathpr_dev_close(second);
}

/* B registered while its path 0 was down; the path came back unregistered. */
static struct mpathpr_dev *b_with_unregistered_path0(struct eng_env *e)
{
	struct mpathpr_dev *dev;

	e->state[1][0] = MPR_PATH_OFFLINE;
	eng_unfence(e, 1, KEY_B, false);
	e->state[1][0] = MPR_PATH_ACTIVE;
	assert_int_equal(eng_key(e, 1, 0), 0);
	dev = eng_open(e, 1);
	return dev;
}

static void test_preempt_on_unregistered_nexus_repairs_it(void **state)
{
	struct eng_env *e = *state;
	struct mpathpr_dev *dev;

	eng_unfence(e, 0, KEY_A, true);
	dev = b_with_unregistered_path0(e);
	assert_int_equal(mpathpr_preempt(dev, KEY_B, KEY_A, MPATHPR_TYPE_WE_RO, true, NULL), 0);
	assert_int_equal(eng_key(e, 0, 0), 0);
	assert_int_equal(eng_key(e, 0, 1), 0);
	/* the nexus that came back now carries B's key */
	assert_int_equal(eng_key(e, 1, 0), KEY_B);
	assert_int_equal(eng_key(e, 1, 1), KEY_B);
	mpathpr_dev_close(dev);
}

static void test_reserve_on_unregistered_nexus_repairs_it(void **state)
{
	struct eng_env *e = *state;
	struct mpathpr_reservation rv = { 0 };
	struct mpathpr_dev *dev = b_with_unregistered_path0(e);

	assert_int_equal(mpathpr_reserve(dev, KEY_B, MPATHPR_TYPE_WE_RO, NULL), 0);
	assert_int_equal(mpathpr_read_reservation(dev, &rv, NULL), 0);
	assert_true(rv.held);
	assert_int_equal(rv.key, KEY_B);
	assert_int_equal(eng_key(e, 1, 0), KEY_B);
	mpathpr_dev_close(dev);
}

static void test_fenced_node_is_never_registered_again(void **state)
{
	struct eng_env *e = *state;
	struct mpathpr_dev *dev;
	size_t regs;

	eng_unfence(e, 0, KEY_A, true);
	eng_unfence(e, 1, KEY_B, false);
	dev = eng_open(e, 0);
	/* A fences B first ... */
	assert_int_equal(mpathpr_preempt(dev, KEY_A, KEY_B, MPATHPR_TYPE_WE_RO, true, NULL), 0);
	mpathpr_dev_close(dev);
	/* ... then B, not knowing, tries to fence A: nothing registers B again */
	dev = eng_open(e, 1);
	regs = eng_prout_count(e, SA_REGISTER) + eng_prout_count(e, SA_REGISTER_IGNORE);
	assert_int_equal(mpathpr_preempt(dev, KEY_B, KEY_A, MPATHPR_TYPE_WE_RO, true, NULL),
			 -EKEYREVOKED);
	assert_int_equal(eng_prout_count(e, SA_REGISTER) + eng_prout_count(e, SA_REGISTER_IGNORE),
			 regs);
	assert_int_equal(eng_key(e, 1, 0), 0);
	assert_int_equal(eng_key(e, 1, 1), 0);
	assert_int_equal(eng_key(e, 0, 0), KEY_A);
	mpathpr_dev_close(dev);
}

struct suspend_log {
	int calls;
	bool suspended;		/* the map's state now */
	const char *map;
};

static int fake_suspend(void *data, const char *map, bool suspended)
{
	struct suspend_log *l = data;

	l->calls++;
	l->suspended = suspended;
	l->map = map;
	return 0;
}

static void test_release_with_holder_down_suspends_the_map_and_keeps_aptpl(void **state)
{
	struct eng_env *e = *state;
	struct suspend_log log = { 0 };
	struct mpathpr_dev *dev;
	char p0[32];
	int holder;

	dev = eng_open(e, 0);
	assert_int_equal(mpathpr_register(dev, 0, KEY_A,
					  MPATHPR_REG_IGNORE_EXISTING | MPATHPR_REG_APTPL, NULL), 0);
	assert_int_equal(mpathpr_reserve(dev, KEY_A, MPATHPR_TYPE_WE_RO, NULL), 0);
	mpathpr_dev_close(dev);
	assert_true(spc4_model_aptpl(e->m, e->lu));
	holder = spc4_model_path_holds(e->m, eng_path(0, 0, p0, sizeof(p0))) ? 0 : 1;
	e->state[0][holder] = MPR_PATH_FAILED;
	eng_fault(e, 0, holder, SPC4_FAULT_DOWN, 0);
	mpr_ctx_set_suspend(e->ctx[0], fake_suspend, &log);
	dev = eng_open(e, 0);
	assert_int_equal(mpathpr_release(dev, KEY_A, MPATHPR_TYPE_WE_RO, NULL), 0);
	assert_false(spc4_model_reservation(e->m, e->lu, NULL, NULL));
	assert_int_equal(eng_key(e, 0, 1 - holder), KEY_A);
	/* suspended around the self-preempt, resumed after: two calls */
	assert_int_equal(log.calls, 2);
	assert_false(log.suspended);
	assert_string_equal(log.map, mpathpr_dev_name(dev));
	/* the re-registration kept persistence through power loss */
	assert_true(spc4_model_aptpl(e->m, e->lu));
	mpathpr_dev_close(dev);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_preempt_with_first_paths_hung_is_hedged_to_a_live_one, eng_setup_2x4, eng_teardown),
		cmocka_unit_test_setup_teardown(test_every_path_hung_is_a_timeout_inside_the_budget, eng_setup_2x2, eng_teardown),
		cmocka_unit_test_setup_teardown(test_hung_path_is_not_asked_again_by_the_device, eng_setup_2x2, eng_teardown),
		cmocka_unit_test_setup_teardown(test_other_devices_leave_a_silent_session_alone, eng_setup_2x2, eng_teardown),
		cmocka_unit_test_setup_teardown(test_register_round_reports_a_hung_path_without_waiting_past_io_timeout, eng_setup_2x4, eng_teardown),
		cmocka_unit_test_setup_teardown(test_preempt_on_unregistered_nexus_repairs_it, eng_setup_2x2, eng_teardown),
		cmocka_unit_test_setup_teardown(test_reserve_on_unregistered_nexus_repairs_it, eng_setup_2x2, eng_teardown),
		cmocka_unit_test_setup_teardown(test_fenced_node_is_never_registered_again, eng_setup_2x2, eng_teardown),
		cmocka_unit_test_setup_teardown(test_abandoned_jobs_hold_the_transport_until_they_end, eng_setup_2x2, eng_teardown),
		cmocka_unit_test_setup_teardown(test_release_with_holder_down_suspends_the_map_and_keeps_aptpl, eng_setup_2x2, eng_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
