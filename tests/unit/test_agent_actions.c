// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_agent_actions.c - fence_mpathpr's actions against the SPC-4 model:
 * two nodes, three LUNs, two paths per node and LUN.
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "agent/actions.h"
#include "agent/dispatch.h"
#include "agent/log.h"
#include "agent/store.h"
#include "agent_model_env.h"

#define PR_IN	0x5e
#define PR_OUT	0x5f
#define A	0
#define B	1

static char debug_file[PATH_MAX];

static void unfence_both(struct env *e)
{
	assert_int_equal(env_unfence_both(e), 0);
}

static void assert_fenced(struct env *e, int victim, int survivor)
{
	for (int l = 0; l < ENV_LUNS; l++) {
		assert_false(env_key_on_lun(e, l, e->host[victim].key));
		assert_true(env_host_registered(e, survivor, l));
		assert_true(spc4_model_reservation(e->m, e->lu[l], NULL, NULL));
	}
}

static void test_on_registers_every_path_reserves_and_records(void **state)
{
	struct env *e = *state;
	struct fence_store *s = NULL;
	char map[64];
	uint64_t key = 0, holder = 0;
	uint8_t type = 0;

	assert_int_equal(env_run(e, A, FENCE_ACT_ON, ENV_KEY_A), FENCE_EXIT_OK);
	for (int l = 0; l < ENV_LUNS; l++) {
		assert_true(env_host_registered(e, A, l));
		assert_true(spc4_model_reservation(e->m, e->lu[l], &holder, &type));
		assert_int_equal(holder, ENV_KEY_A);
		assert_int_equal(type, MPATHPR_TYPE_WE_RO);
	}
	assert_int_equal(fence_store_load(e->host[A].store_dir, &s), 0);
	assert_int_equal(s->count, ENV_LUNS);
	assert_int_equal(fence_store_lookup(s, env_map(A, 2, map, sizeof(map)), &key), 0);
	assert_int_equal(key, ENV_KEY_A);
	fence_store_free(s);
}

static void test_on_twice_keeps_one_registration_per_path(void **state)
{
	struct env *e = *state;
	uint64_t keys[16];

	assert_int_equal(env_run(e, A, FENCE_ACT_ON, ENV_KEY_A), FENCE_EXIT_OK);
	assert_int_equal(env_run(e, A, FENCE_ACT_ON, ENV_KEY_A), FENCE_EXIT_OK);
	for (int l = 0; l < ENV_LUNS; l++)
		assert_int_equal(spc4_model_keys(e->m, e->lu[l], keys, 16), ENV_PATHS);
}

static void test_on_uses_only_register_and_ignore(void **state)
{
	struct env *e = *state;

	assert_int_equal(env_run(e, A, FENCE_ACT_ON, ENV_KEY_A), FENCE_EXIT_OK);
	/* Never plain REGISTER (sa 0): it could unregister or conflict. */
	assert_int_equal(spc4_model_command_count(e->m, NULL, PR_OUT, 0), 0);
	assert_true(spc4_model_command_count(e->m, NULL, PR_OUT, 6) >= ENV_LUNS * ENV_PATHS);
}

static void test_on_after_relogin_registers_the_new_nexus(void **state)
{
	struct env *e = *state;
	char dev[64];
	uint64_t key = 0;

	assert_int_equal(env_run(e, A, FENCE_ACT_ON, ENV_KEY_A), FENCE_EXIT_OK);
	env_relogin(e, A, 0, 1);
	assert_false(spc4_model_path_registered(e->m, env_path(e, A, 0, 1, dev, sizeof(dev)), NULL));
	spc4_model_clear_log(e->m);
	assert_int_equal(env_run(e, A, FENCE_ACT_ON, ENV_KEY_A), FENCE_EXIT_OK);
	assert_true(spc4_model_path_registered(e->m, dev, &key));
	assert_int_equal(key, ENV_KEY_A);
	assert_true(env_host_registered(e, A, 0));
	/* No unregistration on the way: the key was never absent. */
	assert_int_equal(spc4_model_command_count(e->m, NULL, PR_OUT, 0), 0);
}

static void test_on_with_a_path_down_registers_the_others(void **state)
{
	struct env *e = *state;
	char dev[64];

	e->host[A].state[1][0] = MPR_PATH_FAILED;
	spc4_model_path_fault(e->m, env_path(e, A, 1, 0, dev, sizeof(dev)),
			      &SPC4_FAULT_INIT(SPC4_FAULT_DOWN));
	assert_int_equal(env_run(e, A, FENCE_ACT_ON, ENV_KEY_A), FENCE_EXIT_OK);
	assert_true(spc4_model_path_registered(e->m, env_path(e, A, 1, 1, dev, sizeof(dev)), NULL));
}

static void test_on_fails_when_a_usable_path_keeps_failing(void **state)
{
	struct env *e = *state;
	struct spc4_fault f = SPC4_FAULT_INIT(SPC4_FAULT_SENSE);
	char dev[64];

	f.sk = 0x4;	/* HARDWARE ERROR on a path dm calls active */
	f.asc = 0x44;
	spc4_model_path_fault(e->m, env_path(e, A, 2, 1, dev, sizeof(dev)), &f);
	assert_int_equal(env_run(e, A, FENCE_ACT_ON, ENV_KEY_A), FENCE_EXIT_FAIL);
}

static void test_off_removes_the_victim_everywhere(void **state)
{
	struct env *e = *state;

	unfence_both(e);
	assert_int_equal(env_run(e, B, FENCE_ACT_OFF, ENV_KEY_A), FENCE_EXIT_OK);
	assert_fenced(e, A, B);
}

static void test_fenced_node_writes_conflict(void **state)
{
	struct env *e = *state;

	unfence_both(e);
	assert_int_equal(env_write(e, A, 0, 0), MPR_SAM_GOOD);
	assert_int_equal(env_run(e, B, FENCE_ACT_OFF, ENV_KEY_A), FENCE_EXIT_OK);
	for (int l = 0; l < ENV_LUNS; l++)
		for (int p = 0; p < ENV_PATHS; p++)
			assert_int_equal(env_write(e, A, l, p), MPR_SAM_RESERVATION_CONFLICT);
	assert_int_equal(env_write(e, B, 0, 0), MPR_SAM_GOOD);
}

static void test_off_moves_the_reservation_from_the_victim(void **state)
{
	struct env *e = *state;
	uint64_t holder = 0;

	unfence_both(e);	/* a reserved first */
	assert_int_equal(env_run(e, B, FENCE_ACT_OFF, ENV_KEY_A), FENCE_EXIT_OK);
	for (int l = 0; l < ENV_LUNS; l++) {
		assert_true(spc4_model_reservation(e->m, e->lu[l], &holder, NULL));
		assert_int_equal(holder, ENV_KEY_B);
	}
}

static void test_off_of_own_key_is_refused_before_any_command(void **state)
{
	struct env *e = *state;

	unfence_both(e);
	spc4_model_clear_log(e->m);
	assert_int_equal(env_run(e, A, FENCE_ACT_OFF, ENV_KEY_A), FENCE_EXIT_FAIL);
	assert_int_equal(spc4_model_command_count(e->m, NULL, -1, -1), 0);
	for (int l = 0; l < ENV_LUNS; l++)
		assert_true(env_host_registered(e, A, l));
}

static void test_off_without_own_key_in_store_sends_nothing(void **state)
{
	struct env *e = *state;

	assert_int_equal(env_run(e, A, FENCE_ACT_ON, ENV_KEY_A), FENCE_EXIT_OK);
	spc4_model_clear_log(e->m);
	assert_int_equal(env_run(e, B, FENCE_ACT_OFF, ENV_KEY_A), FENCE_EXIT_FAIL);
	assert_int_equal(spc4_model_command_count(e->m, NULL, -1, -1), 0);
}

static void test_off_with_a_device_that_cannot_open_sends_nothing(void **state)
{
	struct env *e = *state;
	struct fence_config *cfg;

	unfence_both(e);
	spc4_model_clear_log(e->m);
	cfg = env_config(e, B, FENCE_ACT_OFF, ENV_KEY_A);
	free(cfg->devices[1]);
	cfg->devices[1] = strdup("/dev/mapper/b-nope");
	assert_int_equal(fence_action_run(cfg, e->host[B].ctx), FENCE_EXIT_FAIL);
	env_config_free(cfg);
	assert_int_equal(spc4_model_command_count(e->m, NULL, -1, -1), 0);
}

static bool debug_file_has(const char *a, const char *b, const char *c)
{
	char line[1024];
	bool found = false;
	FILE *f = fopen(debug_file, "r");

	assert_non_null(f);
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, a) && (!b || strstr(line, b)) && (!c || strstr(line, c));
	fclose(f);
	return found;
}

static uint64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* delay is for the cluster, not for a request that cannot work: it fails at once. */
static void test_off_with_delay_and_a_missing_device_fails_before_the_delay(void **state)
{
	struct env *e = *state;
	struct fence_config *cfg;
	uint64_t start;

	unfence_both(e);
	spc4_model_clear_log(e->m);
	cfg = env_config(e, B, FENCE_ACT_OFF, ENV_KEY_A);
	cfg->delay_s = 7;	/* no other test delays 7 s: its log line is this test's */
	free(cfg->devices[1]);
	cfg->devices[1] = strdup("/dev/mapper/b-nope");
	start = mono_ms();
	assert_int_equal(fence_action_run(cfg, e->host[B].ctx), FENCE_EXIT_FAIL);
	/* it never slept: no delay announced, and less time than the delay passed */
	assert_false(debug_file_has("delaying 7 s before fencing", NULL, NULL));
	assert_true(mono_ms() - start < 7000);
	env_config_free(cfg);
	assert_int_equal(spc4_model_command_count(e->m, NULL, -1, -1), 0);
}

static void test_off_after_its_delay_fences(void **state)
{
	struct env *e = *state;
	struct fence_config *cfg;
	uint64_t start;

	unfence_both(e);
	cfg = env_config(e, B, FENCE_ACT_OFF, ENV_KEY_A);
	cfg->delay_s = 1;
	start = mono_ms();
	assert_int_equal(fence_action_run(cfg, e->host[B].ctx), FENCE_EXIT_OK);
	assert_true(debug_file_has("delaying 1 s before fencing", NULL, NULL));
	assert_true(mono_ms() - start >= 1000);
	env_config_free(cfg);
	assert_fenced(e, A, B);
}

static void test_off_of_an_already_fenced_key_succeeds(void **state)
{
	struct env *e = *state;

	unfence_both(e);
	assert_int_equal(env_run(e, B, FENCE_ACT_OFF, ENV_KEY_A), FENCE_EXIT_OK);
	spc4_model_clear_log(e->m);
	assert_int_equal(env_run(e, B, FENCE_ACT_OFF, ENV_KEY_A), FENCE_EXIT_OK);
	assert_int_equal(spc4_model_command_count(e->m, NULL, PR_OUT, 5), 0);
}

static void test_off_with_one_path_of_the_fencer_down_succeeds(void **state)
{
	struct env *e = *state;
	char dev[64];

	unfence_both(e);
	spc4_model_path_fault(e->m, env_path(e, B, 0, 0, dev, sizeof(dev)),
			      &SPC4_FAULT_INIT(SPC4_FAULT_DOWN));
	assert_int_equal(env_run(e, B, FENCE_ACT_OFF, ENV_KEY_A), FENCE_EXIT_OK);
	for (int l = 0; l < ENV_LUNS; l++)
		assert_false(env_key_on_lun(e, l, ENV_KEY_A));
}

static void test_off_with_an_unreachable_device_fails(void **state)
{
	struct env *e = *state;

	unfence_both(e);
	env_fault_host_paths(e, B, 2, SPC4_FAULT_DOWN);
	assert_int_equal(env_run(e, B, FENCE_ACT_OFF, ENV_KEY_A), FENCE_EXIT_FAIL);
	assert_true(env_key_on_lun(e, 2, ENV_KEY_A));
}

static void test_off_with_a_timing_out_device_fails(void **state)
{
	struct env *e = *state;

	unfence_both(e);
	env_fault_host_paths(e, B, 0, SPC4_FAULT_TIMEOUT);
	assert_int_equal(env_run(e, B, FENCE_ACT_OFF, ENV_KEY_A), FENCE_EXIT_FAIL);
}

static void test_off_stops_when_own_key_was_preempted(void **state)
{
	struct env *e = *state;
	char dev[64];

	unfence_both(e);
	assert_int_equal(env_run(e, A, FENCE_ACT_OFF, ENV_KEY_B), FENCE_EXIT_OK);
	spc4_model_clear_log(e->m);
	assert_int_equal(env_run(e, B, FENCE_ACT_OFF, ENV_KEY_A), FENCE_EXIT_FAIL);
	for (int l = 0; l < ENV_LUNS; l++) {
		assert_true(env_host_registered(e, A, l));
		for (int p = 0; p < ENV_PATHS; p++)
			assert_int_equal(spc4_model_command_count(e->m, env_path(e, B, l, p, dev,
										 sizeof(dev)),
								  PR_OUT, -1), 0);
	}
}

static void test_off_tie_breaker_is_the_lowest_wwid(void **state)
{
	struct env *e = *state;

	unfence_both(e);
	/* lun1 has the lowest WWID: if it fails nothing else is touched. */
	env_fault_host_paths(e, B, 1, SPC4_FAULT_DOWN);
	spc4_model_clear_log(e->m);
	assert_int_equal(env_run(e, B, FENCE_ACT_OFF, ENV_KEY_A), FENCE_EXIT_FAIL);
	assert_int_equal(spc4_model_command_count(e->m, NULL, PR_OUT, -1), 0);
	assert_true(env_key_on_lun(e, 0, ENV_KEY_A));
	assert_true(env_key_on_lun(e, 2, ENV_KEY_A));
}

struct race_arg {
	struct env *e;
	int host;
	uint64_t victim;
	pthread_barrier_t *barrier;
	int code;
};

static void *race_thread(void *p)
{
	struct race_arg *a = p;

	pthread_barrier_wait(a->barrier);
	a->code = env_run(a->e, a->host, FENCE_ACT_OFF, a->victim);
	return NULL;
}

static void race_once(unsigned int round)
{
	struct env *e = env_new();
	pthread_barrier_t barrier;
	struct race_arg args[2] = {
		{ .e = e, .host = A, .victim = ENV_KEY_B, .barrier = &barrier },
		{ .e = e, .host = B, .victim = ENV_KEY_A, .barrier = &barrier },
	};
	pthread_t t[2];
	struct spc4_fault slow = SPC4_FAULT_INIT(SPC4_FAULT_SLOW);
	char dev[64];
	int survivor;

	assert_non_null(e);
	unfence_both(e);
	/* Let the two nodes' commands interleave differently every round.  Every
	 * third round both first READ KEYS are held back together, so both nodes
	 * see both keys and their PREEMPT AND ABORTs collide on the device. */
	if (round % 3 == 0) {
		slow.opcode = PR_IN;
		slow.sa = 0;
		slow.count = 1;
		slow.wall_delay_us = 20000;
		for (int h = 0; h < ENV_HOSTS; h++)
			for (int p = 0; p < ENV_PATHS; p++)
				spc4_model_path_fault(e->m, env_path(e, h, 1, p, dev, sizeof(dev)),
						      &slow);
	} else {
		slow.wall_delay_us = 200 + 150 * (round % 7);
		spc4_model_path_fault(e->m, env_path(e, round % 2, 1, 0, dev, sizeof(dev)), &slow);
	}
	pthread_barrier_init(&barrier, NULL, 2);
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&t[i], NULL, race_thread, &args[i]), 0);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	pthread_barrier_destroy(&barrier);
	assert_true((args[0].code == 0) != (args[1].code == 0));
	survivor = args[0].code == 0 ? A : B;
	assert_fenced(e, 1 - survivor, survivor);
	env_free(e);
}

static void test_mutual_fencing_leaves_exactly_one_node_on_every_lun(void **state)
{
	for (unsigned int round = 0; round < 12; round++)
		race_once(round);
}

static void test_on_fails_on_a_device_refusing_pr_out(void **state)
{
	struct env *e = *state;
	struct fence_store *s = NULL;

	env_fault_pr_unsupported(e, A, 0, PR_OUT);
	assert_int_equal(env_run(e, A, FENCE_ACT_ON, ENV_KEY_A), FENCE_EXIT_FAIL);
	/* The devices that worked are recorded, the refusing one is not. */
	assert_int_equal(fence_store_load(e->host[A].store_dir, &s), 0);
	assert_int_equal(s->count, ENV_LUNS - 1);
	fence_store_free(s);
}

/*
 * off from B with a fault on every path of lun2 (second in WWID order,
 * fenced beside lun0 after lun1) and an io timeout of @io_timeout_ms: the
 * action's budget is 1.5 of it.  *@ret_ms: how long the action took.
 */
static int off_with_lun2_fault(struct env *e, unsigned int io_timeout_ms,
			       const struct spc4_fault *fault, uint64_t *ret_ms)
{
	struct fence_config *cfg;
	char dev[64];
	uint64_t start;
	int code;

	assert_int_equal(env_unfence_both(e), 0);
	for (int p = 0; p < ENV_PATHS; p++)
		spc4_model_path_fault(e->m, env_path(e, B, 2, p, dev, sizeof(dev)), fault);
	cfg = env_config(e, B, FENCE_ACT_OFF, ENV_KEY_A);
	cfg->io_timeout_ms = io_timeout_ms;
	start = mono_ms();
	code = fence_action_run(cfg, e->host[B].ctx);
	*ret_ms = mono_ms() - start;
	env_config_free(cfg);
	return code;
}

/*
 * Off takes four steps on lun2 (READ KEYS, PREEMPT AND ABORT, READ KEYS on
 * every path, READ RESERVATION), each slowed by 1.1 s of real time: 4.4 s,
 * more than the io timeout of 4 s, so the device is named slow; and less
 * than the action's budget of 6 s by 1.6 s, room for a loaded machine.
 */
static void test_off_names_a_slow_device(void **state)
{
	struct env *e = *state;
	struct spc4_fault slow = SPC4_FAULT_INIT(SPC4_FAULT_SLOW);
	uint64_t ms;

	slow.wall_delay_us = 1100000;
	assert_int_equal(off_with_lun2_fault(e, 4000, &slow, &ms), FENCE_EXIT_OK);
	assert_true(debug_file_has("device /dev/mapper/b-lun2: slow, fenced in", NULL, NULL));
	assert_true(ms >= 4400);
	for (int l = 0; l < ENV_LUNS; l++)
		assert_false(env_key_on_lun(e, l, ENV_KEY_A));
}

/*
 * lun2 never answers (its paths hang, as paths whose packets are lost do):
 * off gives up on it when the action's budget (1.5 io timeouts: 3 s) is
 * spent, not before, and not at the library's own per-call budget
 * (agent_model_env.h: 15 s or more); the other devices are fenced.
 */
static void test_off_gives_up_on_a_device_past_its_budget(void **state)
{
	struct env *e = *state;
	uint64_t ms;

	assert_int_equal(off_with_lun2_fault(e, 2000, &SPC4_FAULT_INIT(SPC4_FAULT_HANG), &ms),
			 FENCE_EXIT_FAIL);
	assert_true(debug_file_has("device /dev/mapper/b-lun2: not fenced after", "timed out",
				   NULL));
	assert_true(ms >= FENCE_ACTION_BUDGET_MS(2000));
	assert_true(ms < FENCE_ACTION_BUDGET_MS(ENV_IO_TIMEOUT_MS));
	assert_false(env_key_on_lun(e, 0, ENV_KEY_A));
	assert_false(env_key_on_lun(e, 1, ENV_KEY_A));
	assert_true(env_key_on_lun(e, 2, ENV_KEY_A));
}

/*
 * Unreachable rather than timing out: the model's clock is virtual and
 * shared, so a timeout on one LUN would jump it under every concurrent call
 * and spend their budgets too, which real time does not do.
 */
static void test_off_of_hundreds_of_luns_fails_only_the_unreachable_one(void **state)
{
	enum { LUNS = 200, LOST = 150 };
	struct env *e = env_new_luns(LUNS);
	char map[64], needle[96];

	assert_non_null(e);
	assert_int_equal(env_unfence_both(e), 0);
	env_fault_host_paths(e, B, LOST, SPC4_FAULT_DOWN);
	assert_int_equal(env_run(e, B, FENCE_ACT_OFF, ENV_KEY_A), FENCE_EXIT_FAIL);
	for (int l = 0; l < LUNS; l++)
		assert_true(env_key_on_lun(e, l, ENV_KEY_A) == (l == LOST));
	snprintf(needle, sizeof(needle), "device %s: not fenced after",
		 env_map(B, LOST, map, sizeof(map)));
	assert_true(debug_file_has(needle, NULL, NULL));
	env_free(e);
}

static void test_off_of_hundreds_of_luns_succeeds(void **state)
{
	enum { LUNS = 200 };
	struct env *e = env_new_luns(LUNS);

	assert_non_null(e);
	assert_int_equal(env_unfence_both(e), 0);
	assert_int_equal(env_run(e, B, FENCE_ACT_OFF, ENV_KEY_A), FENCE_EXIT_OK);
	for (int l = 0; l < LUNS; l++) {
		assert_false(env_key_on_lun(e, l, ENV_KEY_A));
		assert_true(env_host_registered(e, B, l));
	}
	env_free(e);
}

static void test_pr_commands_are_logged_to_the_debug_file(void **state)
{
	struct env *e = *state;

	assert_int_equal(env_run(e, A, FENCE_ACT_ON, ENV_KEY_A), FENCE_EXIT_OK);
	assert_true(debug_file_has("/dev/a-lun1-p0: PR OUT REGISTER AND IGNORE EXISTING KEY",
				   "sark=0x000000000000a1a1", "status=0x00"));
}

#define T(name) cmocka_unit_test_setup_teardown(name, env_setup, env_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_on_registers_every_path_reserves_and_records),
		T(test_on_twice_keeps_one_registration_per_path),
		T(test_on_uses_only_register_and_ignore),
		T(test_on_after_relogin_registers_the_new_nexus),
		T(test_on_with_a_path_down_registers_the_others),
		T(test_on_fails_when_a_usable_path_keeps_failing),
		T(test_off_removes_the_victim_everywhere),
		T(test_fenced_node_writes_conflict),
		T(test_off_moves_the_reservation_from_the_victim),
		T(test_off_of_own_key_is_refused_before_any_command),
		T(test_off_without_own_key_in_store_sends_nothing),
		T(test_off_with_a_device_that_cannot_open_sends_nothing),
		T(test_off_with_delay_and_a_missing_device_fails_before_the_delay),
		T(test_off_after_its_delay_fences),
		T(test_off_of_an_already_fenced_key_succeeds),
		T(test_off_with_one_path_of_the_fencer_down_succeeds),
		T(test_off_with_an_unreachable_device_fails),
		T(test_off_with_a_timing_out_device_fails),
		T(test_off_stops_when_own_key_was_preempted),
		T(test_off_tie_breaker_is_the_lowest_wwid),
		cmocka_unit_test(test_mutual_fencing_leaves_exactly_one_node_on_every_lun),
		T(test_on_fails_on_a_device_refusing_pr_out),
		T(test_off_names_a_slow_device),
		T(test_off_gives_up_on_a_device_past_its_budget),
		cmocka_unit_test(test_off_of_hundreds_of_luns_fails_only_the_unreachable_one),
		cmocka_unit_test(test_off_of_hundreds_of_luns_succeeds),
		T(test_pr_commands_are_logged_to_the_debug_file),
	};
	struct fence_log_opts lo = { .quiet = getenv("AGENT_TEST_STDERR") == NULL,
				     .verbose_level = 2, .debug_file = debug_file };
	int rc;

	snprintf(debug_file, sizeof(debug_file), "/tmp/test_agent_actions.%d.log", (int)getpid());
	fence_log_setup(&lo);
	qb_log_ctl(QB_LOG_SYSLOG, QB_LOG_CONF_ENABLED, QB_FALSE);	/* keep test runs out of syslog */
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	fence_log_close();
	unlink(debug_file);
	return rc;
}
