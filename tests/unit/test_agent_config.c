/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_agent_config.c - fence_mpathpr's input on stdin (Pacemaker's way):
 * the line protocol, every parameter's values, keys and key derivation.
 */
#include "config.h"

#include "agent_config_fixture.h"

/* ---- defaults ---- */

static void defaults_match_the_metadata(void **state)
{
	struct fixture *f = *state;

	stdin_ok(f, "");
	assert_int_equal(f->cfg.action, FENCE_ACT_OFF);
	assert_string_equal(f->cfg.store_path, "/var/run/cluster");
	assert_int_equal(f->cfg.reservation_type, 5);
	assert_int_equal(f->cfg.io_timeout_ms, 10000);
	assert_int_equal(f->cfg.key_value, FENCE_KEY_NONE);
	assert_int_equal(f->cfg.delay_s, 0);
	assert_int_equal(f->cfg.verbose_level, 0);
	assert_false(f->cfg.have_key);
	assert_false(f->cfg.aptpl);
	assert_null(f->cfg.nodename);
	assert_null(f->cfg.debug_file);
	assert_int_equal(f->cfg.n_devices, 0);
}

/* ---- the stdin protocol ---- */

static void stdin_comment_lines_are_ignored(void **state)
{
	struct fixture *f = *state;

	stdin_ok(f, "# action=on\naction=status\n  # devices=nonsense\n");
	assert_int_equal(f->cfg.action, FENCE_ACT_STATUS);
	assert_int_equal(f->cfg.n_devices, 0);
}

static void stdin_blank_lines_are_ignored(void **state)
{
	struct fixture *f = *state;

	stdin_ok(f, "\n\n   \naction=on\n\n");
	assert_int_equal(f->cfg.action, FENCE_ACT_ON);
}

static void stdin_leading_whitespace_is_stripped(void **state)
{
	struct fixture *f = *state;

	stdin_ok(f, "   \taction=monitor\n\t nodename=node1\n");
	assert_int_equal(f->cfg.action, FENCE_ACT_MONITOR);
	assert_string_equal(f->cfg.nodename, "node1");
}

static void stdin_trailing_whitespace_and_crlf_are_stripped(void **state)
{
	struct fixture *f = *state;

	stdin_ok(f, "nodename=node1  \r\nplug=1a \n");
	assert_string_equal(f->cfg.nodename, "node1");
	assert_true(f->cfg.have_key);
	assert_int_equal(f->cfg.key, 0x1a);
}

static void stdin_last_line_without_newline_counts(void **state)
{
	struct fixture *f = *state;

	stdin_ok(f, "action=list");
	assert_int_equal(f->cfg.action, FENCE_ACT_LIST);
}

static void stdin_last_occurrence_wins(void **state)
{
	struct fixture *f = *state;

	stdin_ok(f, "action=on\nplug=1\ndevices=/dev/a\naction=status\nplug=2\ndevices=/dev/b\n");
	assert_int_equal(f->cfg.action, FENCE_ACT_STATUS);
	assert_int_equal(f->cfg.key, 2);
	assert_int_equal(f->cfg.n_devices, 1);
	assert_string_equal(f->cfg.devices[0], "/dev/b");
}

static void stdin_unknown_names_are_ignored_with_a_warning(void **state)
{
	struct fixture *f = *state;

	stdin_ok(f, "frobnicate=7\naction=on\nport_as_ip=1\n");
	assert_int_equal(f->cfg.action, FENCE_ACT_ON);
	assert_int_equal(f->cfg.n_warnings, 2);
	assert_string_equal(f->cfg.warnings[0], "unknown parameter frobnicate ignored");
	assert_string_equal(f->cfg.warnings[1], "unknown parameter port_as_ip ignored");
}

static void stdin_option_is_an_alias_of_action(void **state)
{
	struct fixture *f = *state;

	stdin_ok(f, "option=status\n");
	assert_int_equal(f->cfg.action, FENCE_ACT_STATUS);
}

static void stdin_dash_and_underscore_are_the_same(void **state)
{
	struct fixture *f = *state;

	stdin_ok(f, "store-path=/tmp/x\nverbose-level=3\nio-timeout=4\n");
	assert_string_equal(f->cfg.store_path, "/tmp/x");
	assert_int_equal(f->cfg.verbose_level, 3);
	assert_int_equal(f->cfg.io_timeout_ms, 4000);
}

static void stdin_double_quotes_around_a_value_are_removed(void **state)
{
	struct fixture *f = *state;

	stdin_ok(f, "devices=\"/dev/mapper/a /dev/mapper/b\"\n");
	assert_int_equal(f->cfg.n_devices, 2);
	assert_string_equal(f->cfg.devices[1], "/dev/mapper/b");
}

static void stdin_value_may_contain_equals(void **state)
{
	struct fixture *f = *state;

	stdin_ok(f, "debug_file=/tmp/a=b\n");
	assert_string_equal(f->cfg.debug_file, "/tmp/a=b");
}

static void stdin_line_without_equals_is_refused(void **state)
{
	stdin_refused(*state, "action=on\nverbose\n", "line 2: no '='");
}

static void stdin_over_long_line_is_refused(void **state)
{
	struct fixture *f = *state;
	size_t n = FENCE_MAX_LINE + 100;
	char *text = malloc(n + 1);

	assert_non_null(text);
	memcpy(text, "nodename=", 9);
	memset(text + 9, 'x', n - 9);
	text[n] = '\0';
	stdin_refused(f, text, "line 1 is longer than 4096 bytes (4196): refused");
	assert_null(strstr(f->err, "NUL"));
	free(text);
}

static void stdin_line_of_exactly_the_limit_is_accepted(void **state)
{
	struct fixture *f = *state;
	char *text = malloc(FENCE_MAX_LINE + 1);

	assert_non_null(text);
	memcpy(text, "nodename=", 9);
	memset(text + 9, 'x', FENCE_MAX_LINE - 10);
	text[FENCE_MAX_LINE - 1] = '\n';
	text[FENCE_MAX_LINE] = '\0';
	stdin_ok(f, text);
	assert_int_equal(strlen(f->cfg.nodename), FENCE_MAX_LINE - 10);
	free(text);
}

static void stdin_nul_byte_is_refused(void **state)
{
	struct fixture *f = *state;
	static const char text[] = "action=on\0x\n";
	FILE *in = fmemopen((void *)text, sizeof(text) - 1, "r");

	assert_int_equal(fence_config_from_stdin(in, &f->cfg, f->err, sizeof(f->err)), -EINVAL);
	fclose(in);
	assert_string_equal(f->err, "line 1 holds a NUL byte: refused");
}

static void stdin_empty_value_is_refused(void **state)
{
	stdin_refused(*state, "devices=\n", "devices has an empty value");
}

static void stdin_empty_value_of_an_ignored_name_is_fine(void **state)
{
	struct fixture *f = *state;

	stdin_ok(f, "mpathpersist_path=\nunknown_thing=\n");
}

static void stdin_unknown_action_is_refused(void **state)
{
	stdin_refused(*state, "action=explode\n", "unknown action 'explode'");
}

static void stdin_check_is_not_an_input_action(void **state)
{
	stdin_refused(*state, "action=check\n", "unknown action 'check'");
}

static void stdin_action_is_case_insensitive(void **state)
{
	struct fixture *f = *state;

	stdin_ok(f, "action=OFF\n");
	assert_int_equal(f->cfg.action, FENCE_ACT_OFF);
}

static void stdin_every_action_name_parses(void **state)
{
	static const struct { const char *name; enum fence_action a; } cases[] = {
		{ "on", FENCE_ACT_ON }, { "off", FENCE_ACT_OFF }, { "reboot", FENCE_ACT_REBOOT },
		{ "status", FENCE_ACT_STATUS }, { "monitor", FENCE_ACT_MONITOR },
		{ "list", FENCE_ACT_LIST }, { "list-status", FENCE_ACT_LIST_STATUS },
		{ "metadata", FENCE_ACT_METADATA }, { "meta-data", FENCE_ACT_METADATA },
		{ "manpage", FENCE_ACT_MANPAGE }, { "validate-all", FENCE_ACT_VALIDATE_ALL },
	};
	struct fixture *f = *state;
	char line[64];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(line, sizeof(line), "action=%s\n", cases[i].name);
		stdin_ok(f, line);
		assert_int_equal(f->cfg.action, cases[i].a);
		fence_config_free(&f->cfg);
	}
}

/* ---- devices ---- */

static void devices_split_on_commas_and_spaces(void **state)
{
	struct fixture *f = *state;

	stdin_ok(f, "devices=/dev/mapper/a, /dev/mapper/b /dev/sdc,,/dev/dm-3\t/dev/sdd\n");
	assert_int_equal(f->cfg.n_devices, 5);
	assert_string_equal(f->cfg.devices[0], "/dev/mapper/a");
	assert_string_equal(f->cfg.devices[2], "/dev/sdc");
	assert_string_equal(f->cfg.devices[4], "/dev/sdd");
}

static void devices_duplicates_are_removed(void **state)
{
	struct fixture *f = *state;

	stdin_ok(f, "devices=/dev/mapper/a,/dev/mapper/b,/dev/mapper/a\n");
	assert_int_equal(f->cfg.n_devices, 2);
	assert_string_equal(f->cfg.devices[0], "/dev/mapper/a");
	assert_string_equal(f->cfg.devices[1], "/dev/mapper/b");
}

static void devices_relative_path_is_refused(void **state)
{
	stdin_refused(*state, "devices=mpatha\n", "device 'mpatha' is not an absolute path");
}

/* "/dev/mapper/a,b": a path with a comma, or a relative second device: say both. */
static void devices_comma_inside_a_path_is_explained(void **state)
{
	struct fixture *f = *state;

	stdin_refused(f, "devices=/dev/mapper/a,mpathb\n", "devices '/dev/mapper/a,mpathb': "
		      "'mpathb' follows a comma and is not an absolute path; devices are separated "
		      "by commas or spaces, so a device path cannot contain either");
	stdin_refused(f, "devices=/dev/disk/by-id/my disk\n", "'disk' follows a space");
}

static void devices_of_separators_only_are_refused(void **state)
{
	stdin_refused(*state, "devices=, ,\n", "devices lists no device");
}

/* ---- keys ---- */

static void plug_gives_the_key(void **state)
{
	struct fixture *f = *state;

	stdin_ok(f, "plug=0x00AbC\n");
	assert_true(f->cfg.have_key);
	assert_int_equal(f->cfg.key, 0xabc);
}

static void port_is_an_alias_of_plug(void **state)
{
	struct fixture *f = *state;

	stdin_ok(f, "port=2\n");
	assert_int_equal(f->cfg.key, 2);
	assert_true(has_note(&f->cfg, "port is deprecated"));
}

static void key_wins_over_plug_in_any_order(void **state)
{
	struct fixture *f = *state;

	stdin_ok(f, "key=5\nplug=6\n");
	assert_int_equal(f->cfg.key, 5);
	fence_config_free(&f->cfg);
	stdin_ok(f, "plug=6\nkey=5\n");
	assert_int_equal(f->cfg.key, 5);
}

static void plug_that_is_not_hex_is_refused(void **state)
{
	stdin_refused(*state, "plug=node1\n", "plug 'node1' is not a reservation key");
}

static void plug_error_hints_at_the_host_map(void **state)
{
	stdin_refused(*state, "action=off\nplug=node2\n", "pcmk_host_map");
}

static void validate_all_ignores_pacemakers_placeholder_plug(void **state)
{
	struct fixture *f = *state;

	/* What stonith_admin --validate and pcs send: a made-up target. */
	stdin_ok(f, "nodename=node1\naction=validate-all\nport=node1\ndevices=/dev/sda\n");
	assert_false(f->cfg.have_key);
	assert_true(has_note(&f->cfg, "ignored by validate-all"));
	assert_int_equal(fence_config_check(&f->cfg, f->err, sizeof(f->err)), 0);
}

static void validate_all_still_refuses_a_bad_key_parameter(void **state)
{
	stdin_refused(*state, "action=validate-all\nport=node1\nkey=node1\n", "key 'node1'");
}

static void key_of_17_digits_is_refused(void **state)
{
	stdin_refused(*state, "key=12345678901234567\n", "key '12345678901234567'");
}

static void key_zero_is_refused(void **state)
{
	stdin_refused(*state, "key=0x0000\n", "not zero");
}

static void key_value_hash_takes_plug_as_a_node_name(void **state)
{
	struct fixture *f = *state;

	stdin_ok(f, "plug=node1\nkey_value=hash\n");
	assert_true(f->cfg.have_key);
	assert_true(f->cfg.key == fence_key_from_name("node1"));
}

static void key_value_hash_still_takes_key_as_hex(void **state)
{
	struct fixture *f = *state;

	stdin_ok(f, "key_value=hash\nkey=abc\nplug=node1\n");
	assert_int_equal(f->cfg.key, 0xabc);
}

static void key_value_unknown_is_refused(void **state)
{
	stdin_refused(*state, "key_value=crc32\n", "key_value 'crc32' is neither none nor hash");
}

/* ---- other parameters ---- */

static void reservation_type_6_is_accepted(void **state)
{
	struct fixture *f = *state;

	stdin_ok(f, "reservation_type=6\n");
	assert_int_equal(f->cfg.reservation_type, 6);
}

static void reservation_type_other_than_5_or_6_is_refused(void **state)
{
	stdin_refused(*state, "reservation_type=7\n", "reservation_type '7'");
}

static void io_timeout_is_seconds(void **state)
{
	struct fixture *f = *state;

	stdin_ok(f, "io_timeout=30\n");
	assert_int_equal(f->cfg.io_timeout_ms, 30000);
}

static void io_timeout_zero_is_refused(void **state)
{
	stdin_refused(*state, "io_timeout=0\n", "io_timeout '0'");
}

static void delay_that_is_not_a_number_is_refused(void **state)
{
	stdin_refused(*state, "delay=-3\n", "delay '-3' is not a whole number");
}

static void delay_is_seconds(void **state)
{
	struct fixture *f = *state;

	stdin_ok(f, "delay=15\n");
	assert_int_equal(f->cfg.delay_s, 15);
}

static void booleans_accept_the_usual_spellings(void **state)
{
	static const char *const yes[] = { "1", "yes", "on", "true", "TRUE", "Yes" };
	static const char *const no[] = { "0", "no", "off", "false" };
	struct fixture *f = *state;
	char line[64];

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		snprintf(line, sizeof(line), "aptpl=%s\n", yes[i]);
		stdin_ok(f, line);
		assert_true(f->cfg.aptpl);
		fence_config_free(&f->cfg);
	}
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
		snprintf(line, sizeof(line), "aptpl=1\naptpl=%s\n", no[i]);
		stdin_ok(f, line);
		assert_false(f->cfg.aptpl);
		fence_config_free(&f->cfg);
	}
}

static void boolean_with_another_value_is_refused(void **state)
{
	stdin_refused(*state, "quiet=maybe\n", "quiet 'maybe' is not a boolean");
}

static void verbose_means_debug_level(void **state)
{
	struct fixture *f = *state;

	stdin_ok(f, "verbose=1\n");
	assert_int_equal(f->cfg.verbose_level, 2);
}

static void verbose_level_wins_over_verbose(void **state)
{
	struct fixture *f = *state;

	stdin_ok(f, "verbose_level=1\nverbose=1\n");
	assert_int_equal(f->cfg.verbose_level, 1);
	fence_config_free(&f->cfg);
	stdin_ok(f, "verbose=1\nverbose_level=0\n");
	assert_int_equal(f->cfg.verbose_level, 0);
}

/* Any whole number, as further -v: what is accepted and the message agree. */
static void verbose_level_above_3_means_3(void **state)
{
	static const char *const above[] = { "4", "9", "1000", "1001", "4294967295" };
	struct fixture *f = *state;
	char line[64];

	for (size_t i = 0; i < sizeof(above) / sizeof(above[0]); i++) {
		snprintf(line, sizeof(line), "verbose_level=%s\n", above[i]);
		stdin_ok(f, line);
		assert_int_equal(f->cfg.verbose_level, 3);
		fence_config_free(&f->cfg);
	}
}

static void verbose_level_not_a_number_is_refused(void **state)
{
	static const char *const bad[] = { "high", "-1", "4294967296", "1.5", "0x3" };
	struct fixture *f = *state;
	char line[64], want[96];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(line, sizeof(line), "verbose_level=%s\n", bad[i]);
		snprintf(want, sizeof(want), "verbose_level '%s' is not a whole number (0 to 3; "
			 "more means 3)", bad[i]);
		stdin_refused(f, line, want);
	}
}

static void store_path_relative_is_refused(void **state)
{
	stdin_refused(*state, "store_path=run/cluster\n", "store_path 'run/cluster'");
}

static void debug_is_an_alias_of_debug_file(void **state)
{
	struct fixture *f = *state;

	stdin_ok(f, "debug=/tmp/fence.log\n");
	assert_string_equal(f->cfg.debug_file, "/tmp/fence.log");
	assert_true(has_note(&f->cfg, "debug is deprecated"));
}

static void suppress_errors_with_a_dash_is_accepted(void **state)
{
	struct fixture *f = *state;

	stdin_ok(f, "suppress-errors=1\n");
	assert_true(f->cfg.suppress_errors);
}

static void fence_mpath_only_parameters_are_ignored_and_noted(void **state)
{
	struct fixture *f = *state;

	stdin_ok(f, "mpathpersist_path=/usr/sbin/mpathpersist\npower_timeout=20\n"
		    "power_wait=x\nsudo=1\nretry_on=1\naction=on\n");
	assert_int_equal(f->cfg.action, FENCE_ACT_ON);
	assert_true(has_note(&f->cfg, "mpathpersist_path is only used by fence_mpath"));
	assert_true(has_note(&f->cfg, "power_wait"));
}

static void pacemaker_request_parses(void **state)
{
	struct fixture *f = *state;

	stdin_ok(f, "action=off\nnodename=node2\nport=2\ndevices=/dev/mapper/mpatha\n"
		    "pcmk_host_map=node1:1;node2:2\nkey_value=none\n");
	assert_int_equal(f->cfg.action, FENCE_ACT_OFF);
	assert_string_equal(f->cfg.nodename, "node2");
	assert_int_equal(f->cfg.key, 2);
	assert_int_equal(fence_config_check(&f->cfg, f->err, sizeof(f->err)), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(defaults_match_the_metadata),
		T(stdin_comment_lines_are_ignored),
		T(stdin_blank_lines_are_ignored),
		T(stdin_leading_whitespace_is_stripped),
		T(stdin_trailing_whitespace_and_crlf_are_stripped),
		T(stdin_last_line_without_newline_counts),
		T(stdin_last_occurrence_wins),
		T(stdin_unknown_names_are_ignored_with_a_warning),
		T(stdin_option_is_an_alias_of_action),
		T(stdin_dash_and_underscore_are_the_same),
		T(stdin_double_quotes_around_a_value_are_removed),
		T(stdin_value_may_contain_equals),
		T(stdin_line_without_equals_is_refused),
		T(stdin_over_long_line_is_refused),
		T(stdin_line_of_exactly_the_limit_is_accepted),
		T(stdin_nul_byte_is_refused),
		T(stdin_empty_value_is_refused),
		T(stdin_empty_value_of_an_ignored_name_is_fine),
		T(stdin_unknown_action_is_refused),
		T(stdin_check_is_not_an_input_action),
		T(stdin_action_is_case_insensitive),
		T(stdin_every_action_name_parses),
		T(devices_split_on_commas_and_spaces),
		T(devices_duplicates_are_removed),
		T(devices_relative_path_is_refused),
		T(devices_comma_inside_a_path_is_explained),
		T(devices_of_separators_only_are_refused),
		T(plug_gives_the_key),
		T(port_is_an_alias_of_plug),
		T(key_wins_over_plug_in_any_order),
		T(plug_that_is_not_hex_is_refused),
		T(plug_error_hints_at_the_host_map),
		T(validate_all_ignores_pacemakers_placeholder_plug),
		T(validate_all_still_refuses_a_bad_key_parameter),
		T(key_of_17_digits_is_refused),
		T(key_zero_is_refused),
		T(key_value_hash_takes_plug_as_a_node_name),
		T(key_value_hash_still_takes_key_as_hex),
		T(key_value_unknown_is_refused),
		T(reservation_type_6_is_accepted),
		T(reservation_type_other_than_5_or_6_is_refused),
		T(io_timeout_is_seconds),
		T(io_timeout_zero_is_refused),
		T(delay_that_is_not_a_number_is_refused),
		T(delay_is_seconds),
		T(booleans_accept_the_usual_spellings),
		T(boolean_with_another_value_is_refused),
		T(verbose_means_debug_level),
		T(verbose_level_wins_over_verbose),
		T(verbose_level_above_3_means_3),
		T(verbose_level_not_a_number_is_refused),
		T(store_path_relative_is_refused),
		T(debug_is_an_alias_of_debug_file),
		T(suppress_errors_with_a_dash_is_accepted),
		T(fence_mpath_only_parameters_are_ignored_and_noted),
		T(pacemaker_request_parses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
