/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test_sgio.c - the SG_IO transport where no SCSI device exists: failures
 * must come back as recorded os errors, never as a crash.  The qemu lab
 * covers real devices.
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
#include <unistd.h>
#include <cmocka.h>

#include "classic_codes.h"
#include "mpathpr/mpath_persist.h"
#include "sense.h"
#include "sgio.h"

static const struct mpr_cmd read_keys = {
	.cdb = { 0x5e, 0x00, 0, 0, 0, 0, 0, 0x02, 0x00, 0 },
	.cdb_len = 10,
	.dir = MPR_DIR_NONE,
};

static void open_of_missing_node_fails_with_enoent(void **state)
{
	int fd = -42;

	(void)state;
	assert_int_equal(mpr_sgio_open("/dev/mpathpr-no-such-node", &fd), -ENOENT);
	assert_int_equal(fd, -42);	/* untouched */
}

static void open_sets_close_on_exec(void **state)
{
	int fd = -1;

	(void)state;
	assert_int_equal(mpr_sgio_open("/dev/null", &fd), 0);
	assert_true(fd >= 0);
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	assert_int_equal(fcntl(fd, F_GETFL) & O_ACCMODE, O_RDWR);
	mpr_sgio_close(fd);
}

static void submit_on_non_scsi_device_records_os_error(void **state)
{
	struct mpr_cmd_result ret;
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	int r;

	(void)state;
	assert_true(fd >= 0);
	memset(&ret, 0xa5, sizeof(ret));
	r = mpr_sgio_submit(fd, &read_keys, &ret);
	close(fd);
	assert_true(r < 0);
	assert_int_equal(ret.os_error, -r);
	assert_true(ret.os_error == ENOTTY || ret.os_error == EINVAL);
	assert_int_equal(ret.attempts, 1);
	assert_int_equal(ret.scsi_status, 0);
	assert_int_equal(ret.sense_len, 0);
	assert_false(ret.timed_out);
	assert_int_equal(mpr_result_to_mpath_pr(&ret), MPATH_PR_OTHER);
	assert_int_equal(mpr_result_classify(&ret), MPR_OUTCOME_PATH_ERROR);
}

static void submit_on_regular_file_records_os_error(void **state)
{
	char path[] = "/tmp/test_sgio.XXXXXX";
	uint8_t data[16];
	struct mpr_cmd cmd = read_keys;
	struct mpr_cmd_result ret;
	int fd = mkstemp(path);
	int r;

	(void)state;
	assert_true(fd >= 0);
	unlink(path);
	cmd.dir = MPR_DIR_FROM_DEV;
	cmd.data = data;
	cmd.data_len = sizeof(data);
	r = mpr_sgio_submit(fd, &cmd, &ret);
	close(fd);
	assert_true(r == -ENOTTY || r == -EINVAL);
	assert_int_equal(ret.os_error, -r);
	assert_int_equal(ret.transferred, 0);
}

static void submit_on_closed_fd_records_ebadf(void **state)
{
	struct mpr_cmd_result ret;

	(void)state;
	assert_int_equal(mpr_sgio_submit(-1, &read_keys, &ret), -EBADF);
	assert_int_equal(ret.os_error, EBADF);
}

static void malformed_command_is_refused_before_the_ioctl(void **state)
{
	struct mpr_cmd cmd = read_keys;
	struct mpr_cmd_result ret;

	(void)state;
	cmd.cdb_len = 0;
	assert_int_equal(mpr_sgio_submit(-1, &cmd, &ret), -EINVAL);
	assert_int_equal(ret.os_error, EINVAL);
	cmd = read_keys;
	cmd.cdb_len = MPR_CDB_MAX + 1;
	assert_int_equal(mpr_sgio_submit(-1, &cmd, &ret), -EINVAL);
	cmd = read_keys;
	cmd.dir = MPR_DIR_FROM_DEV;
	cmd.data_len = 8;	/* without a buffer */
	assert_int_equal(mpr_sgio_submit(-1, &cmd, &ret), -EINVAL);
	assert_int_equal(mpr_sgio_submit(-1, NULL, &ret), -EINVAL);
	assert_int_equal(mpr_sgio_submit(-1, &read_keys, NULL), -EINVAL);
}

static void transport_table_goes_through_sgio(void **state)
{
	struct mpr_transport t;
	struct mpr_cmd_result ret;
	int fd = -1;

	(void)state;
	mpr_sgio_transport_init(&t);
	assert_non_null(t.ops->open);
	assert_non_null(t.ops->submit);
	assert_non_null(t.ops->close);
	assert_null(t.ops->sleep_us);
	assert_null(t.ops->now_us);
	assert_int_equal(t.ops->open(t.priv, "/dev/mpathpr-no-such-node", &fd), -ENOENT);
	assert_int_equal(t.ops->open(t.priv, "/dev/null", &fd), 0);
	assert_true(t.ops->submit(t.priv, fd, &read_keys, &ret) < 0);
	assert_true(ret.os_error != 0);
	t.ops->close(t.priv, fd);
	assert_int_equal(fcntl(fd, F_GETFD), -1);	/* closed */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(open_of_missing_node_fails_with_enoent),
		cmocka_unit_test(open_sets_close_on_exec),
		cmocka_unit_test(submit_on_non_scsi_device_records_os_error),
		cmocka_unit_test(submit_on_regular_file_records_os_error),
		cmocka_unit_test(submit_on_closed_fd_records_ebadf),
		cmocka_unit_test(malformed_command_is_refused_before_the_ioctl),
		cmocka_unit_test(transport_table_goes_through_sgio),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
