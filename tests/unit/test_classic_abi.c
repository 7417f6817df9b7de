/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test_classic_abi.c - lib/mpathpr/mpath_persist.h is binary compatible
 * with multipath-tools' mpath_persist.h: same structure sizes, alignments,
 * member offsets and sizes, same constants.  This translation unit builds the
 * table from our header, classic_abi_system.c from the system one.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "classic_abi.h"
#include "mpathpr/mpath_persist.h"

CLASSIC_ABI_CHECK_FUNCTIONS();

static const struct classic_abi_entry ours[] = { CLASSIC_ABI_ENTRIES };
static const size_t ours_count = sizeof(ours) / sizeof(ours[0]);

static void require_system_header(void)
{
	if (!classic_abi_system)
		fail_msg("/usr/include/mpath_persist.h is missing: install multipath-tools "
			 "(listed in tests/install-deps) and rebuild");
}

static void test_tables_have_the_same_entries(void **state)
{
	(void)state;
	require_system_header();
	assert_int_equal(ours_count, classic_abi_system_count);
	for (size_t i = 0; i < ours_count; i++)
		assert_string_equal(ours[i].name, classic_abi_system[i].name);
}

/* Every mismatch is printed before failing, so one run shows them all. */
static void test_layout_and_constants_match_libmpathpersist(void **state)
{
	size_t bad = 0;

	(void)state;
	require_system_header();
	assert_int_equal(ours_count, classic_abi_system_count);
	for (size_t i = 0; i < ours_count; i++) {
		if (ours[i].value == classic_abi_system[i].value)
			continue;
		print_error("%s: libmpathpr %lld, multipath-tools %lld\n", ours[i].name,
			    ours[i].value, classic_abi_system[i].value);
		bad++;
	}
	if (bad)
		fail_msg("%zu of %zu layout entries differ from multipath-tools' header", bad,
			 ours_count);
}

/* The table is not vacuous: spot-check values everyone knows. */
static void test_table_holds_known_values(void **state)
{
	bool seen_resp = false, seen_other = false;

	(void)state;
	for (size_t i = 0; i < ours_count; i++) {
		if (!strcmp(ours[i].name, "sizeof(struct prin_resp)")) {
			assert_true(ours[i].value >= 8 + MPATH_MAX_PARAM_LEN);
			seen_resp = true;
		}
		if (!strcmp(ours[i].name, "MPATH_PR_OTHER")) {
			assert_int_equal(ours[i].value, 15);
			seen_other = true;
		}
	}
	assert_true(seen_resp);
	assert_true(seen_other);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tables_have_the_same_entries),
		cmocka_unit_test(test_layout_and_constants_match_libmpathpersist),
		cmocka_unit_test(test_table_holds_known_values),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
