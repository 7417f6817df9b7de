// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_agent_query.c - fence_mpathpr's reading actions against the SPC-4
 * model: status, monitor, list, validate-all, reboot refusal and the
 * watchdog check.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include <cmocka.h>

#include "agent/actions.h"
#include "agent/dispatch.h"
#include "agent/log.h"
#include "agent/store.h"
#include "agent_model_env.h"

#define PR_IN	0x5e
#define A	0
#define B	1

static char *run_list(struct env *e, int host, bool with_status)
{
	struct fence_config *cfg = env_config(e, host, with_status ? FENCE_ACT_LIST_STATUS :
					      FENCE_ACT_LIST, 0);
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	int code;

	assert_non_null(out);
	code = fence_action_list(cfg, e->host[host].ctx, with_status, out);
	fclose(out);
	env_config_free(cfg);
	assert_int_equal(code, FENCE_EXIT_OK);
	return buf;
}

static void test_status_is_on_before_and_off_after_fencing(void **state)
{
	struct env *e = *state;

	assert_int_equal(env_unfence_both(e), 0);
	assert_int_equal(env_run(e, B, FENCE_ACT_STATUS, ENV_KEY_A), FENCE_EXIT_OK);
	assert_int_equal(env_run(e, B, FENCE_ACT_OFF, ENV_KEY_A), FENCE_EXIT_OK);
	assert_int_equal(env_run(e, B, FENCE_ACT_STATUS, ENV_KEY_A), FENCE_EXIT_OFF);
	assert_int_equal(env_run(e, B, FENCE_ACT_STATUS, ENV_KEY_B), FENCE_EXIT_OK);
}

static void test_status_is_an_error_when_a_device_does_not_answer(void **state)
{
	struct env *e = *state;

	assert_int_equal(env_unfence_both(e), 0);
	env_fault_host_paths(e, B, 1, SPC4_FAULT_DOWN);
	assert_int_equal(env_run(e, B, FENCE_ACT_STATUS, ENV_KEY_A), FENCE_EXIT_FAIL);
}

static void test_monitor_succeeds_when_every_device_answers(void **state)
{
	struct env *e = *state;

	assert_int_equal(env_run(e, A, FENCE_ACT_MONITOR, 0), FENCE_EXIT_OK);
	assert_int_equal(env_unfence_both(e), 0);
	assert_int_equal(env_run(e, A, FENCE_ACT_MONITOR, 0), FENCE_EXIT_OK);
}

static void test_monitor_survives_one_path_down(void **state)
{
	struct env *e = *state;
	char dev[64];

	spc4_model_path_fault(e->m, env_path(e, A, 0, 1, dev, sizeof(dev)),
			      &SPC4_FAULT_INIT(SPC4_FAULT_DOWN));
	assert_int_equal(env_run(e, A, FENCE_ACT_MONITOR, 0), FENCE_EXIT_OK);
}

static void test_monitor_fails_when_a_device_has_no_path(void **state)
{
	struct env *e = *state;

	env_fault_host_paths(e, A, 0, SPC4_FAULT_DOWN);
	assert_int_equal(env_run(e, A, FENCE_ACT_MONITOR, 0), FENCE_EXIT_FAIL);
}

static void test_monitor_fails_when_the_store_is_corrupt(void **state)
{
	struct env *e = *state;
	char path[PATH_MAX + 32];
	FILE *f;

	assert_int_equal(env_run(e, A, FENCE_ACT_ON, ENV_KEY_A), FENCE_EXIT_OK);
	snprintf(path, sizeof(path), "%s/%s", e->host[A].store_dir, FENCE_STORE_FILE);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("not a key line at all\n", f);
	fclose(f);
	assert_int_equal(env_run(e, A, FENCE_ACT_MONITOR, 0), FENCE_EXIT_FAIL);
}

/*
 * Unfence a, then b while b's path @p to @lun is failed in dm; then the path
 * comes back, its nexus without b's key.
 */
static void unfence_b_with_path_down_then_back(struct env *e, int lun, int p)
{
	const int host = B;
	char dev[64];

	assert_int_equal(env_run(e, A, FENCE_ACT_ON, ENV_KEY_A), FENCE_EXIT_OK);
	e->host[host].state[lun][p] = MPR_PATH_FAILED;
	assert_int_equal(env_run(e, host, FENCE_ACT_ON, e->host[host].key), FENCE_EXIT_OK);
	e->host[host].state[lun][p] = MPR_PATH_ACTIVE;
	/* READ KEYS still lists the key, once per registered nexus of the node */
	assert_true(env_key_on_lun(e, lun, e->host[host].key));
	assert_false(spc4_model_path_registered(e->m, env_path(e, host, lun, p, dev, sizeof(dev)),
						NULL));
}

static size_t full_status_count(struct env *e)
{
	return spc4_model_command_count(e->m, NULL, PR_IN, MPR_PRIN_READ_FULL_STATUS);
}

static void test_monitor_fails_when_a_usable_path_lacks_this_nodes_key(void **state)
{
	struct env *e = *state;

	unfence_b_with_path_down_then_back(e, 1, 1);
	assert_int_equal(env_run(e, B, FENCE_ACT_MONITOR, 0), FENCE_EXIT_FAIL);
	/* a's paths are all registered: its monitor is not disturbed by b's */
	assert_int_equal(env_run(e, A, FENCE_ACT_MONITOR, 0), FENCE_EXIT_OK);
	/* on again registers the path that came back */
	assert_int_equal(env_run(e, B, FENCE_ACT_ON, ENV_KEY_B), FENCE_EXIT_OK);
	assert_true(env_host_registered(e, B, 1));
	assert_int_equal(env_run(e, B, FENCE_ACT_MONITOR, 0), FENCE_EXIT_OK);
}

static void test_monitor_reads_full_status_once_per_device_with_our_key(void **state)
{
	struct env *e = *state;

	/* never unfenced: no key of ours to look for, nothing more is sent */
	spc4_model_clear_log(e->m);
	assert_int_equal(env_run(e, A, FENCE_ACT_MONITOR, 0), FENCE_EXIT_OK);
	assert_int_equal(full_status_count(e), 0);
	assert_int_equal(env_unfence_both(e), 0);
	spc4_model_clear_log(e->m);
	assert_int_equal(env_run(e, A, FENCE_ACT_MONITOR, 0), FENCE_EXIT_OK);
	assert_int_equal(full_status_count(e), ENV_LUNS);
}

static void test_monitor_ignores_a_path_that_is_still_down(void **state)
{
	struct env *e = *state;

	unfence_b_with_path_down_then_back(e, 0, 0);
	e->host[B].state[0][0] = MPR_PATH_FAILED;
	assert_int_equal(env_run(e, B, FENCE_ACT_MONITOR, 0), FENCE_EXIT_OK);
}

static void test_monitor_keeps_read_keys_verdict_when_full_status_cannot_tell(void **state)
{
	struct env *e = *state;
	struct spc4_fault f = SPC4_FAULT_INIT(SPC4_FAULT_SENSE);
	char dev[64];

	unfence_b_with_path_down_then_back(e, 2, 1);
	/* a path whose nexus sysfs does not identify is not judged */
	e->host[B].unidentified[2][1] = true;
	assert_int_equal(env_run(e, B, FENCE_ACT_MONITOR, 0), FENCE_EXIT_OK);
	e->host[B].unidentified[2][1] = false;
	/* a device without READ FULL STATUS: today's READ KEYS check only */
	f.opcode = PR_IN;
	f.sa = MPR_PRIN_READ_FULL_STATUS;
	f.sk = 0x5;
	f.asc = 0x24;
	for (int p = 0; p < ENV_PATHS; p++)
		spc4_model_path_fault(e->m, env_path(e, B, 2, p, dev, sizeof(dev)), &f);
	assert_int_equal(env_run(e, B, FENCE_ACT_MONITOR, 0), FENCE_EXIT_OK);
}

static void test_monitor_of_a_fenced_node_succeeds(void **state)
{
	struct env *e = *state;

	assert_int_equal(env_unfence_both(e), 0);
	assert_int_equal(env_run(e, B, FENCE_ACT_OFF, ENV_KEY_A), FENCE_EXIT_OK);
	/* reading keys is all a fenced node's monitor can do: its key is gone everywhere */
	assert_int_equal(env_run(e, A, FENCE_ACT_MONITOR, 0), FENCE_EXIT_OK);
}

static void test_status_of_own_key_missing_on_a_path_is_still_on(void **state)
{
	struct env *e = *state;

	unfence_b_with_path_down_then_back(e, 0, 1);
	spc4_model_clear_log(e->m);
	/* still able to write through its other nexus: not fenced */
	assert_int_equal(env_run(e, B, FENCE_ACT_STATUS, ENV_KEY_B), FENCE_EXIT_OK);
	assert_int_equal(full_status_count(e), ENV_LUNS);
	/* another node's key: this node's paths say nothing about its nexuses */
	spc4_model_clear_log(e->m);
	assert_int_equal(env_run(e, B, FENCE_ACT_STATUS, ENV_KEY_A), FENCE_EXIT_OK);
	assert_int_equal(full_status_count(e), 0);
}

static void test_list_prints_each_registered_key_once_with_node_names(void **state)
{
	struct env *e = *state;
	struct utsname u;
	char expect[512];
	char *out;

	assert_int_equal(uname(&u), 0);
	assert_int_equal(env_unfence_both(e), 0);
	out = run_list(e, A, false);
	snprintf(expect, sizeof(expect), "0x000000000000a1a1,%s\n0x000000000000b2b2,\n",
		 u.nodename);
	assert_string_equal(out, expect);
	free(out);
	assert_int_equal(env_run(e, B, FENCE_ACT_OFF, ENV_KEY_A), FENCE_EXIT_OK);
	out = run_list(e, A, true);
	assert_string_equal(out, "0x000000000000b2b2,,on\n");
	free(out);
}

static void test_validate_all_accepts_a_usable_configuration(void **state)
{
	struct env *e = *state;

	assert_int_equal(env_run(e, A, FENCE_ACT_VALIDATE_ALL, ENV_KEY_A), FENCE_EXIT_OK);
}

static void test_validate_all_rejects_a_device_that_is_not_a_map(void **state)
{
	struct env *e = *state;
	struct fence_config *cfg = env_config(e, A, FENCE_ACT_VALIDATE_ALL, ENV_KEY_A);

	free(cfg->devices[0]);
	cfg->devices[0] = strdup("/dev/loop0");
	assert_int_equal(fence_action_run(cfg, e->host[A].ctx), FENCE_EXIT_FAIL);
	env_config_free(cfg);
}

static void test_validate_all_rejects_a_device_without_pr_support(void **state)
{
	struct env *e = *state;

	env_fault_pr_unsupported(e, A, 2, PR_IN);
	assert_int_equal(env_run(e, A, FENCE_ACT_VALIDATE_ALL, ENV_KEY_A), FENCE_EXIT_FAIL);
}

static void test_check_is_ok_while_registered_and_off_once_fenced(void **state)
{
	struct env *e = *state;

	assert_int_equal(env_unfence_both(e), 0);
	spc4_model_clear_log(e->m);
	assert_int_equal(fence_check_run(e->host[A].store_dir, e->host[A].ctx, 1, 0),
			 FENCE_EXIT_OK);
	/* Cheap: one PR IN, nothing else. */
	assert_int_equal(spc4_model_command_count(e->m, NULL, -1, -1), 1);
	assert_int_equal(env_run(e, B, FENCE_ACT_OFF, ENV_KEY_A), FENCE_EXIT_OK);
	assert_int_equal(fence_check_run(e->host[A].store_dir, e->host[A].ctx, 1, 0),
			 FENCE_EXIT_OFF);
}

static void test_check_treats_all_paths_lost_as_fenced(void **state)
{
	struct env *e = *state;

	assert_int_equal(env_unfence_both(e), 0);
	env_fault_host_paths(e, A, -1, SPC4_FAULT_DOWN);
	assert_int_equal(fence_check_run(e->host[A].store_dir, e->host[A].ctx, 1, 0),
			 FENCE_EXIT_OFF);
}

static void test_check_without_a_store_is_ok(void **state)
{
	struct env *e = *state;

	assert_int_equal(fence_check_run(e->host[A].store_dir, e->host[A].ctx, 0, 0),
			 FENCE_EXIT_OK);
}

static void test_check_asks_again_before_concluding(void **state)
{
	struct env *e = *state;
	struct spc4_fault once = SPC4_FAULT_INIT(SPC4_FAULT_DOWN);

	assert_int_equal(env_unfence_both(e), 0);
	once.count = 1;
	for (int l = 0; l < ENV_LUNS; l++) {
		for (int p = 0; p < ENV_PATHS; p++) {
			char dev[64];

			spc4_model_path_fault(e->m, env_path(e, A, l, p, dev, sizeof(dev)), &once);
		}
	}
	assert_int_equal(fence_check_run(e->host[A].store_dir, e->host[A].ctx, 1, 0),
			 FENCE_EXIT_OK);
}

static void test_check_without_retries_reports_a_lost_node(void **state)
{
	struct env *e = *state;
	struct spc4_fault once = SPC4_FAULT_INIT(SPC4_FAULT_DOWN);

	assert_int_equal(env_unfence_both(e), 0);
	once.count = 1;
	for (int l = 0; l < ENV_LUNS; l++) {
		for (int p = 0; p < ENV_PATHS; p++) {
			char dev[64];

			spc4_model_path_fault(e->m, env_path(e, A, l, p, dev, sizeof(dev)), &once);
		}
	}
	assert_int_equal(fence_check_run(e->host[A].store_dir, e->host[A].ctx, 0, 0),
			 FENCE_EXIT_OFF);
}

static void test_monitor_fails_on_a_device_refusing_pr_in(void **state)
{
	struct env *e = *state;

	env_fault_pr_unsupported(e, A, 1, PR_IN);
	assert_int_equal(env_run(e, A, FENCE_ACT_MONITOR, 0), FENCE_EXIT_FAIL);
}

static void test_reboot_is_refused(void **state)
{
	struct env *e = *state;

	spc4_model_clear_log(e->m);
	assert_int_equal(env_run(e, B, FENCE_ACT_REBOOT, ENV_KEY_A), FENCE_EXIT_FAIL);
	assert_int_equal(spc4_model_command_count(e->m, NULL, -1, -1), 0);
}

#define T(name) cmocka_unit_test_setup_teardown(name, env_setup, env_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_status_is_on_before_and_off_after_fencing),
		T(test_status_is_an_error_when_a_device_does_not_answer),
		T(test_monitor_succeeds_when_every_device_answers),
		T(test_monitor_survives_one_path_down),
		T(test_monitor_fails_when_a_device_has_no_path),
		T(test_monitor_fails_when_the_store_is_corrupt),
		T(test_monitor_fails_on_a_device_refusing_pr_in),
		T(test_monitor_fails_when_a_usable_path_lacks_this_nodes_key),
		T(test_monitor_reads_full_status_once_per_device_with_our_key),
		T(test_monitor_ignores_a_path_that_is_still_down),
		T(test_monitor_keeps_read_keys_verdict_when_full_status_cannot_tell),
		T(test_monitor_of_a_fenced_node_succeeds),
		T(test_status_of_own_key_missing_on_a_path_is_still_on),
		T(test_list_prints_each_registered_key_once_with_node_names),
		T(test_validate_all_accepts_a_usable_configuration),
		T(test_validate_all_rejects_a_device_that_is_not_a_map),
		T(test_validate_all_rejects_a_device_without_pr_support),
		T(test_reboot_is_refused),
		T(test_check_is_ok_while_registered_and_off_once_fenced),
		T(test_check_treats_all_paths_lost_as_fenced),
		T(test_check_without_a_store_is_ok),
		T(test_check_asks_again_before_concluding),
		T(test_check_without_retries_reports_a_lost_node),
	};
	struct fence_log_opts lo = { .quiet = getenv("AGENT_TEST_STDERR") == NULL,
				     .verbose_level = 2 };
	int rc;

	fence_log_setup(&lo);
	qb_log_ctl(QB_LOG_SYSLOG, QB_LOG_CONF_ENABLED, QB_FALSE);	/* keep test runs out of syslog */
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	fence_log_close();
	return rc;
}
