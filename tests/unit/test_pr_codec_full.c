/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * READ FULL STATUS decoding, and every PR IN decoder fed a few thousand
 * deterministic pseudo-random and mutated responses.  Inputs always sit in
 * exactly sized heap buffers so the sanitizer build catches any overread.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "pr_codec.h"

#define SENTINEL	0xa5
#define FUZZ_ROUNDS	6000
#define FUZZ_MAX_LEN	200

static uint8_t *dup_exact(const uint8_t *buf, size_t n)
{
	uint8_t *copy = malloc(n ? n : 1);

	assert_non_null(copy);
	if (n)
		memcpy(copy, buf, n);
	return copy;
}

static int full_exact(const uint8_t *buf, size_t n, struct mpr_prin_fs_desc *desc,
		      size_t cap, struct mpr_prin_full *ret)
{
	uint8_t *copy = dup_exact(buf, n);
	int r = mpr_prin_full_decode(copy, n, desc, cap, ret);

	free(copy);
	return r;
}

/*
 * Generation 0x2a, two descriptors of 48 bytes:
 *  1: key 0x1111..., ALL_TG_PT + R_HOLDER, scope LU type WE, port 1, FC
 *  2: key 0x2222..., registrant only, port 2, iSCSI "iqn.2026-11.lab:h2"
 */
static const uint8_t full_resp[104] = {
	0x00, 0x00, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x60,
	/* descriptor 1 at 8 */
	0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11,
	0x00, 0x00, 0x00, 0x00, 0x03, 0x01, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x18,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x21, 0x00, 0x00, 0x24, 0xff, 0x4c, 0x8a, 0x10,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	/* descriptor 2 at 56 */
	0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x18,
	0x05, 0x00, 0x00, 0x14, 'i', 'q', 'n', '.',
	'2', '0', '2', '6', '-', '1', '1', '.',
	'l', 'a', 'b', ':', 'h', '2', 0x00, 0x00,
};
#define DESC2_OFF	56

static void assert_first_desc(const struct mpr_prin_fs_desc *d)
{
	const uint8_t wwn[8] = { 0x21, 0x00, 0x00, 0x24, 0xff, 0x4c, 0x8a, 0x10 };

	assert_int_equal(d->key, 0x1111111111111111ULL);
	assert_true(d->all_tg_pt);
	assert_true(d->r_holder);
	assert_int_equal(d->scope, 0);
	assert_int_equal(d->type, MPR_PR_TYPE_WE);
	assert_int_equal(d->rel_tgt_port, 1);
	assert_true(d->tid_known);
	assert_int_equal(d->tid.protocol_id, MPR_TPID_FC);
	assert_memory_equal(d->tid.n_port_name, wwn, 8);
}

static void assert_second_desc(const struct mpr_prin_fs_desc *d)
{
	assert_int_equal(d->key, 0x2222222222222222ULL);
	assert_false(d->all_tg_pt);
	assert_false(d->r_holder);
	assert_int_equal(d->type, 0);
	assert_int_equal(d->rel_tgt_port, 2);
	assert_true(d->tid_known);
	assert_int_equal(d->tid.protocol_id, MPR_TPID_ISCSI);
	assert_string_equal(d->tid.iscsi_name, "iqn.2026-11.lab:h2");
}

static void test_full_valid(void **state)
{
	struct mpr_prin_fs_desc d[4];
	struct mpr_prin_full r;
	char text[MPR_TID_TEXT_MAX];

	assert_int_equal(full_exact(full_resp, sizeof(full_resp), d, 4, &r), 0);
	assert_int_equal(r.generation, 0x2a);
	assert_int_equal(r.additional_length, 0x60);
	assert_int_equal(r.needed_len, 104);
	assert_false(r.truncated);
	assert_int_equal(r.n_present, 2);
	assert_int_equal(r.n_desc, 2);
	assert_first_desc(&d[0]);
	assert_second_desc(&d[1]);
	assert_int_equal(mpr_tid_to_text(&d[0].tid, text, sizeof(text)), 0);
	assert_string_equal(text, "0x21000024ff4c8a10");
}

static void test_full_no_registrations(void **state)
{
	const uint8_t resp[8] = { 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x00 };
	struct mpr_prin_full r;

	assert_int_equal(full_exact(resp, sizeof(resp), NULL, 0, &r), 0);
	assert_int_equal(r.generation, 5);
	assert_int_equal(r.n_present, 0);
	assert_false(r.truncated);
}

static void test_full_every_prefix(void **state)
{
	for (size_t n = 0; n <= sizeof(full_resp); n++) {
		struct mpr_prin_fs_desc d[2];
		struct mpr_prin_full r;
		int ret = full_exact(full_resp, n, d, 2, &r);

		if (n < 8) {
			assert_int_equal(ret, -EPROTO);
			continue;
		}
		assert_int_equal(ret, 0);
		assert_int_equal(r.truncated, n < sizeof(full_resp));
		assert_int_equal(r.needed_len, 104);
		assert_int_equal(r.n_present, n == 104 ? 2 : n >= 56 ? 1 : 0);
		if (r.n_desc >= 1)
			assert_first_desc(&d[0]);
		if (r.n_desc == 2)
			assert_second_desc(&d[1]);
	}
}

static void test_full_capacity_limits_copy_not_count(void **state)
{
	struct mpr_prin_fs_desc d[2];
	struct mpr_prin_full r;
	uint8_t pristine[sizeof(d[1])];

	memset(d, SENTINEL, sizeof(d));
	memset(pristine, SENTINEL, sizeof(pristine));
	assert_int_equal(full_exact(full_resp, sizeof(full_resp), d, 1, &r), 0);
	assert_int_equal(r.n_present, 2);
	assert_int_equal(r.n_desc, 1);
	assert_first_desc(&d[0]);
	assert_memory_equal(&d[1], pristine, sizeof(pristine));
}

static void test_full_length_beyond_transfer_is_truncation(void **state)
{
	uint8_t resp[104];
	struct mpr_prin_full r;

	memcpy(resp, full_resp, sizeof(resp));
	resp[7] = 0x90;
	assert_int_equal(full_exact(resp, sizeof(resp), NULL, 0, &r), 0);
	assert_true(r.truncated);
	assert_int_equal(r.needed_len, 0x98);
	assert_int_equal(r.n_present, 2);
}

/* Every failure must leave the caller's outputs alone. */
static void assert_full_eproto(const uint8_t *resp, size_t n)
{
	struct mpr_prin_fs_desc d[2];
	struct mpr_prin_full r;
	uint8_t pristine_d[sizeof(d)], pristine_r[sizeof(r)];

	memset(d, SENTINEL, sizeof(d));
	memset(&r, SENTINEL, sizeof(r));
	memset(pristine_d, SENTINEL, sizeof(pristine_d));
	memset(pristine_r, SENTINEL, sizeof(pristine_r));
	assert_int_equal(full_exact(resp, n, d, 2, &r), -EPROTO);
	assert_memory_equal(d, pristine_d, sizeof(d));
	assert_memory_equal(&r, pristine_r, sizeof(r));
}

static void test_full_descriptor_past_additional_length_is_eproto(void **state)
{
	uint8_t resp[104];

	memcpy(resp, full_resp, sizeof(resp));
	resp[DESC2_OFF + 23] = 0x19;
	assert_full_eproto(resp, sizeof(resp));
	resp[DESC2_OFF + 20] = 0xff;	/* ADL near 4 GiB must not wrap */
	assert_full_eproto(resp, sizeof(resp));
}

static void test_full_trailing_partial_descriptor_is_eproto(void **state)
{
	uint8_t resp[108];

	memcpy(resp, full_resp, sizeof(full_resp));
	memset(resp + 104, 0, 4);
	resp[7] = 0x64;
	assert_full_eproto(resp, sizeof(resp));
}

static void test_full_descriptor_without_transport_id_is_eproto(void **state)
{
	uint8_t resp[80];

	memcpy(resp, full_resp, 56);
	memcpy(resp + 56, full_resp + DESC2_OFF, 24);
	resp[7] = 0x48;			/* 48 + 24 */
	resp[DESC2_OFF + 23] = 0x00;
	assert_full_eproto(resp, sizeof(resp));
}

static void test_full_malformed_transport_id_is_eproto(void **state)
{
	uint8_t resp[104];

	memcpy(resp, full_resp, sizeof(resp));
	resp[DESC2_OFF + 24 + 3] = 0x15;	/* iSCSI length past the descriptor */
	assert_full_eproto(resp, sizeof(resp));
}

static void test_full_unknown_protocol_kept_undecoded(void **state)
{
	uint8_t resp[104];
	struct mpr_prin_fs_desc d[2];
	struct mpr_prin_full r;

	memcpy(resp, full_resp, sizeof(resp));
	resp[DESC2_OFF + 24] = 0x04;	/* SRP */
	assert_int_equal(full_exact(resp, sizeof(resp), d, 2, &r), 0);
	assert_int_equal(r.n_desc, 2);
	assert_false(d[1].tid_known);
	assert_int_equal(d[1].tid.protocol_id, 4);
	assert_int_equal(d[1].key, 0x2222222222222222ULL);
}

static void test_full_padding_after_transport_id_tolerated(void **state)
{
	uint8_t resp[108];
	struct mpr_prin_fs_desc d[2];
	struct mpr_prin_full r;

	memcpy(resp, full_resp, sizeof(full_resp));
	memset(resp + 104, 0, 4);
	resp[7] = 0x64;
	resp[DESC2_OFF + 23] = 0x1c;
	assert_int_equal(full_exact(resp, sizeof(resp), d, 2, &r), 0);
	assert_int_equal(r.n_present, 2);
	assert_second_desc(&d[1]);
}

static void test_full_null_arguments(void **state)
{
	struct mpr_prin_full r;

	assert_int_equal(mpr_prin_full_decode(full_resp, 104, NULL, 1, &r), -EINVAL);
	assert_int_equal(mpr_prin_full_decode(full_resp, 104, NULL, 0, NULL), -EINVAL);
	assert_int_equal(mpr_prin_full_decode(NULL, 0, NULL, 0, &r), -EPROTO);
}

/* ---- random and mutated inputs ---- */

struct prng {
	uint32_t s;
};

static uint32_t prng_next(struct prng *p)
{
	/* xorshift32: deterministic, so a failure reproduces */
	p->s ^= p->s << 13;
	p->s ^= p->s >> 17;
	p->s ^= p->s << 5;
	return p->s;
}

static const uint8_t keys_seed[24] = {
	0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x10,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
};
static const uint8_t resv_seed[24] = {
	0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x10,
	0, 0, 0, 0, 0, 0, 0, 0x01, 0, 0, 0, 0, 0, 0x03, 0, 0,
};

/* Build one input: pure noise, or a valid response with a few bytes changed
 * and its length cut or extended. */
static size_t fuzz_input(struct prng *p, uint8_t *buf)
{
	static const struct { const uint8_t *b; size_t n; } seeds[] = {
		{ full_resp, sizeof(full_resp) },
		{ keys_seed, sizeof(keys_seed) },
		{ resv_seed, sizeof(resv_seed) },
	};
	size_t n, k;

	for (size_t i = 0; i < FUZZ_MAX_LEN; i++)
		buf[i] = prng_next(p);
	if (prng_next(p) % 4 == 0)
		return prng_next(p) % FUZZ_MAX_LEN;
	k = prng_next(p) % 3;
	memcpy(buf, seeds[k].b, seeds[k].n);
	for (unsigned int flips = prng_next(p) % 4; flips; flips--)
		buf[prng_next(p) % seeds[k].n] = prng_next(p);
	n = seeds[k].n + 16;
	return prng_next(p) % (n + 1);
}

static void fuzz_one(const uint8_t *buf, size_t n, unsigned int *full_ok)
{
	uint8_t *copy = dup_exact(buf, n);
	uint64_t keys[4];
	struct mpr_prin_fs_desc d[3];
	struct mpr_prin_keys rk;
	struct mpr_prin_resv rr;
	struct mpr_prin_caps rc;
	struct mpr_prin_full rf;
	struct mpr_tid tid;
	char text[MPR_TID_TEXT_MAX];
	size_t used;
	int r;

	r = mpr_prin_keys_decode(copy, n, keys, 4, &rk);
	assert_true(r == 0 || r == -EPROTO);
	if (r == 0)
		assert_true(rk.n_keys <= 4 && 8 + 8 * rk.n_present <= n);
	r = mpr_prin_resv_decode(copy, n, &rr);
	assert_true(r == 0 || r == -EPROTO);
	if (r == 0 && rr.held)
		assert_true(n >= 24);
	r = mpr_prin_caps_decode(copy, n, &rc);
	assert_true(r == 0 || r == -EPROTO);
	r = mpr_prin_full_decode(copy, n, d, 3, &rf);
	assert_true(r == 0 || r == -EPROTO);
	if (r == 0) {
		assert_true(rf.n_desc <= 3 && 8 + 25 * rf.n_present <= n);
		*full_ok += rf.n_present > 0;
		for (size_t i = 0; i < rf.n_desc; i++)
			if (d[i].tid_known)
				assert_int_equal(mpr_tid_to_text(&d[i].tid, text, sizeof(text)), 0);
	}
	r = mpr_tid_decode(copy, n, &tid, &used);
	assert_true(r == 0 || r == -EPROTO || r == -EPROTONOSUPPORT);
	if (r == 0)
		assert_true(used <= n);
	free(copy);
}

static void test_decoders_survive_random_and_mutated_input(void **state)
{
	struct prng p = { .s = 0x2545f491 };
	uint8_t buf[FUZZ_MAX_LEN];
	unsigned int full_ok = 0;

	for (unsigned int round = 0; round < FUZZ_ROUNDS; round++)
		fuzz_one(buf, fuzz_input(&p, buf), &full_ok);
	/* the mutations must reach the descriptor walk, not just the header */
	assert_true(full_ok > FUZZ_ROUNDS / 50);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_valid),
		cmocka_unit_test(test_full_no_registrations),
		cmocka_unit_test(test_full_every_prefix),
		cmocka_unit_test(test_full_capacity_limits_copy_not_count),
		cmocka_unit_test(test_full_length_beyond_transfer_is_truncation),
		cmocka_unit_test(test_full_descriptor_past_additional_length_is_eproto),
		cmocka_unit_test(test_full_trailing_partial_descriptor_is_eproto),
		cmocka_unit_test(test_full_descriptor_without_transport_id_is_eproto),
		cmocka_unit_test(test_full_malformed_transport_id_is_eproto),
		cmocka_unit_test(test_full_unknown_protocol_kept_undecoded),
		cmocka_unit_test(test_full_padding_after_transport_id_tolerated),
		cmocka_unit_test(test_full_null_arguments),
		cmocka_unit_test(test_decoders_survive_random_and_mutated_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
