/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test_spc4_model.c - the SPC-4 model's reservation rules, driven with
 * hand-written CDBs and parameter lists through its transport ops.
 * Paths: 0 sda (host1, port 1), 1 sdb (host1, port 2), 2 sdc (host2, port 1),
 * 3 sdd (host2, port 2).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/model/spc4_test_util.h"

#define REG 0x00
#define RES 0x01
#define REL 0x02
#define CLR 0x03
#define PRE 0x04
#define PRA 0x05
#define RIG 0x06

#define K1 0x1111111111111111ULL
#define K2 0x2222222222222222ULL

static int setup(void **state)
{
	struct t_env *e = calloc(1, sizeof(*e));

	if (!e)
		return -1;
	t_env_init(e);
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	t_env_fini(*state);
	free(*state);
	return 0;
}

/* sda registers K1, sdc registers K2 */
static void register_two(struct t_env *e)
{
	assert_good(t_pr_out(e, 0, REG, 0, 0, K1, 0));
	assert_good(t_pr_out(e, 2, REG, 0, 0, K2, 0));
}

static void register_adds_key_and_bumps_generation(void **state)
{
	struct t_env *e = *state;
	uint64_t key = 0;

	assert_good(t_pr_out(e, 0, REG, 0, 0, K1, 0));
	assert_true(spc4_model_path_registered(e->m, "/dev/sda", &key));
	assert_true(key == K1);
	assert_false(spc4_model_path_registered(e->m, "/dev/sdb", NULL));
	assert_int_equal(spc4_model_generation(e->m, 0), 1);
}

static void register_from_unregistered_nexus_with_key_conflicts(void **state)
{
	struct t_env *e = *state;

	assert_conflict(t_pr_out(e, 0, REG, 0, K2, K1, 0));
	assert_false(spc4_model_path_registered(e->m, "/dev/sda", NULL));
	assert_int_equal(spc4_model_generation(e->m, 0), 0);
}

static void register_with_wrong_key_from_registered_nexus_conflicts(void **state)
{
	struct t_env *e = *state;
	uint64_t key = 0;

	assert_good(t_pr_out(e, 0, REG, 0, 0, K1, 0));
	assert_conflict(t_pr_out(e, 0, REG, 0, K2, K2, 0));
	assert_true(spc4_model_path_registered(e->m, "/dev/sda", &key));
	assert_true(key == K1);
}

static void register_and_ignore_replaces_key_whatever_the_key_field(void **state)
{
	struct t_env *e = *state;
	uint64_t key = 0;

	assert_good(t_pr_out(e, 0, REG, 0, 0, K1, 0));
	assert_good(t_pr_out(e, 0, RIG, 0, 0xdead, K2, 0));
	assert_true(spc4_model_path_registered(e->m, "/dev/sda", &key));
	assert_true(key == K2);
	assert_int_equal(spc4_model_generation(e->m, 0), 2);
}

static void unregister_removes_registration(void **state)
{
	struct t_env *e = *state;

	register_two(e);
	assert_good(t_pr_out(e, 0, REG, 0, K1, 0, 0));
	assert_false(spc4_model_path_registered(e->m, "/dev/sda", NULL));
	assert_int_equal(spc4_model_keys(e->m, 0, NULL, 0), 1);
	assert_int_equal(spc4_model_generation(e->m, 0), 3);
}

static void unregister_by_holder_releases_reservation(void **state)
{
	struct t_env *e = *state;

	register_two(e);
	assert_good(t_pr_out(e, 0, RES, 1, K1, 0, 0));
	assert_good(t_pr_out(e, 0, REG, 0, K1, 0, 0));
	assert_false(spc4_model_reservation(e->m, 0, NULL, NULL));
}

static void unregister_of_all_tg_pt_registration_removes_every_port(void **state)
{
	struct t_env *e = *state;

	assert_good(t_pr_out(e, 0, REG, 0, 0, K1, 0x04));
	assert_good(t_pr_out(e, 1, REG, 0, K1, 0, 0x04));
	assert_false(spc4_model_path_registered(e->m, "/dev/sda", NULL));
	assert_false(spc4_model_path_registered(e->m, "/dev/sdb", NULL));
}

static void unregister_by_registrants_only_holder_notifies_registrants(void **state)
{
	struct t_env *e = *state;

	register_two(e);
	assert_good(t_pr_out(e, 0, RES, 6, K1, 0, 0));
	assert_good(t_pr_out(e, 0, REG, 0, K1, 0, 0));
	assert_false(spc4_model_reservation(e->m, 0, NULL, NULL));
	assert_sense(t_tur(e, 2), MPR_SK_UNIT_ATTENTION, 0x2a, 0x04);
}

static void spec_i_pt_from_registered_nexus_is_invalid_field_in_parameter_list(void **state)
{
	struct t_env *e = *state;
	uint8_t cdb[10] = { 0x5f, REG, 0, 0, 0, 0, 0, 0, 28, 0 };
	uint8_t param[28] = { 0 };

	assert_good(t_pr_out(e, 0, REG, 0, 0, K1, 0));
	t_put_be64(param, K1);
	t_put_be64(param + 8, K2);
	param[20] = 0x08;
	assert_sense(t_send(e, 0, cdb, 10, MPR_DIR_TO_DEV, param, 28), MPR_SK_ILLEGAL_REQUEST,
		     0x26, 0x00);
}

static void preempt_changing_type_notifies_remaining_registrants(void **state)
{
	struct t_env *e = *state;

	register_two(e);
	assert_good(t_pr_out(e, 1, REG, 0, 0, 0x3333, 0));
	assert_good(t_pr_out(e, 0, RES, 5, K1, 0, 0));
	assert_good(t_pr_out(e, 2, PRE, 6, K2, K1, 0));
	assert_sense(t_tur(e, 1), MPR_SK_UNIT_ATTENTION, 0x2a, 0x04);
	assert_int_equal(spc4_model_pending_ua(e->m, "/dev/sdc"), 0);
}

static void preempt_without_reservation_keeps_reservation_absent(void **state)
{
	struct t_env *e = *state;

	register_two(e);
	assert_good(t_pr_out(e, 2, PRE, 5, K2, K1, 0));
	assert_false(spc4_model_reservation(e->m, 0, NULL, NULL));
	assert_false(spc4_model_path_registered(e->m, "/dev/sda", NULL));
}

static void all_tg_pt_registers_initiator_on_every_port(void **state)
{
	struct t_env *e = *state;

	assert_good(t_pr_out(e, 0, REG, 0, 0, K1, 0x04));
	assert_true(spc4_model_path_registered(e->m, "/dev/sda", NULL));
	assert_true(spc4_model_path_registered(e->m, "/dev/sdb", NULL));
	assert_false(spc4_model_path_registered(e->m, "/dev/sdc", NULL));
	assert_int_equal(spc4_model_keys(e->m, 0, NULL, 0), 2);
}

static void spec_i_pt_registers_listed_iscsi_initiators(void **state)
{
	struct t_env *e = *state;
	uint8_t cdb[10] = { 0x5f, REG, 0, 0, 0, 0, 0, 0, 24 + 4 + 28, 0 };
	uint8_t param[56] = { 0 };

	t_put_be64(param + 8, K1);
	param[20] = 0x08;
	param[27] = 28;			/* TransportID parameter data length */
	param[28] = 0x05;		/* iSCSI, format 0 */
	param[31] = 24;			/* additional length */
	memcpy(param + 32, T_INIT2, strlen(T_INIT2));
	assert_good(t_send(e, 0, cdb, 10, MPR_DIR_TO_DEV, param, sizeof(param)));
	assert_true(spc4_model_path_registered(e->m, "/dev/sda", NULL));
	assert_true(spc4_model_path_registered(e->m, "/dev/sdc", NULL));
	assert_false(spc4_model_path_registered(e->m, "/dev/sdd", NULL));
}

static void long_parameter_list_without_spec_i_pt_is_length_error(void **state)
{
	struct t_env *e = *state;
	uint8_t cdb[10] = { 0x5f, REG, 0, 0, 0, 0, 0, 0, 28, 0 };
	uint8_t param[28] = { 0 };

	t_put_be64(param + 8, K1);
	assert_sense(t_send(e, 0, cdb, 10, MPR_DIR_TO_DEV, param, 28), MPR_SK_ILLEGAL_REQUEST,
		     0x1a, 0x00);
	assert_false(spc4_model_path_registered(e->m, "/dev/sda", NULL));
}

static void reserve_by_unregistered_nexus_conflicts(void **state)
{
	struct t_env *e = *state;

	assert_conflict(t_pr_out(e, 0, RES, 1, 0, 0, 0));
	assert_false(spc4_model_reservation(e->m, 0, NULL, NULL));
}

static void reserve_does_not_change_generation(void **state)
{
	struct t_env *e = *state;
	uint64_t key = 0;
	uint8_t type = 0;

	register_two(e);
	assert_good(t_pr_out(e, 0, RES, 5, K1, 0, 0));
	assert_true(spc4_model_reservation(e->m, 0, &key, &type));
	assert_true(key == K1);
	assert_int_equal(type, 5);
	assert_int_equal(spc4_model_generation(e->m, 0), 2);
}

static void reserve_while_other_nexus_holds_conflicts(void **state)
{
	struct t_env *e = *state;

	register_two(e);
	assert_good(t_pr_out(e, 0, RES, 5, K1, 0, 0));
	assert_conflict(t_pr_out(e, 2, RES, 5, K2, 0, 0));
	assert_true(spc4_model_path_holds(e->m, "/dev/sda"));
	assert_false(spc4_model_path_holds(e->m, "/dev/sdc"));
}

static void reserve_again_by_holder_same_type_good_other_type_conflicts(void **state)
{
	struct t_env *e = *state;

	register_two(e);
	assert_good(t_pr_out(e, 0, RES, 5, K1, 0, 0));
	assert_good(t_pr_out(e, 0, RES, 5, K1, 0, 0));
	assert_conflict(t_pr_out(e, 0, RES, 3, K1, 0, 0));
}

static void reserve_with_invalid_type_is_invalid_field_in_cdb(void **state)
{
	struct t_env *e = *state;

	register_two(e);
	assert_sense(t_pr_out(e, 0, RES, 2, K1, 0, 0), MPR_SK_ILLEGAL_REQUEST, 0x24, 0x00);
	assert_sense(t_pr_out(e, 0, RES, 0x11, K1, 0, 0), MPR_SK_ILLEGAL_REQUEST, 0x24, 0x00);
}

static void release_by_non_holder_is_good_and_changes_nothing(void **state)
{
	struct t_env *e = *state;

	register_two(e);
	assert_good(t_pr_out(e, 0, RES, 1, K1, 0, 0));
	assert_good(t_pr_out(e, 2, REL, 1, K2, 0, 0));
	assert_true(spc4_model_path_holds(e->m, "/dev/sda"));
}

static void release_with_wrong_type_is_invalid_release(void **state)
{
	struct t_env *e = *state;

	register_two(e);
	assert_good(t_pr_out(e, 0, RES, 1, K1, 0, 0));
	assert_sense(t_pr_out(e, 0, REL, 3, K1, 0, 0), MPR_SK_ILLEGAL_REQUEST, 0x26, 0x04);
	assert_true(spc4_model_reservation(e->m, 0, NULL, NULL));
}

static void release_of_registrants_only_type_notifies_registrants(void **state)
{
	struct t_env *e = *state;

	register_two(e);
	assert_good(t_pr_out(e, 0, RES, 5, K1, 0, 0));
	assert_good(t_pr_out(e, 0, REL, 5, K1, 0, 0));
	assert_false(spc4_model_reservation(e->m, 0, NULL, NULL));
	assert_int_equal(spc4_model_pending_ua(e->m, "/dev/sda"), 0);
	assert_sense(t_tur(e, 2), MPR_SK_UNIT_ATTENTION, 0x2a, 0x04);
}

static void clear_removes_everything_and_reports_reservations_preempted(void **state)
{
	struct t_env *e = *state;

	register_two(e);
	assert_good(t_pr_out(e, 0, RES, 5, K1, 0, 0));
	assert_good(t_pr_out(e, 0, CLR, 0, K1, 0, 0));
	assert_int_equal(spc4_model_keys(e->m, 0, NULL, 0), 0);
	assert_false(spc4_model_reservation(e->m, 0, NULL, NULL));
	assert_int_equal(spc4_model_generation(e->m, 0), 3);
	assert_sense(t_tur(e, 2), MPR_SK_UNIT_ATTENTION, 0x2a, 0x03);
	assert_good(t_tur(e, 0));
}

static void preempt_holder_key_moves_reservation_and_removes_registration(void **state)
{
	struct t_env *e = *state;
	uint64_t key = 0;
	uint8_t type = 0;

	register_two(e);
	assert_good(t_pr_out(e, 0, RES, 5, K1, 0, 0));
	assert_good(t_pr_out(e, 2, PRE, 6, K2, K1, 0));
	assert_true(spc4_model_reservation(e->m, 0, &key, &type));
	assert_true(key == K2);
	assert_int_equal(type, 6);
	assert_false(spc4_model_path_registered(e->m, "/dev/sda", NULL));
	assert_int_equal(spc4_model_generation(e->m, 0), 3);
	assert_sense(t_tur(e, 0), MPR_SK_UNIT_ATTENTION, 0x2a, 0x05);
}

static void preempt_removes_every_nexus_with_the_key(void **state)
{
	struct t_env *e = *state;

	assert_good(t_pr_out(e, 0, REG, 0, 0, K1, 0x04));	/* sda + sdb */
	assert_good(t_pr_out(e, 2, REG, 0, 0, K2, 0));
	assert_good(t_pr_out(e, 2, PRA, 5, K2, K1, 0));
	assert_int_equal(spc4_model_keys(e->m, 0, NULL, 0), 1);
	assert_int_equal(spc4_model_pending_ua(e->m, "/dev/sda"), 1);
	assert_int_equal(spc4_model_pending_ua(e->m, "/dev/sdb"), 1);
}

static void preempt_of_key_nobody_has_conflicts(void **state)
{
	struct t_env *e = *state;

	register_two(e);
	assert_conflict(t_pr_out(e, 2, PRE, 5, K2, 0x3333, 0));
	assert_int_equal(spc4_model_keys(e->m, 0, NULL, 0), 2);
	assert_int_equal(spc4_model_generation(e->m, 0), 2);
}

static void preempt_by_unregistered_nexus_conflicts(void **state)
{
	struct t_env *e = *state;

	assert_good(t_pr_out(e, 0, REG, 0, 0, K1, 0));
	assert_conflict(t_pr_out(e, 2, PRE, 5, 0, K1, 0));
	assert_true(spc4_model_path_registered(e->m, "/dev/sda", NULL));
}

static void preempt_zero_key_under_all_registrants_keeps_only_preempter(void **state)
{
	struct t_env *e = *state;
	uint8_t type = 0;

	register_two(e);
	assert_good(t_pr_out(e, 0, RES, 7, K1, 0, 0));
	assert_good(t_pr_out(e, 2, PRE, 5, K2, 0, 0));
	assert_int_equal(spc4_model_keys(e->m, 0, NULL, 0), 1);
	assert_true(spc4_model_reservation(e->m, 0, NULL, &type));
	assert_int_equal(type, 5);
	assert_true(spc4_model_path_holds(e->m, "/dev/sdc"));
}

static void register_and_move_hands_reservation_to_named_nexus(void **state)
{
	struct t_env *e = *state;
	uint8_t cdb[10] = { 0x5f, 0x07, 1, 0, 0, 0, 0, 0, 24 + 28, 0 };
	uint8_t param[52] = { 0 };
	uint64_t key = 0;

	assert_good(t_pr_out(e, 0, REG, 0, 0, K1, 0));
	assert_good(t_pr_out(e, 0, RES, 1, K1, 0, 0));
	t_put_be64(param, K1);
	t_put_be64(param + 8, K2);
	param[17] = 0x02;		/* UNREG */
	param[19] = 2;			/* relative target port 2 */
	param[23] = 28;
	param[24] = 0x05;
	param[27] = 24;
	memcpy(param + 28, T_INIT2, strlen(T_INIT2));
	assert_good(t_send(e, 0, cdb, 10, MPR_DIR_TO_DEV, param, sizeof(param)));
	assert_true(spc4_model_path_holds(e->m, "/dev/sdd"));
	assert_true(spc4_model_path_registered(e->m, "/dev/sdd", &key));
	assert_true(key == K2);
	assert_false(spc4_model_path_registered(e->m, "/dev/sda", NULL));
}

static void aptpl_registrations_survive_power_loss(void **state)
{
	struct t_env *e = *state;

	assert_good(t_pr_out(e, 0, REG, 0, 0, K1, 0x01));
	assert_good(t_pr_out(e, 0, RES, 5, K1, 0, 0));
	spc4_model_power_loss(e->m);
	assert_true(spc4_model_path_registered(e->m, "/dev/sda", NULL));
	assert_true(spc4_model_reservation(e->m, 0, NULL, NULL));
	assert_sense(t_tur(e, 0), MPR_SK_UNIT_ATTENTION, 0x29, 0x01);
}

static void registrations_without_aptpl_are_lost_on_power_loss(void **state)
{
	struct t_env *e = *state;

	register_two(e);
	spc4_model_power_loss(e->m);
	assert_int_equal(spc4_model_keys(e->m, 0, NULL, 0), 0);
	assert_false(spc4_model_aptpl(e->m, 0));
}

static void unit_attention_is_reported_once_then_command_succeeds(void **state)
{
	struct t_env *e = *state;

	register_two(e);
	assert_good(t_pr_out(e, 0, CLR, 0, K1, 0, 0));
	assert_sense(t_tur(e, 2), MPR_SK_UNIT_ATTENTION, 0x2a, 0x03);
	assert_good(t_tur(e, 2));
}

static void unit_attention_blocks_the_command_it_is_reported_on(void **state)
{
	struct t_env *e = *state;

	register_two(e);
	assert_good(t_pr_out(e, 0, CLR, 0, K1, 0, 0));
	assert_sense(t_pr_out(e, 2, REG, 0, 0, K2, 0), MPR_SK_UNIT_ATTENTION, 0x2a, 0x03);
	assert_false(spc4_model_path_registered(e->m, "/dev/sdc", NULL));
}

static void inquiry_does_not_consume_unit_attention(void **state)
{
	struct t_env *e = *state;
	uint8_t cdb[6] = { 0x12, 0, 0, 0, 36, 0 };
	uint8_t buf[36];

	register_two(e);
	assert_good(t_pr_out(e, 0, CLR, 0, K1, 0, 0));
	assert_good(t_send(e, 2, cdb, 6, MPR_DIR_FROM_DEV, buf, sizeof(buf)));
	assert_int_equal(spc4_model_pending_ua(e->m, "/dev/sdc"), 1);
}

static void write_exclusive_registrants_only_fences_unregistered_writes(void **state)
{
	struct t_env *e = *state;

	assert_good(t_pr_out(e, 0, REG, 0, 0, K1, 0));
	assert_good(t_pr_out(e, 0, RES, 5, K1, 0, 0));
	assert_conflict(t_write10(e, 2));
	assert_good(t_read10(e, 2));
	assert_good(t_write10(e, 0));
}

static void exclusive_access_registrants_only_fences_unregistered_reads(void **state)
{
	struct t_env *e = *state;

	assert_good(t_pr_out(e, 0, REG, 0, 0, K1, 0));
	assert_good(t_pr_out(e, 0, RES, 6, K1, 0, 0));
	assert_conflict(t_read10(e, 2));
	assert_good(t_read10(e, 0));
}

static void write_exclusive_lets_only_holder_write(void **state)
{
	struct t_env *e = *state;

	register_two(e);
	assert_good(t_pr_out(e, 0, RES, 1, K1, 0, 0));
	assert_conflict(t_write10(e, 2));
	assert_good(t_read10(e, 2));
}

static void write16_is_fenced_like_write10(void **state)
{
	struct t_env *e = *state;
	uint8_t cdb[16] = { 0x8a, [13] = 1 };
	uint8_t block[512] = { 0 };

	assert_good(t_pr_out(e, 0, REG, 0, 0, K1, 0));
	assert_good(t_pr_out(e, 0, RES, 7, K1, 0, 0));
	assert_conflict(t_send(e, 2, cdb, 16, MPR_DIR_TO_DEV, block, sizeof(block)));
}

static void unknown_opcode_is_invalid_command_operation_code(void **state)
{
	struct t_env *e = *state;
	uint8_t cdb[6] = { 0x1b, 0, 0, 0, 0, 0 };

	assert_sense(t_send(e, 0, cdb, 6, MPR_DIR_NONE, NULL, 0), MPR_SK_ILLEGAL_REQUEST,
		     0x20, 0x00);
}

static void bad_pr_out_service_action_is_invalid_field_in_cdb(void **state)
{
	struct t_env *e = *state;

	assert_sense(t_pr_out(e, 0, 0x08, 0, 0, K1, 0), MPR_SK_ILLEGAL_REQUEST, 0x24, 0x00);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(register_adds_key_and_bumps_generation),
		T(register_from_unregistered_nexus_with_key_conflicts),
		T(register_with_wrong_key_from_registered_nexus_conflicts),
		T(register_and_ignore_replaces_key_whatever_the_key_field),
		T(unregister_removes_registration),
		T(unregister_by_holder_releases_reservation),
		T(all_tg_pt_registers_initiator_on_every_port),
		T(unregister_of_all_tg_pt_registration_removes_every_port),
		T(unregister_by_registrants_only_holder_notifies_registrants),
		T(spec_i_pt_from_registered_nexus_is_invalid_field_in_parameter_list),
		T(preempt_changing_type_notifies_remaining_registrants),
		T(preempt_without_reservation_keeps_reservation_absent),
		T(spec_i_pt_registers_listed_iscsi_initiators),
		T(long_parameter_list_without_spec_i_pt_is_length_error),
		T(reserve_by_unregistered_nexus_conflicts),
		T(reserve_does_not_change_generation),
		T(reserve_while_other_nexus_holds_conflicts),
		T(reserve_again_by_holder_same_type_good_other_type_conflicts),
		T(reserve_with_invalid_type_is_invalid_field_in_cdb),
		T(release_by_non_holder_is_good_and_changes_nothing),
		T(release_with_wrong_type_is_invalid_release),
		T(release_of_registrants_only_type_notifies_registrants),
		T(clear_removes_everything_and_reports_reservations_preempted),
		T(preempt_holder_key_moves_reservation_and_removes_registration),
		T(preempt_removes_every_nexus_with_the_key),
		T(preempt_of_key_nobody_has_conflicts),
		T(preempt_by_unregistered_nexus_conflicts),
		T(preempt_zero_key_under_all_registrants_keeps_only_preempter),
		T(register_and_move_hands_reservation_to_named_nexus),
		T(aptpl_registrations_survive_power_loss),
		T(registrations_without_aptpl_are_lost_on_power_loss),
		T(unit_attention_is_reported_once_then_command_succeeds),
		T(unit_attention_blocks_the_command_it_is_reported_on),
		T(inquiry_does_not_consume_unit_attention),
		T(write_exclusive_registrants_only_fences_unregistered_writes),
		T(exclusive_access_registrants_only_fences_unregistered_reads),
		T(write_exclusive_lets_only_holder_write),
		T(write16_is_fenced_like_write10),
		T(unknown_opcode_is_invalid_command_operation_code),
		T(bad_pr_out_service_action_is_invalid_field_in_cdb),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
