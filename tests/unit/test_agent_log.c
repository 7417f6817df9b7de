// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_agent_log.c - the agent's libqb logging: levels, the debug file, the
 * library sink, and no message lost when threads log at once.
 */
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "agent/log.h"

struct fixture {
	char path[64];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	int fd;

	assert_non_null(f);
	strcpy(f->path, "/tmp/test_agent_log.XXXXXX");
	fd = mkstemp(f->path);
	assert_true(fd >= 0);
	close(fd);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	fence_log_close();
	unlink(f->path);
	free(f);
	return 0;
}

static void start(struct fixture *f, int verbose_level)
{
	struct fence_log_opts lo = { .quiet = true, .verbose_level = verbose_level,
				     .debug_file = f->path };

	assert_int_equal(fence_log_setup(&lo), 0);
	qb_log_ctl(QB_LOG_SYSLOG, QB_LOG_CONF_ENABLED, QB_FALSE);
}

static size_t count_lines(const char *path, const char *needle)
{
	char line[4096];
	size_t n = 0;
	FILE *fp = fopen(path, "r");

	assert_non_null(fp);
	while (fgets(line, sizeof(line), fp))
		n += strstr(line, needle) != NULL;
	fclose(fp);
	return n;
}

static void test_verbose_levels_map_to_priorities(void **state)
{
	assert_int_equal(fence_log_priority(0), LOG_NOTICE);
	assert_int_equal(fence_log_priority(1), LOG_INFO);
	assert_int_equal(fence_log_priority(2), LOG_DEBUG);
	assert_int_equal(fence_log_priority(3), LOG_DEBUG);
}

static void test_library_detail_only_when_asked(void **state)
{
	struct fence_log_opts lo = { .verbose_level = 2 };

	assert_int_equal(fence_log_lib_priority(&lo), LOG_INFO);
	lo.verbose_level = 3;
	assert_int_equal(fence_log_lib_priority(&lo), LOG_DEBUG);
	lo.verbose_level = 0;
	lo.debug_file = "/tmp/x";
	assert_int_equal(fence_log_lib_priority(&lo), LOG_DEBUG);
}

static void test_debug_file_gets_debug_messages_at_any_level(void **state)
{
	struct fixture *f = *state;

	start(f, 0);
	fence_debug("agent detail %d", 42);
	fence_log_lib_sink(NULL, LOG_DEBUG, "library detail");
	fence_log_close();
	assert_int_equal(count_lines(f->path, "agent detail 42"), 1);
	assert_int_equal(count_lines(f->path, "library detail"), 1);
}

static void test_unopenable_debug_file_is_reported(void **state)
{
	struct fence_log_opts lo = { .quiet = true, .debug_file = "/nonexistent/dir/log" };

	assert_true(fence_log_setup(&lo) < 0);
}

/* libqb's own file target made new files 0644 (umask 022): the log names keys and devices. */
static void test_new_debug_file_is_created_0600(void **state)
{
	struct fixture *f = *state;
	mode_t old = umask(022);
	struct stat st;

	assert_int_equal(unlink(f->path), 0);
	start(f, 0);
	umask(old);
	fence_notice("first line");
	fence_log_close();
	assert_int_equal(stat(f->path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(count_lines(f->path, "first line"), 1);
}

/* An agent running as root must not append to what a link points at. */
static void test_debug_file_through_a_symbolic_link_is_refused(void **state)
{
	struct fixture *f = *state;
	char link[sizeof(f->path) + 8];
	struct fence_log_opts lo = { .quiet = true, .debug_file = link };
	struct stat st;

	snprintf(link, sizeof(link), "%s.link", f->path);
	assert_int_equal(symlink(f->path, link), 0);
	assert_true(fence_log_setup(&lo) < 0);
	fence_notice("must not reach the target");
	fence_log_close();
	unlink(link);
	assert_int_equal(stat(f->path, &st), 0);
	assert_int_equal(st.st_size, 0);
}

static void test_debug_file_that_is_a_fifo_is_refused(void **state)
{
	struct fixture *f = *state;
	struct fence_log_opts lo = { .quiet = true, .debug_file = f->path };
	int rd;

	assert_int_equal(unlink(f->path), 0);
	assert_int_equal(mkfifo(f->path, 0600), 0);
	rd = open(f->path, O_RDONLY | O_NONBLOCK);	/* a reader: opening for writing would work */
	assert_true(rd >= 0);
	assert_true(fence_log_setup(&lo) < 0);
	fence_log_close();
	close(rd);
}

static void test_debug_file_writable_by_others_is_refused(void **state)
{
	struct fixture *f = *state;
	struct fence_log_opts lo = { .quiet = true, .debug_file = f->path };

	assert_int_equal(chmod(f->path, 0666), 0);
	assert_true(fence_log_setup(&lo) < 0);
	fence_log_close();
}

/* A value holding a newline cannot forge a second log line. */
static void test_control_characters_are_escaped_in_every_target(void **state)
{
	struct fixture *f = *state;

	start(f, 0);
	fence_notice("device %s does not exist", "/dev/x\nfence_mpathpr: key 0x1 fenced\033[0m");
	fence_log_lib_sink(NULL, LOG_NOTICE, "library\rline");
	fence_log_close();
	assert_int_equal(count_lines(f->path, "key 0x1 fenced"), 1);
	assert_int_equal(count_lines(f->path,
		"device /dev/x\\nfence_mpathpr: key 0x1 fenced\\x1b[0m does not exist"), 1);
	assert_int_equal(count_lines(f->path, "library\\rline"), 1);
	assert_int_equal(count_lines(f->path, "\033"), 0);
}

#define LOG_THREADS 8
#define LOG_PER_THREAD 300

static void *log_worker(void *arg)
{
	long id = (long)arg;

	for (int i = 0; i < LOG_PER_THREAD; i++)
		if (i % 2)
			fence_debug("worker %ld message %d", id, i);
		else
			fence_log_lib_sink(NULL, LOG_DEBUG, "worker via library sink");
	return NULL;
}

static void test_no_message_is_lost_when_threads_log_at_once(void **state)
{
	struct fixture *f = *state;
	pthread_t t[LOG_THREADS];

	start(f, 2);
	for (long i = 0; i < LOG_THREADS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, log_worker, (void *)i), 0);
	for (int i = 0; i < LOG_THREADS; i++)
		pthread_join(t[i], NULL);
	fence_log_close();
	assert_int_equal(count_lines(f->path, "worker "), LOG_THREADS * LOG_PER_THREAD);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_verbose_levels_map_to_priorities),
		cmocka_unit_test(test_library_detail_only_when_asked),
		cmocka_unit_test_setup_teardown(test_debug_file_gets_debug_messages_at_any_level,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_unopenable_debug_file_is_reported, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_no_message_is_lost_when_threads_log_at_once,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_new_debug_file_is_created_0600, setup, teardown),
		cmocka_unit_test_setup_teardown(test_debug_file_through_a_symbolic_link_is_refused,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_debug_file_that_is_a_fifo_is_refused, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_debug_file_writable_by_others_is_refused, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_control_characters_are_escaped_in_every_target,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
