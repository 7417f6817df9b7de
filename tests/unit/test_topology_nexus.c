/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Unit tests for topology_nexus.c: which I_T nexus a path is (initiator
 * port TransportID, relative target port), read from the recorded sysfs
 * tree tests/data/topology/sys.tar.
 */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "topology.h"

#define INITIATOR	"iqn.1994-05.com.redhat:node1"
#define HOST3		"/devices/platform/host3"
#define SDC_DEV		HOST3 "/session2/target3:0:0/3:0:0:1"

static char fixture_dir[64];
static char fixture_root[96];
static const struct mpr_topo_env fixture = {
	.sysfs_root = fixture_root,
};

static int unpack_fixture(void **state)
{
	char cmd[512];

	(void)state;
	snprintf(fixture_dir, sizeof(fixture_dir), "/tmp/mpr-topology-nexus-XXXXXX");
	if (!mkdtemp(fixture_dir))
		return -1;
	snprintf(cmd, sizeof(cmd), "tar -xf '%s/sys.tar' -C '%s'", TOPO_DATA_DIR, fixture_dir);
	if (system(cmd) != 0)
		return -1;
	snprintf(fixture_root, sizeof(fixture_root), "%s/sys", fixture_dir);
	return 0;
}

static int remove_fixture(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fixture_dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Replace the content of a fixture file (relative to the sysfs root). */
static void put(const char *rel, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s%s", fixture_root, rel);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static struct mpr_topo_path read_path(unsigned int major, unsigned int minor)
{
	struct mpr_topo_path p = { .major = major, .minor = minor, .state = MPR_PATH_ACTIVE };

	assert_int_equal(mpr_topo_path_read_sysfs(&fixture, &p), 0);
	return p;
}

static void open_iscsi_session_is_its_name_and_isid_on_the_lio_port(void **state)
{
	struct mpr_topo_path p = read_path(8, 16);

	(void)state;
	assert_true(p.initiator_known);
	assert_int_equal(p.initiator.protocol_id, MPR_TPID_ISCSI);
	assert_int_equal(p.initiator.format_code, 1);
	/* what LIO printed through sg_persist -s for session 4 in the lab:
	 * "iqn.2003-01.org.mpathpr.lab:host-b,i,0x00023d000004" */
	assert_string_equal(p.initiator.iscsi_name, INITIATOR ",i,0x00023d000001");
	assert_true(p.rel_tgt_port_known);
	assert_int_equal(p.rel_tgt_port, 1);
}

static void each_session_has_its_own_isid_and_port(void **state)
{
	struct mpr_topo_path p = read_path(8, 32);

	(void)state;
	assert_string_equal(p.initiator.iscsi_name, INITIATOR ",i,0x00023d000002");
	assert_int_equal(p.rel_tgt_port, 2);
	/* an offline path is still identified: its nexus exists */
	assert_int_equal(p.state, MPR_PATH_OFFLINE);
}

static void fc_path_is_the_hosts_port_name(void **state)
{
	static const uint8_t wwpn[8] = { 0x21, 0x00, 0x00, 0x24, 0xff, 0x31, 0xa2, 0xb4 };
	struct mpr_topo_path p = read_path(8, 48);

	(void)state;
	assert_true(p.initiator_known);
	assert_int_equal(p.initiator.protocol_id, MPR_TPID_FC);
	assert_int_equal(p.initiator.format_code, 0);
	assert_memory_equal(p.initiator.n_port_name, wwpn, 8);
	assert_true(p.rel_tgt_port_known);
	assert_int_equal(p.rel_tgt_port, 1);
}

static void session_of_a_firmware_login_driver_is_not_guessed(void **state)
{
	struct mpr_topo_path p;

	(void)state;
	put(HOST3 "/scsi_host/host3/proc_name", "qla4xxx\n");
	p = read_path(8, 32);
	put(HOST3 "/scsi_host/host3/proc_name", "iscsi_tcp\n");
	assert_false(p.initiator_known);
	/* the target port comes from the device, whoever logged in */
	assert_true(p.rel_tgt_port_known);
	assert_int_equal(p.rel_tgt_port, 2);
}

static void session_without_initiator_name_is_unknown(void **state)
{
	struct mpr_topo_path p;

	(void)state;
	put(HOST3 "/session2/iscsi_session/session2/initiatorname", "(null)\n");
	p = read_path(8, 32);
	put(HOST3 "/session2/iscsi_session/session2/initiatorname", INITIATOR "\n");
	assert_false(p.initiator_known);
}

static void device_without_port_designator_has_no_target_port(void **state)
{
	/* a page with an LU designator only */
	static const uint8_t page[] = { 0x00, 0x83, 0x00, 0x08, 0x01, 0x03, 0x00, 0x04,
					0x50, 0x01, 0x40, 0x50 };
	char path[512];
	struct mpr_topo_path p;
	FILE *f;

	(void)state;
	snprintf(path, sizeof(path), "%s%s/vpd_pg83", fixture_root, SDC_DEV);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(page, 1, sizeof(page), f), sizeof(page));
	assert_int_equal(fclose(f), 0);
	p = read_path(8, 32);
	assert_false(p.rel_tgt_port_known);
	assert_true(p.initiator_known);
	/* an empty page, as sysfs shows for a device that has none */
	assert_int_equal(truncate(path, 0), 0);
	p = read_path(8, 32);
	assert_false(p.rel_tgt_port_known);
}

static void scsi_device_outside_a_session_or_rport_has_no_initiator(void **state)
{
	char dev[512];
	struct mpr_topo_path p = { 0 };

	(void)state;
	/* the directory layout of a local (e.g. SAS or virtio-scsi) disk */
	snprintf(dev, sizeof(dev), "%s/devices/pci0000:00/0000:00:05.0/host4/target4:0:0/4:0:0:1",
		 fixture_root);
	mpr_topo_path_read_nexus(dev, &p);
	assert_false(p.initiator_known);
	assert_false(p.rel_tgt_port_known);
}

static void multipath_paths_carry_their_nexus(void **state)
{
	/* tests/data/topology/dm/iscsi-alua-2pg */
	static const char table[] = "1 queue_if_no_path 1 alua 2 1 service-time 0 1 2 "
				    "8:16 1 1 service-time 0 1 2 8:32 1 1 ";
	static const char status[] = "2 0 0 0 2 1 A 0 1 2 8:16 A 0 0 1 E 0 1 2 8:32 A 0 0 1 ";
	struct mpr_topology *t = NULL;

	(void)state;
	assert_int_equal(mpr_topology_from_dm_strings(&fixture, "mpatha", "", 253, 3, table,
						      status, &t), 0);
	assert_int_equal(t->n_paths, 2);
	assert_string_equal(t->paths[0].initiator.iscsi_name, INITIATOR ",i,0x00023d000001");
	assert_int_equal(t->paths[0].rel_tgt_port, 1);
	assert_string_equal(t->paths[1].initiator.iscsi_name, INITIATOR ",i,0x00023d000002");
	assert_int_equal(t->paths[1].rel_tgt_port, 2);
	mpr_topology_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(open_iscsi_session_is_its_name_and_isid_on_the_lio_port),
		cmocka_unit_test(each_session_has_its_own_isid_and_port),
		cmocka_unit_test(fc_path_is_the_hosts_port_name),
		cmocka_unit_test(session_of_a_firmware_login_driver_is_not_guessed),
		cmocka_unit_test(session_without_initiator_name_is_unknown),
		cmocka_unit_test(scsi_device_outside_a_session_or_rport_has_no_initiator),
		cmocka_unit_test(multipath_paths_carry_their_nexus),
		cmocka_unit_test(device_without_port_designator_has_no_target_port),
	};

	return cmocka_run_group_tests(tests, unpack_fixture, remove_fixture);
}
