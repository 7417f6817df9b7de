// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_cli_persist.c - mpathpr-persist's texts, byte for byte as
 * mpathpersist (multipath-tools 0.9.4) prints them, the answer cut at an
 * allocation length, TransportIDs and the command line's checks.  The lab
 * (66-persist-prin, 67-persist-prout) compares with the real mpathpersist.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cli/persist_args.h"
#include "cli/persist_print.h"

static char *printed(int sa, const struct prin_resp *resp)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	assert_non_null(out);
	persist_print_prin(out, sa, resp);
	fclose(out);
	return buf;
}

static void put_key(uint8_t *p, uint64_t k)
{
	for (int i = 7; i >= 0; i--, k >>= 8)
		p[i] = k & 0xff;
}

static struct prin_resp *keys_resp(uint32_t gen, int n)
{
	struct prin_resp *r = calloc(1, sizeof(*r));

	assert_non_null(r);
	r->prin_descriptor.prin_readkeys.prgeneration = gen;
	r->prin_descriptor.prin_readkeys.additional_length = (uint32_t)(8 * n);
	for (int i = 0; i < n; i++)
		put_key(&r->prin_descriptor.prin_readkeys.key_list[8 * i], 0xa1ULL << (4 * i));
	return r;
}

static void expect(int sa, const struct prin_resp *r, const char *want)
{
	char *got = printed(sa, r);

	assert_string_equal(got, want);
	free(got);
}

static void test_read_keys_text(void **state)
{
	struct prin_resp *r = keys_resp(0x1f, 0);

	(void)state;
	expect(MPATH_PRIN_RKEY_SA, r, "  PR generation=0x1f, \t0 registered reservation key.\n");
	free(r);
	r = keys_resp(2, 1);
	expect(MPATH_PRIN_RKEY_SA, r,
	       "  PR generation=0x2, \t1 registered reservation key follows:\n    0xa1\n");
	free(r);
	r = keys_resp(3, 2);
	expect(MPATH_PRIN_RKEY_SA, r, "  PR generation=0x3, \t2 registered reservation keys follow:\n"
	       "    0xa1\n    0xa10\n");
	free(r);
}

static void test_read_reservation_text(void **state)
{
	struct prin_resp r = {};
	struct prin_resvdescr *d = &r.prin_descriptor.prin_readresv;

	(void)state;
	d->prgeneration = 7;
	expect(MPATH_PRIN_RRES_SA, &r, "  PR generation=0x7, there is NO reservation held \n");
	d->additional_length = 0x10;
	put_key(d->key, 0xb2);
	d->scope_type = 5;
	expect(MPATH_PRIN_RRES_SA, &r, "  PR generation=0x7, Reservation follows:\n"
	       "   Key = 0xb2\n  scope = LU_SCOPE, type = Write Exclusive, registrants only\n");
}

static void test_capabilities_text_prints_mask_bit_values(void **state)
{
	struct prin_resp r = {};
	struct prin_capdescr *c = &r.prin_descriptor.prin_readcap;

	(void)state;
	c->length = 8;
	c->flags[0] = 0x0d;
	c->flags[1] = 0x81;
	/* bytes 4-5 of LIO's answer in host order: mpathpersist tests the
	 * type bits where the device's byte order does not put them */
	c->pr_type_mask = 0xea01;
	expect(MPATH_PRIN_RCAP_SA, &r, "Report capabilities response:\n"
	       "  Compatible Reservation Handling(CRH): 0\n"
	       "  Specify Initiator Ports Capable(SIP_C): 1\n"
	       "  All Target Ports Capable(ATP_C): 1\n"
	       "  Persist Through Power Loss Capable(PTPL_C): 1\n"
	       "  Type Mask Valid(TMV): 1\n"
	       "  Allow Commands: 0\n"
	       "  Persist Through Power Loss Active(PTPL_A): 1\n"
	       "    Support indicated in Type mask:\n"
	       "      Write Exclusive, all registrants: 0\n"
	       "      Exclusive Access, registrants only: 0\n"
	       "      Write Exclusive, registrants only: 0\n"
	       "      Exclusive Access: 0\n"
	       "      Write Exclusive: 0\n"
	       "      Exclusive Access, all registrants: 0\n");
}

static void test_full_status_text_with_iscsi_port_and_fc(void **state)
{
	struct prin_resp *r = calloc(1, sizeof(*r) + 2 * sizeof(struct prin_fulldescr *));
	struct print_fulldescr_list *f = &r->prin_descriptor.prin_readfd;
	struct prin_fulldescr d[2] = {};

	(void)state;
	f->prgeneration = 9;
	f->number_of_descriptor = 2;
	put_key(d[0].key, 0xa1);
	d[0].flag = 1;
	d[0].scope_type = 5;
	d[0].rtpi = 1;
	d[0].trnptid.protocol_id = MPATH_PROTOCOL_ID_ISCSI;
	d[0].trnptid.format_code = 1;
	strcpy((char *)d[0].trnptid.iscsi_name, "iqn.x:a,i,0x23d000001");
	put_key(d[1].key, 0xb2);
	d[1].flag = 2;
	d[1].trnptid.protocol_id = MPATH_PROTOCOL_ID_FC;
	memcpy(d[1].trnptid.n_port_name, "\x50\x01\x02\x03\x04\x05\x06\x07", 8);
	f->descriptors[0] = &d[0];
	f->descriptors[1] = &d[1];
	expect(MPATH_PRIN_RFSTAT_SA, r, "  PR generation=0x9 \n"
	       "   Key = 0xa1\n      All target ports bit clear\n      Relative port address: 0x1\n"
	       "      << Reservation holder >>\n      scope: LU_SCOPE,  type: Write Exclusive, registrants only\n"
	       "   iSCSI world wide unique port id: iqn.x:a,i,0x23d000001\n"
	       "   Key = 0xb2\n      All target ports bit set\n      not reservation holder\n"
	       "   FCP-2         50 01 02 03 04 05 06 07\n");
	free(r);
}

static void test_hex_dump_layout(void **state)
{
	unsigned char b[18];
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	(void)state;
	for (int i = 0; i < 18; i++)
		b[i] = (unsigned char)i;
	persist_hex_dump(out, b, sizeof(b), 1);
	fclose(out);
	/* a full line is cut at 76 columns, trailing blanks kept */
	assert_string_equal(buf, "        00 01 02 03 04 05 06 07  08 09 0a 0b 0c 0d 0e 0f"
			    "                    \n        10 11\n");
	free(buf);
}

static void test_a_short_answer_leaves_the_rest_zero(void **state)
{
	/* LIO answers READ KEYS with allocation length 16 with the header and
	 * the first key only, additional length still 16: the second key 0x0 */
	static const unsigned char raw[16] = { 0, 0, 0, 5, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0, 0xa1 };
	struct prin_resp *r = calloc(1, sizeof(*r));

	(void)state;
	assert_non_null(r);
	assert_int_equal(persist_prin_from_bytes(MPATH_PRIN_RKEY_SA, raw, sizeof(raw), r), 0);
	expect(MPATH_PRIN_RKEY_SA, r, "  PR generation=0x5, \t2 registered reservation keys follow:\n"
	       "    0xa1\n    0x0\n");
	assert_int_equal(persist_prin_from_bytes(MPATH_PRIN_RKEY_SA, raw, 4, r), 0);
	expect(MPATH_PRIN_RKEY_SA, r, "  PR generation=0x5, \t0 registered reservation key.\n");
	assert_int_equal(persist_prin_from_bytes(MPATH_PRIN_RFSTAT_SA, raw, 4, r), -EINVAL);
	free(r);
}

static void test_transport_ids(void **state)
{
	struct transportid t;

	(void)state;
	assert_int_equal(persist_parse_transportid("iqn.2026-01.x:a,i,0x23d000001", &t), 0);
	assert_int_equal(t.protocol_id, MPATH_PROTOCOL_ID_ISCSI);
	assert_int_equal(t.format_code, MPATH_WWUI_PORT_IDENTIFIER);
	assert_string_equal((char *)t.iscsi_name, "iqn.2026-01.x:a,i,0x23d000001");
	assert_int_equal(persist_parse_transportid("fcp,5001020304050607", &t), 0);
	assert_int_equal(t.n_port_name[0], 0x50);
	assert_int_equal(t.n_port_name[7], 0x07);
	assert_int_equal(persist_parse_transportid("fcp,50010203", &t), -1);
	assert_int_equal(persist_parse_transportid("sas,50010203040506zz", &t), -1);
	assert_int_equal(persist_parse_transportid("nonsense", &t), -1);
}

static int parse(struct persist_session *s, struct persist_args *a, const char *line)
{
	char copy[256], *argv[32] = { "mpathpr-persist" }, *save = NULL;
	int argc = 1, r;

	snprintf(copy, sizeof(copy), "%s", line);
	for (char *t = strtok_r(copy, " ", &save); t; t = strtok_r(NULL, " ", &save))
		argv[argc++] = t;
	r = persist_parse(argc, argv, 0, s, a);
	free(a->batch);
	return r;
}

static void test_command_line_checks(void **state)
{
	struct persist_session s = { .prog = "mpathpr-persist" };
	struct persist_args a;

	(void)state;
	assert_int_equal(parse(&s, &a, "-o -G -S 0xa1 -K 12 -d /dev/x"), 0);
	assert_int_equal(a.sark, 0xa1);
	assert_int_equal(a.rk, 0x12);
	assert_int_equal(a.prout_sa, MPATH_PROUT_REG_SA);
	assert_string_equal(a.device, "/dev/x");
	assert_int_equal(parse(&s, &a, "--in --read-full-status /dev/y"), 0);
	assert_int_equal(a.prin_sa, MPATH_PRIN_RFSTAT_SA);
	assert_string_equal(a.device, "/dev/y");
	assert_int_equal(parse(&s, &a, "-o -G -S 12zz -d /dev/x"), MPATH_PR_SYNTAX_ERROR);
	assert_int_equal(parse(&s, &a, "-o -G -S 12345678901234567 -d /dev/x"), MPATH_PR_SYNTAX_ERROR);
	assert_int_equal(parse(&s, &a, "-i -k -r -d /dev/x"), MPATH_PR_SYNTAX_ERROR);
	assert_int_equal(parse(&s, &a, "-o -G -R -d /dev/x"), MPATH_PR_SYNTAX_ERROR);
	assert_int_equal(parse(&s, &a, "-i -G -d /dev/x"), MPATH_PR_SYNTAX_ERROR);
	assert_int_equal(parse(&s, &a, "-i -k"), MPATH_PR_SYNTAX_ERROR);
	assert_int_equal(parse(&s, &a, "-i -k -l 9000 -d /dev/x"), MPATH_PR_SYNTAX_ERROR);
	assert_int_equal(parse(&s, &a, "-i -k /dev/x /dev/y"), MPATH_PR_SYNTAX_ERROR);
	assert_int_equal(parse(&s, &a, "-i -k -l 12 -d /dev/x"), 0);
	assert_int_equal(s.alloc_len, 12);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_keys_text),
		cmocka_unit_test(test_read_reservation_text),
		cmocka_unit_test(test_capabilities_text_prints_mask_bit_values),
		cmocka_unit_test(test_full_status_text_with_iscsi_port_and_fc),
		cmocka_unit_test(test_hex_dump_layout),
		cmocka_unit_test(test_a_short_answer_leaves_the_rest_zero),
		cmocka_unit_test(test_transport_ids),
		cmocka_unit_test(test_command_line_checks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
