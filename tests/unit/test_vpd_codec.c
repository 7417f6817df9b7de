/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Unit tests for vpd_codec.c: the target port designators of VPD page 0x83,
 * on pages recorded from real targets and on hand-made malformed ones.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "vpd_codec.h"

/*
 * /sys/block/sdi/device/vpd_pg83 in the lab (Linux 6.12 LIO, iSCSI, one TPG
 * with two portals, fileio LUN 0): NAA 6, T10 vendor id, relative target
 * port 1 (PIV, iSCSI), target port group 0, LU group 0, the target port's
 * and the target device's SCSI name strings.  sg_vpd -p di printed
 * "Relative target port: 0x1".
 */
static const uint8_t lio_page[] = {
	0x00, 0x83, 0x00, 0xa0, 0x01, 0x03, 0x00, 0x10, 0x60, 0x01, 0x40, 0x5c, 0x0f, 0xfe, 0xe0, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x01, 0x00, 0x1c, 0x4c, 0x49, 0x4f, 0x2d,
	0x4f, 0x52, 0x47, 0x20, 0x46, 0x49, 0x4c, 0x45, 0x49, 0x4f, 0x3a, 0x63, 0x30, 0x66, 0x66, 0x65,
	0x65, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x00, 0x51, 0x94, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01,
	0x51, 0x95, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x01, 0x06, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00,
	0x53, 0x98, 0x00, 0x2c, 0x69, 0x71, 0x6e, 0x2e, 0x32, 0x30, 0x30, 0x33, 0x2d, 0x30, 0x31, 0x2e,
	0x6f, 0x72, 0x67, 0x2e, 0x6d, 0x70, 0x61, 0x74, 0x68, 0x70, 0x72, 0x2e, 0x6c, 0x61, 0x62, 0x3a,
	0x73, 0x61, 0x6e, 0x2c, 0x74, 0x2c, 0x30, 0x78, 0x30, 0x30, 0x30, 0x31, 0x00, 0x00, 0x00, 0x00,
	0x53, 0xa8, 0x00, 0x20, 0x69, 0x71, 0x6e, 0x2e, 0x32, 0x30, 0x30, 0x33, 0x2d, 0x30, 0x31, 0x2e,
	0x6f, 0x72, 0x67, 0x2e, 0x6d, 0x70, 0x61, 0x74, 0x68, 0x70, 0x72, 0x2e, 0x6c, 0x61, 0x62, 0x3a,
	0x73, 0x61, 0x6e, 0x00,
};

/* A NetApp FC LUN (tests/data/topology, sdd): relative target port 1, no PIV. */
static const uint8_t netapp_page[] = {
	0x00, 0x83, 0x00, 0x30, 0x02, 0x01, 0x00, 0x10, 0x4e, 0x45, 0x54, 0x41, 0x50, 0x50, 0x20, 0x20,
	0x4c, 0x55, 0x4e, 0x20, 0x43, 0x2d, 0x4d, 0x6f, 0x01, 0x03, 0x00, 0x10, 0x60, 0x0a, 0x09, 0x80,
	0x38, 0x30, 0x4a, 0x6b, 0x4a, 0x24, 0x4c, 0x2d, 0x71, 0x65, 0x6d, 0x4f, 0x61, 0x14, 0x00, 0x04,
	0x00, 0x00, 0x00, 0x01,
};

/* Page 0x83 with @desc after a header that says exactly its length. */
static size_t page_of(uint8_t *page, const uint8_t *desc, size_t len)
{
	page[0] = 0;
	page[1] = 0x83;
	page[2] = (uint8_t)(len >> 8);
	page[3] = (uint8_t)len;
	memcpy(page + 4, desc, len);
	return len + 4;
}

static void lio_page_gives_relative_port_1_group_0_over_iscsi(void **state)
{
	struct mpr_vpd83_port p;

	(void)state;
	assert_int_equal(mpr_vpd83_port_decode(lio_page, sizeof(lio_page), &p), 0);
	assert_true(p.has_rel_tgt_port);
	assert_int_equal(p.rel_tgt_port, 1);
	assert_int_equal(p.protocol_id, 5);
	assert_true(p.has_tpg);
	assert_int_equal(p.tpg, 0);
	assert_false(p.truncated);
}

static void fc_page_without_piv_leaves_the_protocol_unknown(void **state)
{
	struct mpr_vpd83_port p;

	(void)state;
	assert_int_equal(mpr_vpd83_port_decode(netapp_page, sizeof(netapp_page), &p), 0);
	assert_true(p.has_rel_tgt_port);
	assert_int_equal(p.rel_tgt_port, 1);
	assert_int_equal(p.protocol_id, 0xff);
	assert_false(p.has_tpg);
}

static void large_port_numbers_are_read_big_endian(void **state)
{
	static const uint8_t desc[] = { 0x01, 0x14, 0x00, 0x04, 0x00, 0x00, 0x81, 0x02 };
	uint8_t page[32];
	struct mpr_vpd83_port p;

	(void)state;
	assert_int_equal(mpr_vpd83_port_decode(page, page_of(page, desc, sizeof(desc)), &p), 0);
	assert_int_equal(p.rel_tgt_port, 0x8102);
}

static void page_without_port_designators_has_none(void **state)
{
	/* NAA only, LU association */
	static const uint8_t desc[] = {
		0x01, 0x03, 0x00, 0x08, 0x50, 0x01, 0x40, 0x50, 0x00, 0x00, 0x00, 0x01,
	};
	uint8_t page[32];
	struct mpr_vpd83_port p;

	(void)state;
	assert_int_equal(mpr_vpd83_port_decode(page, page_of(page, desc, sizeof(desc)), &p), 0);
	assert_false(p.has_rel_tgt_port);
	assert_false(p.has_tpg);
}

static void type_4_with_lu_association_is_not_the_port(void **state)
{
	static const uint8_t desc[] = { 0x01, 0x04, 0x00, 0x04, 0x00, 0x00, 0x00, 0x07 };
	uint8_t page[32];
	struct mpr_vpd83_port p;

	(void)state;
	assert_int_equal(mpr_vpd83_port_decode(page, page_of(page, desc, sizeof(desc)), &p), 0);
	assert_false(p.has_rel_tgt_port);
}

static void reserved_port_zero_counts_as_absent_and_the_next_one_wins(void **state)
{
	static const uint8_t desc[] = {
		0x01, 0x14, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00,
		0x01, 0x14, 0x00, 0x04, 0x00, 0x00, 0x00, 0x03,
		0x01, 0x14, 0x00, 0x04, 0x00, 0x00, 0x00, 0x09,
	};
	uint8_t page[64];
	struct mpr_vpd83_port p;

	(void)state;
	assert_int_equal(mpr_vpd83_port_decode(page, page_of(page, desc, sizeof(desc)), &p), 0);
	assert_int_equal(p.rel_tgt_port, 3);
}

static void cut_short_page_keeps_complete_designators(void **state)
{
	struct mpr_vpd83_port p;

	(void)state;
	/* everything up to and including the relative target port designator */
	assert_int_equal(mpr_vpd83_port_decode(lio_page, 64, &p), 0);
	assert_true(p.truncated);
	assert_int_equal(p.rel_tgt_port, 1);
	assert_false(p.has_tpg);
	/* cut inside the relative target port designator: not seen */
	assert_int_equal(mpr_vpd83_port_decode(lio_page, 62, &p), 0);
	assert_true(p.truncated);
	assert_false(p.has_rel_tgt_port);
}

static void malformed_pages_are_eproto_and_leave_the_output_alone(void **state)
{
	static const uint8_t overrun[] = { 0x01, 0x14, 0x00, 0x08, 0x00, 0x00, 0x00, 0x01 };
	static const uint8_t bad_len[] = { 0x01, 0x14, 0x00, 0x02, 0x00, 0x01 };
	uint8_t page[32];
	struct mpr_vpd83_port p = { .rel_tgt_port = 0xbeef };
	size_t n;

	(void)state;
	n = page_of(page, overrun, sizeof(overrun));
	assert_int_equal(mpr_vpd83_port_decode(page, n, &p), -EPROTO);
	n = page_of(page, bad_len, sizeof(bad_len));
	assert_int_equal(mpr_vpd83_port_decode(page, n, &p), -EPROTO);
	assert_int_equal(mpr_vpd83_port_decode(lio_page, 3, &p), -EPROTO);
	memcpy(page, lio_page, 8);
	page[1] = 0x80;
	assert_int_equal(mpr_vpd83_port_decode(page, 8, &p), -EPROTO);
	/* a header announcing 2 bytes: a designator header does not fit */
	page[1] = 0x83;
	page[2] = 0;
	page[3] = 2;
	assert_int_equal(mpr_vpd83_port_decode(page, 8, &p), -EPROTO);
	assert_int_equal(p.rel_tgt_port, 0xbeef);
	assert_int_equal(mpr_vpd83_port_decode(NULL, 8, &p), -EINVAL);
	assert_int_equal(mpr_vpd83_port_decode(lio_page, sizeof(lio_page), NULL), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lio_page_gives_relative_port_1_group_0_over_iscsi),
		cmocka_unit_test(fc_page_without_piv_leaves_the_protocol_unknown),
		cmocka_unit_test(large_port_numbers_are_read_big_endian),
		cmocka_unit_test(page_without_port_designators_has_none),
		cmocka_unit_test(type_4_with_lu_association_is_not_the_port),
		cmocka_unit_test(reserved_port_zero_counts_as_absent_and_the_next_one_wins),
		cmocka_unit_test(cut_short_page_keeps_complete_designators),
		cmocka_unit_test(malformed_pages_are_eproto_and_leave_the_output_alone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
