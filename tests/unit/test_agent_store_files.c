// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_agent_store_files.c - the store file as it may be found: cut short,
 * holding NUL bytes, a FIFO, a device node, a link, someone else's or
 * writable by others, huge: each refused at once with the file (and line)
 * named, never loaded as another or an empty store; and loading linear in
 * the number of entries.
 */
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
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "agent_store_fixture.h"
#include "agent/trusted_file.h"

static int setup(void **state)
{
	return store_fixture_setup(state, "test_agent_store_files");
}

static int teardown(void **state)
{
	return store_fixture_teardown(state);
}

static void write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(chmod(path, 0600), 0);
}

static void read_file(const char *path, char *buf, size_t len)
{
	FILE *fp = fopen(path, "r");
	size_t n;

	assert_non_null(fp);
	n = fread(buf, 1, len - 1, fp);
	buf[n] = '\0';
	fclose(fp);
}

static struct fence_store *load_ok(const char *dir)
{
	struct fence_store *s = NULL;
	char err[PATH_MAX + 256] = "";

	if (fence_store_load_err(dir, &s, err, sizeof(err)) != 0)
		fail_msg("load failed: %s", err);
	assert_non_null(s);
	return s;
}

static void write_bytes(const char *path, const char *bytes, size_t len, mode_t mode)
{
	int fd;

	unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, mode);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, bytes, len), (ssize_t)len);
	assert_int_equal(fchmod(fd, mode), 0);
	close(fd);
}

/* Refused with @r, a message naming the file and @needle, no store handed out. */
static void load_refused(struct fixture *f, int r, const char *needle)
{
	struct fence_store *s = NULL;
	char err[PATH_MAX + 256] = "";

	assert_int_equal(fence_store_load_err(f->dir, &s, err, sizeof(err)), r);
	assert_null(s);
	if (!strstr(err, f->store) && !strstr(err, f->dir))
		fail_msg("message does not name the file: %s", err);
	if (!strstr(err, needle))
		fail_msg("message '%s' does not say '%s'", err, needle);
	assert_null(strchr(err, '\n'));
}

static void test_parse_errors_name_the_file_and_the_line(void **state)
{
	struct fixture *f = *state;
	char want[160];

	write_file(f->store, "# fence_mpath\n/dev/mapper/a\t1\n\n/dev/mapper/b\txyz\n");
	snprintf(want, sizeof(want), "%s line 4: 'xyz' is not a reservation key", f->store);
	load_refused(f, -EBADMSG, want);
	write_file(f->store, "/dev/mapper/a\n");
	load_refused(f, -EBADMSG, "line 1: device /dev/mapper/a has no key");
	write_file(f->store, "/dev/mapper/a 1 2\n");
	load_refused(f, -EBADMSG, "line 1: '2' after the key");
}

/* "0x1\0garbage" read as key 1: a NUL byte means a corrupt file. */
static void test_nul_byte_in_a_key_is_refused(void **state)
{
	static const char text[] = "/dev/mapper/a\t0x1\0garbage\n";
	struct fixture *f = *state;

	write_bytes(f->store, text, sizeof(text) - 1, 0600);
	load_refused(f, -EBADMSG, "line 1: holds a NUL byte");
}

/* 4096 NUL bytes loaded as an empty store: the check said "not unfenced yet". */
static void test_store_of_nul_bytes_is_corrupt_not_empty(void **state)
{
	struct fixture *f = *state;
	char zeros[4096] = { 0 };

	write_bytes(f->store, zeros, sizeof(zeros), 0600);
	load_refused(f, -EBADMSG, "line 1: holds a NUL byte");
}

/* A write cut short: the last key may be another key's beginning. */
static void test_last_line_without_newline_is_refused(void **state)
{
	struct fixture *f = *state;

	write_file(f->store, "/dev/mapper/b\t2\n/dev/mapper/a\t0xabcdef01234");
	load_refused(f, -EBADMSG, "line 2: does not end with a newline");
}

static void test_comment_or_blanks_without_newline_are_fine(void **state)
{
	struct fixture *f = *state;
	struct fence_store *s;

	write_file(f->store, "/dev/mapper/a\t1\n# end");
	s = load_ok(f->dir);
	assert_int_equal(s->count, 1);
	fence_store_free(s);
	write_file(f->store, "/dev/mapper/a\t1\n  \t");
	s = load_ok(f->dir);
	assert_int_equal(s->count, 1);
	fence_store_free(s);
}

/* A FIFO named mpath.devices hung off, monitor and the check. */
static void test_fifo_store_is_refused_at_once(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(mkfifo(f->store, 0600), 0);
	alarm(10);	/* a hang fails the test instead of the suite */
	load_refused(f, -EINVAL, "is a FIFO, not a regular file");
	alarm(0);
}

static void test_symbolic_link_store_is_refused(void **state)
{
	struct fixture *f = *state;
	char real[PATH_MAX + 16];

	snprintf(real, sizeof(real), "%s/real", f->dir);
	write_file(real, "/dev/mapper/a\t1\n");
	assert_int_equal(chmod(real, 0600), 0);
	assert_int_equal(symlink(real, f->store), 0);
	load_refused(f, -ELOOP, "is a symbolic link: not followed");
}

static void test_store_writable_by_group_or_others_is_refused(void **state)
{
	struct fixture *f = *state;

	write_bytes(f->store, "/dev/mapper/a\t1\n", 16, 0666);
	load_refused(f, -EPERM, "writable by group and others (mode 0666)");
	write_bytes(f->store, "/dev/mapper/a\t1\n", 16, 0602);
	load_refused(f, -EPERM, "writable by others (mode 0602)");
	write_bytes(f->store, "/dev/mapper/a\t1\n", 16, 0620);
	load_refused(f, -EPERM, "writable by its group (mode 0620)");
	write_bytes(f->store, "/dev/mapper/a\t1\n", 16, 0644);
	fence_store_free(load_ok(f->dir));	/* fence_mpath's 0644 is fine */
}

static void test_store_owned_by_another_user_is_refused(void **state)
{
	struct fixture *f = *state;

	if (geteuid() != 0)
		skip();
	write_bytes(f->store, "/dev/mapper/a\t1\n", 16, 0600);
	assert_int_equal(chown(f->store, 65534, 65534), 0);
	load_refused(f, -EPERM, "is owned by uid 65534, neither root nor");
}

/* A hard link to /dev/zero, as root could meet it: no endless read. */
static void test_device_node_store_is_refused(void **state)
{
	struct fixture *f = *state;

	if (geteuid() != 0)
		skip();
	assert_int_equal(mknod(f->store, S_IFCHR | 0600, makedev(1, 5)), 0);
	alarm(10);
	load_refused(f, -EINVAL, "is a character device, not a regular file");
	alarm(0);
}

static void test_world_writable_directory_needs_the_sticky_bit(void **state)
{
	struct fixture *f = *state;

	write_file(f->store, "/dev/mapper/a\t1\n");
	assert_int_equal(chmod(f->store, 0600), 0);
	assert_int_equal(chmod(f->dir, 0777), 0);
	load_refused(f, -EPERM, "directory is writable by everyone without the sticky bit");
	assert_int_equal(chmod(f->dir, 01777), 0);
	fence_store_free(load_ok(f->dir));
	assert_int_equal(chmod(f->dir, 0700), 0);
}

/* A 3 GB sparse file cost 1 GB of memory: anything past the bound is refused unread. */
static void test_store_past_the_size_bound_is_refused(void **state)
{
	struct fixture *f = *state;
	int fd;

	write_file(f->store, "/dev/mapper/a\t1\n");
	assert_int_equal(chmod(f->store, 0600), 0);
	fd = open(f->store, O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, 3LL << 30), 0);
	close(fd);
	load_refused(f, -EFBIG, "is larger than 16777216 bytes");
}

/* Write @n entries "/dev/mapper/mpath<i> <i + 1>" (unique devices). */
static void write_entries(const char *path, size_t n)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	for (size_t i = 0; i < n; i++)
		fprintf(fp, "/dev/mapper/mpath%zu\t%zx\n", i, i + 1);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(chmod(path, 0600), 0);
}

static void test_store_past_the_entry_bound_is_refused(void **state)
{
	struct fixture *f = *state;
	char want[64];

	write_entries(f->store, FENCE_STORE_MAX_ENTRIES + 1);
	alarm(60);	/* quadratic loading took minutes here */
	snprintf(want, sizeof(want), "line %u: more than %u entries", FENCE_STORE_MAX_ENTRIES + 1,
		 FENCE_STORE_MAX_ENTRIES);
	load_refused(f, -EBADMSG, want);
	alarm(0);
}

/* This process's CPU time: other load on the machine does not count. */
static double cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Best of 3 loads of a store of @n entries, in CPU ms. */
static double best_load_ms(struct fixture *f, unsigned int n)
{
	double best = 1e9;

	write_entries(f->store, n);
	for (int round = 0; round < 3; round++) {
		double t0 = cpu_ms(), t;
		struct fence_store *s = load_ok(f->dir);

		t = cpu_ms() - t0;
		best = t < best ? t : best;
		assert_int_equal(s->count, n);
		fence_store_free(s);
	}
	return best;
}

/*
 * 100k entries took 16.6 s (a linear search per entry: 100 times the time
 * of 10k).  Loading must grow linearly: 10 times the entries, well under 30
 * times the time (plus a little for a loaded machine), whatever the
 * machine's speed; the benchmark, not this test, says how fast.
 */
static void test_100k_entries_load_in_linear_time(void **state)
{
	struct fixture *f = *state;
	struct fence_store *s;
	double t10k, t100k;
	uint64_t key = 0;

	alarm(60);
	t10k = best_load_ms(f, 10000);
	t100k = best_load_ms(f, 100000);
	s = load_ok(f->dir);
	assert_int_equal(fence_store_lookup(s, "/dev/mapper/mpath99999", &key), 0);
	assert_int_equal(key, 100000);
	fence_store_free(s);
	alarm(0);
	print_message("10000 entries in %.1f ms, 100000 in %.1f ms of CPU (best of 3 each)\n",
		      t10k, t100k);
	assert_true(t100k < 30 * t10k + 20);
}

/* Later lines win for the same device, as a record would have left them. */
static void test_duplicate_devices_keep_the_last_key(void **state)
{
	struct fixture *f = *state;
	struct fence_store *s;
	uint64_t key = 0;

	write_file(f->store, "/dev/mapper/a\t1\n/dev/mapper/b\t2\n/dev/mapper/a\t3\n");
	s = load_ok(f->dir);
	assert_int_equal(s->count, 2);
	assert_int_equal(fence_store_lookup(s, "/dev/mapper/a", &key), 0);
	assert_int_equal(key, 3);
	assert_string_equal(s->entries[0].device, "/dev/mapper/a");
	fence_store_free(s);
}

static void test_record_refuses_an_untrusted_store_and_says_why(void **state)
{
	struct fixture *f = *state;
	const char *devs[] = { "/dev/mapper/a" };
	char err[PATH_MAX + 256] = "", buf[64];

	write_bytes(f->store, "/dev/mapper/z\t9\n", 16, 0666);
	assert_int_equal(fence_store_record_err(f->dir, devs, 1, 0x1, err, sizeof(err)), -EPERM);
	assert_non_null(strstr(err, "writable by group and others"));
	read_file(f->store, buf, sizeof(buf));
	assert_string_equal(buf, "/dev/mapper/z\t9\n");
}

/* A read error of an opened file is an error, never the end of the file. */
static void test_read_error_is_an_error_not_eof(void **state)
{
	char *buf = NULL, err[256] = "";
	size_t len = 0;

	(void)state;
	/* /proc/self/mem: a regular file of ours, 0600, whose offset 0 is unmapped */
	assert_int_equal(fence_file_read_trusted("/proc/self", "mem", 4096, &buf, &len, err,
						 sizeof(err)), -EIO);
	assert_null(buf);
	assert_string_equal(err, "/proc/self/mem: cannot read: Input/output error");
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_parse_errors_name_the_file_and_the_line),
		T(test_nul_byte_in_a_key_is_refused),
		T(test_store_of_nul_bytes_is_corrupt_not_empty),
		T(test_last_line_without_newline_is_refused),
		T(test_comment_or_blanks_without_newline_are_fine),
		T(test_fifo_store_is_refused_at_once),
		T(test_symbolic_link_store_is_refused),
		T(test_store_writable_by_group_or_others_is_refused),
		T(test_store_owned_by_another_user_is_refused),
		T(test_device_node_store_is_refused),
		T(test_world_writable_directory_needs_the_sticky_bit),
		T(test_store_past_the_size_bound_is_refused),
		T(test_store_past_the_entry_bound_is_refused),
		T(test_100k_entries_load_in_linear_time),
		T(test_duplicate_devices_keep_the_last_key),
		T(test_record_refuses_an_untrusted_store_and_says_why),
		T(test_read_error_is_an_error_not_eof),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
