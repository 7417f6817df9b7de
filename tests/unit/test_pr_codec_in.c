/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * PERSISTENT RESERVE IN response decoders.  Responses are written out by
 * hand from SPC-4 and always handed to the decoder in an exactly sized heap
 * buffer, so the sanitizer build catches any read past what the "device"
 * transferred: every prefix of each valid response and lengths that lie.
 * READ FULL STATUS and the random inputs are in test_pr_codec_full.c.
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

static uint8_t *dup_exact(const uint8_t *buf, size_t n)
{
	uint8_t *copy = malloc(n ? n : 1);

	assert_non_null(copy);
	if (n)
		memcpy(copy, buf, n);
	return copy;
}

static int keys_exact(const uint8_t *buf, size_t n, uint64_t *keys, size_t cap,
		      struct mpr_prin_keys *ret)
{
	uint8_t *copy = dup_exact(buf, n);
	int r = mpr_prin_keys_decode(copy, n, keys, cap, ret);

	free(copy);
	return r;
}

static int resv_exact(const uint8_t *buf, size_t n, struct mpr_prin_resv *ret)
{
	uint8_t *copy = dup_exact(buf, n);
	int r = mpr_prin_resv_decode(copy, n, ret);

	free(copy);
	return r;
}

static int caps_exact(const uint8_t *buf, size_t n, struct mpr_prin_caps *ret)
{
	uint8_t *copy = dup_exact(buf, n);
	int r = mpr_prin_caps_decode(copy, n, ret);

	free(copy);
	return r;
}

/* ---- READ KEYS ---- */

/* generation 7, three keys (one registered through two I_T nexuses) */
static const uint8_t keys_resp[32] = {
	0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x18,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	0xab, 0xcd, 0xef, 0x00, 0x11, 0x22, 0x33, 0x44,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
};
static const uint64_t keys_expect[3] = { 0x1, 0xabcdef0011223344ULL, 0x1 };

static void test_keys_valid(void **state)
{
	struct mpr_prin_keys r;
	uint64_t keys[8];

	assert_int_equal(keys_exact(keys_resp, sizeof(keys_resp), keys, 8, &r), 0);
	assert_int_equal(r.generation, 7);
	assert_int_equal(r.additional_length, 24);
	assert_int_equal(r.needed_len, 32);
	assert_false(r.truncated);
	assert_int_equal(r.n_total, 3);
	assert_int_equal(r.n_present, 3);
	assert_int_equal(r.n_keys, 3);
	assert_memory_equal(keys, keys_expect, sizeof(keys_expect));
}

static void test_keys_none_registered(void **state)
{
	const uint8_t resp[8] = { 0x00, 0x00, 0x01, 0x00, 0, 0, 0, 0 };
	struct mpr_prin_keys r;

	assert_int_equal(keys_exact(resp, sizeof(resp), NULL, 0, &r), 0);
	assert_int_equal(r.generation, 0x100);
	assert_int_equal(r.n_total, 0);
	assert_int_equal(r.n_keys, 0);
	assert_false(r.truncated);
}

static void test_keys_capacity_limits_copy_not_count(void **state)
{
	struct mpr_prin_keys r;
	uint64_t keys[3] = { 0, 0, 0x5a5a };

	assert_int_equal(keys_exact(keys_resp, sizeof(keys_resp), keys, 2, &r), 0);
	assert_int_equal(r.n_present, 3);
	assert_int_equal(r.n_keys, 2);
	assert_false(r.truncated);
	assert_memory_equal(keys, keys_expect, 2 * sizeof(uint64_t));
	assert_int_equal(keys[2], 0x5a5a);
}

static void test_keys_every_prefix(void **state)
{
	for (size_t n = 0; n <= sizeof(keys_resp); n++) {
		struct mpr_prin_keys r;
		uint64_t keys[3];
		int ret = keys_exact(keys_resp, n, keys, 3, &r);

		if (n < 8) {
			assert_int_equal(ret, -EPROTO);
			continue;
		}
		assert_int_equal(ret, 0);
		assert_int_equal(r.truncated, n < sizeof(keys_resp));
		assert_int_equal(r.needed_len, 32);
		assert_int_equal(r.n_total, 3);
		assert_int_equal(r.n_keys, (n - 8) / 8);
		assert_memory_equal(keys, keys_expect, r.n_keys * sizeof(uint64_t));
	}
}

static void test_keys_length_not_multiple_of_8_is_eproto(void **state)
{
	uint8_t resp[32];
	struct mpr_prin_keys r, pristine;

	memcpy(resp, keys_resp, sizeof(resp));
	resp[7] = 0x17;
	memset(&r, SENTINEL, sizeof(r));
	memset(&pristine, SENTINEL, sizeof(pristine));
	assert_int_equal(keys_exact(resp, sizeof(resp), NULL, 0, &r), -EPROTO);
	assert_memory_equal(&r, &pristine, sizeof(r));
}

static void test_keys_huge_length_reports_needed(void **state)
{
	uint8_t resp[20];
	struct mpr_prin_keys r;
	uint64_t keys[4];

	memcpy(resp, keys_resp, sizeof(resp));
	resp[4] = resp[5] = resp[6] = 0xff;
	resp[7] = 0xf8;
	assert_int_equal(keys_exact(resp, sizeof(resp), keys, 4, &r), 0);
	assert_true(r.truncated);
	assert_int_equal(r.needed_len, 0x100000000ULL);
	assert_int_equal(r.n_total, 0xffffffffU / 8);
	assert_int_equal(r.n_keys, 1);
}

static void test_keys_extra_bytes_beyond_length_ignored(void **state)
{
	uint8_t resp[40];
	struct mpr_prin_keys r;
	uint64_t keys[8];

	memcpy(resp, keys_resp, sizeof(keys_resp));
	memset(resp + 32, 0xee, 8);
	assert_int_equal(keys_exact(resp, sizeof(resp), keys, 8, &r), 0);
	assert_int_equal(r.n_keys, 3);
	assert_false(r.truncated);
}

static void test_keys_null_arguments(void **state)
{
	struct mpr_prin_keys r;

	assert_int_equal(mpr_prin_keys_decode(keys_resp, 32, NULL, 2, &r), -EINVAL);
	assert_int_equal(mpr_prin_keys_decode(keys_resp, 32, NULL, 0, NULL), -EINVAL);
	assert_int_equal(mpr_prin_keys_decode(NULL, 0, NULL, 0, &r), -EPROTO);
}

/* ---- READ RESERVATION ---- */

static const uint8_t resv_resp[24] = {
	0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x10,
	0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00,
};

static void test_resv_held(void **state)
{
	struct mpr_prin_resv r;

	assert_int_equal(resv_exact(resv_resp, sizeof(resv_resp), &r), 0);
	assert_int_equal(r.generation, 3);
	assert_true(r.held);
	assert_false(r.truncated);
	assert_int_equal(r.key, 0x123456789abcdef0ULL);
	assert_int_equal(r.scope, 0);
	assert_int_equal(r.type, MPR_PR_TYPE_WE_RO);
}

static void test_resv_none(void **state)
{
	const uint8_t resp[8] = { 0x00, 0x00, 0x00, 0x09, 0, 0, 0, 0 };
	struct mpr_prin_resv r;

	assert_int_equal(resv_exact(resp, sizeof(resp), &r), 0);
	assert_int_equal(r.generation, 9);
	assert_false(r.held);
	assert_false(r.truncated);
}

static void test_resv_scope_and_type_split(void **state)
{
	uint8_t resp[24];
	struct mpr_prin_resv r;

	memcpy(resp, resv_resp, sizeof(resp));
	resp[21] = 0x28;
	assert_int_equal(resv_exact(resp, sizeof(resp), &r), 0);
	assert_int_equal(r.scope, 2);
	assert_int_equal(r.type, 8);
}

static void test_resv_every_prefix(void **state)
{
	for (size_t n = 0; n <= sizeof(resv_resp); n++) {
		struct mpr_prin_resv r;
		int ret = resv_exact(resv_resp, n, &r);

		if (n < 8) {
			assert_int_equal(ret, -EPROTO);
			continue;
		}
		assert_int_equal(ret, 0);
		assert_int_equal(r.truncated, n < 24);
		assert_int_equal(r.held, n == 24);
		assert_int_equal(r.needed_len, 24);
	}
}

static void test_resv_short_additional_length_is_eproto(void **state)
{
	uint8_t resp[24];
	struct mpr_prin_resv r;

	memcpy(resp, resv_resp, sizeof(resp));
	resp[7] = 0x08;
	assert_int_equal(resv_exact(resp, sizeof(resp), &r), -EPROTO);
	resp[7] = 0x0f;
	assert_int_equal(resv_exact(resp, sizeof(resp), &r), -EPROTO);
}

static void test_resv_longer_additional_length_tolerated(void **state)
{
	uint8_t resp[24];
	struct mpr_prin_resv r;

	memcpy(resp, resv_resp, sizeof(resp));
	resp[7] = 0x18;
	assert_int_equal(resv_exact(resp, sizeof(resp), &r), 0);
	assert_true(r.held);
	assert_true(r.truncated);
	assert_int_equal(r.needed_len, 32);
}

/* ---- REPORT CAPABILITIES ---- */

static void test_caps_all_flags(void **state)
{
	/* CRH|SIP_C|ATP_C|PTPL_C, TMV|ALLOW COMMANDS 1|PTPL_A, every type */
	const uint8_t resp[8] = { 0x00, 0x08, 0x1d, 0x91, 0xea, 0x01, 0x00, 0x00 };
	struct mpr_prin_caps c;

	assert_int_equal(caps_exact(resp, sizeof(resp), &c), 0);
	assert_int_equal(c.length, 8);
	assert_false(c.rlr_c);
	assert_true(c.crh);
	assert_true(c.sip_c);
	assert_true(c.atp_c);
	assert_true(c.ptpl_c);
	assert_true(c.tmv);
	assert_int_equal(c.allow_commands, 1);
	assert_true(c.ptpl_a);
	assert_int_equal(c.type_mask, MPR_PR_TYPE_VALID_MASK);
}

static void test_caps_type_mask_bit_positions(void **state)
{
	static const struct { uint8_t b4, b5; uint8_t type; } map[] = {
		{ 0x80, 0x00, MPR_PR_TYPE_WE_AR },
		{ 0x40, 0x00, MPR_PR_TYPE_EA_RO },
		{ 0x20, 0x00, MPR_PR_TYPE_WE_RO },
		{ 0x08, 0x00, MPR_PR_TYPE_EA },
		{ 0x02, 0x00, MPR_PR_TYPE_WE },
		{ 0x00, 0x01, MPR_PR_TYPE_EA_AR },
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		const uint8_t resp[8] = { 0x00, 0x08, 0x00, 0x80, map[i].b4, map[i].b5 };
		struct mpr_prin_caps c;

		assert_int_equal(caps_exact(resp, sizeof(resp), &c), 0);
		assert_int_equal(c.type_mask, 1u << map[i].type);
	}
}

static void test_caps_reserved_mask_bits_ignored(void **state)
{
	const uint8_t resp[8] = { 0x00, 0x08, 0x80, 0x80, 0x15, 0xfe };
	struct mpr_prin_caps c;

	assert_int_equal(caps_exact(resp, sizeof(resp), &c), 0);
	assert_true(c.rlr_c);
	assert_int_equal(c.type_mask, 0);
}

static void test_caps_mask_zero_without_tmv(void **state)
{
	const uint8_t resp[8] = { 0x00, 0x08, 0x00, 0x71, 0xea, 0x01 };
	struct mpr_prin_caps c;

	assert_int_equal(caps_exact(resp, sizeof(resp), &c), 0);
	assert_false(c.tmv);
	assert_int_equal(c.allow_commands, 7);
	assert_int_equal(c.type_mask, 0);
}

static void test_caps_short_or_bad_length_is_eproto(void **state)
{
	const uint8_t resp[8] = { 0x00, 0x08, 0x1d, 0x91, 0xea, 0x01 };
	const uint8_t bad_len[8] = { 0x00, 0x04, 0x1d, 0x91, 0xea, 0x01 };
	struct mpr_prin_caps c;

	for (size_t n = 0; n < 8; n++)
		assert_int_equal(caps_exact(resp, n, &c), -EPROTO);
	assert_int_equal(caps_exact(bad_len, sizeof(bad_len), &c), -EPROTO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys_valid),
		cmocka_unit_test(test_keys_none_registered),
		cmocka_unit_test(test_keys_capacity_limits_copy_not_count),
		cmocka_unit_test(test_keys_every_prefix),
		cmocka_unit_test(test_keys_length_not_multiple_of_8_is_eproto),
		cmocka_unit_test(test_keys_huge_length_reports_needed),
		cmocka_unit_test(test_keys_extra_bytes_beyond_length_ignored),
		cmocka_unit_test(test_keys_null_arguments),
		cmocka_unit_test(test_resv_held),
		cmocka_unit_test(test_resv_none),
		cmocka_unit_test(test_resv_scope_and_type_split),
		cmocka_unit_test(test_resv_every_prefix),
		cmocka_unit_test(test_resv_short_additional_length_is_eproto),
		cmocka_unit_test(test_resv_longer_additional_length_tolerated),
		cmocka_unit_test(test_caps_all_flags),
		cmocka_unit_test(test_caps_type_mask_bit_positions),
		cmocka_unit_test(test_caps_reserved_mask_bits_ignored),
		cmocka_unit_test(test_caps_mask_zero_without_tmv),
		cmocka_unit_test(test_caps_short_or_bad_length_is_eproto),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
