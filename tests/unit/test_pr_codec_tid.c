/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * TransportIDs (SPC-4 "TransportID identifiers"): FC (protocol 0, N_Port name
 * at byte 8), SAS (protocol 6, SAS address at byte 4), iSCSI (protocol 5,
 * format 0 name / format 1 name ",i,0x" ISID, additional length at 2..3,
 * NUL terminated, padded to a multiple of 4, at least 24 bytes).  Expected
 * encodings are written out by hand.
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

#define SENTINEL 0xa5

static void assert_tid_encodes(const struct mpr_tid *tid, const uint8_t *expect, size_t n)
{
	uint8_t buf[300];
	size_t len = 0, predicted = 0;

	memset(buf, SENTINEL, sizeof(buf));
	assert_int_equal(mpr_tid_encoded_len(tid, &predicted), 0);
	assert_int_equal(mpr_tid_encode(tid, buf, sizeof(buf), &len), 0);
	assert_int_equal(len, n);
	assert_int_equal(predicted, n);
	assert_memory_equal(buf, expect, n);
	assert_int_equal(buf[n], SENTINEL);
}

/* Decode @wire from an exactly sized heap copy (so ASan sees any overread). */
static int decode_exact(const uint8_t *wire, size_t n, struct mpr_tid *tid, size_t *consumed)
{
	uint8_t *copy = malloc(n ? n : 1);
	int r;

	assert_non_null(copy);
	memcpy(copy, wire, n);
	r = mpr_tid_decode(copy, n, tid, consumed);
	free(copy);
	return r;
}

static void assert_round_trip(const struct mpr_tid *tid)
{
	uint8_t buf[300];
	struct mpr_tid back;
	size_t len, consumed;

	assert_int_equal(mpr_tid_encode(tid, buf, sizeof(buf), &len), 0);
	memset(&back, SENTINEL, sizeof(back));
	assert_int_equal(decode_exact(buf, len, &back, &consumed), 0);
	assert_int_equal(consumed, len);
	assert_int_equal(back.protocol_id, tid->protocol_id);
	assert_int_equal(back.format_code, tid->format_code);
	if (tid->protocol_id == MPR_TPID_FC)
		assert_memory_equal(back.n_port_name, tid->n_port_name, 8);
	else if (tid->protocol_id == MPR_TPID_SAS)
		assert_memory_equal(back.sas_address, tid->sas_address, 8);
	else
		assert_string_equal(back.iscsi_name, tid->iscsi_name);
}

static const struct mpr_tid fc = {
	.protocol_id = MPR_TPID_FC,
	.n_port_name = { 0x21, 0x00, 0x00, 0x24, 0xff, 0x4c, 0x8a, 0x10 },
};
static const uint8_t fc_wire[24] = {
	0x00, 0, 0, 0, 0, 0, 0, 0,
	0x21, 0x00, 0x00, 0x24, 0xff, 0x4c, 0x8a, 0x10,
};

static const struct mpr_tid sas = {
	.protocol_id = MPR_TPID_SAS,
	.sas_address = { 0x50, 0x0a, 0x09, 0x80, 0x00, 0x00, 0x12, 0x34 },
};
static const uint8_t sas_wire[24] = {
	0x06, 0, 0, 0, 0x50, 0x0a, 0x09, 0x80, 0x00, 0x00, 0x12, 0x34,
};

static void test_fc_encoding(void **state)
{
	assert_tid_encodes(&fc, fc_wire, sizeof(fc_wire));
}

static void test_sas_encoding(void **state)
{
	assert_tid_encodes(&sas, sas_wire, sizeof(sas_wire));
}

static void test_iscsi_short_name_padded_to_24(void **state)
{
	const struct mpr_tid t = { .protocol_id = MPR_TPID_ISCSI, .iscsi_name = "iqn.a:b" };
	const uint8_t wire[24] = {
		0x05, 0x00, 0x00, 0x14, 'i', 'q', 'n', '.', 'a', ':', 'b', 0,
	};

	assert_tid_encodes(&t, wire, sizeof(wire));
}

static void test_iscsi_name_of_19_fills_24_exactly(void **state)
{
	const struct mpr_tid t = {
		.protocol_id = MPR_TPID_ISCSI, .iscsi_name = "iqn.2026-11.lab:abc",
	};
	const uint8_t wire[24] = {
		0x05, 0x00, 0x00, 0x14,
		'i', 'q', 'n', '.', '2', '0', '2', '6', '-', '1', '1', '.',
		'l', 'a', 'b', ':', 'a', 'b', 'c', 0,
	};

	assert_tid_encodes(&t, wire, sizeof(wire));
}

static void test_iscsi_name_of_20_pads_to_28(void **state)
{
	const struct mpr_tid t = {
		.protocol_id = MPR_TPID_ISCSI, .iscsi_name = "iqn.2026-11.lab:abcd",
	};
	const uint8_t wire[28] = {
		0x05, 0x00, 0x00, 0x18,
		'i', 'q', 'n', '.', '2', '0', '2', '6', '-', '1', '1', '.',
		'l', 'a', 'b', ':', 'a', 'b', 'c', 'd', 0, 0, 0, 0,
	};

	assert_tid_encodes(&t, wire, sizeof(wire));
}

static void test_iscsi_port_identifier_format(void **state)
{
	const struct mpr_tid t = {
		.protocol_id = MPR_TPID_ISCSI, .format_code = 1,
		.iscsi_name = "iqn.2026-11.org.example:node-01,i,0x23d000000001",
	};
	/* 31 + 5 + 12 = 48 bytes, NUL, padded to 52: additional length 0x34 */
	const uint8_t wire[56] = {
		0x45, 0x00, 0x00, 0x34,
		'i', 'q', 'n', '.', '2', '0', '2', '6', '-', '1', '1', '.',
		'o', 'r', 'g', '.', 'e', 'x', 'a', 'm', 'p', 'l', 'e', ':',
		'n', 'o', 'd', 'e', '-', '0', '1', ',', 'i', ',', '0', 'x',
		'2', '3', 'd', '0', '0', '0', '0', '0', '0', '0', '0', '1',
		0, 0, 0, 0,
	};

	assert_tid_encodes(&t, wire, sizeof(wire));
}

static void test_round_trips(void **state)
{
	const struct mpr_tid i0 = { .protocol_id = MPR_TPID_ISCSI, .iscsi_name = "iqn.x:y" };
	const struct mpr_tid i1 = {
		.protocol_id = MPR_TPID_ISCSI, .format_code = 1,
		.iscsi_name = "eui.02004567a425678d,i,0x1",
	};
	struct mpr_tid longest = { .protocol_id = MPR_TPID_ISCSI, .format_code = 1 };

	memset(longest.iscsi_name, 'n', 223);
	memcpy(longest.iscsi_name + 223, ",i,0xABCDEF012345", 18);
	assert_round_trip(&fc);
	assert_round_trip(&sas);
	assert_round_trip(&i0);
	assert_round_trip(&i1);
	assert_round_trip(&longest);
}

static void test_decode_fixed_ignores_bytes_after_24(void **state)
{
	uint8_t wire[30];
	struct mpr_tid t;
	size_t consumed;

	memcpy(wire, sas_wire, 24);
	memset(wire + 24, 0xee, 6);
	assert_int_equal(decode_exact(wire, sizeof(wire), &t, &consumed), 0);
	assert_int_equal(consumed, 24);
	assert_memory_equal(t.sas_address, sas.sas_address, 8);
}

static void test_decode_iscsi_tolerates_missing_padding(void **state)
{
	const uint8_t wire[] = { 0x05, 0x00, 0x00, 0x04, 'i', 'q', 'n', '.' };
	struct mpr_tid t;
	size_t consumed;

	assert_int_equal(decode_exact(wire, sizeof(wire), &t, &consumed), 0);
	assert_int_equal(consumed, 8);
	assert_string_equal(t.iscsi_name, "iqn.");
}

static void assert_decode_fails(const uint8_t *wire, size_t n, int err)
{
	struct mpr_tid t, pristine;
	size_t consumed = 77;

	memset(&t, SENTINEL, sizeof(t));
	memset(&pristine, SENTINEL, sizeof(pristine));
	assert_int_equal(decode_exact(wire, n, &t, &consumed), err);
	assert_memory_equal(&t, &pristine, sizeof(t));
	assert_int_equal(consumed, 77);
}

static void test_decode_every_short_prefix_refused(void **state)
{
	for (size_t n = 0; n < sizeof(fc_wire); n++) {
		assert_decode_fails(fc_wire, n, -EPROTO);
		assert_decode_fails(sas_wire, n, -EPROTO);
	}
}

static void test_decode_iscsi_length_beyond_buffer_refused(void **state)
{
	const uint8_t wire[24] = { 0x05, 0x00, 0x00, 0x15, 'i', 'q', 'n' };

	assert_decode_fails(wire, sizeof(wire), -EPROTO);
}

static void test_decode_iscsi_bad_names_refused(void **state)
{
	const uint8_t empty[24] = { 0x05, 0x00, 0x00, 0x14 };
	const uint8_t control[24] = { 0x05, 0x00, 0x00, 0x14, 'i', 'q', '\n', 0 };
	const uint8_t high[24] = { 0x05, 0x00, 0x00, 0x14, 'i', 0xc3, 0xa9, 0 };
	uint8_t huge[4 + 300];

	assert_decode_fails(empty, sizeof(empty), -EPROTO);
	assert_decode_fails(control, sizeof(control), -EPROTO);
	assert_decode_fails(high, sizeof(high), -EPROTO);
	/* a 300-byte name does not fit struct mpr_tid */
	huge[0] = 0x05;
	huge[1] = 0;
	huge[2] = 300 >> 8;
	huge[3] = 300 & 0xff;
	memset(huge + 4, 'n', 300);
	assert_decode_fails(huge, sizeof(huge), -EPROTO);
}

static void test_decode_bad_format_codes_refused(void **state)
{
	uint8_t wire[24];

	memcpy(wire, fc_wire, 24);
	wire[0] = 0x40;
	assert_decode_fails(wire, 24, -EPROTO);
	memcpy(wire, sas_wire, 24);
	wire[0] = 0x86;
	assert_decode_fails(wire, 24, -EPROTO);
	memset(wire, 0, 24);
	wire[0] = 0xc5;
	wire[3] = 0x14;
	wire[4] = 'x';
	assert_decode_fails(wire, 24, -EPROTO);
}

static void test_decode_other_protocol_not_supported(void **state)
{
	uint8_t srp[24] = { 0x04 };

	assert_decode_fails(srp, sizeof(srp), -EPROTONOSUPPORT);
}

static void assert_encode_fails(const struct mpr_tid *t, size_t cap, int err)
{
	uint8_t buf[300], pristine[300];
	size_t len = 77;

	memset(buf, SENTINEL, sizeof(buf));
	memset(pristine, SENTINEL, sizeof(pristine));
	assert_int_equal(mpr_tid_encode(t, buf, cap, &len), err);
	assert_memory_equal(buf, pristine, sizeof(buf));
	assert_int_equal(len, 77);
}

static void test_encode_invalid_iscsi_names_refused(void **state)
{
	static const char *const bad0[] = { "", "iqn x", "iqn,a", "iqn.a:b,i,0x1", "iq\tn" };
	static const char *const bad1[] = {
		"iqn.a:b", "iqn.a:b,i,0x", "iqn.a:b,i,0xZZ", "iqn.a:b,i,0x1234567890abc",
		",i,0x12", "iqn.a:b,I,0x12", "iqn,x,i,0x12",
	};
	struct mpr_tid t = { .protocol_id = MPR_TPID_ISCSI };

	for (size_t i = 0; i < sizeof(bad0) / sizeof(bad0[0]); i++) {
		strcpy(t.iscsi_name, bad0[i]);
		assert_encode_fails(&t, 300, -EINVAL);
	}
	t.format_code = 1;
	for (size_t i = 0; i < sizeof(bad1) / sizeof(bad1[0]); i++) {
		strcpy(t.iscsi_name, bad1[i]);
		assert_encode_fails(&t, 300, -EINVAL);
	}
}

static void test_encode_overlong_iscsi_names_refused(void **state)
{
	struct mpr_tid t = { .protocol_id = MPR_TPID_ISCSI };

	memset(t.iscsi_name, 'n', 224);		/* one more than iSCSI allows */
	assert_encode_fails(&t, 300, -EINVAL);
	memset(t.iscsi_name, 'n', sizeof(t.iscsi_name));	/* no NUL at all */
	assert_encode_fails(&t, 300, -EINVAL);
}

static void test_encode_bad_format_and_protocol_refused(void **state)
{
	struct mpr_tid t = fc;

	t.format_code = 1;
	assert_encode_fails(&t, 300, -EINVAL);
	t = sas;
	t.format_code = 2;
	assert_encode_fails(&t, 300, -EINVAL);
	t = (struct mpr_tid){ .protocol_id = MPR_TPID_ISCSI, .format_code = 2,
			      .iscsi_name = "iqn.a:b" };
	assert_encode_fails(&t, 300, -EINVAL);
	t = (struct mpr_tid){ .protocol_id = 4 };
	assert_encode_fails(&t, 300, -EPROTONOSUPPORT);
}

static void test_encode_small_buffer_is_enospc(void **state)
{
	const struct mpr_tid t = { .protocol_id = MPR_TPID_ISCSI, .iscsi_name = "iqn.2026-11.lab:abcd" };

	assert_encode_fails(&fc, 23, -ENOSPC);
	assert_encode_fails(&t, 27, -ENOSPC);
	assert_encode_fails(&t, 0, -ENOSPC);
}

static void test_text_fc_and_sas_are_hex_wwns(void **state)
{
	char text[MPR_TID_TEXT_MAX];

	assert_int_equal(mpr_tid_to_text(&fc, text, sizeof(text)), 0);
	assert_string_equal(text, "0x21000024ff4c8a10");
	assert_int_equal(mpr_tid_to_text(&sas, text, sizeof(text)), 0);
	assert_string_equal(text, "0x500a098000001234");
}

static void test_text_iscsi_is_the_name(void **state)
{
	const struct mpr_tid t = {
		.protocol_id = MPR_TPID_ISCSI, .format_code = 1, .iscsi_name = "iqn.a:b,i,0x1",
	};
	char text[MPR_TID_TEXT_MAX];

	assert_int_equal(mpr_tid_to_text(&t, text, sizeof(text)), 0);
	assert_string_equal(text, "iqn.a:b,i,0x1");
}

static void test_text_small_buffer_and_unknown_protocol(void **state)
{
	const struct mpr_tid srp = { .protocol_id = 4 };
	char text[19];

	memset(text, SENTINEL, sizeof(text));
	assert_int_equal(mpr_tid_to_text(&fc, text, 18), -ENOSPC);
	assert_int_equal((uint8_t)text[0], SENTINEL);
	assert_int_equal(mpr_tid_to_text(&fc, text, 19), 0);
	assert_int_equal(mpr_tid_to_text(&srp, text, sizeof(text)), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fc_encoding),
		cmocka_unit_test(test_sas_encoding),
		cmocka_unit_test(test_iscsi_short_name_padded_to_24),
		cmocka_unit_test(test_iscsi_name_of_19_fills_24_exactly),
		cmocka_unit_test(test_iscsi_name_of_20_pads_to_28),
		cmocka_unit_test(test_iscsi_port_identifier_format),
		cmocka_unit_test(test_round_trips),
		cmocka_unit_test(test_decode_fixed_ignores_bytes_after_24),
		cmocka_unit_test(test_decode_iscsi_tolerates_missing_padding),
		cmocka_unit_test(test_decode_every_short_prefix_refused),
		cmocka_unit_test(test_decode_iscsi_length_beyond_buffer_refused),
		cmocka_unit_test(test_decode_iscsi_bad_names_refused),
		cmocka_unit_test(test_decode_bad_format_codes_refused),
		cmocka_unit_test(test_decode_other_protocol_not_supported),
		cmocka_unit_test(test_encode_invalid_iscsi_names_refused),
		cmocka_unit_test(test_encode_overlong_iscsi_names_refused),
		cmocka_unit_test(test_encode_bad_format_and_protocol_refused),
		cmocka_unit_test(test_encode_small_buffer_is_enospc),
		cmocka_unit_test(test_text_fc_and_sas_are_hex_wwns),
		cmocka_unit_test(test_text_iscsi_is_the_name),
		cmocka_unit_test(test_text_small_buffer_and_unknown_protocol),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
