// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_agent_store.c - the fence agent's key store: round trips, keys
 * written as fence_mpath writes them and read in any spelling, atomic
 * replacement under concurrent writers and kill -9.  (Files that are not
 * whole or not to be trusted: test_agent_store_files.c.)
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
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "agent_store_fixture.h"

static int setup(void **state)
{
	return store_fixture_setup(state, "test_agent_store");
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
}

static struct fence_store *load_ok(const char *dir)
{
	struct fence_store *s = NULL;

	assert_int_equal(fence_store_load(dir, &s), 0);
	assert_non_null(s);
	return s;
}

static void test_missing_directory_is_an_empty_store(void **state)
{
	struct fixture *f = *state;
	char dir[PATH_MAX + 16];
	struct fence_store *s;

	snprintf(dir, sizeof(dir), "%s/nope", f->dir);
	s = load_ok(dir);
	assert_int_equal(s->count, 0);
	fence_store_free(s);
	assert_int_equal(fence_store_check_readable(dir), 0);
}

static void test_missing_file_is_an_empty_store(void **state)
{
	struct fixture *f = *state;
	struct fence_store *s = load_ok(f->dir);

	assert_int_equal(s->count, 0);
	fence_store_free(s);
}

static void test_recorded_devices_load_back_with_their_key(void **state)
{
	struct fixture *f = *state;
	const char *devs[] = { "/dev/mapper/a", "/dev/mapper/b" };
	struct fence_store *s;
	uint64_t key = 0;

	assert_int_equal(fence_store_record(f->dir, devs, 2, 0xabc), 0);
	s = load_ok(f->dir);
	assert_int_equal(s->count, 2);
	assert_int_equal(fence_store_lookup(s, "/dev/mapper/b", &key), 0);
	assert_int_equal(key, 0xabc);
	assert_int_equal(fence_store_lookup(s, "/dev/mapper/c", &key), -ENOENT);
	assert_true(fence_store_has_key(s, 0xabc));
	assert_false(fence_store_has_key(s, 0xabd));
	fence_store_free(s);
}

static void test_record_replaces_the_same_device_and_keeps_others(void **state)
{
	struct fixture *f = *state;
	const char *a[] = { "/dev/mapper/a" }, *ab[] = { "/dev/mapper/a", "/dev/mapper/b" };
	struct fence_store *s;
	uint64_t key = 0;

	assert_int_equal(fence_store_record(f->dir, ab, 2, 0x1), 0);
	assert_int_equal(fence_store_record(f->dir, a, 1, 0x2), 0);
	s = load_ok(f->dir);
	assert_int_equal(s->count, 2);
	assert_int_equal(fence_store_lookup(s, "/dev/mapper/a", &key), 0);
	assert_int_equal(key, 0x2);
	assert_int_equal(fence_store_lookup(s, "/dev/mapper/b", &key), 0);
	assert_int_equal(key, 0x1);
	fence_store_free(s);
}

/* The whole file, for comparisons. */
static void read_file(const char *path, char *buf, size_t len)
{
	FILE *fp = fopen(path, "r");
	size_t n;

	assert_non_null(fp);
	n = fread(buf, 1, len - 1, fp);
	buf[n] = '\0';
	fclose(fp);
}

static void test_store_file_is_private_and_normalised(void **state)
{
	struct fixture *f = *state;
	const char *devs[] = { "/dev/mapper/a" };
	char buf[128] = "";
	struct stat st;
	FILE *fp;

	assert_int_equal(fence_store_record(f->dir, devs, 1, 0xABC), 0);
	assert_int_equal(stat(f->store, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	fp = fopen(f->store, "r");
	assert_non_null(fp);
	assert_non_null(fgets(buf, sizeof(buf), fp));
	fclose(fp);
	assert_string_equal(buf, "/dev/mapper/a\tabc\n");
}

/*
 * fence_mpath writes the key it was given without "0x" and leading zeros;
 * fence_mpath_check compares that text with mpathpersist's "0x%" PRIx64
 * output after the "0x".  Any other spelling reads as "fenced" there.
 */
static void test_keys_are_written_as_fence_mpath_writes_them(void **state)
{
	static const struct {
		uint64_t key;
		const char *text;
	} cases[] = {
		{ 0x1, "1" },
		{ 0xa1, "a1" },
		{ 0xABC, "abc" },
		{ 0x1000, "1000" },
		{ 0xaaaaaaaaaaaaaaaaULL, "aaaaaaaaaaaaaaaa" },
		{ 0x00ffffffffffff01ULL, "ffffffffffff01" },
		{ 0xffffffffffffffffULL, "ffffffffffffffff" },
	};
	struct fixture *f = *state;
	const char *devs[] = { "/dev/mapper/mpatha" };
	char want[64], buf[256];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(fence_store_record(f->dir, devs, 1, cases[i].key), 0);
		read_file(f->store, buf, sizeof(buf));
		snprintf(want, sizeof(want), "/dev/mapper/mpatha\t%s\n", cases[i].text);
		assert_string_equal(buf, want);
	}
}

/* A store an earlier fence_mpathpr wrote (0x + 16 digits) and fence_mpath's. */
static void test_padded_and_unpadded_keys_are_read_alike(void **state)
{
	struct fixture *f = *state;
	struct fence_store *s;
	uint64_t key = 0;

	write_file(f->store, "/dev/mapper/old\t0x00000000000000a1\n"
			     "/dev/mapper/fence_mpath\ta1\n"
			     "/dev/mapper/upstream\t0xa1\n");
	s = load_ok(f->dir);
	assert_int_equal(s->count, 3);
	for (size_t i = 0; i < s->count; i++)
		assert_int_equal(s->entries[i].key, 0xa1);
	assert_true(fence_store_has_key(s, 0xa1));
	assert_int_equal(fence_store_lookup(s, "/dev/mapper/old", &key), 0);
	assert_int_equal(key, 0xa1);
	fence_store_free(s);
}

/* Recording into an old padded store leaves every line in fence_mpath's form. */
static void test_record_rewrites_a_padded_store_in_fence_mpath_form(void **state)
{
	struct fixture *f = *state;
	const char *devs[] = { "/dev/mapper/new" };
	char buf[256];

	write_file(f->store, "/dev/mapper/old\t0x00000000000000a1\n");
	assert_int_equal(fence_store_record(f->dir, devs, 1, 0xa1), 0);
	read_file(f->store, buf, sizeof(buf));
	assert_string_equal(buf, "/dev/mapper/old\ta1\n/dev/mapper/new\ta1\n");
}

static void test_record_creates_missing_directories(void **state)
{
	struct fixture *f = *state;
	const char *devs[] = { "/dev/sdb" };
	char dir[PATH_MAX + 16];
	struct fence_store *s;
	struct stat st;

	snprintf(dir, sizeof(dir), "%s/run/cluster", f->dir);
	assert_int_equal(fence_store_record(dir, devs, 1, 0x7), 0);
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	s = load_ok(dir);
	assert_int_equal(s->count, 1);
	fence_store_free(s);
}

static void test_any_key_spelling_is_read_normalised(void **state)
{
	struct fixture *f = *state;
	struct fence_store *s;
	uint64_t key = 0;

	write_file(f->store, "# written by fence_mpath\n\n/dev/mapper/a 1a2B\n"
		   "/dev/mapper/b\t0x00001A2b\n/dev/mapper/c   0X1a2b  \n");
	s = load_ok(f->dir);
	assert_int_equal(s->count, 3);
	for (size_t i = 0; i < s->count; i++)
		assert_int_equal(s->entries[i].key, 0x1a2b);
	assert_int_equal(fence_store_lookup(s, "/dev/mapper/c", &key), 0);
	fence_store_free(s);
}

static void test_malformed_line_is_an_error(void **state)
{
	struct fixture *f = *state;
	struct fence_store *s = NULL;

	write_file(f->store, "/dev/mapper/a 1\n/dev/mapper/b\n");
	assert_int_equal(fence_store_load(f->dir, &s), -EBADMSG);
	assert_null(s);
	write_file(f->store, "/dev/mapper/a xyz\n");
	assert_int_equal(fence_store_load(f->dir, &s), -EBADMSG);
	write_file(f->store, "/dev/mapper/a 0\n");
	assert_int_equal(fence_store_load(f->dir, &s), -EBADMSG);
	assert_int_equal(fence_store_check_readable(f->dir), -EBADMSG);
}

static void test_record_leaves_a_malformed_store_alone(void **state)
{
	struct fixture *f = *state;
	const char *devs[] = { "/dev/mapper/a" };
	char buf[64] = "";
	FILE *fp;

	write_file(f->store, "garbage line here\n");
	assert_int_equal(fence_store_record(f->dir, devs, 1, 0x1), -EBADMSG);
	fp = fopen(f->store, "r");
	assert_non_null(fp);
	assert_non_null(fgets(buf, sizeof(buf), fp));
	fclose(fp);
	assert_string_equal(buf, "garbage line here\n");
}

static void test_record_refuses_bad_arguments(void **state)
{
	struct fixture *f = *state;
	const char *spaced[] = { "/dev/mapper/a b" }, *ok[] = { "/dev/sdb" };

	assert_int_equal(fence_store_record(f->dir, ok, 1, 0), -EINVAL);
	assert_int_equal(fence_store_record(f->dir, spaced, 1, 0x1), -EINVAL);
	assert_int_equal(fence_store_record("", ok, 1, 0x1), -EINVAL);
	assert_int_equal(access(f->store, F_OK), -1);
}

static void test_lookup_matches_a_name_resolving_to_the_same_node(void **state)
{
	struct fixture *f = *state;
	char target[PATH_MAX + 16], link[PATH_MAX + 16];
	const char *devs[] = { target };
	struct fence_store *s;
	uint64_t key = 0;

	snprintf(target, sizeof(target), "%s/dm-3", f->dir);
	snprintf(link, sizeof(link), "%s/mpatha", f->dir);
	write_file(target, "");
	assert_int_equal(symlink(target, link), 0);
	assert_int_equal(fence_store_record(f->dir, devs, 1, 0x55), 0);
	s = load_ok(f->dir);
	assert_int_equal(fence_store_lookup(s, link, &key), 0);
	assert_int_equal(key, 0x55);
	fence_store_free(s);
}

static void test_unreadable_store_is_reported(void **state)
{
	struct fixture *f = *state;
	struct fence_store *s = NULL;

	assert_int_equal(mkdir(f->store, 0700), 0);	/* a directory where the file should be */
	assert_true(fence_store_load(f->dir, &s) < 0);
	assert_null(s);
	assert_true(fence_store_check_readable(f->dir) < 0);
}

/* Child processes: each records its own devices @rounds times. */
static void writer_child(const char *dir, int id, int rounds)
{
	char dev[64];
	const char *devs[] = { dev };

	for (int r = 0; r < rounds; r++) {
		snprintf(dev, sizeof(dev), "/dev/mapper/w%d-%d", id, r % 4);
		if (fence_store_record(dir, devs, 1, (uint64_t)id + 1) < 0)
			_exit(1);
	}
	_exit(0);
}

static void test_concurrent_writers_lose_no_entry(void **state)
{
	struct fixture *f = *state;
	enum { WRITERS = 8, ROUNDS = 25 };
	pid_t pids[WRITERS];
	struct fence_store *s;
	int status;

	for (int i = 0; i < WRITERS; i++) {
		pids[i] = fork();
		assert_true(pids[i] >= 0);
		if (pids[i] == 0)
			writer_child(f->dir, i, ROUNDS);
	}
	for (int i = 0; i < WRITERS; i++) {
		assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	s = load_ok(f->dir);
	assert_int_equal(s->count, WRITERS * 4);
	for (int i = 0; i < WRITERS; i++) {
		for (int d = 0; d < 4; d++) {
			char dev[64];
			uint64_t key = 0;

			snprintf(dev, sizeof(dev), "/dev/mapper/w%d-%d", i, d);
			assert_int_equal(fence_store_lookup(s, dev, &key), 0);
			assert_int_equal(key, (uint64_t)i + 1);
		}
	}
	fence_store_free(s);
}

static void sleep_us(long usec)
{
	struct timespec ts = { .tv_sec = usec / 1000000, .tv_nsec = (usec % 1000000) * 1000 };

	nanosleep(&ts, NULL);
}

static size_t count_temp_files(const char *dir)
{
	char cmd[PATH_MAX + 64];
	size_t n = 0;
	FILE *p;
	char line[PATH_MAX];

	snprintf(cmd, sizeof(cmd), "ls -A '%s'", dir);
	p = popen(cmd, "r");
	assert_non_null(p);
	while (fgets(line, sizeof(line), p))
		if (strncmp(line, "." FENCE_STORE_FILE ".", strlen(FENCE_STORE_FILE) + 2) == 0)
			n++;
	pclose(p);
	return n;
}

static void test_kill_during_writes_leaves_a_parseable_store(void **state)
{
	struct fixture *f = *state;
	const char *devs[] = { "/dev/mapper/keep" };
	struct fence_store *s;
	uint64_t key = 0;

	assert_int_equal(fence_store_record(f->dir, devs, 1, 0x99), 0);
	for (int round = 0; round < 20; round++) {
		pid_t pid = fork();
		int status;

		assert_true(pid >= 0);
		if (pid == 0)
			writer_child(f->dir, round, 1000000);
		sleep_us(2000 + round * 700);
		assert_int_equal(kill(pid, SIGKILL), 0);
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_true(WIFSIGNALED(status));
		s = load_ok(f->dir);
		assert_int_equal(fence_store_lookup(s, "/dev/mapper/keep", &key), 0);
		assert_int_equal(key, 0x99);
		fence_store_free(s);
	}
	/* The next writer sweeps away what killed writers left behind. */
	assert_int_equal(fence_store_record(f->dir, devs, 1, 0x98), 0);
	assert_int_equal(count_temp_files(f->dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_missing_directory_is_an_empty_store, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_file_is_an_empty_store, setup, teardown),
		cmocka_unit_test_setup_teardown(test_recorded_devices_load_back_with_their_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_record_replaces_the_same_device_and_keeps_others, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_file_is_private_and_normalised, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keys_are_written_as_fence_mpath_writes_them, setup, teardown),
		cmocka_unit_test_setup_teardown(test_padded_and_unpadded_keys_are_read_alike, setup, teardown),
		cmocka_unit_test_setup_teardown(test_record_rewrites_a_padded_store_in_fence_mpath_form, setup, teardown),
		cmocka_unit_test_setup_teardown(test_record_creates_missing_directories, setup, teardown),
		cmocka_unit_test_setup_teardown(test_any_key_spelling_is_read_normalised, setup, teardown),
		cmocka_unit_test_setup_teardown(test_malformed_line_is_an_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_record_leaves_a_malformed_store_alone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_record_refuses_bad_arguments, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lookup_matches_a_name_resolving_to_the_same_node, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unreadable_store_is_reported, setup, teardown),
		cmocka_unit_test_setup_teardown(test_concurrent_writers_lose_no_entry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kill_during_writes_leaves_a_parseable_store, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
