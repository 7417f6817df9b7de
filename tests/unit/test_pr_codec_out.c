/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * PERSISTENT RESERVE OUT / IN CDBs and PR OUT parameter lists.  Every
 * expected byte below was written out by hand from SPC-4 (CDB: opcode, SA,
 * scope/type, parameter list length at 5..8; list: key, service action key,
 * flags at byte 20, ...), not produced by the encoder.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "pr_codec.h"

#define SENTINEL 0xa5

struct out {
	uint8_t cdb[MPR_PR_CDB_LEN];
	uint8_t param[256];
	uint32_t len;
};

static void out_init(struct out *o)
{
	memset(o, SENTINEL, sizeof(*o));
}

static void assert_encodes(const struct mpr_prout_req *req, const uint8_t *cdb,
			   const uint8_t *param, size_t param_len)
{
	struct out o;

	out_init(&o);
	assert_int_equal(mpr_prout_encode(req, o.cdb, o.param, sizeof(o.param), &o.len), 0);
	assert_memory_equal(o.cdb, cdb, MPR_PR_CDB_LEN);
	assert_int_equal(o.len, param_len);
	assert_memory_equal(o.param, param, param_len);
	/* nothing written past the list */
	assert_int_equal(o.param[param_len], SENTINEL);
}

/* The request must be refused with @err and leave every output alone. */
static void assert_refused(const struct mpr_prout_req *req, size_t cap, int err)
{
	struct out o, pristine;

	out_init(&o);
	out_init(&pristine);
	assert_int_equal(mpr_prout_encode(req, o.cdb, o.param, cap, &o.len), err);
	assert_memory_equal(&o, &pristine, sizeof(o));
}

static const struct mpr_tid fc_tid = {
	.protocol_id = MPR_TPID_FC,
	.n_port_name = { 0x21, 0x00, 0x00, 0x24, 0xff, 0x4c, 0x8a, 0x10 },
};

static const struct mpr_tid iscsi_tid = {
	.protocol_id = MPR_TPID_ISCSI,
	.iscsi_name = "iqn.2026-11.org.example:node-01",	/* 31 bytes */
};

static const struct mpr_tid sas_tid = {
	.protocol_id = MPR_TPID_SAS,
	.sas_address = { 0x50, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07 },
};

static void test_register_new_key(void **state)
{
	const struct mpr_prout_req req = {
		.sa = MPR_PROUT_REGISTER, .sa_key = 0x0123456789abcdefULL,
	};
	const uint8_t cdb[] = { 0x5f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x18, 0x00 };
	const uint8_t param[24] = {
		0, 0, 0, 0, 0, 0, 0, 0,
		0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
	};

	assert_encodes(&req, cdb, param, sizeof(param));
}

static void test_register_aptpl_all_tg_pt_sets_byte_20(void **state)
{
	const struct mpr_prout_req req = {
		.sa = MPR_PROUT_REGISTER, .key = 0x1111111111111111ULL,
		.sa_key = 0x2222222222222222ULL, .aptpl = true, .all_tg_pt = true,
	};
	const uint8_t cdb[] = { 0x5f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x18, 0x00 };
	const uint8_t param[24] = {
		0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11,
		0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22,
		0, 0, 0, 0, 0x05, 0, 0, 0,
	};

	assert_encodes(&req, cdb, param, sizeof(param));
}

static void test_reserve_puts_type_in_cdb(void **state)
{
	const struct mpr_prout_req req = {
		.sa = MPR_PROUT_RESERVE, .type = MPR_PR_TYPE_WE_RO, .key = 0xabcd,
	};
	const uint8_t cdb[] = { 0x5f, 0x01, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x18, 0x00 };
	const uint8_t param[24] = { 0, 0, 0, 0, 0, 0, 0xab, 0xcd };

	assert_encodes(&req, cdb, param, sizeof(param));
}

static void test_release(void **state)
{
	const struct mpr_prout_req req = {
		.sa = MPR_PROUT_RELEASE, .type = MPR_PR_TYPE_EA, .key = 0x0102030405060708ULL,
	};
	const uint8_t cdb[] = { 0x5f, 0x02, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x18, 0x00 };
	const uint8_t param[24] = { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08 };

	assert_encodes(&req, cdb, param, sizeof(param));
}

static void test_clear(void **state)
{
	const struct mpr_prout_req req = { .sa = MPR_PROUT_CLEAR, .key = 0xfeedULL };
	const uint8_t cdb[] = { 0x5f, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x18, 0x00 };
	const uint8_t param[24] = { 0, 0, 0, 0, 0, 0, 0xfe, 0xed };

	assert_encodes(&req, cdb, param, sizeof(param));
}

static void test_preempt(void **state)
{
	const struct mpr_prout_req req = {
		.sa = MPR_PROUT_PREEMPT, .type = MPR_PR_TYPE_EA_AR, .key = 0x0a, .sa_key = 0x0b,
	};
	const uint8_t cdb[] = { 0x5f, 0x04, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x18, 0x00 };
	const uint8_t param[24] = {
		0, 0, 0, 0, 0, 0, 0, 0x0a,
		0, 0, 0, 0, 0, 0, 0, 0x0b,
	};

	assert_encodes(&req, cdb, param, sizeof(param));
}

static void test_preempt_and_abort(void **state)
{
	const struct mpr_prout_req req = {
		.sa = MPR_PROUT_PREEMPT_AND_ABORT, .type = MPR_PR_TYPE_WE_AR,
		.key = 0xa0a0a0a0a0a0a0a0ULL, .sa_key = 0x0b0b0b0b0b0b0b0bULL,
	};
	const uint8_t cdb[] = { 0x5f, 0x05, 0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x18, 0x00 };
	const uint8_t param[24] = {
		0xa0, 0xa0, 0xa0, 0xa0, 0xa0, 0xa0, 0xa0, 0xa0,
		0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b,
	};

	assert_encodes(&req, cdb, param, sizeof(param));
}

static void test_register_ignore_existing_key_with_aptpl(void **state)
{
	const struct mpr_prout_req req = {
		.sa = MPR_PROUT_REGISTER_IGNORE, .key = 0x99, .sa_key = 0x1234, .aptpl = true,
	};
	const uint8_t cdb[] = { 0x5f, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x18, 0x00 };
	const uint8_t param[24] = {
		0, 0, 0, 0, 0, 0, 0, 0x99,
		0, 0, 0, 0, 0, 0, 0x12, 0x34,
		0, 0, 0, 0, 0x01, 0, 0, 0,
	};

	assert_encodes(&req, cdb, param, sizeof(param));
}

static void test_register_spec_i_pt_appends_transport_ids(void **state)
{
	const struct mpr_tid tids[] = { fc_tid, iscsi_tid };
	const struct mpr_prout_req req = {
		.sa = MPR_PROUT_REGISTER, .sa_key = 0x77, .spec_i_pt = true,
		.tids = tids, .n_tids = 2,
	};
	/* 24 + 4 + 24 (FC) + 36 (iSCSI: 4 + 31 + NUL, padded to 32) = 88 */
	const uint8_t cdb[] = { 0x5f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x58, 0x00 };
	const uint8_t param[88] = {
		0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 0x77,
		0, 0, 0, 0, 0x08, 0, 0, 0,
		0x00, 0x00, 0x00, 0x3c,				/* TransportIDs: 60 bytes */
		0x00, 0, 0, 0, 0, 0, 0, 0,			/* FC */
		0x21, 0x00, 0x00, 0x24, 0xff, 0x4c, 0x8a, 0x10,
		0, 0, 0, 0, 0, 0, 0, 0,
		0x05, 0x00, 0x00, 0x20,				/* iSCSI, 32 more */
		'i', 'q', 'n', '.', '2', '0', '2', '6', '-', '1', '1', '.',
		'o', 'r', 'g', '.', 'e', 'x', 'a', 'm', 'p', 'l', 'e', ':',
		'n', 'o', 'd', 'e', '-', '0', '1', 0,
	};

	assert_encodes(&req, cdb, param, sizeof(param));
}

static void test_register_and_move_layout(void **state)
{
	const struct mpr_prout_req req = {
		.sa = MPR_PROUT_REGISTER_AND_MOVE, .type = MPR_PR_TYPE_WE, .key = 0x1,
		.sa_key = 0x2, .unreg = true, .aptpl = true, .rel_tgt_port = 0x0102,
		.tids = &sas_tid, .n_tids = 1,
	};
	const uint8_t cdb[] = { 0x5f, 0x07, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x30, 0x00 };
	const uint8_t param[48] = {
		0, 0, 0, 0, 0, 0, 0, 0x01,
		0, 0, 0, 0, 0, 0, 0, 0x02,
		0x00, 0x03, 0x01, 0x02, 0x00, 0x00, 0x00, 0x18,
		0x06, 0, 0, 0, 0x50, 0x01, 0x02, 0x03,
		0x04, 0x05, 0x06, 0x07, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 0,
	};

	assert_encodes(&req, cdb, param, sizeof(param));
}

static void test_register_and_move_iscsi_port_identifier(void **state)
{
	const struct mpr_tid tid = {
		.protocol_id = MPR_TPID_ISCSI, .format_code = 1,
		.iscsi_name = "iqn.a:b,i,0x23d000000001",	/* 24 bytes */
	};
	const struct mpr_prout_req req = {
		.sa = MPR_PROUT_REGISTER_AND_MOVE, .type = MPR_PR_TYPE_EA, .key = 0x5,
		.sa_key = 0x6, .rel_tgt_port = 3, .tids = &tid, .n_tids = 1,
	};
	/* TransportID: 4 + 24 + NUL padded to 28 = 32; list 24 + 32 = 56 */
	const uint8_t cdb[] = { 0x5f, 0x07, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x38, 0x00 };
	const uint8_t param[56] = {
		0, 0, 0, 0, 0, 0, 0, 0x05,
		0, 0, 0, 0, 0, 0, 0, 0x06,
		0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x20,
		0x45, 0x00, 0x00, 0x1c,
		'i', 'q', 'n', '.', 'a', ':', 'b', ',', 'i', ',', '0', 'x',
		'2', '3', 'd', '0', '0', '0', '0', '0', '0', '0', '0', '1',
		0, 0, 0, 0,
	};

	assert_encodes(&req, cdb, param, sizeof(param));
}

static void test_register_sends_given_unused_type(void **state)
{
	const struct mpr_prout_req req = { .sa = MPR_PROUT_REGISTER, .type = MPR_PR_TYPE_WE };
	const uint8_t cdb[] = { 0x5f, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x18, 0x00 };
	const uint8_t param[24] = { 0 };

	assert_encodes(&req, cdb, param, sizeof(param));
}

static void test_param_len_matches_encode(void **state)
{
	const struct mpr_tid tids[] = { fc_tid, iscsi_tid, sas_tid };
	const struct mpr_prout_req req = {
		.sa = MPR_PROUT_REGISTER, .spec_i_pt = true, .tids = tids, .n_tids = 3,
	};
	uint32_t len = 0;

	assert_int_equal(mpr_prout_param_len(&req, &len), 0);
	assert_int_equal(len, 28 + 24 + 36 + 24);
}

static void test_unknown_service_action_refused(void **state)
{
	const struct mpr_prout_req req = { .sa = 8, .type = MPR_PR_TYPE_WE };

	assert_refused(&req, 256, -EINVAL);
}

static void test_nonzero_scope_refused(void **state)
{
	const struct mpr_prout_req req = {
		.sa = MPR_PROUT_RESERVE, .scope = 1, .type = MPR_PR_TYPE_WE,
	};

	assert_refused(&req, 256, -EINVAL);
}

static void test_invalid_types_refused_where_used(void **state)
{
	static const uint8_t sas[] = {
		MPR_PROUT_RESERVE, MPR_PROUT_RELEASE, MPR_PROUT_PREEMPT,
		MPR_PROUT_PREEMPT_AND_ABORT, MPR_PROUT_REGISTER_AND_MOVE,
	};
	static const uint8_t bad[] = { 0, 2, 4, 9, 15, 0x11, 0xff };

	for (size_t i = 0; i < sizeof(sas); i++)
		for (size_t j = 0; j < sizeof(bad); j++) {
			struct mpr_prout_req req = {
				.sa = sas[i], .type = bad[j], .key = 1,
				.tids = &fc_tid,
				.n_tids = sas[i] == MPR_PROUT_REGISTER_AND_MOVE,
			};

			if (!req.n_tids)
				req.tids = NULL;
			assert_refused(&req, 256, -EINVAL);
		}
}

static void test_invalid_type_refused_where_unused(void **state)
{
	const struct mpr_prout_req req = { .sa = MPR_PROUT_CLEAR, .type = 2 };

	assert_refused(&req, 256, -EINVAL);
}

static void test_spec_i_pt_refused_with_register_ignore_existing_key(void **state)
{
	const struct mpr_prout_req req = {
		.sa = MPR_PROUT_REGISTER_IGNORE, .spec_i_pt = true, .tids = &fc_tid, .n_tids = 1,
	};

	assert_refused(&req, 256, -EINVAL);
}

static void test_spec_i_pt_refused_with_reserve(void **state)
{
	const struct mpr_prout_req req = {
		.sa = MPR_PROUT_RESERVE, .type = MPR_PR_TYPE_WE, .spec_i_pt = true,
		.tids = &fc_tid, .n_tids = 1,
	};

	assert_refused(&req, 256, -EINVAL);
}

static void test_spec_i_pt_without_transport_ids_refused(void **state)
{
	const struct mpr_prout_req req = { .sa = MPR_PROUT_REGISTER, .spec_i_pt = true };

	assert_refused(&req, 256, -EINVAL);
}

static void test_transport_ids_without_spec_i_pt_refused(void **state)
{
	const struct mpr_prout_req req = { .sa = MPR_PROUT_REGISTER, .tids = &fc_tid, .n_tids = 1 };

	assert_refused(&req, 256, -EINVAL);
}

static void test_register_and_move_needs_exactly_one_transport_id(void **state)
{
	const struct mpr_tid two[] = { fc_tid, sas_tid };
	struct mpr_prout_req req = { .sa = MPR_PROUT_REGISTER_AND_MOVE, .type = MPR_PR_TYPE_WE };

	assert_refused(&req, 256, -EINVAL);
	req.tids = two;
	req.n_tids = 2;
	assert_refused(&req, 256, -EINVAL);
	req.n_tids = 1;
	req.tids = NULL;
	assert_refused(&req, 256, -EINVAL);
}

static void test_register_and_move_all_tg_pt_refused(void **state)
{
	const struct mpr_prout_req req = {
		.sa = MPR_PROUT_REGISTER_AND_MOVE, .type = MPR_PR_TYPE_WE, .all_tg_pt = true,
		.tids = &fc_tid, .n_tids = 1,
	};

	assert_refused(&req, 256, -EINVAL);
}

static void test_unreg_and_relative_port_only_with_register_and_move(void **state)
{
	struct mpr_prout_req req = { .sa = MPR_PROUT_REGISTER, .unreg = true };

	assert_refused(&req, 256, -EINVAL);
	req.unreg = false;
	req.rel_tgt_port = 1;
	assert_refused(&req, 256, -EINVAL);
}

static void test_unsupported_transport_id_refused(void **state)
{
	const struct mpr_tid srp = { .protocol_id = 4 };
	const struct mpr_prout_req req = {
		.sa = MPR_PROUT_REGISTER, .spec_i_pt = true, .tids = &srp, .n_tids = 1,
	};

	assert_refused(&req, 256, -EINVAL);
}

static void test_small_param_buffer_is_enospc(void **state)
{
	const struct mpr_prout_req basic = { .sa = MPR_PROUT_RESERVE, .type = MPR_PR_TYPE_WE };
	const struct mpr_tid tids[] = { fc_tid, iscsi_tid };
	const struct mpr_prout_req sip = {
		.sa = MPR_PROUT_REGISTER, .spec_i_pt = true, .tids = tids, .n_tids = 2,
	};

	assert_refused(&basic, 23, -ENOSPC);
	assert_refused(&basic, 0, -ENOSPC);
	assert_refused(&sip, 87, -ENOSPC);
}

static void test_null_arguments_refused(void **state)
{
	const struct mpr_prout_req req = { .sa = MPR_PROUT_CLEAR };
	struct out o;
	uint32_t len;

	out_init(&o);
	assert_int_equal(mpr_prout_encode(NULL, o.cdb, o.param, sizeof(o.param), &o.len), -EINVAL);
	assert_int_equal(mpr_prout_encode(&req, NULL, o.param, sizeof(o.param), &o.len), -EINVAL);
	assert_int_equal(mpr_prout_encode(&req, o.cdb, NULL, sizeof(o.param), &o.len), -EINVAL);
	assert_int_equal(mpr_prout_encode(&req, o.cdb, o.param, sizeof(o.param), NULL), -EINVAL);
	assert_int_equal(mpr_prout_param_len(NULL, &len), -EINVAL);
	assert_int_equal(mpr_prout_param_len(&req, NULL), -EINVAL);
}

static void test_prin_cdb_read_keys(void **state)
{
	const uint8_t expect[] = { 0x5e, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00 };
	uint8_t cdb[MPR_PR_CDB_LEN];

	assert_int_equal(mpr_prin_cdb_build(MPR_PRIN_READ_KEYS, 0x1000, cdb), 0);
	assert_memory_equal(cdb, expect, sizeof(expect));
}

static void test_prin_cdb_every_service_action(void **state)
{
	for (uint8_t sa = 0; sa <= MPR_PRIN_READ_FULL_STATUS; sa++) {
		const uint8_t expect[] = { 0x5e, sa, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0x00 };
		uint8_t cdb[MPR_PR_CDB_LEN];

		assert_int_equal(mpr_prin_cdb_build(sa, 0xffff, cdb), 0);
		assert_memory_equal(cdb, expect, sizeof(expect));
	}
}

static void test_prin_cdb_refuses_bad_sa_and_short_allocation(void **state)
{
	uint8_t cdb[MPR_PR_CDB_LEN], pristine[MPR_PR_CDB_LEN];

	memset(cdb, SENTINEL, sizeof(cdb));
	memset(pristine, SENTINEL, sizeof(pristine));
	assert_int_equal(mpr_prin_cdb_build(4, 0x100, cdb), -EINVAL);
	assert_int_equal(mpr_prin_cdb_build(MPR_PRIN_READ_KEYS, 7, cdb), -EINVAL);
	assert_int_equal(mpr_prin_cdb_build(MPR_PRIN_READ_KEYS, 8, NULL), -EINVAL);
	assert_memory_equal(cdb, pristine, sizeof(cdb));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_register_new_key),
		cmocka_unit_test(test_register_aptpl_all_tg_pt_sets_byte_20),
		cmocka_unit_test(test_reserve_puts_type_in_cdb),
		cmocka_unit_test(test_release),
		cmocka_unit_test(test_clear),
		cmocka_unit_test(test_preempt),
		cmocka_unit_test(test_preempt_and_abort),
		cmocka_unit_test(test_register_ignore_existing_key_with_aptpl),
		cmocka_unit_test(test_register_spec_i_pt_appends_transport_ids),
		cmocka_unit_test(test_register_and_move_layout),
		cmocka_unit_test(test_register_and_move_iscsi_port_identifier),
		cmocka_unit_test(test_register_sends_given_unused_type),
		cmocka_unit_test(test_param_len_matches_encode),
		cmocka_unit_test(test_unknown_service_action_refused),
		cmocka_unit_test(test_nonzero_scope_refused),
		cmocka_unit_test(test_invalid_types_refused_where_used),
		cmocka_unit_test(test_invalid_type_refused_where_unused),
		cmocka_unit_test(test_spec_i_pt_refused_with_register_ignore_existing_key),
		cmocka_unit_test(test_spec_i_pt_refused_with_reserve),
		cmocka_unit_test(test_spec_i_pt_without_transport_ids_refused),
		cmocka_unit_test(test_transport_ids_without_spec_i_pt_refused),
		cmocka_unit_test(test_register_and_move_needs_exactly_one_transport_id),
		cmocka_unit_test(test_register_and_move_all_tg_pt_refused),
		cmocka_unit_test(test_unreg_and_relative_port_only_with_register_and_move),
		cmocka_unit_test(test_unsupported_transport_id_refused),
		cmocka_unit_test(test_small_param_buffer_is_enospc),
		cmocka_unit_test(test_null_arguments_refused),
		cmocka_unit_test(test_prin_cdb_read_keys),
		cmocka_unit_test(test_prin_cdb_every_service_action),
		cmocka_unit_test(test_prin_cdb_refuses_bad_sa_and_short_allocation),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
