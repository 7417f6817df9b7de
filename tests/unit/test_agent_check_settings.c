/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_agent_check_settings.c - the watchdog check's /etc/sysconfig/stonith:
 * retry, retry-sleep and verbose read with bounds (a watchdog test must not
 * loop UINT_MAX times or sleep for 49 days), every bad value refused with
 * the file and line named, the file held to the rules of trusted_file.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "agent/check_settings.h"

struct fixture {
	char dir[64];
	char path[96];
	char err[512];
	struct fence_check_settings s;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	strcpy(f->dir, "/tmp/test_agent_check_settings.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof(f->path), "%s/stonith", f->dir);
	fence_check_settings_init(&f->s);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	unlink(f->path);
	rmdir(f->dir);
	free(f);
	return 0;
}

static void write_settings(struct fixture *f, const char *text, size_t len)
{
	int fd;

	unlink(f->path);
	fd = open(f->path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	close(fd);
}

static int read_text(struct fixture *f, const char *text)
{
	write_settings(f, text, strlen(text));
	return fence_check_settings_read(f->dir, "stonith", &f->s, f->err, sizeof(f->err));
}

/* Refused: the file and line named, and the settings left as they were. */
static void refused(struct fixture *f, const char *text, const char *needle)
{
	struct fence_check_settings before = f->s;

	assert_int_equal(read_text(f, text), -EBADMSG);
	if (!strstr(f->err, needle) || !strstr(f->err, f->path))
		fail_msg("'%s' gave '%s', expected the file and '%s'", text, f->err, needle);
	assert_memory_equal(&f->s, &before, sizeof(before));
}

static void defaults_are_one_retry_one_second_apart(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(f->s.retries, 1);
	assert_int_equal(f->s.retry_sleep_ms, 1000);
	assert_false(f->s.verbose);
}

static void missing_file_keeps_the_defaults(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(fence_check_settings_read(f->dir, "stonith", &f->s, f->err,
						   sizeof(f->err)), 0);
	assert_int_equal(f->s.retries, 1);
	assert_int_equal(fence_check_settings_read("/nonexistent", "stonith", &f->s, f->err,
						   sizeof(f->err)), 0);
}

static void fence_mpath_check_settings_are_read(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(read_text(f, "# watchdog\nretry=3\nretry-sleep = 2.5\nverbose=yes\n"), 0);
	assert_int_equal(f->s.retries, 3);
	assert_int_equal(f->s.retry_sleep_ms, 2500);
	assert_true(f->s.verbose);
	assert_int_equal(read_text(f, "RETRY=\"0\"\nretry_sleep='0.25'\nverbose=no"), 0);
	assert_int_equal(f->s.retries, 0);
	assert_int_equal(f->s.retry_sleep_ms, 250);
	assert_false(f->s.verbose);
}

/* The file is shell-style and shared: what is not ours is left alone. */
static void other_lines_are_left_alone(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(read_text(f, "export FOO=bar\nSTONITH_OPTS=\"-x y\"\nsome text\n"
				   "\nretry=2\n"), 0);
	assert_int_equal(f->s.retries, 2);
}

static void retry_must_be_a_whole_number_up_to_100(void **state)
{
	static const char *const bad[] = { "-1", "101", "4294967296", "1e3", "0x10", "two", "" };
	struct fixture *f = *state;
	char text[64], want[96];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text), "verbose=yes\nretry=%s\n", bad[i]);
		snprintf(want, sizeof(want), "line 2: retry '%s' is not a whole number from 0 to 100",
			 bad[i]);
		refused(f, text, want);
	}
	assert_int_equal(read_text(f, "retry=100\n"), 0);
	assert_int_equal(f->s.retries, 100);
}

static void retry_sleep_must_be_seconds_up_to_600(void **state)
{
	static const char *const bad[] = {
		"-1", "1e10", "nan", "inf", "-0", "0x10", "601", "600.001", ".", "1,5", "2s",
		"99999999999999999999",
	};
	struct fixture *f = *state;
	char text[64], want[128];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text), "retry-sleep=%s\n", bad[i]);
		snprintf(want, sizeof(want), "line 1: retry-sleep '%s' is not a number of seconds "
			 "from 0 to 600", bad[i]);
		refused(f, text, want);
	}
	assert_int_equal(read_text(f, "retry-sleep=600\n"), 0);
	assert_int_equal(f->s.retry_sleep_ms, 600000);
	assert_int_equal(read_text(f, "retry-sleep=.5\n"), 0);
	assert_int_equal(f->s.retry_sleep_ms, 500);
	assert_int_equal(read_text(f, "retry-sleep=0\n"), 0);
	assert_int_equal(f->s.retry_sleep_ms, 0);
}

static void verbose_must_be_yes_or_no(void **state)
{
	refused(*state, "verbose=maybe\n", "line 1: verbose 'maybe' is neither yes nor no");
}

static void nul_byte_is_refused_with_its_line(void **state)
{
	struct fixture *f = *state;
	struct fence_check_settings before = f->s;

	write_settings(f, "retry=2\nretry=1\0\n", 17);
	assert_int_equal(fence_check_settings_read(f->dir, "stonith", &f->s, f->err,
						   sizeof(f->err)), -EBADMSG);
	assert_non_null(strstr(f->err, "stonith line 2: holds a NUL byte"));
	assert_memory_equal(&f->s, &before, sizeof(before));
}

static void control_characters_in_a_value_are_escaped(void **state)
{
	struct fixture *f = *state;

	refused(f, "retry=1\033[2J\r\n", "retry '1\\x1b[2J' is not");
	assert_null(strchr(f->err, '\033'));
}

/* A FIFO would block the watchdog's test for ever: refused at once. */
static void fifo_is_refused_without_blocking(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(mkfifo(f->path, 0600), 0);
	alarm(10);
	assert_int_equal(fence_check_settings_read(f->dir, "stonith", &f->s, f->err,
						   sizeof(f->err)), -EINVAL);
	alarm(0);
	assert_non_null(strstr(f->err, "stonith: is a FIFO, not a regular file"));
}

static void file_writable_by_others_is_refused(void **state)
{
	struct fixture *f = *state;

	write_settings(f, "retry=2\n", 8);
	assert_int_equal(chmod(f->path, 0646), 0);
	assert_int_equal(fence_check_settings_read(f->dir, "stonith", &f->s, f->err,
						   sizeof(f->err)), -EPERM);
	assert_non_null(strstr(f->err, "is writable by others (mode 0646)"));
	assert_int_equal(f->s.retries, 1);
}

static void symbolic_link_is_refused(void **state)
{
	struct fixture *f = *state;
	char target[128];

	snprintf(target, sizeof(target), "%s/real", f->dir);
	write_settings(f, "retry=2\n", 8);
	assert_int_equal(rename(f->path, target), 0);
	assert_int_equal(symlink(target, f->path), 0);
	assert_int_equal(fence_check_settings_read(f->dir, "stonith", &f->s, f->err,
						   sizeof(f->err)), -ELOOP);
	assert_non_null(strstr(f->err, "stonith: is a symbolic link"));
	unlink(target);
}

static void oversized_file_is_refused(void **state)
{
	struct fixture *f = *state;
	int fd;

	write_settings(f, "", 0);
	fd = open(f->path, O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, FENCE_CHECK_SETTINGS_MAX_BYTES + 1), 0);
	close(fd);
	assert_int_equal(fence_check_settings_read(f->dir, "stonith", &f->s, f->err,
						   sizeof(f->err)), -EFBIG);
	assert_non_null(strstr(f->err, "is larger than 65536 bytes"));
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(defaults_are_one_retry_one_second_apart),
		T(missing_file_keeps_the_defaults),
		T(fence_mpath_check_settings_are_read),
		T(other_lines_are_left_alone),
		T(retry_must_be_a_whole_number_up_to_100),
		T(retry_sleep_must_be_seconds_up_to_600),
		T(verbose_must_be_yes_or_no),
		T(nul_byte_is_refused_with_its_line),
		T(control_characters_in_a_value_are_escaped),
		T(fifo_is_refused_without_blocking),
		T(file_writable_by_others_is_refused),
		T(symbolic_link_is_refused),
		T(oversized_file_is_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
