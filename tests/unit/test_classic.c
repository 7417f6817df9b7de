/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test_classic.c - the classic (libmpathpersist) API against the SPC-4
 * model: the successful service actions, the prin_resp layouts, and that
 * invalid parameters are MPATH_PR_SYNTAX_ERROR with nothing sent.  The
 * failure codes are in test_classic_codes.c.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "classic_fx.h"

/* ---- SUCCESS ---- */

static void test_register_reserve_preempt_release_clear_round_trip(void **state)
{
	struct fx *f = *state;
	uint64_t k;
	uint8_t type;

	assert_int_equal(fx_prout(f, 0, MPATH_PROUT_REG_SA, 0, 0, KEY_A), MPATH_PR_SUCCESS);
	assert_int_equal(fx_prout(f, 1, MPATH_PROUT_REG_SA, 0, 0, KEY_B), MPATH_PR_SUCCESS);
	for (int p = 0; p < 2; p++) {
		assert_int_equal(eng_key(f->e, 0, p), KEY_A);
		assert_int_equal(eng_key(f->e, 1, p), KEY_B);
	}
	assert_int_equal(fx_prout(f, 0, MPATH_PROUT_RES_SA, MPATH_PRTPE_WE_RO, KEY_A, 0),
			 MPATH_PR_SUCCESS);
	assert_true(spc4_model_reservation(f->e->m, f->e->lu, &k, &type));
	assert_int_equal(k, KEY_A);
	assert_int_equal(type, MPATH_PRTPE_WE_RO);
	/* host 1 fences host 0 */
	assert_int_equal(fx_prout(f, 1, MPATH_PROUT_PREE_AB_SA, MPATH_PRTPE_WE_RO, KEY_B, KEY_A),
			 MPATH_PR_SUCCESS);
	assert_int_equal(eng_key(f->e, 0, 0), 0);
	assert_int_equal(eng_key(f->e, 0, 1), 0);
	assert_true(spc4_model_reservation(f->e->m, f->e->lu, &k, NULL));
	assert_int_equal(k, KEY_B);
	assert_int_equal(fx_prout(f, 1, MPATH_PROUT_REL_SA, MPATH_PRTPE_WE_RO, KEY_B, 0),
			 MPATH_PR_SUCCESS);
	assert_false(spc4_model_reservation(f->e->m, f->e->lu, NULL, NULL));
	assert_int_equal(fx_prout(f, 1, MPATH_PROUT_CLEAR_SA, 0, KEY_B, 0), MPATH_PR_SUCCESS);
	assert_int_equal(spc4_model_keys(f->e->m, f->e->lu, NULL, 0), 0);
}

static void test_read_keys_lists_keys_big_endian(void **state)
{
	struct fx *f = *state;
	const struct prin_readdescr *rk = &f->resp->prin_descriptor.prin_readkeys;
	static const uint8_t a[8] = { 0xaa, 0xaa, 0, 0, 0, 0, 0, 0x01 };
	static const uint8_t b[8] = { 0xbb, 0xbb, 0, 0, 0, 0, 0, 0x02 };

	fx_reg(f, 0, KEY_A);
	fx_reg(f, 1, KEY_B);
	assert_int_equal(fx_prin(f, 1, MPATH_PRIN_RKEY_SA), MPATH_PR_SUCCESS);
	assert_int_equal(rk->prgeneration, spc4_model_generation(f->e->m, f->e->lu));
	assert_int_equal(rk->additional_length, 4 * 8);
	/* registration order: host 0's two nexuses, then host 1's */
	assert_memory_equal(&rk->key_list[0], a, 8);
	assert_memory_equal(&rk->key_list[8], a, 8);
	assert_memory_equal(&rk->key_list[16], b, 8);
	assert_memory_equal(&rk->key_list[24], b, 8);
}

static void test_read_keys_without_registrations_is_empty(void **state)
{
	struct fx *f = *state;

	assert_int_equal(fx_prin(f, 0, MPATH_PRIN_RKEY_SA), MPATH_PR_SUCCESS);
	assert_int_equal(f->resp->prin_descriptor.prin_readkeys.additional_length, 0);
}

static void test_read_reservation_gives_scope_type_and_key(void **state)
{
	struct fx *f = *state;
	const struct prin_resvdescr *rv = &f->resp->prin_descriptor.prin_readresv;

	fx_reg(f, 0, KEY_A);
	assert_int_equal(fx_prin(f, 0, MPATH_PRIN_RRES_SA), MPATH_PR_SUCCESS);
	assert_int_equal(rv->additional_length, 0);
	assert_int_equal(fx_prout(f, 0, MPATH_PROUT_RES_SA, MPATH_PRTPE_EA_RO, KEY_A, 0),
			 MPATH_PR_SUCCESS);
	assert_int_equal(fx_prin(f, 0, MPATH_PRIN_RRES_SA), MPATH_PR_SUCCESS);
	assert_int_equal(rv->additional_length, 0x10);
	assert_int_equal(rv->prgeneration, spc4_model_generation(f->e->m, f->e->lu));
	assert_int_equal(fx_get_be64(rv->key), KEY_A);
	assert_int_equal(rv->scope_type & MPATH_PR_SCOPE_MASK, MPATH_LU_SCOPE);
	assert_int_equal(rv->scope_type & MPATH_PR_TYPE_MASK, MPATH_PRTPE_EA_RO);
}

static void test_report_capabilities_gives_type_mask(void **state)
{
	struct fx *f = *state;
	const struct prin_capdescr *c = &f->resp->prin_descriptor.prin_readcap;

	assert_int_equal(fx_prin(f, 0, MPATH_PRIN_RCAP_SA), MPATH_PR_SUCCESS);
	assert_int_equal(c->length, 8);
	assert_int_equal(c->flags[0], 0x0d);	/* SIP_C, ATP_C, PTPL_C */
	assert_int_equal(c->flags[1], 0x80);	/* TMV */
	/* host order of bytes 4-5 (WR_EX_AR EX_AC_RO WR_EX_RO EX_AC WR_EX | EX_AC_AR),
	 * as libmpathpersist converts it */
	assert_int_equal(c->pr_type_mask, 0xea01);
}

static void check_fulldescr(const struct prin_fulldescr *d, uint64_t key, uint16_t rtpi,
			    const char *iqn, bool holder, uint8_t type)
{
	assert_int_equal(fx_get_be64(d->key), key);
	assert_int_equal(d->rtpi, rtpi);
	assert_int_equal(d->flag & 0x01, holder);
	assert_int_equal(d->flag & 0x02, 0);
	assert_int_equal(d->scope_type, holder ? type : 0);
	assert_int_equal(d->trnptid.protocol_id, MPATH_PROTOCOL_ID_ISCSI);
	assert_int_equal(d->trnptid.format_code, MPATH_WWUI_DEVICE_NAME);
	assert_string_equal((const char *)d->trnptid.iscsi_name, iqn);
}

static const struct prin_fulldescr *find_fulldescr(const struct print_fulldescr_list *fd,
						   uint64_t key, uint16_t rtpi)
{
	for (uint32_t i = 0; i < fd->number_of_descriptor; i++)
		if (fx_get_be64(fd->descriptors[i]->key) == key && fd->descriptors[i]->rtpi == rtpi)
			return fd->descriptors[i];
	fail_msg("no descriptor for key 0x%llx on port %u", (unsigned long long)key, rtpi);
	return NULL;
}

static void test_read_full_status_gives_descriptors_with_iscsi_ids(void **state)
{
	struct fx *f = *state;
	const struct print_fulldescr_list *fd = &f->resp->prin_descriptor.prin_readfd;
	uint8_t type = MPATH_PRTPE_WE_RO;

	fx_reg(f, 0, KEY_A);
	fx_reg(f, 1, KEY_B);
	assert_int_equal(fx_prout(f, 0, MPATH_PROUT_RES_SA, type, KEY_A, 0), MPATH_PR_SUCCESS);
	assert_int_equal(fx_prin(f, 1, MPATH_PRIN_RFSTAT_SA), MPATH_PR_SUCCESS);
	assert_int_equal(fd->prgeneration, spc4_model_generation(f->e->m, f->e->lu));
	assert_int_equal(fd->number_of_descriptor, 4);
	for (int i = 0; i < 4; i++)
		assert_non_null(fd->descriptors[i]);
	/* the paths register in parallel, so look descriptors up by nexus;
	 * the reservation was taken through host 0's first path (port 1) */
	check_fulldescr(find_fulldescr(fd, KEY_A, 1), KEY_A, 1, "iqn.2026-11.test:host0", true, type);
	check_fulldescr(find_fulldescr(fd, KEY_A, 2), KEY_A, 2, "iqn.2026-11.test:host0", false, type);
	check_fulldescr(find_fulldescr(fd, KEY_B, 1), KEY_B, 1, "iqn.2026-11.test:host1", false, type);
	check_fulldescr(find_fulldescr(fd, KEY_B, 2), KEY_B, 2, "iqn.2026-11.test:host1", false, type);
}

static void test_register_with_spec_i_pt_registers_listed_initiator(void **state)
{
	struct fx *f = *state;
	struct transportid tid = { .format_code = MPATH_WWUI_DEVICE_NAME,
				   .protocol_id = MPATH_PROTOCOL_ID_ISCSI };
	struct prout_param_descriptor *p = fx_param(f, 0, KEY_A, MPATH_F_SPEC_I_PT_MASK);

	snprintf((char *)tid.iscsi_name, sizeof(tid.iscsi_name), "iqn.2026-11.test:host1");
	p->num_transportid = 1;
	p->trnptid_list[0] = &tid;
	assert_int_equal(mpr_classic_prout(f->e->ctx[0], f->fd, MPATH_PROUT_REG_SA,
					   MPATH_LU_SCOPE, 0, p), MPATH_PR_SUCCESS);
	assert_int_equal(eng_key(f->e, 0, 0), KEY_A);
	assert_int_equal(eng_key(f->e, 0, 1), KEY_A);
	/* SPEC_I_PT went out once, through port 1: host 1 is registered there */
	assert_int_equal(eng_key(f->e, 1, 0), KEY_A);
	assert_int_equal(eng_key(f->e, 1, 1), 0);
}

/*
 * libmpathpersist encodes a PR OUT iSCSI TransportID from iscsi_name[] as
 * the wire bytes from offset 2: a big-endian ADDITIONAL LENGTH (it reads
 * iscsi_name[1]), then the name (mpathpersist --transport-id=iqn... fills
 * it that way).  A program written for it must work here too.
 */
static void test_spec_i_pt_accepts_length_prefixed_iscsi_name(void **state)
{
	static const char iqn[] = "iqn.2026-11.test:host1";
	struct fx *f = *state;
	struct transportid tid = { .format_code = MPATH_WWUI_DEVICE_NAME,
				   .protocol_id = MPATH_PROTOCOL_ID_ISCSI };
	struct prout_param_descriptor *p = fx_param(f, 0, KEY_A, MPATH_F_SPEC_I_PT_MASK);

	tid.iscsi_name[1] = 24;		/* strlen + NUL, rounded up to 4 */
	memcpy(&tid.iscsi_name[2], iqn, sizeof(iqn));
	p->num_transportid = 1;
	p->trnptid_list[0] = &tid;
	assert_int_equal(mpr_classic_prout(f->e->ctx[0], f->fd, MPATH_PROUT_REG_SA,
					   MPATH_LU_SCOPE, 0, p), MPATH_PR_SUCCESS);
	assert_int_equal(eng_key(f->e, 1, 0), KEY_A);
}

/* REGISTER AND MOVE hands the reservation to the initiator of the one
 * transport ID; it stays on the holder's target port. */
static void test_register_and_move_hands_reservation_over(void **state)
{
	struct fx *f = *state;
	struct transportid tid = { .format_code = MPATH_WWUI_DEVICE_NAME,
				   .protocol_id = MPATH_PROTOCOL_ID_ISCSI };
	struct prout_param_descriptor *p;
	uint64_t k;

	fx_reg(f, 0, KEY_A);
	assert_int_equal(fx_prout(f, 0, MPATH_PROUT_RES_SA, MPATH_PRTPE_WE_RO, KEY_A, 0),
			 MPATH_PR_SUCCESS);
	p = fx_param(f, KEY_A, KEY_B, 0);
	snprintf((char *)tid.iscsi_name, sizeof(tid.iscsi_name), "iqn.2026-11.test:host1");
	p->num_transportid = 1;
	p->trnptid_list[0] = &tid;
	assert_int_equal(mpr_classic_prout(f->e->ctx[0], f->fd, MPATH_PROUT_REG_MOV_SA,
					   MPATH_LU_SCOPE, MPATH_PRTPE_WE_RO, p), MPATH_PR_SUCCESS);
	assert_true(spc4_model_reservation(f->e->m, f->e->lu, &k, NULL));
	assert_int_equal(k, KEY_B);
	assert_int_equal(eng_key(f->e, 1, 0), KEY_B);
}

static void test_init_exit_and_alloc(void **state)
{
	void *r;

	(void)state;
	assert_int_equal(libmpathpersist_init(), 0);
	assert_int_equal(libmpathpersist_init(), 0);
	assert_int_equal(libmpathpersist_exit(), 0);
	assert_int_equal(libmpathpersist_exit(), 0);
	assert_null(mpath_alloc_prin_response(4));
	assert_null(mpath_alloc_prin_response(-1));
	for (int sa = MPATH_PRIN_RKEY_SA; sa <= MPATH_PRIN_RFSTAT_SA; sa++) {
		r = mpath_alloc_prin_response(sa);
		assert_non_null(r);
		free(r);
	}
}

/* ---- the multipath semantics, seen through the classic API ---- */

static void fault_path(struct fx *f, int h, int p, enum spc4_fault_kind kind)
{
	struct spc4_fault rule = SPC4_FAULT_INIT(kind);
	char dev[32];

	assert_int_equal(spc4_model_path_fault(f->e->m, eng_path(h, p, dev, sizeof(dev)), &rule),
			 0);
}

static void test_reserve_falls_back_to_the_next_path(void **state)
{
	struct fx *f = *state;
	char dev[32];

	fx_reg(f, 0, KEY_A);
	fault_path(f, 0, 0, SPC4_FAULT_TRANSPORT_ERROR);
	assert_int_equal(fx_prout(f, 0, MPATH_PROUT_RES_SA, MPATH_PRTPE_WE_RO, KEY_A, 0),
			 MPATH_PR_SUCCESS);
	assert_true(spc4_model_path_holds(f->e->m, eng_path(0, 1, dev, sizeof(dev))));
}

static void test_read_keys_falls_back_to_the_next_path(void **state)
{
	struct fx *f = *state;

	fx_reg(f, 0, KEY_A);
	fault_path(f, 0, 0, SPC4_FAULT_TIMEOUT);
	assert_int_equal(fx_prin(f, 0, MPATH_PRIN_RKEY_SA), MPATH_PR_SUCCESS);
	assert_int_equal(f->resp->prin_descriptor.prin_readkeys.additional_length, 16);
}

/* A usable path that cannot take the key fails the registration. */
static void test_register_fails_when_a_usable_path_fails(void **state)
{
	struct fx *f = *state;

	fault_path(f, 0, 1, SPC4_FAULT_TRANSPORT_ERROR);
	assert_int_equal(fx_prout(f, 0, MPATH_PROUT_REG_SA, 0, 0, KEY_A), MPATH_PR_OTHER);
	/* ... while a path failed in the map is skipped */
	f->e->state[0][1] = MPR_PATH_FAILED;
	assert_int_equal(fx_prout(f, 0, MPATH_PROUT_REG_IGN_SA, 0, 0, KEY_A), MPATH_PR_SUCCESS);
	assert_int_equal(eng_key(f->e, 0, 0), KEY_A);
}

static void test_release_moves_reservation_off_a_dead_holder_path(void **state)
{
	struct fx *f = *state;

	fx_reg(f, 0, KEY_A);
	assert_int_equal(fx_prout(f, 0, MPATH_PROUT_RES_SA, MPATH_PRTPE_WE_RO, KEY_A, 0),
			 MPATH_PR_SUCCESS);
	/* the holder is path 0; it dies */
	f->e->state[0][0] = MPR_PATH_FAILED;
	fault_path(f, 0, 0, SPC4_FAULT_DOWN);
	assert_int_equal(fx_prout(f, 0, MPATH_PROUT_REL_SA, MPATH_PRTPE_WE_RO, KEY_A, 0),
			 MPATH_PR_SUCCESS);
	assert_false(spc4_model_reservation(f->e->m, f->e->lu, NULL, NULL));
	assert_int_equal(eng_key(f->e, 0, 1), KEY_A);
}

static void test_preempting_own_key_restores_other_paths(void **state)
{
	struct fx *f = *state;
	uint8_t type;

	fx_reg(f, 0, KEY_A);
	assert_int_equal(fx_prout(f, 0, MPATH_PROUT_RES_SA, MPATH_PRTPE_WE_RO, KEY_A, 0),
			 MPATH_PR_SUCCESS);
	assert_int_equal(fx_prout(f, 0, MPATH_PROUT_PREE_SA, MPATH_PRTPE_EA_RO, KEY_A, KEY_A),
			 MPATH_PR_SUCCESS);
	assert_true(spc4_model_reservation(f->e->m, f->e->lu, NULL, &type));
	assert_int_equal(type, MPATH_PRTPE_EA_RO);
	assert_int_equal(eng_key(f->e, 0, 0), KEY_A);
	assert_int_equal(eng_key(f->e, 0, 1), KEY_A);
}

/* Unregistering the holder releases first rather than leaving the LU reserved. */
static void test_unregister_of_holder_releases_and_removes_every_key(void **state)
{
	struct fx *f = *state;

	fx_reg(f, 0, KEY_A);
	fx_reg(f, 1, KEY_B);
	assert_int_equal(fx_prout(f, 0, MPATH_PROUT_RES_SA, MPATH_PRTPE_WE_RO, KEY_A, 0),
			 MPATH_PR_SUCCESS);
	assert_int_equal(fx_prout(f, 0, MPATH_PROUT_REG_SA, 0, KEY_A, 0), MPATH_PR_SUCCESS);
	assert_false(spc4_model_reservation(f->e->m, f->e->lu, NULL, NULL));
	assert_int_equal(eng_key(f->e, 0, 0), 0);
	assert_int_equal(eng_key(f->e, 0, 1), 0);
	assert_int_equal(eng_key(f->e, 1, 0), KEY_B);
}

static void test_release_of_reservation_held_by_others_is_a_no_op(void **state)
{
	struct fx *f = *state;

	fx_reg(f, 0, KEY_A);
	fx_reg(f, 1, KEY_B);
	assert_int_equal(fx_prout(f, 1, MPATH_PROUT_RES_SA, MPATH_PRTPE_WE_RO, KEY_B, 0),
			 MPATH_PR_SUCCESS);
	spc4_model_clear_log(f->e->m);
	assert_int_equal(fx_prout(f, 0, MPATH_PROUT_REL_SA, MPATH_PRTPE_WE_RO, KEY_A, 0),
			 MPATH_PR_SUCCESS);
	assert_int_equal(spc4_model_command_count(f->e->m, NULL, OP_PR_OUT, -1), 0);
	assert_true(spc4_model_reservation(f->e->m, f->e->lu, NULL, NULL));
}

/* ---- SYNTAX_ERROR: nothing reaches the device ---- */

static void expect_syntax_error(struct fx *f, int sa, int scope, unsigned int type,
				const struct prout_param_descriptor *p)
{
	spc4_model_clear_log(f->e->m);
	assert_int_equal(mpr_classic_prout(f->e->ctx[0], f->fd, sa, scope, type, p),
			 MPATH_PR_SYNTAX_ERROR);
	assert_int_equal(fx_sent(f, OP_PR_OUT), 0);
	assert_int_equal(fx_sent(f, -1), 0);
}

static void test_prout_without_paramp_is_syntax_error(void **state)
{
	expect_syntax_error(*state, MPATH_PROUT_REG_SA, MPATH_LU_SCOPE, 0, NULL);
}

static void test_prout_scope_other_than_lu_is_syntax_error(void **state)
{
	struct fx *f = *state;

	expect_syntax_error(f, MPATH_PROUT_RES_SA, 1, MPATH_PRTPE_WE, fx_param(f, KEY_A, 0, 0));
	expect_syntax_error(f, MPATH_PROUT_REG_SA, 2, 0, fx_param(f, 0, KEY_A, 0));
}

static void test_prout_unknown_service_action_is_syntax_error(void **state)
{
	struct fx *f = *state;

	expect_syntax_error(f, 8, MPATH_LU_SCOPE, MPATH_PRTPE_WE, fx_param(f, KEY_A, 0, 0));
	expect_syntax_error(f, -1, MPATH_LU_SCOPE, MPATH_PRTPE_WE, fx_param(f, KEY_A, 0, 0));
}

static void test_reserve_and_preempt_with_invalid_type_are_syntax_errors(void **state)
{
	static const unsigned int bad[] = { 0, 2, 4, 9, 15, 16, 0x101 };
	static const int sas[] = { MPATH_PROUT_RES_SA, MPATH_PROUT_PREE_SA,
				   MPATH_PROUT_PREE_AB_SA, MPATH_PROUT_REL_SA };
	struct fx *f = *state;

	for (size_t s = 0; s < sizeof(sas) / sizeof(sas[0]); s++)
		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
			expect_syntax_error(f, sas[s], MPATH_LU_SCOPE, bad[i],
					    fx_param(f, KEY_A, KEY_B, 0));
}

static void test_spec_i_pt_without_transport_ids_is_syntax_error(void **state)
{
	struct fx *f = *state;
	struct prout_param_descriptor *p = fx_param(f, 0, KEY_A, MPATH_F_SPEC_I_PT_MASK);

	expect_syntax_error(f, MPATH_PROUT_REG_SA, MPATH_LU_SCOPE, 0, p);
	p->num_transportid = 1;	/* counted but NULL */
	expect_syntax_error(f, MPATH_PROUT_REG_SA, MPATH_LU_SCOPE, 0, p);
	p->num_transportid = MPATH_MX_TIDS + 1;
	expect_syntax_error(f, MPATH_PROUT_REG_SA, MPATH_LU_SCOPE, 0, p);
}

static void test_prin_without_resp_or_with_unknown_sa_is_syntax_error(void **state)
{
	struct fx *f = *state;

	spc4_model_clear_log(f->e->m);
	assert_int_equal(mpr_classic_prin(f->e->ctx[0], f->fd, MPATH_PRIN_RKEY_SA, NULL),
			 MPATH_PR_SYNTAX_ERROR);
	assert_int_equal(fx_prin(f, 0, 4), MPATH_PR_SYNTAX_ERROR);
	assert_int_equal(fx_prin(f, 0, -1), MPATH_PR_SYNTAX_ERROR);
	assert_int_equal(fx_sent(f, OP_PR_IN), 0);
	assert_int_equal(fx_sent(f, -1), 0);
}


#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_register_reserve_preempt_release_clear_round_trip),
		T(test_read_keys_lists_keys_big_endian),
		T(test_read_keys_without_registrations_is_empty),
		T(test_read_reservation_gives_scope_type_and_key),
		T(test_report_capabilities_gives_type_mask),
		T(test_read_full_status_gives_descriptors_with_iscsi_ids),
		T(test_register_with_spec_i_pt_registers_listed_initiator),
		T(test_spec_i_pt_accepts_length_prefixed_iscsi_name),
		T(test_register_and_move_hands_reservation_over),
		T(test_init_exit_and_alloc),
		T(test_reserve_falls_back_to_the_next_path),
		T(test_read_keys_falls_back_to_the_next_path),
		T(test_register_fails_when_a_usable_path_fails),
		T(test_release_moves_reservation_off_a_dead_holder_path),
		T(test_preempting_own_key_restores_other_paths),
		T(test_release_of_reservation_held_by_others_is_a_no_op),
		T(test_unregister_of_holder_releases_and_removes_every_key),
		T(test_prout_without_paramp_is_syntax_error),
		T(test_prout_scope_other_than_lu_is_syntax_error),
		T(test_prout_unknown_service_action_is_syntax_error),
		T(test_reserve_and_preempt_with_invalid_type_are_syntax_errors),
		T(test_spec_i_pt_without_transport_ids_is_syntax_error),
		T(test_prin_without_resp_or_with_unknown_sa_is_syntax_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
