/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_agent_argv.c - fence_mpathpr's command line (every option, the
 * _check and _check_hardreboot names), the key a parsed configuration acts with, and the
 * per-action checks.
 */
#include "config.h"

#include "agent_config_fixture.h"

/* ---- the command line ---- */

static void argv_short_options(void **state)
{
	struct fixture *f = *state;

	argv_ok(f, "fence_mpathpr", "-o", "on", "-d", "/dev/mapper/a,/dev/sdb", "-n", "1f",
		"-D", "/tmp/log", "-q");
	assert_int_equal(f->cfg.action, FENCE_ACT_ON);
	assert_int_equal(f->cfg.n_devices, 2);
	assert_int_equal(f->cfg.key, 0x1f);
	assert_string_equal(f->cfg.debug_file, "/tmp/log");
	assert_true(f->cfg.quiet);
}

static void argv_long_options(void **state)
{
	struct fixture *f = *state;

	argv_ok(f, "fence_mpathpr", "--action=status", "--devices", "/dev/sdb", "--plug=2",
		"--nodename=node2", "--store-path=/run/x", "--reservation-type=6", "--aptpl",
		"--io-timeout=3", "--delay=4", "--debug-file=/tmp/l", "--quiet",
		"--suppress-errors", "--verbose-level=1");
	assert_int_equal(f->cfg.action, FENCE_ACT_STATUS);
	assert_string_equal(f->cfg.devices[0], "/dev/sdb");
	assert_int_equal(f->cfg.key, 2);
	assert_string_equal(f->cfg.nodename, "node2");
	assert_string_equal(f->cfg.store_path, "/run/x");
	assert_int_equal(f->cfg.reservation_type, 6);
	assert_true(f->cfg.aptpl);
	assert_int_equal(f->cfg.io_timeout_ms, 3000);
	assert_int_equal(f->cfg.delay_s, 4);
	assert_string_equal(f->cfg.debug_file, "/tmp/l");
	assert_true(f->cfg.quiet);
	assert_true(f->cfg.suppress_errors);
	assert_int_equal(f->cfg.verbose_level, 1);
}

static void argv_key_option(void **state)
{
	struct fixture *f = *state;

	argv_ok(f, "fence_mpathpr", "-k", "0xBEEF");
	assert_int_equal(f->cfg.key, 0xbeef);
	fence_config_free(&f->cfg);
	argv_ok(f, "fence_mpathpr", "--key=3", "--plug=4");
	assert_int_equal(f->cfg.key, 3);
}

static void argv_key_value_hash(void **state)
{
	struct fixture *f = *state;

	argv_ok(f, "fence_mpathpr", "--key-value=hash", "-n", "node1");
	assert_true(f->cfg.key == fence_key_from_name("node1"));
}

static void argv_verbose_stacks(void **state)
{
	struct fixture *f = *state;

	argv_ok(f, "fence_mpathpr", "-v");
	assert_int_equal(f->cfg.verbose_level, 2);
	fence_config_free(&f->cfg);
	argv_ok(f, "fence_mpathpr", "-vv", "--verbose");
	assert_int_equal(f->cfg.verbose_level, 3);
}

static void argv_version_and_help(void **state)
{
	struct fixture *f = *state;

	argv_ok(f, "fence_mpathpr", "-V");
	assert_true(f->cfg.version);
	fence_config_free(&f->cfg);
	argv_ok(f, "fence_mpathpr", "--help");
	assert_true(f->cfg.help);
	fence_config_free(&f->cfg);
	argv_ok(f, "fence_mpathpr", "-h", "--version");
	assert_true(f->cfg.help && f->cfg.version);
}

static void argv_fence_mpath_only_options_are_ignored(void **state)
{
	struct fixture *f = *state;

	argv_ok(f, "fence_mpathpr", "--mpathpersist-path=/usr/sbin/mpathpersist",
		"--power-timeout", "20", "--use-sudo", "-o", "monitor");
	assert_int_equal(f->cfg.action, FENCE_ACT_MONITOR);
	assert_true(has_note(&f->cfg, "power_timeout"));
}

static void argv_unknown_option_is_refused(void **state)
{
	argv_refused(*state, "--frobnicate", "fence_mpathpr", "--frobnicate");
}

static void argv_missing_value_is_refused(void **state)
{
	argv_refused(*state, "-d", "fence_mpathpr", "-o", "on", "-d");
}

static void argv_misspelled_long_option_gets_its_likely_name(void **state)
{
	struct fixture *f = *state;

	argv_refused(f, "unknown option or missing value: --reservaton-type=6 (did you mean "
		     "--reservation-type?)", "fence_mpathpr", "--reservaton-type=6");
	argv_refused(f, "(did you mean --devices?)", "fence_mpathpr", "--devcies", "/dev/sdb");
	argv_refused(f, "unknown option or missing value: --frobnicate", "fence_mpathpr",
		     "--frobnicate");
	assert_null(strstr(f->err, "did you mean"));
}

static void argv_long_option_without_its_value_says_so(void **state)
{
	argv_refused(*state, "option --reservation-type needs a value", "fence_mpathpr",
		     "-o", "on", "--reservation-type");
}

static void argv_stray_argument_is_refused(void **state)
{
	argv_refused(*state, "unexpected argument 'extra'", "fence_mpathpr", "-o", "on", "extra");
}

static void argv_bad_values_are_refused_as_on_stdin(void **state)
{
	argv_refused(*state, "unknown action 'reset'", "fence_mpathpr", "-o", "reset");
}

static void argv_bad_key_is_refused(void **state)
{
	argv_refused(*state, "plug 'xyz'", "fence_mpathpr", "-n", "xyz");
}

static void argv_check_name_selects_the_check(void **state)
{
	struct fixture *f = *state;

	argv_ok(f, "/usr/sbin/fence_mpathpr_check");
	assert_int_equal(f->cfg.action, FENCE_ACT_CHECK);
	fence_config_free(&f->cfg);
	argv_ok(f, "fence_mpathpr_check", "repair", "2");	/* watchdog(8) arguments */
	assert_int_equal(f->cfg.action, FENCE_ACT_CHECK);
	assert_false(f->cfg.check_hardreboot);
}

/* fence_mpath_check_hardreboot's counterpart: the same check, rebooting. */
static void argv_check_hardreboot_name_selects_the_rebooting_check(void **state)
{
	struct fixture *f = *state;

	argv_ok(f, "/usr/sbin/fence_mpathpr_check_hardreboot");
	assert_int_equal(f->cfg.action, FENCE_ACT_CHECK);
	assert_true(f->cfg.check_hardreboot);
	fence_config_free(&f->cfg);
	argv_ok(f, "fence_mpathpr_check_hardreboot", "--store-path", "/run/x", "test");
	assert_int_equal(f->cfg.action, FENCE_ACT_CHECK);
	assert_true(f->cfg.check_hardreboot);
	assert_string_equal(f->cfg.store_path, "/run/x");
}

/* The mode comes from the end of the program's name only. */
static void argv_check_kind_is_read_from_the_name(void **state)
{
	(void)state;
	assert_int_equal(fence_config_check_kind("fence_mpathpr"), FENCE_CHECK_NONE);
	assert_int_equal(fence_config_check_kind("/usr/sbin/fence_mpathpr"), FENCE_CHECK_NONE);
	assert_int_equal(fence_config_check_kind("fence_mpathpr_check"), FENCE_CHECK_EXIT);
	assert_int_equal(fence_config_check_kind("/x/fence_mpath_check"), FENCE_CHECK_EXIT);
	assert_int_equal(fence_config_check_kind("fence_mpathpr_check_hardreboot"),
			 FENCE_CHECK_HARDREBOOT);
	assert_int_equal(fence_config_check_kind("/usr/sbin/fence_mpath_check_hardreboot"),
			 FENCE_CHECK_HARDREBOOT);
	assert_int_equal(fence_config_check_kind("/opt/x_check/fence_mpathpr"),
			 FENCE_CHECK_NONE);
	assert_int_equal(fence_config_check_kind("fence_mpathpr_check_hardreboot.sh"),
			 FENCE_CHECK_NONE);
	assert_int_equal(fence_config_check_kind("fence_mpathpr_hardreboot"), FENCE_CHECK_NONE);
	assert_int_equal(fence_config_check_kind(NULL), FENCE_CHECK_NONE);
}

/* An action given to the hardreboot name is that action, and never reboots. */
static void argv_action_given_to_the_hardreboot_name_is_that_action(void **state)
{
	struct fixture *f = *state;

	argv_ok(f, "fence_mpathpr_check_hardreboot", "-o", "status", "-d", "/dev/sda", "-n", "a1");
	assert_int_equal(f->cfg.action, FENCE_ACT_STATUS);
	assert_false(f->cfg.check_hardreboot);
}

static void argv_without_options_gives_defaults(void **state)
{
	struct fixture *f = *state;

	argv_ok(f, "fence_mpathpr");
	assert_int_equal(f->cfg.action, FENCE_ACT_OFF);
	assert_string_equal(f->cfg.store_path, "/var/run/cluster");
}

/* ---- per-action checks ---- */

static int check_text(struct fixture *f, const char *text)
{
	stdin_ok(f, text);
	return fence_config_check(&f->cfg, f->err, sizeof(f->err));
}

static void check_off_needs_a_key(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(check_text(f, "action=off\ndevices=/dev/sda\n"), -EINVAL);
	assert_non_null(strstr(f->err, "action off needs a key"));
}

static void check_on_needs_devices(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(check_text(f, "action=on\nkey=1\n"), -EINVAL);
	assert_non_null(strstr(f->err, "action on needs devices"));
}

static void check_status_with_hash_and_nodename_passes(void **state)
{
	assert_int_equal(check_text(*state, "action=status\ndevices=/dev/sda\nkey_value=hash\n"
					    "nodename=n1\n"), 0);
}

static void check_list_needs_devices_only(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(check_text(f, "action=list\ndevices=/dev/sda\n"), 0);
	fence_config_free(&f->cfg);
	assert_int_equal(check_text(f, "action=monitor\n"), -EINVAL);
}

static void check_validate_all_needs_no_key(void **state)
{
	assert_int_equal(check_text(*state, "action=validate-all\ndevices=/dev/sda\n"), 0);
}

static void check_validate_all_needs_devices(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(check_text(f, "action=validate-all\n"), -EINVAL);
	assert_non_null(strstr(f->err, "needs devices"));
}

static void check_reboot_is_refused_with_a_reason(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(check_text(f, "action=reboot\ndevices=/dev/sda\nkey=1\n"), -EINVAL);
	assert_non_null(strstr(f->err, "reboot is not supported"));
}

static void check_metadata_needs_nothing(void **state)
{
	assert_int_equal(check_text(*state, "action=metadata\n"), 0);
}

static void action_names_round_trip(void **state)
{
	assert_string_equal(fence_action_name(FENCE_ACT_LIST_STATUS), "list-status");
	assert_string_equal(fence_action_name(FENCE_ACT_VALIDATE_ALL), "validate-all");
	assert_string_equal(fence_action_name(FENCE_ACT_NONE), "");
}

static void free_accepts_a_zeroed_config_twice(void **state)
{
	struct fence_config cfg = { 0 };

	fence_config_free(&cfg);
	fence_config_free(&cfg);
	fence_config_free(NULL);
}

/* ---- the key to act with ---- */

static void effective_key_is_the_given_key(void **state)
{
	struct fixture *f = *state;
	uint64_t key = 0;

	stdin_ok(f, "key_value=hash\nnodename=node1\nplug=77\nkey_value=none\n");
	assert_int_equal(fence_config_effective_key(&f->cfg, &key), 0);
	assert_int_equal(key, 0x77);
}

static void effective_key_is_derived_from_nodename_with_hash(void **state)
{
	struct fixture *f = *state;
	uint64_t key = 0;

	stdin_ok(f, "key_value=hash\nnodename=node1\n");
	assert_false(f->cfg.have_key);
	assert_int_equal(fence_config_effective_key(&f->cfg, &key), 0);
	assert_true(key == fence_key_from_name("node1"));
}

static void effective_key_without_derivation_is_enokey(void **state)
{
	struct fixture *f = *state;
	uint64_t key = 0x99;

	stdin_ok(f, "nodename=node1\n");
	assert_int_equal(fence_config_effective_key(&f->cfg, &key), -ENOKEY);
	assert_int_equal(key, 0x99);
}

static void effective_key_hash_without_nodename_is_enokey(void **state)
{
	struct fixture *f = *state;
	uint64_t key;

	stdin_ok(f, "key_value=hash\n");
	assert_int_equal(fence_config_effective_key(&f->cfg, &key), -ENOKEY);
}

static void name_hash_is_fnv1a_64(void **state)
{
	/* Published FNV-1a 64 test vectors. */
	assert_true(fence_key_from_name("a") == 0xaf63dc4c8601ec8cull);
	assert_true(fence_key_from_name("foobar") == 0x85944171f73967e8ull);
}

static void name_hash_ignores_case(void **state)
{
	assert_true(fence_key_from_name("Node1.Example.COM") ==
		    fence_key_from_name("node1.example.com"));
}

static void name_hash_differs_between_names(void **state)
{
	assert_true(fence_key_from_name("node1") != fence_key_from_name("node2"));
	assert_true(fence_key_from_name("") != 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(effective_key_is_the_given_key),
		T(effective_key_is_derived_from_nodename_with_hash),
		T(effective_key_without_derivation_is_enokey),
		T(effective_key_hash_without_nodename_is_enokey),
		T(name_hash_is_fnv1a_64),
		T(name_hash_ignores_case),
		T(name_hash_differs_between_names),
		T(argv_short_options),
		T(argv_long_options),
		T(argv_key_option),
		T(argv_key_value_hash),
		T(argv_verbose_stacks),
		T(argv_version_and_help),
		T(argv_fence_mpath_only_options_are_ignored),
		T(argv_unknown_option_is_refused),
		T(argv_missing_value_is_refused),
		T(argv_misspelled_long_option_gets_its_likely_name),
		T(argv_long_option_without_its_value_says_so),
		T(argv_stray_argument_is_refused),
		T(argv_bad_values_are_refused_as_on_stdin),
		T(argv_bad_key_is_refused),
		T(argv_check_name_selects_the_check),
		T(argv_check_hardreboot_name_selects_the_rebooting_check),
		T(argv_check_kind_is_read_from_the_name),
		T(argv_action_given_to_the_hardreboot_name_is_that_action),
		T(argv_without_options_gives_defaults),
		T(check_off_needs_a_key),
		T(check_on_needs_devices),
		T(check_status_with_hash_and_nodename_passes),
		T(check_list_needs_devices_only),
		T(check_validate_all_needs_no_key),
		T(check_validate_all_needs_devices),
		T(check_reboot_is_refused_with_a_reason),
		T(check_metadata_needs_nothing),
		T(action_names_round_trip),
		T(free_accepts_a_zeroed_config_twice),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
