/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test_policy.c - the multipath policy tables of lib/policy.c, cell by cell:
 * what a single-path command does next after each outcome, and the verdict
 * of a register round over a table of tallies.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "policy.h"

#define N_OUTCOMES 5

static const enum mpr_outcome outcomes[N_OUTCOMES] = {
	MPR_OUTCOME_OK, MPR_OUTCOME_CONFLICT, MPR_OUTCOME_PATH_ERROR,
	MPR_OUTCOME_DEVICE_ERROR, MPR_OUTCOME_RETRY,
};

static const char *const step_names[] = { "DONE", "NEXT_PATH", "FAIL", "CHECK" };

struct step_row {
	enum mpr_single_op op;
	const char *name;
	enum mpr_step expect[N_OUTCOMES];	/* in the order of outcomes[] */
};

/* One row per command; columns OK, CONFLICT, PATH_ERROR, DEVICE_ERROR, RETRY. */
static const struct step_row step_rows[] = {
	/* a conflict may only mean this nexus is unregistered: RESERVE looks first */
	{ MPR_SINGLE_RESERVE, "RESERVE",
	  { MPR_STEP_DONE, MPR_STEP_CHECK, MPR_STEP_NEXT_PATH, MPR_STEP_FAIL, MPR_STEP_NEXT_PATH } },
	/* GOOD from a non-holder releases nothing: RELEASE checks after success */
	{ MPR_SINGLE_RELEASE, "RELEASE",
	  { MPR_STEP_CHECK, MPR_STEP_NEXT_PATH, MPR_STEP_NEXT_PATH, MPR_STEP_FAIL,
	    MPR_STEP_NEXT_PATH } },
	/* a conflict: this nexus lost its registration, or we were fenced: look */
	{ MPR_SINGLE_PREEMPT, "PREEMPT",
	  { MPR_STEP_DONE, MPR_STEP_CHECK, MPR_STEP_NEXT_PATH, MPR_STEP_FAIL, MPR_STEP_NEXT_PATH } },
	{ MPR_SINGLE_CLEAR, "CLEAR",
	  { MPR_STEP_DONE, MPR_STEP_CHECK, MPR_STEP_NEXT_PATH, MPR_STEP_FAIL, MPR_STEP_NEXT_PATH } },
	{ MPR_SINGLE_PRIN, "PR IN",
	  { MPR_STEP_DONE, MPR_STEP_FAIL, MPR_STEP_NEXT_PATH, MPR_STEP_FAIL, MPR_STEP_NEXT_PATH } },
	/* only the holder's nexus may move the reservation: a conflict tries the next */
	{ MPR_SINGLE_MOVE, "REGISTER AND MOVE",
	  { MPR_STEP_DONE, MPR_STEP_NEXT_PATH, MPR_STEP_NEXT_PATH, MPR_STEP_FAIL,
	    MPR_STEP_NEXT_PATH } },
};

#define N_ROWS (sizeof(step_rows) / sizeof(step_rows[0]))

static void check_row(const struct step_row *row)
{
	for (int i = 0; i < N_OUTCOMES; i++) {
		enum mpr_step got = mpr_single_step(row->op, outcomes[i]);

		if (got != row->expect[i])
			fail_msg("%s after %s: expected %s, got %s", row->name,
				 mpr_outcome_name(outcomes[i]), step_names[row->expect[i]],
				 got < 4 ? step_names[got] : "?");
	}
}

static void test_every_single_path_cell(void **state)
{
	(void)state;
	for (size_t r = 0; r < N_ROWS; r++)
		check_row(&step_rows[r]);
}

/* A command added to the policy needs its row here too. */
static void test_every_single_path_op_has_a_row(void **state)
{
	(void)state;
	assert_int_equal(N_ROWS, MPR_SINGLE_OP_COUNT);
	for (size_t r = 0; r < N_ROWS; r++)
		assert_int_equal(step_rows[r].op, r);
}

static void test_unknown_op_fails(void **state)
{
	(void)state;
	for (int i = 0; i < N_OUTCOMES; i++) {
		assert_int_equal(mpr_single_step(MPR_SINGLE_OP_COUNT, outcomes[i]), MPR_STEP_FAIL);
		assert_int_equal(mpr_single_step((enum mpr_single_op)-1, outcomes[i]),
				 MPR_STEP_FAIL);
	}
}

/* An outcome value outside the enum is treated like an exhausted retry. */
static void test_unknown_outcome_is_like_retry(void **state)
{
	(void)state;
	assert_int_equal(mpr_single_step(MPR_SINGLE_PREEMPT, (enum mpr_outcome)42),
			 MPR_STEP_NEXT_PATH);
	assert_int_equal(mpr_single_step(MPR_SINGLE_RESERVE, (enum mpr_outcome)42),
			 MPR_STEP_NEXT_PATH);
}

/* RETRY (budget ran out) and unknown outcomes count as path errors. */
static void test_tally_counts_each_outcome(void **state)
{
	static const enum mpr_outcome list[] = {
		MPR_OUTCOME_OK, MPR_OUTCOME_OK, MPR_OUTCOME_OK, MPR_OUTCOME_CONFLICT,
		MPR_OUTCOME_CONFLICT, MPR_OUTCOME_PATH_ERROR, MPR_OUTCOME_RETRY,
		(enum mpr_outcome)42, MPR_OUTCOME_DEVICE_ERROR,
	};
	struct mpr_register_tally t = { 99, 99, 99, 99 };

	(void)state;
	mpr_register_tally(list, sizeof(list) / sizeof(list[0]), &t);
	assert_int_equal(t.ok, 3);
	assert_int_equal(t.conflict, 2);
	assert_int_equal(t.path_error, 3);
	assert_int_equal(t.device_error, 1);
}

static void test_tally_of_nothing_is_zero(void **state)
{
	struct mpr_register_tally t = { 1, 2, 3, 4 };

	(void)state;
	mpr_register_tally(NULL, 0, &t);
	assert_int_equal(t.ok + t.conflict + t.path_error + t.device_error, 0);
	assert_int_equal(mpr_register_decide(&t, 0), MPR_REG_DONE);
}

struct decide_case {
	const char *what;
	struct mpr_register_tally t;
	int ignore;
	enum mpr_register_verdict expect;
};

static const struct decide_case decide_cases[] = {
	{ "all ok", { 4, 0, 0, 0 }, 0, MPR_REG_DONE },
	{ "all ok (ignore)", { 4, 0, 0, 0 }, 1, MPR_REG_DONE },
	{ "some conflict", { 3, 1, 0, 0 }, 0, MPR_REG_RETRY_IGNORE },
	{ "some conflict (ignore)", { 3, 1, 0, 0 }, 1, MPR_REG_FAIL_CONFLICT },
	{ "all conflict", { 0, 4, 0, 0 }, 0, MPR_REG_FAIL_CONFLICT },
	{ "all conflict (ignore)", { 0, 4, 0, 0 }, 1, MPR_REG_FAIL_CONFLICT },
	{ "path errors", { 2, 0, 2, 0 }, 0, MPR_REG_CHECK_PATHS },
	{ "all path errors", { 0, 0, 4, 0 }, 0, MPR_REG_CHECK_PATHS },
	{ "path errors (ignore)", { 3, 0, 1, 0 }, 1, MPR_REG_CHECK_PATHS },
	{ "conflict and path error", { 2, 1, 1, 0 }, 0, MPR_REG_RETRY_IGNORE },
	{ "conflict and path error, none ok", { 0, 1, 1, 0 }, 0, MPR_REG_FAIL_CONFLICT },
	{ "conflict and path error (ignore)", { 2, 1, 1, 0 }, 1, MPR_REG_FAIL_CONFLICT },
	{ "one device error", { 3, 0, 0, 1 }, 0, MPR_REG_FAIL_DEVICE },
	{ "all device errors", { 0, 0, 0, 4 }, 1, MPR_REG_FAIL_DEVICE },
	{ "device error beats conflict", { 1, 1, 0, 1 }, 0, MPR_REG_FAIL_DEVICE },
	{ "device error beats path error", { 1, 0, 2, 1 }, 0, MPR_REG_FAIL_DEVICE },
	{ "everything mixed", { 1, 1, 1, 1 }, 1, MPR_REG_FAIL_DEVICE },
};

static void test_register_decide_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(decide_cases) / sizeof(decide_cases[0]); i++) {
		const struct decide_case *c = &decide_cases[i];
		enum mpr_register_verdict got = mpr_register_decide(&c->t, c->ignore);

		if (got != c->expect)
			fail_msg("%s: expected verdict %d, got %d", c->what, c->expect, got);
	}
}

/* tally + decide together, the way engine_out.c uses them. */
static void test_tally_then_decide_retries_conflicted_paths(void **state)
{
	static const enum mpr_outcome round[] = {
		MPR_OUTCOME_OK, MPR_OUTCOME_CONFLICT, MPR_OUTCOME_OK,
	};
	struct mpr_register_tally t;

	(void)state;
	mpr_register_tally(round, 3, &t);
	assert_int_equal(mpr_register_decide(&t, 0), MPR_REG_RETRY_IGNORE);
	assert_int_equal(mpr_register_decide(&t, 1), MPR_REG_FAIL_CONFLICT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_single_path_cell),
		cmocka_unit_test(test_every_single_path_op_has_a_row),
		cmocka_unit_test(test_unknown_op_fails),
		cmocka_unit_test(test_unknown_outcome_is_like_retry),
		cmocka_unit_test(test_tally_counts_each_outcome),
		cmocka_unit_test(test_tally_of_nothing_is_zero),
		cmocka_unit_test(test_register_decide_table),
		cmocka_unit_test(test_tally_then_decide_retries_conflicted_paths),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
