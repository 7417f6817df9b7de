/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test_engine.c - the multipath algorithms of the native API against the
 * SPC-4 model: what every path and the LU look like after each call.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "engine_env.h"

#define KEY_A 0xaaaa0001ULL
#define KEY_B 0xbbbb0002ULL
#define SAM_GOOD 0x00
#define SAM_CONFLICT 0x18

static int setup_2x2(void **state)
{
	*state = eng_env_new(2, 2);
	return 0;
}

static int setup_2x4(void **state)
{
	*state = eng_env_new(2, 4);
	return 0;
}

static int teardown(void **state)
{
	eng_env_free(*state);
	return 0;
}

static void test_register_reaches_every_path(void **state)
{
	struct eng_env *e = *state;
	struct mpathpr_report *rep;
	struct mpathpr_dev *dev = eng_open(e, 0);

	assert_int_equal(mpathpr_report_new(&rep), 0);
	assert_int_equal(mpathpr_register(dev, 0, KEY_A, 0, rep), 0);
	for (int p = 0; p < e->n_paths; p++)
		assert_int_equal(eng_key(e, 0, p), KEY_A);
	assert_int_equal(mpathpr_report_count(rep), (size_t)e->n_paths);
	assert_true(mpathpr_report_entry(rep, 0)->pr_out);
	assert_int_equal(mpathpr_report_entry(rep, 0)->mpath_pr, 0);
	mpathpr_report_free(rep);
	mpathpr_dev_close(dev);
}

static void test_register_skips_path_failed_in_map(void **state)
{
	struct eng_env *e = *state;
	struct mpathpr_dev *dev;

	e->state[0][1] = MPR_PATH_FAILED;
	dev = eng_open(e, 0);
	assert_int_equal(mpathpr_register(dev, 0, KEY_A, 0, NULL), 0);
	assert_int_equal(eng_key(e, 0, 0), KEY_A);
	assert_int_equal(eng_key(e, 0, 1), 0);
	mpathpr_dev_close(dev);
}

static void test_register_fails_when_usable_path_errors(void **state)
{
	struct eng_env *e = *state;
	struct mpathpr_dev *dev = eng_open(e, 0);

	/* the map still says active, but the command failed: never silently skip */
	eng_fault(e, 0, 1, SPC4_FAULT_TRANSPORT_ERROR, 0);
	assert_int_equal(mpathpr_register(dev, 0, KEY_A, 0, NULL), -EIO);
	mpathpr_dev_close(dev);
}

static void test_register_path_down_during_call_is_skipped(void **state)
{
	struct eng_env *e = *state;
	struct mpathpr_dev *dev = eng_open(e, 0);

	/* the path drops while the call runs: the refreshed map shows it failed */
	eng_fault(e, 0, 1, SPC4_FAULT_TRANSPORT_ERROR, 0);
	e->state[0][1] = MPR_PATH_FAILED;
	assert_int_equal(mpathpr_register(dev, 0, KEY_A, 0, NULL), 0);
	assert_int_equal(eng_key(e, 0, 0), KEY_A);
	mpathpr_dev_close(dev);
}

static void test_register_no_connect_is_skipped(void **state)
{
	struct eng_env *e = *state;
	struct mpathpr_dev *dev = eng_open(e, 0);

	eng_fault(e, 0, 0, SPC4_FAULT_DOWN, 0);
	assert_int_equal(mpathpr_register(dev, 0, KEY_A, 0, NULL), 0);
	assert_int_equal(eng_key(e, 0, 1), KEY_A);
	mpathpr_dev_close(dev);
}

static void test_register_conflicting_paths_retried_with_ignore(void **state)
{
	struct eng_env *e = *state;
	struct mpathpr_dev *dev;

	/* path 0 carries KEY_A; path 1 is a fresh nexus (re-login) */
	e->state[0][1] = MPR_PATH_FAILED;
	dev = eng_open(e, 0);
	assert_int_equal(mpathpr_register(dev, 0, KEY_A, 0, NULL), 0);
	mpathpr_dev_close(dev);
	e->state[0][1] = MPR_PATH_ACTIVE;
	dev = eng_open(e, 0);
	assert_int_equal(mpathpr_register(dev, KEY_A, KEY_A, 0, NULL), 0);
	assert_int_equal(eng_key(e, 0, 0), KEY_A);
	assert_int_equal(eng_key(e, 0, 1), KEY_A);
	assert_int_equal(eng_prout_count(e, 6), 1);
	mpathpr_dev_close(dev);
}

static void test_register_wrong_old_key_is_conflict(void **state)
{
	struct eng_env *e = *state;
	struct mpathpr_dev *dev;

	eng_unfence(e, 0, KEY_A, false);
	dev = eng_open(e, 0);
	assert_int_equal(mpathpr_register(dev, 0x1234, KEY_B, 0, NULL), -EBADE);
	assert_int_equal(eng_key(e, 0, 0), KEY_A);
	assert_int_equal(eng_prout_count(e, 6), 2);	/* only the unfence's */
	mpathpr_dev_close(dev);
}

static void test_register_no_usable_path(void **state)
{
	struct eng_env *e = *state;
	struct mpathpr_dev *dev;

	e->state[0][0] = e->state[0][1] = MPR_PATH_FAILED;
	dev = eng_open(e, 0);
	assert_int_equal(mpathpr_register(dev, 0, KEY_A, 0, NULL), -ENOLINK);
	assert_int_equal(eng_prout_count(e, -1), 0);
	mpathpr_dev_close(dev);
}

static void test_unregister_holder_releases_first(void **state)
{
	struct eng_env *e = *state;
	struct mpathpr_dev *dev;

	eng_unfence(e, 0, KEY_A, true);
	dev = eng_open(e, 0);
	assert_int_equal(mpathpr_register(dev, KEY_A, 0, 0, NULL), 0);
	assert_false(spc4_model_reservation(e->m, e->lu, NULL, NULL));
	assert_int_equal(eng_key(e, 0, 0), 0);
	assert_int_equal(eng_key(e, 0, 1), 0);
	assert_int_equal(eng_prout_count(e, 2), 1);
	mpathpr_dev_close(dev);
}

static void test_reserve_takes_type5_once(void **state)
{
	struct eng_env *e = *state;
	struct mpathpr_dev *dev;
	uint64_t key;
	uint8_t type;

	eng_unfence(e, 0, KEY_A, true);
	assert_true(spc4_model_reservation(e->m, e->lu, &key, &type));
	assert_int_equal(key, KEY_A);
	assert_int_equal(type, 5);
	/* again: already ours with the same type is success */
	dev = eng_open(e, 0);
	assert_int_equal(mpathpr_reserve(dev, KEY_A, MPATHPR_TYPE_WE_RO, NULL), 0);
	mpathpr_dev_close(dev);
}

static void test_reserve_held_by_other_is_conflict(void **state)
{
	struct eng_env *e = *state;
	struct mpathpr_dev *dev;

	eng_unfence(e, 0, KEY_A, true);
	eng_unfence(e, 1, KEY_B, false);
	dev = eng_open(e, 1);
	assert_int_equal(mpathpr_reserve(dev, KEY_B, MPATHPR_TYPE_WE_RO, NULL), -EBADE);
	mpathpr_dev_close(dev);
}

static void test_reserve_from_unregistered_path_falls_back(void **state)
{
	struct eng_env *e = *state;
	struct mpathpr_dev *dev;
	uint64_t key;

	/* only path 1 is registered: path 0's conflict is not final */
	e->state[0][0] = MPR_PATH_FAILED;
	eng_unfence(e, 0, KEY_A, false);
	e->state[0][0] = MPR_PATH_ACTIVE;
	dev = eng_open(e, 0);
	assert_int_equal(mpathpr_reserve(dev, KEY_A, MPATHPR_TYPE_WE_RO, NULL), 0);
	assert_true(spc4_model_reservation(e->m, e->lu, &key, NULL));
	assert_int_equal(key, KEY_A);
	mpathpr_dev_close(dev);
}

static void test_reserve_falls_back_on_transport_error(void **state)
{
	struct eng_env *e = *state;
	struct mpathpr_dev *dev;

	eng_unfence(e, 0, KEY_A, false);
	eng_fault(e, 0, 0, SPC4_FAULT_TRANSPORT_ERROR, 0);
	dev = eng_open(e, 0);
	assert_int_equal(mpathpr_reserve(dev, KEY_A, MPATHPR_TYPE_WE_RO, NULL), 0);
	assert_true(spc4_model_reservation(e->m, e->lu, NULL, NULL));
	mpathpr_dev_close(dev);
}

static void test_release_with_holding_path_down(void **state)
{
	struct eng_env *e = *state;
	struct mpathpr_dev *dev;
	char p0[32];

	eng_unfence(e, 0, KEY_A, true);
	/* find the holder and take it away */
	int holder = spc4_model_path_holds(e->m, eng_path(0, 0, p0, sizeof(p0))) ? 0 : 1;
	e->state[0][holder] = MPR_PATH_FAILED;
	eng_fault(e, 0, holder, SPC4_FAULT_DOWN, 0);
	dev = eng_open(e, 0);
	assert_int_equal(mpathpr_release(dev, KEY_A, MPATHPR_TYPE_WE_RO, NULL), 0);
	assert_false(spc4_model_reservation(e->m, e->lu, NULL, NULL));
	/* the live path keeps (gets back) its registration */
	assert_int_equal(eng_key(e, 0, 1 - holder), KEY_A);
	mpathpr_dev_close(dev);
}

static void test_release_on_four_paths_finds_holder(void **state)
{
	struct eng_env *e = *state;
	struct mpathpr_dev *dev;

	eng_unfence(e, 0, KEY_A, true);
	dev = eng_open(e, 0);
	assert_int_equal(mpathpr_release(dev, KEY_A, MPATHPR_TYPE_WE_RO, NULL), 0);
	assert_false(spc4_model_reservation(e->m, e->lu, NULL, NULL));
	for (int p = 0; p < 4; p++)
		assert_int_equal(eng_key(e, 0, p), KEY_A);
	mpathpr_dev_close(dev);
}

static void test_release_not_holder_is_noop(void **state)
{
	struct eng_env *e = *state;
	struct mpathpr_dev *dev;

	eng_unfence(e, 0, KEY_A, true);
	eng_unfence(e, 1, KEY_B, false);
	dev = eng_open(e, 1);
	assert_int_equal(mpathpr_release(dev, KEY_B, MPATHPR_TYPE_WE_RO, NULL), 0);
	assert_true(spc4_model_reservation(e->m, e->lu, NULL, NULL));
	assert_int_equal(eng_prout_count(e, 2), 0);
	mpathpr_dev_close(dev);
}

static void test_preempt_abort_fences_other_host(void **state)
{
	struct eng_env *e = *state;
	struct mpathpr_dev *dev;
	uint64_t key;

	eng_unfence(e, 0, KEY_A, true);
	eng_unfence(e, 1, KEY_B, false);
	dev = eng_open(e, 1);
	assert_int_equal(mpathpr_preempt(dev, KEY_B, KEY_A, MPATHPR_TYPE_WE_RO, true, NULL), 0);
	for (int p = 0; p < e->n_paths; p++) {
		assert_int_equal(eng_key(e, 0, p), 0);
		assert_int_equal(eng_key(e, 1, p), KEY_B);
		assert_int_equal(eng_write(e, 0, p), SAM_CONFLICT);
		assert_int_equal(eng_write(e, 1, p), SAM_GOOD);
	}
	/* preempting the holder moved the reservation */
	assert_true(spc4_model_reservation(e->m, e->lu, &key, NULL));
	assert_int_equal(key, KEY_B);
	mpathpr_dev_close(dev);
}

static void test_preempt_falls_back_on_timeout(void **state)
{
	struct eng_env *e = *state;
	struct mpathpr_dev *dev;

	eng_unfence(e, 0, KEY_A, true);
	eng_unfence(e, 1, KEY_B, false);
	eng_fault(e, 1, 0, SPC4_FAULT_TIMEOUT, 0);
	dev = eng_open(e, 1);
	assert_int_equal(mpathpr_preempt(dev, KEY_B, KEY_A, MPATHPR_TYPE_WE_RO, true, NULL), 0);
	assert_int_equal(eng_key(e, 0, 0), 0);
	mpathpr_dev_close(dev);
}

static void test_preempt_absent_key_is_conflict(void **state)
{
	struct eng_env *e = *state;
	struct mpathpr_dev *dev;

	eng_unfence(e, 1, KEY_B, true);
	dev = eng_open(e, 1);
	assert_int_equal(mpathpr_preempt(dev, KEY_B, KEY_A, MPATHPR_TYPE_WE_RO, true, NULL), -EBADE);
	mpathpr_dev_close(dev);
}

static void test_preempt_self_restores_other_paths(void **state)
{
	struct eng_env *e = *state;
	struct mpathpr_dev *dev;

	eng_unfence(e, 0, KEY_A, true);
	dev = eng_open(e, 0);
	assert_int_equal(mpathpr_preempt(dev, KEY_A, KEY_A, MPATHPR_TYPE_WE_RO, false, NULL), 0);
	for (int p = 0; p < e->n_paths; p++)
		assert_int_equal(eng_key(e, 0, p), KEY_A);
	assert_true(spc4_model_reservation(e->m, e->lu, NULL, NULL));
	mpathpr_dev_close(dev);
}

struct duel {
	struct eng_env *e;
	int host;
	uint64_t key, victim;
	int r;
};

static void *duel_main(void *arg)
{
	struct duel *d = arg;
	struct mpathpr_dev *dev = eng_open(d->e, d->host);

	d->r = mpathpr_preempt(dev, d->key, d->victim, MPATHPR_TYPE_WE_RO, true, NULL);
	mpathpr_dev_close(dev);
	return NULL;
}

static void test_two_hosts_preempting_each_other_one_survives(void **state)
{
	struct eng_env *e = *state;
	struct duel a = { e, 0, KEY_A, KEY_B, 0 }, b = { e, 1, KEY_B, KEY_A, 0 };
	pthread_t ta, tb;
	bool a_left, b_left;

	eng_unfence(e, 0, KEY_A, true);
	eng_unfence(e, 1, KEY_B, false);
	pthread_create(&ta, NULL, duel_main, &a);
	pthread_create(&tb, NULL, duel_main, &b);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	a_left = eng_key(e, 0, 0) == KEY_A || eng_key(e, 0, 1) == KEY_A;
	b_left = eng_key(e, 1, 0) == KEY_B || eng_key(e, 1, 1) == KEY_B;
	assert_true(a_left != b_left);
	assert_true((a.r == 0) != (b.r == 0));
}

static void test_clear_removes_everything(void **state)
{
	struct eng_env *e = *state;
	struct mpathpr_dev *dev;

	eng_unfence(e, 0, KEY_A, true);
	eng_unfence(e, 1, KEY_B, false);
	dev = eng_open(e, 1);
	assert_int_equal(mpathpr_clear(dev, KEY_B, NULL), 0);
	assert_int_equal(spc4_model_keys(e->m, e->lu, NULL, 0), 0);
	assert_false(spc4_model_reservation(e->m, e->lu, NULL, NULL));
	mpathpr_dev_close(dev);
}

static void test_read_keys_and_reservation(void **state)
{
	struct eng_env *e = *state;
	struct mpathpr_dev *dev;
	struct mpathpr_keys *keys;
	struct mpathpr_reservation res;

	eng_unfence(e, 0, KEY_A, true);
	eng_unfence(e, 1, KEY_B, false);
	dev = eng_open(e, 1);
	assert_int_equal(mpathpr_read_keys(dev, &keys, NULL), 0);
	assert_int_equal(keys->count, 4);
	free(keys);
	assert_int_equal(mpathpr_read_reservation(dev, &res, NULL), 0);
	assert_true(res.held);
	assert_int_equal(res.key, KEY_A);
	assert_int_equal(res.type, 5);
	mpathpr_dev_close(dev);
}

static void test_read_falls_back_and_matrix_reports_each_path(void **state)
{
	struct eng_env *e = *state;
	struct mpathpr_dev *dev;
	struct mpathpr_keys *keys;
	struct mpathpr_key_matrix *m;

	eng_unfence(e, 0, KEY_A, false);
	eng_fault(e, 0, 0, SPC4_FAULT_TRANSPORT_ERROR, 0);
	dev = eng_open(e, 0);
	assert_int_equal(mpathpr_read_keys(dev, &keys, NULL), 0);
	assert_int_equal(keys->count, 2);
	free(keys);
	assert_int_equal(mpathpr_read_key_matrix(dev, &m, NULL), 0);
	assert_int_equal(m->count, 2);
	assert_int_equal(m->paths[0].error, -EIO);
	assert_int_equal(m->paths[1].error, 0);
	assert_int_equal(m->paths[1].count, 2);
	mpathpr_key_matrix_free(m);
	mpathpr_dev_close(dev);
}

static void test_full_status_names_initiators(void **state)
{
	struct eng_env *e = *state;
	struct mpathpr_dev *dev;
	struct mpathpr_full_status *fs;
	size_t holders = 0;

	eng_unfence(e, 0, KEY_A, true);
	dev = eng_open(e, 0);
	assert_int_equal(mpathpr_read_full_status(dev, &fs, NULL), 0);
	assert_int_equal(fs->count, 2);
	for (size_t i = 0; i < fs->count; i++) {
		assert_int_equal(fs->entries[i].key, KEY_A);
		assert_string_equal(fs->entries[i].transport_id, "iqn.2026-11.test:host0");
		holders += fs->entries[i].holder;
	}
	assert_int_equal(holders, 1);
	free(fs);
	mpathpr_dev_close(dev);
}

static void test_bad_arguments_send_nothing(void **state)
{
	struct eng_env *e = *state;
	struct mpathpr_dev *dev = eng_open(e, 0);

	assert_int_equal(mpathpr_reserve(dev, KEY_A, 2, NULL), -EINVAL);
	assert_int_equal(mpathpr_reserve(dev, 0, MPATHPR_TYPE_WE_RO, NULL), -EINVAL);
	assert_int_equal(mpathpr_register(dev, 0, 0, 0, NULL), -EINVAL);
	assert_int_equal(mpathpr_register(dev, 0, KEY_A, 0x80, NULL), -EINVAL);
	assert_int_equal(mpathpr_preempt(dev, KEY_A, KEY_B, 9, true, NULL), -EINVAL);
	assert_int_equal(eng_prout_count(e, -1), 0);
	mpathpr_dev_close(dev);
}

static void test_open_unknown_map_fails(void **state)
{
	struct eng_env *e = *state;
	struct mpathpr_dev *dev = NULL;

	assert_int_equal(mpathpr_dev_open(e->ctx[0], "/dev/mapper/nope", &dev), -ENOENT);
	assert_null(dev);
}

static void test_call_budget_spent_is_timeout(void **state)
{
	struct eng_env *e = *state;
	struct mpathpr_dev *dev;
	struct spc4_fault slow = SPC4_FAULT_INIT(SPC4_FAULT_SLOW);
	char p0[32];

	eng_unfence(e, 1, KEY_B, true);
	/* every command on either path takes 40 s of (virtual) time */
	slow.delay_us = 40ULL * 1000 * 1000;
	spc4_model_path_fault(e->m, eng_path(0, 0, p0, sizeof(p0)), &slow);
	spc4_model_path_fault(e->m, eng_path(0, 1, p0, sizeof(p0)), &slow);
	mpathpr_ctx_set_timeouts(e->ctx[0], 10000, 50000);
	dev = eng_open(e, 0);
	assert_int_equal(mpathpr_register(dev, 0, KEY_A, 0, NULL), 0);
	/* reserve after 40 s already used by the register round: path 0 takes
	 * 40 s more and fails (conflict), path 1 has no budget left */
	assert_int_equal(mpathpr_reserve(dev, KEY_A, MPATHPR_TYPE_WE_RO, NULL), -EBADE);
	mpathpr_dev_close(dev);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_register_reaches_every_path, setup_2x4, teardown),
		cmocka_unit_test_setup_teardown(test_register_skips_path_failed_in_map, setup_2x2, teardown),
		cmocka_unit_test_setup_teardown(test_register_fails_when_usable_path_errors, setup_2x2, teardown),
		cmocka_unit_test_setup_teardown(test_register_path_down_during_call_is_skipped, setup_2x2, teardown),
		cmocka_unit_test_setup_teardown(test_register_no_connect_is_skipped, setup_2x2, teardown),
		cmocka_unit_test_setup_teardown(test_register_conflicting_paths_retried_with_ignore, setup_2x2, teardown),
		cmocka_unit_test_setup_teardown(test_register_wrong_old_key_is_conflict, setup_2x2, teardown),
		cmocka_unit_test_setup_teardown(test_register_no_usable_path, setup_2x2, teardown),
		cmocka_unit_test_setup_teardown(test_unregister_holder_releases_first, setup_2x2, teardown),
		cmocka_unit_test_setup_teardown(test_reserve_takes_type5_once, setup_2x2, teardown),
		cmocka_unit_test_setup_teardown(test_reserve_held_by_other_is_conflict, setup_2x2, teardown),
		cmocka_unit_test_setup_teardown(test_reserve_from_unregistered_path_falls_back, setup_2x2, teardown),
		cmocka_unit_test_setup_teardown(test_reserve_falls_back_on_transport_error, setup_2x2, teardown),
		cmocka_unit_test_setup_teardown(test_release_with_holding_path_down, setup_2x2, teardown),
		cmocka_unit_test_setup_teardown(test_release_on_four_paths_finds_holder, setup_2x4, teardown),
		cmocka_unit_test_setup_teardown(test_release_not_holder_is_noop, setup_2x2, teardown),
		cmocka_unit_test_setup_teardown(test_preempt_abort_fences_other_host, setup_2x2, teardown),
		cmocka_unit_test_setup_teardown(test_preempt_falls_back_on_timeout, setup_2x2, teardown),
		cmocka_unit_test_setup_teardown(test_preempt_absent_key_is_conflict, setup_2x2, teardown),
		cmocka_unit_test_setup_teardown(test_preempt_self_restores_other_paths, setup_2x2, teardown),
		cmocka_unit_test_setup_teardown(test_two_hosts_preempting_each_other_one_survives, setup_2x2, teardown),
		cmocka_unit_test_setup_teardown(test_clear_removes_everything, setup_2x2, teardown),
		cmocka_unit_test_setup_teardown(test_read_keys_and_reservation, setup_2x2, teardown),
		cmocka_unit_test_setup_teardown(test_read_falls_back_and_matrix_reports_each_path, setup_2x2, teardown),
		cmocka_unit_test_setup_teardown(test_full_status_names_initiators, setup_2x2, teardown),
		cmocka_unit_test_setup_teardown(test_bad_arguments_send_nothing, setup_2x2, teardown),
		cmocka_unit_test_setup_teardown(test_open_unknown_map_fails, setup_2x2, teardown),
		cmocka_unit_test_setup_teardown(test_call_budget_spent_is_timeout, setup_2x2, teardown),
	};

	return cmocka_run_group_tests_name("engine", tests, NULL, NULL);
}
