// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_mpathprd.c - the daemon's maps against the agent's store and the
 * SPC-4 model (agent_model_env: nodes a and b, three LUNs, two paths each):
 * a path back after `on` is registered, a fenced node is not (and said so
 * once), a store it must not trust leaves the maps it had; which uevents
 * wake it up.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <cmocka.h>

#include "agent/actions.h"
#include "agent/store.h"
#include "agent_model_env.h"
#include "daemon/maps.h"
#include "daemon/watch.h"

#define B 1
#define PROUT 0x5f
#define NOW_MS 1000000u

/* b unfenced while its path 0 to every LUN was down; then the paths came back. */
static void b_on_with_path0_down(struct env *e)
{
	for (int l = 0; l < e->n_luns; l++)
		e->host[B].state[l][0] = MPR_PATH_OFFLINE;
	assert_int_equal(env_run(e, B, FENCE_ACT_ON, ENV_KEY_B), FENCE_EXIT_OK);
	for (int l = 0; l < e->n_luns; l++) {
		e->host[B].state[l][0] = MPR_PATH_ACTIVE;
		assert_false(env_host_registered(e, B, l));
	}
}

static void test_paths_back_after_on_are_registered_at_start(void **state)
{
	struct env *e = *state;
	struct mprd_maps maps = { 0 };
	char err[512];

	assert_int_equal(env_run(e, 0, FENCE_ACT_ON, ENV_KEY_A), FENCE_EXIT_OK);
	b_on_with_path0_down(e);
	assert_int_equal(mprd_maps_load(&maps, e->host[B].store_dir, err, sizeof(err)), 0);
	assert_int_equal(maps.count, (size_t)e->n_luns);
	/* every map read from the store is due: nothing survives a restart */
	assert_int_equal(mprd_maps_next_ms(&maps, NOW_MS), NOW_MS);
	assert_int_equal(mprd_maps_run_due(&maps, e->host[B].ctx, NOW_MS), (size_t)e->n_luns);
	for (int l = 0; l < e->n_luns; l++)
		assert_true(env_host_registered(e, B, l));
	assert_int_equal(mprd_maps_next_ms(&maps, NOW_MS), 0);
	mprd_maps_clear(&maps);
}

static void test_fenced_node_is_not_registered_and_said_once(void **state)
{
	struct env *e = *state;
	struct mprd_maps maps = { 0 };
	size_t sent;
	char err[512];

	assert_int_equal(env_run(e, 0, FENCE_ACT_ON, ENV_KEY_A), FENCE_EXIT_OK);
	b_on_with_path0_down(e);
	assert_int_equal(env_run(e, 0, FENCE_ACT_OFF, ENV_KEY_B), FENCE_EXIT_OK);
	assert_int_equal(mprd_maps_load(&maps, e->host[B].store_dir, err, sizeof(err)), 0);
	sent = spc4_model_command_count(e->m, NULL, PROUT, -1);
	mprd_maps_run_due(&maps, e->host[B].ctx, NOW_MS);
	mprd_maps_mark_all(&maps);
	mprd_maps_run_due(&maps, e->host[B].ctx, NOW_MS);
	assert_int_equal(spc4_model_command_count(e->m, NULL, PROUT, -1), sent);
	for (int l = 0; l < e->n_luns; l++) {
		assert_false(env_key_on_lun(e, l, ENV_KEY_B));
		assert_int_equal(maps.v[l].said, MPRD_SAID_FENCED);
		/* no retry: a fenced node waits for `on` */
		assert_int_equal(maps.v[l].retry_at_ms, 0);
	}
	mprd_maps_clear(&maps);
}

static void test_failed_check_is_retried_later_and_later(void **state)
{
	struct env *e = *state;
	struct mprd_maps maps = { 0 };
	char err[512];

	b_on_with_path0_down(e);
	assert_int_equal(mprd_maps_load(&maps, e->host[B].store_dir, err, sizeof(err)), 0);
	env_fault_host_paths(e, B, -1, SPC4_FAULT_DOWN);
	mprd_maps_run_due(&maps, e->host[B].ctx, NOW_MS);
	assert_int_equal(mprd_maps_next_ms(&maps, NOW_MS), NOW_MS + MPRD_RETRY_FIRST_MS);
	assert_int_equal(mprd_maps_run_due(&maps, e->host[B].ctx, NOW_MS + 10), 0);
	assert_int_equal(mprd_maps_run_due(&maps, e->host[B].ctx, NOW_MS + MPRD_RETRY_FIRST_MS),
			 (size_t)e->n_luns);
	assert_int_equal(maps.v[0].retry_ms, 2 * MPRD_RETRY_FIRST_MS);
	mprd_maps_clear(&maps);
}

static void test_untrusted_store_keeps_the_maps_read_before(void **state)
{
	struct env *e = *state;
	struct mprd_maps maps = { 0 };
	char file[PATH_MAX + 32], err[512];

	assert_int_equal(env_run(e, B, FENCE_ACT_ON, ENV_KEY_B), FENCE_EXIT_OK);
	assert_int_equal(mprd_maps_load(&maps, e->host[B].store_dir, err, sizeof(err)), 0);
	snprintf(file, sizeof(file), "%s/%s", e->host[B].store_dir, FENCE_STORE_FILE);
	assert_int_equal(unlink(file), 0);
	assert_int_equal(symlink("/etc/passwd", file), 0);
	assert_int_equal(mprd_maps_load(&maps, e->host[B].store_dir, err, sizeof(err)), -ELOOP);
	assert_non_null(strstr(err, "symbolic link"));
	assert_int_equal(maps.count, (size_t)e->n_luns);
	mprd_maps_clear(&maps);
}

static void test_map_reload_keeps_what_was_said(void **state)
{
	struct env *e = *state;
	struct mprd_maps maps = { 0 };
	char err[512];

	assert_int_equal(env_run(e, B, FENCE_ACT_ON, ENV_KEY_B), FENCE_EXIT_OK);
	assert_int_equal(mprd_maps_load(&maps, e->host[B].store_dir, err, sizeof(err)), 0);
	mprd_maps_run_due(&maps, e->host[B].ctx, NOW_MS);
	maps.v[0].said = MPRD_SAID_FENCED;
	assert_int_equal(mprd_maps_load(&maps, e->host[B].store_dir, err, sizeof(err)), 0);
	assert_int_equal(maps.v[0].said, MPRD_SAID_FENCED);
	assert_false(maps.v[0].due);
	mprd_maps_clear(&maps);
}

static void test_uevents_that_wake_it_up(void **state)
{
	(void)state;
	assert_int_equal(mprd_uevent_classify("change", "dm-3", "PATH_REINSTATED"),
			 MPRD_UEVENT_MAP);
	assert_int_equal(mprd_uevent_classify("change", "dm-3", NULL), MPRD_UEVENT_MAP);
	assert_int_equal(mprd_uevent_classify("change", "dm-3", "PATH_FAILED"),
			 MPRD_UEVENT_IGNORE);
	assert_int_equal(mprd_uevent_classify("remove", "dm-3", NULL), MPRD_UEVENT_IGNORE);
	assert_int_equal(mprd_uevent_classify("add", "sdc", NULL), MPRD_UEVENT_SCSI);
	assert_int_equal(mprd_uevent_classify("change", "sdaa", NULL), MPRD_UEVENT_SCSI);
	assert_int_equal(mprd_uevent_classify("add", "sdc1", NULL), MPRD_UEVENT_IGNORE);
	assert_int_equal(mprd_uevent_classify("add", "loop0", NULL), MPRD_UEVENT_IGNORE);
	assert_int_equal(mprd_uevent_classify(NULL, "sdc", NULL), MPRD_UEVENT_IGNORE);
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static void test_a_scsi_disk_names_the_maps_holding_it(void **state)
{
	char root[] = "/tmp/mprd-sysfs-XXXXXX", p[256], cmd[1024];
	dev_t held[4];

	(void)state;
	assert_non_null(mkdtemp(root));
	snprintf(p, sizeof(p), "%s/sdc/holders/dm-3", root);
	snprintf(cmd, sizeof(cmd), "mkdir -p %s %s/sdd/holders %s/dm-3", p, root, root);
	assert_int_equal(system(cmd), 0);
	snprintf(p, sizeof(p), "%s/dm-3/dev", root);
	write_text(p, "254:3\n");
	assert_int_equal(mprd_scsi_holders(root, "sdc", held, 4), 1);
	assert_int_equal(major(held[0]), 254);
	assert_int_equal(minor(held[0]), 3);
	/* a disk in no map yet (just logged in) and one that is gone */
	assert_int_equal(mprd_scsi_holders(root, "sdd", held, 4), 0);
	assert_int_equal(mprd_scsi_holders(root, "sdz", held, 4), 0);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", root);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_paths_back_after_on_are_registered_at_start,
						env_setup, env_teardown),
		cmocka_unit_test_setup_teardown(test_fenced_node_is_not_registered_and_said_once,
						env_setup, env_teardown),
		cmocka_unit_test_setup_teardown(test_failed_check_is_retried_later_and_later,
						env_setup, env_teardown),
		cmocka_unit_test_setup_teardown(test_untrusted_store_keeps_the_maps_read_before,
						env_setup, env_teardown),
		cmocka_unit_test_setup_teardown(test_map_reload_keeps_what_was_said,
						env_setup, env_teardown),
		cmocka_unit_test(test_uevents_that_wake_it_up),
		cmocka_unit_test(test_a_scsi_disk_names_the_maps_holding_it),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
