/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_agent_input.c - what reaches the agent from outside before any
 * device is touched: standard input read whole or refused (request.h),
 * unknown parameters warned about with their likely meaning, Pacemaker's
 * own ones passed in silence, and values echoed in messages escaped.
 * (The binary itself is run by tests/agent-stdin.test.)
 */
#include "config.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent_config_fixture.h"
#include "agent/escape.h"
#include "agent/params.h"
#include "agent/request.h"

/* ---- standard input, whole or refused ---- */

struct read_result {
	int r;
	char *text;
	size_t len;
	char err[256];
};

/* fence_request_read() of a pipe holding @len bytes of @data. */
static void read_pipe(const char *data, size_t len, size_t max, struct read_result *res)
{
	int p[2];

	assert_int_equal(pipe(p), 0);
	assert_int_equal(write(p[1], data, len), (ssize_t)len);
	close(p[1]);
	*res = (struct read_result){ 0 };
	res->r = fence_request_read(p[0], max, &res->text, &res->len, res->err, sizeof(res->err));
	close(p[0]);
}

static void request_is_read_whole_nul_bytes_included(void **state)
{
	static const char data[] = "plug=2\n\0\naction=status\n";
	struct read_result res;

	(void)state;
	read_pipe(data, sizeof(data) - 1, 4096, &res);
	assert_int_equal(res.r, 0);
	assert_int_equal(res.len, sizeof(data) - 1);
	assert_memory_equal(res.text, data, sizeof(data) - 1);
	free(res.text);
}

static void request_of_exactly_the_limit_is_taken_one_more_byte_refused(void **state)
{
	char data[2049];
	struct read_result res;

	(void)state;
	memset(data, '#', sizeof(data));
	read_pipe(data, 2048, 2048, &res);
	assert_int_equal(res.r, 0);
	assert_int_equal(res.len, 2048);
	free(res.text);
	read_pipe(data, 2049, 2048, &res);
	assert_int_equal(res.r, -E2BIG);
	assert_null(res.text);
	assert_string_equal(res.err, "standard input is longer than 2048 bytes (2 KiB): refused");
}

/* The real limit, from a file: 256 KiB whole, 256 KiB + 1 refused (not cut). */
static void request_limit_is_256_kib(void **state)
{
	char path[] = "/tmp/test_agent_input.XXXXXX";
	int fd = mkstemp(path);
	char *buf = malloc(FENCE_MAX_REQUEST + 1);
	struct read_result res = { 0 };

	(void)state;
	assert_true(fd >= 0);
	assert_non_null(buf);
	unlink(path);
	assert_int_equal(FENCE_MAX_REQUEST, 256 * 1024);
	memset(buf, '#', FENCE_MAX_REQUEST + 1);
	assert_int_equal(write(fd, buf, FENCE_MAX_REQUEST), FENCE_MAX_REQUEST);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	res.r = fence_request_read(fd, FENCE_MAX_REQUEST, &res.text, &res.len, res.err,
				   sizeof(res.err));
	assert_int_equal(res.r, 0);
	assert_int_equal(res.len, FENCE_MAX_REQUEST);
	free(res.text);
	res.text = NULL;
	assert_int_equal(write(fd, "#", 1), 1);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	res.r = fence_request_read(fd, FENCE_MAX_REQUEST, &res.text, &res.len, res.err,
				   sizeof(res.err));
	assert_int_equal(res.r, -E2BIG);
	assert_non_null(strstr(res.err, "longer than 262144 bytes (256 KiB)"));
	close(fd);
	free(buf);
}

static void request_empty_is_refused(void **state)
{
	struct read_result res;

	(void)state;
	read_pipe("", 0, 4096, &res);
	assert_int_equal(res.r, -ENODATA);
	assert_non_null(strstr(res.err, "standard input is empty"));
}

static void request_from_a_closed_descriptor_is_refused(void **state)
{
	struct read_result res = { 0 };
	int fd = dup(0);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	res.r = fence_request_read(fd, 4096, &res.text, &res.len, res.err, sizeof(res.err));
	assert_int_equal(res.r, -EBADF);
	assert_non_null(strstr(res.err, "standard input is closed"));
}

/* A read error is an error, not the end of the input. */
static void request_read_error_is_refused(void **state)
{
	struct read_result res = { 0 };
	int fd = open("/", O_RDONLY | O_DIRECTORY);

	(void)state;
	assert_true(fd >= 0);
	res.r = fence_request_read(fd, 4096, &res.text, &res.len, res.err, sizeof(res.err));
	close(fd);
	assert_int_equal(res.r, -EISDIR);
	assert_string_equal(res.err, "cannot read standard input: Is a directory");
}

static void request_nul_byte_is_an_error_of_its_line(void **state)
{
	static const char data[] = "plug=2\ndevices=/x\n\0\naction=status\n";
	struct fixture *f = *state;

	assert_int_equal(fence_config_from_request(data, sizeof(data) - 1, &f->cfg, f->err,
						   sizeof(f->err)), -EINVAL);
	assert_string_equal(f->err, "line 3 holds a NUL byte: refused");
	assert_null(f->cfg.devices);
}

static void request_without_any_parameter_is_refused(void **state)
{
	static const char data[] = "\n   \n# a comment\n";
	struct fixture *f = *state;

	assert_int_equal(fence_config_from_request(data, sizeof(data) - 1, &f->cfg, f->err,
						   sizeof(f->err)), -EINVAL);
	assert_string_equal(f->err, "standard input holds no name=value line");
	assert_null(f->cfg.store_path);
}

static void request_whole_is_parsed_to_its_last_line(void **state)
{
	static const char data[] = "plug=2\ndevices=/x\naction=status";
	struct fixture *f = *state;

	assert_int_equal(fence_config_from_request(data, sizeof(data) - 1, &f->cfg, f->err,
						   sizeof(f->err)), 0);
	assert_int_equal(f->cfg.action, FENCE_ACT_STATUS);
	assert_int_equal(f->cfg.n_params, 3);
}

/* ---- unknown parameters ---- */

static void misspelled_parameter_is_warned_with_its_likely_name(void **state)
{
	static const struct {
		const char *typo, *meant;
	} cases[] = {
		{ "reservaton_type", "reservation_type" },
		{ "reservation-typ", "reservation_type" },
		{ "devics", "devices" },
		{ "delya", "delay" },
		{ "io_timout", "io_timeout" },
		{ "store_pth", "store_path" },
		{ "verbose_levle", "verbose_level" },
		{ "debugfile", "debug_file" },
		{ "Key_Value", "key_value" },
		{ "keys", "key" },
		{ "aptl", "aptpl" },
	};
	struct fixture *f = *state;
	char line[128], want[160];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(line, sizeof(line), "action=status\n%s=6\n", cases[i].typo);
		stdin_ok(f, line);
		assert_int_equal(f->cfg.n_warnings, 1);
		snprintf(want, sizeof(want), "unknown parameter %s ignored (did you mean %s?)",
			 cases[i].typo, cases[i].meant);
		assert_string_equal(f->cfg.warnings[0], want);
		fence_config_free(&f->cfg);
	}
}

static void unknown_parameter_far_from_any_is_warned_without_a_guess(void **state)
{
	static const char *const names[] = { "frobnicate", "ipaddr", "xy", "zzzzzzzzzzzzzzz" };
	struct fixture *f = *state;
	char line[128], want[128];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(line, sizeof(line), "%s=1\naction=list\n", names[i]);
		stdin_ok(f, line);
		snprintf(want, sizeof(want), "unknown parameter %s ignored", names[i]);
		assert_int_equal(f->cfg.n_warnings, 1);
		assert_string_equal(f->cfg.warnings[0], want);
		fence_config_free(&f->cfg);
	}
}

/* What Pacemaker's fencer adds or keeps for itself is no mistake of the user's. */
static void pacemakers_own_parameters_pass_in_silence(void **state)
{
	struct fixture *f = *state;

	stdin_ok(f, "action=off\nport=2\nplug=2\nnodename=node2\nnodeid=2\n"
		    "pcmk_host_map=node1:1;node2:2\npcmk_host_list=node1 node2\n"
		    "pcmk_off_action=off\npcmk_delay_max=5\nPCMK_MONITOR_TIMEOUT=20\n"
		    "CRM_meta_timeout=20000\ncrm_feature_set=3.19.0\nprovides=unfencing\n"
		    "stonith-timeout=60\ndevices=/dev/mapper/a\n");
	assert_int_equal(f->cfg.n_warnings, 0);
	assert_int_equal(f->cfg.key, 2);
}

static void hidden_names_are_never_suggested(void **state)
{
	(void)state;
	assert_null(fence_param_closest("optio"));
	assert_string_equal(fence_param_closest("actoin")->name, "action");
}

/* ---- values echoed in messages ---- */

static void escape_writes_control_characters_as_escapes(void **state)
{
	char buf[64];

	(void)state;
	assert_string_equal(fence_escape("a\nb\rc\td", buf, sizeof(buf)), "a\\nb\\rc\\td");
	assert_string_equal(fence_escape("\033[2J\x7f", buf, sizeof(buf)), "\\x1b[2J\\x7f");
	assert_string_equal(fence_escape_n("a\0b", 3, buf, sizeof(buf)), "a\\x00b");
	assert_string_equal(fence_escape("/dev/disk/by-id/caf\xc3\xa9", buf, sizeof(buf)),
			    "/dev/disk/by-id/caf\xc3\xa9");
	assert_string_equal(fence_escape("0123456789abcdef", buf, 10), "012345...");
	assert_string_equal(fence_escape(NULL, buf, sizeof(buf)), "");
}

static void values_in_parse_errors_are_escaped(void **state)
{
	struct fixture *f = *state;

	stdin_refused(f, "action=st\001a\033tus\n", "unknown action 'st\\x01a\\x1btus'");
	stdin_refused(f, "reservation_type=5\rx\n", "reservation_type '5\\rx'");
	argv_refused(f, "unknown action 'on\\nforged'", "fence_mpathpr", "-o", "on\nforged");
	assert_null(strchr(f->err, '\n'));
}

static void names_in_warnings_are_escaped(void **state)
{
	struct fixture *f = *state;

	stdin_ok(f, "fro\033bnicate=1\naction=list\n");
	assert_int_equal(f->cfg.n_warnings, 1);
	assert_string_equal(f->cfg.warnings[0], "unknown parameter fro\\x1bbnicate ignored");
}

static void debug_file_must_be_an_absolute_path(void **state)
{
	struct fixture *f = *state;

	stdin_refused(f, "debug_file=fence.log\n", "debug_file 'fence.log' is not an absolute path");
	stdin_refused(f, "debug=./fence.log\n", "debug './fence.log' is not an absolute path");
	argv_refused(f, "debug_file 'log' is not an absolute path", "fence_mpathpr", "-D", "log");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(request_is_read_whole_nul_bytes_included),
		T(request_of_exactly_the_limit_is_taken_one_more_byte_refused),
		T(request_limit_is_256_kib),
		T(request_empty_is_refused),
		T(request_from_a_closed_descriptor_is_refused),
		T(request_read_error_is_refused),
		T(request_nul_byte_is_an_error_of_its_line),
		T(request_without_any_parameter_is_refused),
		T(request_whole_is_parsed_to_its_last_line),
		T(misspelled_parameter_is_warned_with_its_likely_name),
		T(unknown_parameter_far_from_any_is_warned_without_a_guess),
		T(pacemakers_own_parameters_pass_in_silence),
		T(hidden_names_are_never_suggested),
		T(escape_writes_control_characters_as_escapes),
		T(values_in_parse_errors_are_escaped),
		T(names_in_warnings_are_escaped),
		T(debug_file_must_be_an_absolute_path),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
