/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test_path_result.c - reading one entry of a report through the public API:
 * mpathpr_path_result_command(), _failure() and _gone().
 */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "mpathpr/mpathpr.h"

/* Host status values as Linux's SCSI midlayer reports them (scsi.h). */
#define DID_NO_CONNECT			0x01
#define DID_BAD_TARGET			0x04
#define DID_ERROR			0x07
#define DID_TRANSPORT_DISRUPTED		0x0e
#define DID_TRANSPORT_FAILFAST		0x0f
#define DID_NEXUS_FAILURE		0x11
#define SAM_STAT_RESERVATION_CONFLICT	0x18

static void command_names_the_service_action(void **state)
{
	struct mpathpr_path_result r = { .pr_out = true, .service_action = 5 };

	assert_string_equal(mpathpr_path_result_command(&r), "PR OUT PREEMPT AND ABORT");
	r = (struct mpathpr_path_result){ .pr_out = false, .service_action = 3 };
	assert_string_equal(mpathpr_path_result_command(&r), "PR IN READ FULL STATUS");
	r.service_action = 0x1f;
	assert_string_equal(mpathpr_path_result_command(&r), "PR IN (unknown service action)");
}

static void an_answer_of_the_lu_is_no_path_failure(void **state)
{
	struct mpathpr_path_result good = { .pr_out = true };
	struct mpathpr_path_result sense = { .scsi_status = 0x02, .sense_key = 0x05,
					     .asc = 0x24 };

	assert_null(mpathpr_path_result_failure(&good));
	assert_null(mpathpr_path_result_failure(&sense));
}

static void a_conflict_with_nexus_failure_is_the_lu_answering(void **state)
{
	/* kernels before 6.0 report a conflict with DID_NEXUS_FAILURE */
	struct mpathpr_path_result r = { .scsi_status = SAM_STAT_RESERVATION_CONFLICT,
					 .host_status = DID_NEXUS_FAILURE };

	assert_null(mpathpr_path_result_failure(&r));
	assert_false(mpathpr_path_result_gone(&r));
}

static void a_timeout_an_os_error_and_a_transport_error_are_path_failures(void **state)
{
	struct mpathpr_path_result t = { .timed_out = true };
	struct mpathpr_path_result os = { .os_error = EIO };
	struct mpathpr_path_result host = { .host_status = DID_NO_CONNECT };
	struct mpathpr_path_result other = { .host_status = DID_ERROR };

	assert_string_equal(mpathpr_path_result_failure(&t), "timed out");
	assert_string_equal(mpathpr_path_result_failure(&os), strerror(EIO));
	assert_string_equal(mpathpr_path_result_failure(&host), "no connection (DID_NO_CONNECT)");
	assert_string_equal(mpathpr_path_result_failure(&other), "transport error (DID_ERROR)");
}

static void a_vanished_node_or_lost_connection_means_gone(void **state)
{
	static const int errs[] = { ENXIO, ENODEV, ENOENT };
	static const uint16_t hosts[] = { DID_NO_CONNECT, DID_BAD_TARGET,
					  DID_TRANSPORT_DISRUPTED, DID_TRANSPORT_FAILFAST };

	for (size_t i = 0; i < sizeof(errs) / sizeof(errs[0]); i++) {
		struct mpathpr_path_result r = { .os_error = errs[i] };

		assert_true(mpathpr_path_result_gone(&r));
	}
	for (size_t i = 0; i < sizeof(hosts) / sizeof(hosts[0]); i++) {
		struct mpathpr_path_result r = { .host_status = hosts[i] };

		assert_true(mpathpr_path_result_gone(&r));
	}
}

static void a_failure_that_may_pass_is_not_gone(void **state)
{
	struct mpathpr_path_result t = { .timed_out = true };
	struct mpathpr_path_result os = { .os_error = EIO };
	struct mpathpr_path_result host = { .host_status = DID_ERROR };

	assert_false(mpathpr_path_result_gone(&t));
	assert_false(mpathpr_path_result_gone(&os));
	assert_false(mpathpr_path_result_gone(&host));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(command_names_the_service_action),
		cmocka_unit_test(an_answer_of_the_lu_is_no_path_failure),
		cmocka_unit_test(a_conflict_with_nexus_failure_is_the_lu_answering),
		cmocka_unit_test(a_timeout_an_os_error_and_a_transport_error_are_path_failures),
		cmocka_unit_test(a_vanished_node_or_lost_connection_means_gone),
		cmocka_unit_test(a_failure_that_may_pass_is_not_gone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
