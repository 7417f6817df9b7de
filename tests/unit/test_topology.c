/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Unit tests for topology_dm.c / topology_sysfs.c: sysfs fixture reading
 * (tests/data/topology/sys), WWIDs, multipath topology from recorded dm
 * strings, and the error cases this machine can produce.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cmocka.h>

#include "topology.h"

#define LU_WWID "36001405abcdef0123456789abcdef012"

/*
 * The recorded sysfs tree has symlink cycles, as the real one does, which
 * `make dist` cannot pack: it travels as sys.tar and is unpacked per run.
 */
static char fixture_dir[64];
static char fixture_root[96];
static const struct mpr_topo_env fixture = {
	.sysfs_root = fixture_root,
};

static int unpack_fixture(void **state)
{
	char cmd[512];

	snprintf(fixture_dir, sizeof(fixture_dir), "/tmp/mpr-topology-XXXXXX");
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

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fixture_dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void load(const char *name, char *buf, size_t len)
{
	char path[512];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/dm/%s", TOPO_DATA_DIR, name);
	f = fopen(path, "r");
	assert_non_null(f);
	n = fread(buf, 1, len - 1, f);
	fclose(f);
	buf[n] = '\0';
}

static struct mpr_topo_path path_of(unsigned int major, unsigned int minor)
{
	struct mpr_topo_path p = { .major = major, .minor = minor,
				   .state = MPR_PATH_ACTIVE };
	return p;
}

static void running_iscsi_path_gets_hctl_state_port_and_devnode(void **state)
{
	struct mpr_topo_path p = path_of(8, 16);

	(void)state;
	assert_int_equal(mpr_topo_path_read_sysfs(&fixture, &p), 0);
	assert_string_equal(p.hctl, "2:0:0:1");
	assert_string_equal(p.scsi_state, "running");
	assert_int_equal(p.state, MPR_PATH_ACTIVE);
	assert_string_equal(p.target_port,
			    "iqn.2003-01.org.linux-iscsi.target.x8664:sn.4e5f6a7b8c9d,t,1");
	assert_string_equal(p.devnode, "/dev/sdb");
}

/* A layout whose links are absolute is resolved by the fallback, to the same answer. */
static void absolute_sysfs_links_resolve_the_same(void **state)
{
	char link[256], target[512], abs_target[768];
	struct mpr_topo_path p = path_of(8, 16);
	ssize_t n;

	(void)state;
	snprintf(link, sizeof(link), "%s/dev/block/8:16", fixture_root);
	n = readlink(link, target, sizeof(target) - 1);
	assert_true(n > 0);
	target[n] = '\0';
	assert_true(strncmp(target, "../../", 6) == 0);
	snprintf(abs_target, sizeof(abs_target), "%s/%s", fixture_root, target + 6);
	assert_int_equal(unlink(link), 0);
	assert_int_equal(symlink(abs_target, link), 0);
	assert_int_equal(mpr_topo_path_read_sysfs(&fixture, &p), 0);
	assert_int_equal(unlink(link), 0);
	assert_int_equal(symlink(target, link), 0);
	assert_string_equal(p.hctl, "2:0:0:1");
	assert_string_equal(p.target_port,
			    "iqn.2003-01.org.linux-iscsi.target.x8664:sn.4e5f6a7b8c9d,t,1");
	assert_string_equal(p.devnode, "/dev/sdb");
}

static void offline_scsi_device_makes_path_offline(void **state)
{
	struct mpr_topo_path p = path_of(8, 32);

	(void)state;
	assert_int_equal(mpr_topo_path_read_sysfs(&fixture, &p), 0);
	assert_string_equal(p.scsi_state, "offline");
	assert_int_equal(p.state, MPR_PATH_OFFLINE);
	assert_string_equal(p.hctl, "3:0:0:1");
}

static void fc_path_gets_remote_port_name(void **state)
{
	struct mpr_topo_path p = path_of(8, 48);

	(void)state;
	assert_int_equal(mpr_topo_path_read_sysfs(&fixture, &p), 0);
	assert_string_equal(p.target_port, "0x500a0981891b8dc5");
	assert_string_equal(p.hctl, "4:0:0:1");
}

static void path_sysfs_of_unknown_device_is_enoent(void **state)
{
	struct mpr_topo_path p = path_of(9, 9);

	(void)state;
	assert_int_equal(mpr_topo_path_read_sysfs(&fixture, &p), -ENOENT);
}

static void path_sysfs_of_non_scsi_device_is_emediumtype(void **state)
{
	struct mpr_topo_path p = path_of(7, 0);

	(void)state;
	assert_int_equal(mpr_topo_path_read_sysfs(&fixture, &p), -EMEDIUMTYPE);
}

static void sysfs_wwid_prefers_device_wwid(void **state)
{
	char buf[128];

	(void)state;
	assert_int_equal(mpr_topo_sysfs_wwid(&fixture, 8, 16, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "naa.6001405abcdef0123456789abcdef012");
}

static void sysfs_wwid_falls_back_to_vpd_pg83(void **state)
{
	char buf[128];

	(void)state;
	assert_int_equal(mpr_topo_sysfs_wwid(&fixture, 8, 48, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "naa.600a098038304a6b4a244c2d71656d4f");
}

static void sysfs_wwid_of_device_without_ids_is_enoent(void **state)
{
	char buf[128];

	(void)state;
	assert_int_equal(mpr_topo_sysfs_wwid(&fixture, 7, 0, buf, sizeof(buf)), -ENOENT);
}

/* Page 0x83 with the given descriptors appended after a correct header. */
static size_t vpd_page(uint8_t *page, const uint8_t *desc, size_t len)
{
	page[0] = 0;
	page[1] = 0x83;
	page[2] = (uint8_t)(len >> 8);
	page[3] = (uint8_t)len;
	memcpy(page + 4, desc, len);
	return len + 4;
}

static void vpd83_prefers_eui64_over_t10_vendor_id(void **state)
{
	static const uint8_t desc[] = {
		0x02, 0x01, 0x00, 0x08, 'L', 'I', 'O', '-', 'O', 'R', 'G', ' ',
		0x01, 0x02, 0x00, 0x08, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
	};
	uint8_t page[64];
	char out[64];
	size_t n = vpd_page(page, desc, sizeof(desc));

	(void)state;
	assert_int_equal(mpr_vpd83_wwid(page, n, out, sizeof(out)), 0);
	assert_string_equal(out, "eui.0011223344556677");
}

static void vpd83_t10_vendor_id_alone_is_used_trimmed(void **state)
{
	static const uint8_t desc[] = {
		0x02, 0x01, 0x00, 0x0c, 'L', 'I', 'O', '-', 'O', 'R', 'G', ' ', 'x', '1', ' ', ' ',
	};
	uint8_t page[64];
	char out[64];
	size_t n = vpd_page(page, desc, sizeof(desc));

	(void)state;
	assert_int_equal(mpr_vpd83_wwid(page, n, out, sizeof(out)), 0);
	assert_string_equal(out, "t10.LIO-ORG x1");
}

/* Blanks name nothing: no success with an empty WWID (off's tie-break orders by it). */
static void vpd83_scsi_name_of_blanks_is_no_wwid(void **state)
{
	static const uint8_t blanks[] = {
		0x03, 0x08, 0x00, 0x08, ' ', ' ', ' ', ' ', ' ', ' ', 0x00, 0x00,
	};
	static const uint8_t blanks_then_t10[] = {
		0x03, 0x08, 0x00, 0x08, ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ',
		0x02, 0x01, 0x00, 0x08, ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ',
		0x02, 0x01, 0x00, 0x08, 'L', 'I', 'O', '-', 'O', 'R', 'G', ' ',
	};
	uint8_t page[64];
	char out[64] = "unchanged";
	size_t n = vpd_page(page, blanks, sizeof(blanks));

	(void)state;
	assert_int_equal(mpr_vpd83_wwid(page, n, out, sizeof(out)), -ENOENT);
	n = vpd_page(page, blanks_then_t10, sizeof(blanks_then_t10));
	assert_int_equal(mpr_vpd83_wwid(page, n, out, sizeof(out)), 0);
	assert_string_equal(out, "t10.LIO-ORG");
}

static void vpd83_scsi_name_is_used_when_no_binary_id(void **state)
{
	static const uint8_t desc[] = {
		0x03, 0x08, 0x00, 0x0c, 'i', 'q', 'n', '.', 'x', ',', 'L', ',', '1', 0, 0, 0,
	};
	uint8_t page[64];
	char out[64];
	size_t n = vpd_page(page, desc, sizeof(desc));

	(void)state;
	assert_int_equal(mpr_vpd83_wwid(page, n, out, sizeof(out)), 0);
	assert_string_equal(out, "iqn.x,L,1");
}

static void vpd83_ignores_target_port_designators(void **state)
{
	/* NAA, but associated with the target port (association 1) */
	static const uint8_t desc[] = {
		0x01, 0x13, 0x00, 0x08, 0x50, 0x01, 0x40, 0x50, 0x00, 0x00, 0x00, 0x01,
	};
	uint8_t page[64];
	char out[64];
	size_t n = vpd_page(page, desc, sizeof(desc));

	(void)state;
	assert_int_equal(mpr_vpd83_wwid(page, n, out, sizeof(out)), -ENOENT);
}

static void vpd83_truncated_or_wrong_page_is_einval(void **state)
{
	static const uint8_t desc[] = {
		0x01, 0x03, 0x00, 0x10, 0x60, 0x01, 0x40, 0x50, 0x00, 0x00, 0x00, 0x01,
	};
	uint8_t page[64];
	char out[64];
	size_t n = vpd_page(page, desc, sizeof(desc));	/* descriptor overruns the page */

	(void)state;
	assert_int_equal(mpr_vpd83_wwid(page, n, out, sizeof(out)), -EINVAL);
	assert_int_equal(mpr_vpd83_wwid(page, 3, out, sizeof(out)), -EINVAL);
	page[1] = 0x80;
	assert_int_equal(mpr_vpd83_wwid(page, n, out, sizeof(out)), -EINVAL);
	page[1] = 0x83;
	page[3] = 0x40;		/* page length beyond the buffer */
	assert_int_equal(mpr_vpd83_wwid(page, n, out, sizeof(out)), -EINVAL);
}

static void vpd83_small_output_is_enametoolong(void **state)
{
	static const uint8_t desc[] = {
		0x01, 0x03, 0x00, 0x08, 0x50, 0x01, 0x40, 0x50, 0x00, 0x00, 0x00, 0x01,
	};
	uint8_t page[64];
	char out[12];
	size_t n = vpd_page(page, desc, sizeof(desc));

	(void)state;
	assert_int_equal(mpr_vpd83_wwid(page, n, out, sizeof(out)), -ENAMETOOLONG);
}

static void scsi_disk_topology_has_itself_as_single_path(void **state)
{
	struct mpr_topology *t = NULL;

	(void)state;
	assert_int_equal(mpr_topology_from_devnum(&fixture, 8, 16, &t), 0);
	assert_int_equal(t->kind, MPR_DEV_SCSI_DISK);
	assert_string_equal(t->name, "sdb");
	assert_string_equal(t->devnode, "/dev/sdb");
	assert_string_equal(t->wwid, LU_WWID);
	assert_int_equal(t->n_paths, 1);
	assert_int_equal(t->paths[0].major, 8);
	assert_int_equal(t->paths[0].minor, 16);
	assert_int_equal(t->paths[0].group, 0);
	assert_int_equal(t->paths[0].state, MPR_PATH_ACTIVE);
	assert_string_equal(t->paths[0].hctl, "2:0:0:1");
	mpr_topology_free(t);
}

static void offline_scsi_disk_resolves_with_offline_path(void **state)
{
	struct mpr_topology *t = NULL;

	(void)state;
	assert_int_equal(mpr_topology_from_devnum(&fixture, 8, 32, &t), 0);
	assert_int_equal(t->paths[0].state, MPR_PATH_OFFLINE);
	assert_string_equal(t->wwid, LU_WWID);
	mpr_topology_free(t);
}

static void scsi_disk_wwid_from_vpd_pg83_is_normalised(void **state)
{
	struct mpr_topology *t = NULL;

	(void)state;
	assert_int_equal(mpr_topology_from_devnum(&fixture, 8, 48, &t), 0);
	assert_string_equal(t->wwid, "3600a098038304a6b4a244c2d71656d4f");
	mpr_topology_free(t);
}

static void partition_is_emediumtype(void **state)
{
	struct mpr_topology *t = (struct mpr_topology *)0x1;

	(void)state;
	assert_int_equal(mpr_topology_from_devnum(&fixture, 8, 17, &t), -EMEDIUMTYPE);
	assert_ptr_equal(t, (struct mpr_topology *)0x1);
}

static void non_scsi_block_device_is_emediumtype(void **state)
{
	struct mpr_topology *t = NULL;

	(void)state;
	assert_int_equal(mpr_topology_from_devnum(&fixture, 7, 0, &t), -EMEDIUMTYPE);
	assert_null(t);
}

static void unknown_devnum_is_enoent(void **state)
{
	struct mpr_topology *t = NULL;

	(void)state;
	assert_int_equal(mpr_topology_from_devnum(&fixture, 9, 9, &t), -ENOENT);
	assert_null(t);
}

static struct mpr_topology *map_from(const char *cas, const char *uuid)
{
	char table[1024], status[1024], name[64];
	struct mpr_topology *t = NULL;

	snprintf(name, sizeof(name), "%s.table", cas);
	load(name, table, sizeof(table));
	snprintf(name, sizeof(name), "%s.status", cas);
	load(name, status, sizeof(status));
	assert_int_equal(mpr_topology_from_dm_strings(&fixture, "mpatha", uuid, 253, 3,
						      table, status, &t), 0);
	assert_non_null(t);
	return t;
}

static void multipath_map_lists_paths_with_groups_and_states(void **state)
{
	struct mpr_topology *t = map_from("iscsi-alua-2pg", "mpath-" LU_WWID);

	(void)state;
	assert_int_equal(t->kind, MPR_DEV_MULTIPATH);
	assert_string_equal(t->name, "mpatha");
	assert_string_equal(t->devnode, "/dev/mapper/mpatha");
	assert_string_equal(t->wwid, LU_WWID);
	assert_int_equal(t->major, 253);
	assert_int_equal(t->n_groups, 2);
	assert_int_equal(t->active_group, 1);
	assert_int_equal(t->n_paths, 2);
	assert_string_equal(t->paths[0].devnode, "/dev/sdb");
	assert_int_equal(t->paths[0].group, 1);
	assert_true(t->paths[0].group_active);
	assert_int_equal(t->paths[0].state, MPR_PATH_ACTIVE);
	assert_int_equal(t->paths[1].group, 2);
	assert_int_equal(t->paths[1].group_state, 'E');
	assert_false(t->paths[1].group_active);
	mpr_topology_free(t);
}

static void multipath_path_offline_in_sysfs_overrides_dm_active(void **state)
{
	struct mpr_topology *t = map_from("iscsi-alua-2pg", "mpath-" LU_WWID);

	(void)state;
	/* dm still says 'A' for 8:32, but its SCSI device is offline */
	assert_string_equal(t->paths[1].scsi_state, "offline");
	assert_int_equal(t->paths[1].state, MPR_PATH_OFFLINE);
	mpr_topology_free(t);
}

static void multipath_failed_path_keeps_fail_count(void **state)
{
	struct mpr_topology *t = map_from("disabled-pg", "mpath-" LU_WWID);

	(void)state;
	assert_int_equal(t->paths[0].state, MPR_PATH_FAILED);
	assert_int_equal(t->paths[0].fail_count, 1);
	assert_int_equal(t->paths[0].group_state, 'D');
	assert_int_equal(t->active_group, 2);
	mpr_topology_free(t);
}

static void multipath_path_unknown_to_sysfs_keeps_dm_state(void **state)
{
	struct mpr_topology *t = map_from("emc-hwh-args", "mpath-" LU_WWID);

	(void)state;
	assert_int_equal(t->n_paths, 4);
	assert_int_equal(t->paths[3].major, 8);
	assert_int_equal(t->paths[3].minor, 64);
	assert_string_equal(t->paths[3].devnode, "");
	assert_string_equal(t->paths[3].hctl, "");
	assert_int_equal(t->paths[3].state, MPR_PATH_ACTIVE);
	mpr_topology_free(t);
}

static void multipath_without_mpath_uuid_takes_wwid_from_first_path(void **state)
{
	struct mpr_topology *t = map_from("rr-1pg", "");

	(void)state;
	assert_string_equal(t->wwid, LU_WWID);
	assert_string_equal(t->dm_uuid, "");
	mpr_topology_free(t);
}

static void multipath_with_disagreeing_strings_is_estale(void **state)
{
	char table[1024], status[1024];
	struct mpr_topology *t = NULL;

	(void)state;
	load("iscsi-alua-2pg.table", table, sizeof(table));
	load("rr-1pg.status", status, sizeof(status));
	assert_int_equal(mpr_topology_from_dm_strings(&fixture, "m", NULL, 253, 3,
						      table, status, &t), -ESTALE);
	assert_null(t);
	assert_int_equal(mpr_topology_from_dm_strings(&fixture, "m", NULL, 253, 3,
						      "0 0 1", status, &t), -EINVAL);
	assert_null(t);
}

static void nonexistent_path_is_enoent(void **state)
{
	struct mpr_topology *t = NULL;

	(void)state;
	assert_int_equal(mpr_topology_from_path(NULL, "/nonexistent/mpathpr-test", &t), -ENOENT);
	assert_int_equal(mpr_topology_from_path(NULL, "/etc/passwd/below-a-file", &t), -ENOENT);
	assert_null(t);
}

static void regular_file_is_enotblk(void **state)
{
	char path[] = "/tmp/mpr-topology-XXXXXX";
	struct mpr_topology *t = NULL;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(mpr_topology_from_path(NULL, path, &t), -ENOTBLK);
	assert_int_equal(mpr_topology_from_fd(NULL, fd, &t), -ENOTBLK);
	assert_null(t);
	close(fd);
	unlink(path);
}

static void char_device_is_enotblk(void **state)
{
	struct mpr_topology *t = NULL;

	(void)state;
	assert_int_equal(mpr_topology_from_path(NULL, "/dev/null", &t), -ENOTBLK);
	assert_null(t);
}

static void bad_fd_is_ebadf(void **state)
{
	struct mpr_topology *t = NULL;

	(void)state;
	assert_int_equal(mpr_topology_from_fd(NULL, -1, &t), -EBADF);
	assert_null(t);
}

/* Any block device of this machine that is not SCSI (loop, virtio, zram). */
static void local_non_scsi_block_device_is_emediumtype(void **state)
{
	static const char *const candidates[] = { "/dev/loop0", "/dev/vda", "/dev/zram0" };
	struct mpr_topology *t = NULL;
	struct stat st;

	(void)state;
	for (size_t i = 0; i < sizeof(candidates) / sizeof(candidates[0]); i++) {
		char link[64];

		if (stat(candidates[i], &st) < 0 || !S_ISBLK(st.st_mode))
			continue;
		snprintf(link, sizeof(link), "/sys/dev/block/%u:%u/device/scsi_disk",
			 major(st.st_rdev), minor(st.st_rdev));
		if (access(link, F_OK) == 0)
			continue;	/* a real sd disk after all */
		assert_int_equal(mpr_topology_from_path(NULL, candidates[i], &t), -EMEDIUMTYPE);
		assert_null(t);
		return;
	}
	skip();
}

static void path_state_names(void **state)
{
	(void)state;
	assert_string_equal(mpr_path_state_name(MPR_PATH_ACTIVE), "active");
	assert_string_equal(mpr_path_state_name(MPR_PATH_FAILED), "failed");
	assert_string_equal(mpr_path_state_name(MPR_PATH_OFFLINE), "offline");
	mpr_topology_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(running_iscsi_path_gets_hctl_state_port_and_devnode),
		cmocka_unit_test(absolute_sysfs_links_resolve_the_same),
		cmocka_unit_test(offline_scsi_device_makes_path_offline),
		cmocka_unit_test(fc_path_gets_remote_port_name),
		cmocka_unit_test(path_sysfs_of_unknown_device_is_enoent),
		cmocka_unit_test(path_sysfs_of_non_scsi_device_is_emediumtype),
		cmocka_unit_test(sysfs_wwid_prefers_device_wwid),
		cmocka_unit_test(sysfs_wwid_falls_back_to_vpd_pg83),
		cmocka_unit_test(sysfs_wwid_of_device_without_ids_is_enoent),
		cmocka_unit_test(vpd83_prefers_eui64_over_t10_vendor_id),
		cmocka_unit_test(vpd83_t10_vendor_id_alone_is_used_trimmed),
		cmocka_unit_test(vpd83_scsi_name_of_blanks_is_no_wwid),
		cmocka_unit_test(vpd83_scsi_name_is_used_when_no_binary_id),
		cmocka_unit_test(vpd83_ignores_target_port_designators),
		cmocka_unit_test(vpd83_truncated_or_wrong_page_is_einval),
		cmocka_unit_test(vpd83_small_output_is_enametoolong),
		cmocka_unit_test(scsi_disk_topology_has_itself_as_single_path),
		cmocka_unit_test(offline_scsi_disk_resolves_with_offline_path),
		cmocka_unit_test(scsi_disk_wwid_from_vpd_pg83_is_normalised),
		cmocka_unit_test(partition_is_emediumtype),
		cmocka_unit_test(non_scsi_block_device_is_emediumtype),
		cmocka_unit_test(unknown_devnum_is_enoent),
		cmocka_unit_test(multipath_map_lists_paths_with_groups_and_states),
		cmocka_unit_test(multipath_path_offline_in_sysfs_overrides_dm_active),
		cmocka_unit_test(multipath_failed_path_keeps_fail_count),
		cmocka_unit_test(multipath_path_unknown_to_sysfs_keeps_dm_state),
		cmocka_unit_test(multipath_without_mpath_uuid_takes_wwid_from_first_path),
		cmocka_unit_test(multipath_with_disagreeing_strings_is_estale),
		cmocka_unit_test(nonexistent_path_is_enoent),
		cmocka_unit_test(regular_file_is_enotblk),
		cmocka_unit_test(char_device_is_enotblk),
		cmocka_unit_test(bad_fd_is_ebadf),
		cmocka_unit_test(local_non_scsi_block_device_is_emediumtype),
		cmocka_unit_test(path_state_names),
	};

	return cmocka_run_group_tests(tests, unpack_fixture, remove_fixture);
}
