/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test_common_file_replace.c - mpr_file_replace(): the new file whole and
 * 0600, the old one untouched and no temp file left when a step fails, and
 * what a failed directory fsync means under each mpr_dir_sync.  fsync() is
 * replaced at link time (-Wl,--wrap=fsync) so that a test can fail it for
 * the file or for the directory: the tests run as root, where no mode bit
 * makes the directory's open or fsync fail.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "common/file_replace.h"

/* ---- fsync() that fails when told to ---- */

int __real_fsync(int fd);
int __wrap_fsync(int fd);

static int fail_file_fsync, fail_dir_fsync;	/* errno to fail with, 0: the real one */

int __wrap_fsync(int fd)
{
	struct stat st;
	int fail;

	if (fstat(fd, &st) < 0)
		return -1;
	fail = S_ISDIR(st.st_mode) ? fail_dir_fsync : fail_file_fsync;
	if (fail) {
		errno = fail;
		return -1;
	}
	return __real_fsync(fd);
}

/* ---- a directory of the test's own ---- */

struct fx {
	char dir[PATH_MAX];
	char path[PATH_MAX + 16];
	char tmpl[PATH_MAX + 32];
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "%s/test_common_file_replace.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(f->dir)) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof(f->path), "%s/file", f->dir);
	snprintf(f->tmpl, sizeof(f->tmpl), "%s/.file.XXXXXX", f->dir);
	fail_file_fsync = fail_dir_fsync = 0;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	DIR *d = opendir(f->dir);
	struct dirent *de;

	while (d && (de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			unlinkat(dirfd(d), de->d_name, 0);
	if (d)
		closedir(d);
	rmdir(f->dir);
	free(f);
	return 0;
}

static void write_old(const struct fx *f, const char *text, mode_t mode)
{
	int fd = open(f->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	assert_int_equal(fchmod(fd, mode), 0);
	close(fd);
}

/* @path holds exactly @text's bytes: no more, none of the old file's. */
static void assert_contents(const struct fx *f, const char *text)
{
	char buf[256];
	size_t len = strlen(text);
	int fd = open(f->path, O_RDONLY | O_CLOEXEC);

	assert_true(fd >= 0);
	assert_int_equal(read(fd, buf, sizeof(buf)), (ssize_t)len);
	close(fd);
	assert_memory_equal(buf, text, len);
}

/* The directory holds @path's file and nothing else (no temp file left). */
static void assert_only_the_file(const struct fx *f)
{
	DIR *d = opendir(f->dir);
	struct dirent *de;
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
			assert_string_equal(de->d_name, "file");
			n++;
		}
	closedir(d);
	assert_int_equal(n, 1);
}

static mode_t mode_of(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_mode & 07777;
}

/* ---- the tests ---- */

static void test_a_new_file_is_written_0600_whatever_the_umask(void **state)
{
	struct fx *f = *state;
	mode_t old = umask(0);
	int r = mpr_file_replace(f->path, f->tmpl, "one\n", 4, MPR_DIR_SYNC_REQUIRED);

	umask(old);
	assert_int_equal(r, 0);
	assert_contents(f, "one\n");
	assert_int_equal(mode_of(f->path), 0600);
	assert_only_the_file(f);
}

static void test_an_old_file_is_replaced_by_a_new_inode(void **state)
{
	struct fx *f = *state;
	struct stat before, after;

	write_old(f, "old contents, longer than the new\n", 0644);
	assert_int_equal(stat(f->path, &before), 0);
	assert_int_equal(mpr_file_replace(f->path, f->tmpl, "new\n", 4, MPR_DIR_SYNC_REQUIRED), 0);
	assert_int_equal(stat(f->path, &after), 0);
	assert_true(before.st_ino != after.st_ino);	/* renamed over, not written into */
	assert_contents(f, "new\n");
	assert_int_equal(mode_of(f->path), 0600);
	assert_only_the_file(f);
}

static void test_empty_contents_make_an_empty_file(void **state)
{
	struct fx *f = *state;

	write_old(f, "old\n", 0600);
	assert_int_equal(mpr_file_replace(f->path, f->tmpl, "", 0, MPR_DIR_SYNC_BEST_EFFORT), 0);
	assert_contents(f, "");
}

static void test_a_failed_file_fsync_leaves_the_old_file_and_no_temp(void **state)
{
	struct fx *f = *state;

	write_old(f, "old\n", 0600);
	fail_file_fsync = EIO;
	assert_int_equal(mpr_file_replace(f->path, f->tmpl, "new\n", 4, MPR_DIR_SYNC_BEST_EFFORT),
			 -EIO);
	assert_contents(f, "old\n");
	assert_only_the_file(f);
}

static void test_a_failed_rename_leaves_no_temp(void **state)
{
	struct fx *f = *state;
	char inside[PATH_MAX + 32];

	/* a non-empty directory where the file should be: rename() refuses */
	assert_int_equal(mkdir(f->path, 0700), 0);
	snprintf(inside, sizeof(inside), "%s/x", f->path);
	assert_int_equal(mkdir(inside, 0700), 0);
	assert_true(mpr_file_replace(f->path, f->tmpl, "new\n", 4, MPR_DIR_SYNC_BEST_EFFORT) < 0);
	assert_int_equal(rmdir(inside), 0);
	assert_int_equal(rmdir(f->path), 0);
	write_old(f, "", 0600);		/* for assert_only_the_file */
	assert_only_the_file(f);
}

static void test_a_failed_dir_fsync_is_the_error_when_required(void **state)
{
	struct fx *f = *state;

	write_old(f, "old\n", 0600);
	fail_dir_fsync = EIO;
	assert_int_equal(mpr_file_replace(f->path, f->tmpl, "new\n", 4, MPR_DIR_SYNC_REQUIRED), -EIO);
	assert_contents(f, "new\n");	/* renamed before the directory's fsync */
	assert_only_the_file(f);
}

static void test_a_failed_dir_fsync_is_ignored_at_best_effort(void **state)
{
	struct fx *f = *state;

	write_old(f, "old\n", 0600);
	fail_dir_fsync = EIO;
	assert_int_equal(mpr_file_replace(f->path, f->tmpl, "new\n", 4, MPR_DIR_SYNC_BEST_EFFORT), 0);
	assert_contents(f, "new\n");
	assert_only_the_file(f);
}

static void test_a_template_too_long_creates_nothing(void **state)
{
	struct fx *f = *state;
	char *tmpl = malloc(PATH_MAX + 8);

	assert_non_null(tmpl);
	memset(tmpl, 'a', PATH_MAX + 1);
	memcpy(tmpl, "/tmp/", 5);
	strcpy(tmpl + PATH_MAX + 1, "XXXXXX");
	assert_int_equal(mpr_file_replace(f->path, tmpl, "new\n", 4, MPR_DIR_SYNC_REQUIRED),
			 -ENAMETOOLONG);
	free(tmpl);
	assert_int_equal(access(f->path, F_OK), -1);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_a_new_file_is_written_0600_whatever_the_umask),
		T(test_an_old_file_is_replaced_by_a_new_inode),
		T(test_empty_contents_make_an_empty_file),
		T(test_a_failed_file_fsync_leaves_the_old_file_and_no_temp),
		T(test_a_failed_rename_leaves_no_temp),
		T(test_a_failed_dir_fsync_is_the_error_when_required),
		T(test_a_failed_dir_fsync_is_ignored_at_best_effort),
		T(test_a_template_too_long_creates_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
