/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* test_keys.c - reservation key text: mpathpr_key_parse() and mpathpr_key_format(). */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "mpathpr/mpathpr.h"

static uint64_t parse_ok(const char *text)
{
	uint64_t key = 0;

	assert_int_equal(mpathpr_key_parse(text, &key), 0);
	return key;
}

static void parse_fails(const char *text)
{
	uint64_t key = 0x5a5a;

	assert_int_equal(mpathpr_key_parse(text, &key), -EINVAL);
	assert_int_equal(key, 0x5a5a);	/* untouched on failure */
}

static void plain_hex_digits_parse(void **state)
{
	assert_int_equal(parse_ok("1"), 1);
	assert_int_equal(parse_ok("abc123"), 0xabc123);
}

static void prefix_0x_in_either_case_is_accepted(void **state)
{
	assert_int_equal(parse_ok("0x1f"), 0x1f);
	assert_int_equal(parse_ok("0X1f"), 0x1f);
}

static void digits_in_any_case_are_the_same_key(void **state)
{
	assert_int_equal(parse_ok("DeadBeef"), 0xdeadbeef);
	assert_int_equal(parse_ok("DEADBEEF"), parse_ok("deadbeef"));
}

static void leading_zeros_are_ignored(void **state)
{
	assert_int_equal(parse_ok("0001"), 1);
	assert_int_equal(parse_ok("0x00000000000000000000abc"), 0xabc);
}

static void sixteen_digits_are_the_maximum(void **state)
{
	assert_true(parse_ok("ffffffffffffffff") == UINT64_MAX);
	assert_true(parse_ok("0x123456789abcdef0") == 0x123456789abcdef0ull);
}

static void seventeen_digits_are_refused(void **state)
{
	parse_fails("1ffffffffffffffff");
	parse_fails("0x10000000000000000");
}

static void zero_is_refused(void **state)
{
	parse_fails("0");
	parse_fails("0x0");
	parse_fails("0000000000000000000");
}

static void non_hex_is_refused(void **state)
{
	parse_fails("12g4");
	parse_fails("node1");
	parse_fails("-1");
	parse_fails("+1");
	parse_fails("0x-1");
}

static void empty_and_bare_prefix_are_refused(void **state)
{
	parse_fails("");
	parse_fails("0x");
}

static void whitespace_is_refused(void **state)
{
	parse_fails(" 1");
	parse_fails("1 ");
	parse_fails("1\n");
	parse_fails("0x 1");
}

static void null_arguments_are_refused(void **state)
{
	uint64_t key;

	assert_int_equal(mpathpr_key_parse(NULL, &key), -EINVAL);
	assert_int_equal(mpathpr_key_parse("1", NULL), -EINVAL);
}

static void format_is_0x_and_16_lowercase_digits(void **state)
{
	char buf[MPATHPR_KEY_FORMAT_LEN];

	assert_string_equal(mpathpr_key_format(0xabc, buf), "0x0000000000000abc");
	assert_string_equal(mpathpr_key_format(UINT64_MAX, buf), "0xffffffffffffffff");
}

static void format_round_trips_through_parse(void **state)
{
	char buf[MPATHPR_KEY_FORMAT_LEN];

	assert_true(parse_ok(mpathpr_key_format(0x123456789abcdef0ull, buf)) == 0x123456789abcdef0ull);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_hex_digits_parse),
		cmocka_unit_test(prefix_0x_in_either_case_is_accepted),
		cmocka_unit_test(digits_in_any_case_are_the_same_key),
		cmocka_unit_test(leading_zeros_are_ignored),
		cmocka_unit_test(sixteen_digits_are_the_maximum),
		cmocka_unit_test(seventeen_digits_are_refused),
		cmocka_unit_test(zero_is_refused),
		cmocka_unit_test(non_hex_is_refused),
		cmocka_unit_test(empty_and_bare_prefix_are_refused),
		cmocka_unit_test(whitespace_is_refused),
		cmocka_unit_test(null_arguments_are_refused),
		cmocka_unit_test(format_is_0x_and_16_lowercase_digits),
		cmocka_unit_test(format_round_trips_through_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
