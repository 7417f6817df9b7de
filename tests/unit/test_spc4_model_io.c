/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test_spc4_model_io.c - the SPC-4 model's PR IN responses, fault injection,
 * virtual clock, command log and thread safety.
 * Paths: 0 sda (host1, port 1), 1 sdb (host1, port 2), 2 sdc (host2, port 1),
 * 3 sdd (host2, port 2).
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/model/spc4_test_util.h"

#define K1 0x1111111111111111ULL
#define K2 0x2222222222222222ULL

static int setup(void **state)
{
	struct t_env *e = calloc(1, sizeof(*e));

	if (!e)
		return -1;
	t_env_init(e);
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	t_env_fini(*state);
	free(*state);
	return 0;
}

static void register_two(struct t_env *e)
{
	assert_good(t_pr_out(e, 0, 0, 0, 0, K1, 0));
	assert_good(t_pr_out(e, 2, 0, 0, 0, K2, 0));
}

static void read_keys_lists_generation_and_keys(void **state)
{
	struct t_env *e = *state;
	uint8_t buf[64];
	struct mpr_cmd_result res;

	register_two(e);
	res = t_pr_in(e, 1, 0x00, buf, sizeof(buf));
	assert_good(res);
	assert_int_equal(res.transferred, 24);
	assert_int_equal(t_be32(buf), 2);
	assert_int_equal(t_be32(buf + 4), 16);
	assert_true(t_be64(buf + 8) == K1);
	assert_true(t_be64(buf + 16) == K2);
}

static void allocation_length_truncates_but_reports_full_length(void **state)
{
	struct t_env *e = *state;
	uint8_t buf[64];
	struct mpr_cmd_result res;

	register_two(e);
	memset(buf, 0xee, sizeof(buf));
	res = t_pr_in(e, 0, 0x00, buf, 16);
	assert_good(res);
	assert_int_equal(res.transferred, 16);
	assert_int_equal(t_be32(buf + 4), 16);
	assert_true(t_be64(buf + 8) == K1);
	assert_int_equal(buf[16], 0xee);
}

static void read_reservation_reports_holder_key_and_type(void **state)
{
	struct t_env *e = *state;
	uint8_t buf[24];

	register_two(e);
	assert_good(t_pr_out(e, 2, 0x01, 5, K2, 0, 0));
	assert_good(t_pr_in(e, 0, 0x01, buf, sizeof(buf)));
	assert_int_equal(t_be32(buf + 4), 16);
	assert_true(t_be64(buf + 8) == K2);
	assert_int_equal(buf[21], 0x05);
}

static void read_reservation_of_all_registrants_type_reports_key_zero(void **state)
{
	struct t_env *e = *state;
	uint8_t buf[24];

	register_two(e);
	assert_good(t_pr_out(e, 0, 0x01, 8, K1, 0, 0));
	assert_good(t_pr_in(e, 0, 0x01, buf, sizeof(buf)));
	assert_true(t_be64(buf + 8) == 0);
	assert_int_equal(buf[21], 0x08);
	assert_true(spc4_model_path_holds(e->m, "/dev/sdc"));
}

static void read_reservation_without_reservation_has_no_descriptor(void **state)
{
	struct t_env *e = *state;
	uint8_t buf[24];
	struct mpr_cmd_result res;

	register_two(e);
	res = t_pr_in(e, 0, 0x01, buf, sizeof(buf));
	assert_good(res);
	assert_int_equal(res.transferred, 8);
	assert_int_equal(t_be32(buf + 4), 0);
}

static void report_capabilities_claims_supported_types(void **state)
{
	struct t_env *e = *state;
	uint8_t buf[8];

	assert_good(t_pr_out(e, 0, 0, 0, 0, K1, 0x01));
	assert_good(t_pr_in(e, 0, 0x02, buf, sizeof(buf)));
	assert_int_equal(buf[1], 8);
	assert_int_equal(buf[2], 0x0d);	/* SIP_C ATP_C PTPL_C */
	assert_int_equal(buf[3], 0x81);	/* TMV, PTPL_A */
	assert_int_equal(buf[4], 0xea);
	assert_int_equal(buf[5], 0x01);
}

static void read_full_status_reports_iscsi_transport_ids(void **state)
{
	struct t_env *e = *state;
	uint8_t buf[256];
	const uint8_t *d;

	register_two(e);
	assert_good(t_pr_out(e, 2, 0x01, 1, K2, 0, 0));
	assert_good(t_pr_in(e, 0, 0x03, buf, sizeof(buf)));
	/* two descriptors of 24 bytes + a 28-byte TransportID each */
	assert_int_equal(t_be32(buf + 4), 2 * (24 + 28));
	d = buf + 8 + 24 + 28;
	assert_true(t_be64(d) == K2);
	assert_int_equal(d[12], 0x01);		/* R_HOLDER */
	assert_int_equal(d[13], 0x01);		/* type 1 */
	assert_int_equal(d[19], 1);		/* relative target port 1 */
	assert_int_equal(t_be32(d + 20), 28);
	assert_int_equal(d[24], 0x05);		/* iSCSI, format 0 */
	assert_string_equal((const char *)d + 28, T_INIT2);
	assert_int_equal(buf[8 + 12], 0);	/* sda: registered, not holder */
}

/* An initiator port with an ISID is reported in format 1, the way LIO does. */
static void read_full_status_sends_isid_names_in_format_1(void **state)
{
	struct t_env *e = *state;
	const char *port = T_INIT1 ",i,0x00023d000007";
	uint8_t buf[256];
	int h;

	assert_true(spc4_model_add_path(e->m, "/dev/sde", 0, port, 1) >= 0);
	assert_int_equal(e->tr.ops->open(e->tr.priv, "/dev/sde", &h), 0);
	/* path 0 is /dev/sde from here on (t_env_fini closes it) */
	e->tr.ops->close(e->tr.priv, e->handles[0]);
	e->handles[0] = h;
	assert_good(t_pr_out(e, 0, 0, 0, 0, K1, 0));
	assert_good(t_pr_in(e, 0, 0x03, buf, sizeof(buf)));
	assert_int_equal(buf[8 + 24], 0x45);	/* iSCSI, format 1 */
	assert_string_equal((const char *)buf + 8 + 28, port);
}

static void read_full_status_truncated_keeps_full_additional_length(void **state)
{
	struct t_env *e = *state;
	uint8_t buf[40];
	struct mpr_cmd_result res;

	register_two(e);
	res = t_pr_in(e, 0, 0x03, buf, sizeof(buf));
	assert_good(res);
	assert_int_equal(res.transferred, 40);
	assert_int_equal(t_be32(buf + 4), 2 * (24 + 28));
}

static void inquiry_device_id_page_reports_relative_target_port(void **state)
{
	struct t_env *e = *state;
	uint8_t cdb[6] = { 0x12, 0x01, 0x83, 0, 255, 0 };
	uint8_t buf[255];
	struct mpr_cmd_result res;
	uint32_t off;

	res = t_send(e, 1, cdb, 6, MPR_DIR_FROM_DEV, buf, sizeof(buf));
	assert_good(res);
	assert_int_equal(buf[1], 0x83);
	/* first designator: T10 vendor ID with the WWID; second: relative port */
	assert_int_equal(buf[5] & 0x0f, 0x01);
	assert_memory_equal(buf + 8 + 8, "36001405aaaabbbbccccdddd00000001", 32);
	off = 4 + 4 + buf[7];
	assert_int_equal(buf[off + 1] & 0x0f, 0x04);
	assert_int_equal(buf[off + 7], 2);
	assert_int_equal(res.transferred, off + 8);
}

static void timeout_without_execute_leaves_lu_untouched(void **state)
{
	struct t_env *e = *state;
	struct spc4_fault f = SPC4_FAULT_INIT(SPC4_FAULT_TIMEOUT);
	struct mpr_cmd_result res;

	spc4_model_path_fault(e->m, "/dev/sda", &f);
	res = t_pr_out(e, 0, 0, 0, 0, K1, 0);
	assert_true(res.timed_out);
	assert_false(spc4_model_path_registered(e->m, "/dev/sda", NULL));
	assert_int_equal(spc4_model_generation(e->m, 0), 0);
}

static void fault_with_opcode_filter_counts_only_matching_commands(void **state)
{
	struct t_env *e = *state;
	struct spc4_fault f = SPC4_FAULT_INIT(SPC4_FAULT_BUSY);

	f.opcode = 0x5f;
	f.count = 1;
	spc4_model_path_fault(e->m, "/dev/sda", &f);
	assert_good(t_tur(e, 0));
	assert_int_equal(t_pr_out(e, 0, 0, 0, 0, K1, 0).scsi_status, MPR_SAM_BUSY);
	assert_good(t_pr_out(e, 0, 0, 0, 0, K1, 0));
}

static void bad_pr_in_service_action_is_invalid_field_in_cdb(void **state)
{
	struct t_env *e = *state;
	uint8_t buf[8];

	assert_sense(t_pr_in(e, 0, 0x09, buf, sizeof(buf)), MPR_SK_ILLEGAL_REQUEST, 0x24, 0x00);
}

static void descriptor_sense_when_switched_on(void **state)
{
	struct t_env *e = *state;
	struct mpr_cmd_result res;
	uint8_t buf[8];

	spc4_model_set_descriptor_sense(e->m, true);
	res = t_pr_in(e, 0, 0x09, buf, sizeof(buf));
	assert_int_equal(res.sense_raw[0], 0x72);
	assert_int_equal(res.sense_raw[1], MPR_SK_ILLEGAL_REQUEST);
	assert_int_equal(res.sense_raw[2], 0x24);
	assert_int_equal(res.sense_raw[3], 0x00);
}

static void down_path_gives_no_connect_and_does_not_execute(void **state)
{
	struct t_env *e = *state;
	struct spc4_fault f = SPC4_FAULT_INIT(SPC4_FAULT_DOWN);
	struct mpr_cmd_result res;

	assert_int_equal(spc4_model_path_fault(e->m, "/dev/sda", &f), 0);
	res = t_pr_out(e, 0, 0, 0, 0, K1, 0);
	assert_int_equal(res.host_status, MPR_DID_NO_CONNECT);
	assert_false(spc4_model_path_registered(e->m, "/dev/sda", NULL));
	spc4_model_path_clear_faults(e->m, "/dev/sda");
	assert_good(t_pr_out(e, 0, 0, 0, 0, K1, 0));
}

static void open_fail_fault_makes_open_return_enxio(void **state)
{
	struct t_env *e = *state;
	struct spc4_fault f = SPC4_FAULT_INIT(SPC4_FAULT_OPEN_FAIL);
	int h = -1;

	spc4_model_path_fault(e->m, "/dev/sdb", &f);
	assert_int_equal(e->tr.ops->open(e->tr.priv, "/dev/sdb", &h), -ENXIO);
	assert_int_equal(h, -1);
	assert_int_equal(e->tr.ops->open(e->tr.priv, "/dev/nope", &h), -ENOENT);
}

static void timeout_that_executes_registers_but_reports_timeout(void **state)
{
	struct t_env *e = *state;
	struct spc4_fault f = SPC4_FAULT_INIT(SPC4_FAULT_TIMEOUT);
	struct mpr_cmd_result res;
	uint64_t t0 = spc4_model_now_us(e->m);

	f.count = 1;
	f.execute = true;
	spc4_model_path_fault(e->m, "/dev/sda", &f);
	res = t_pr_out(e, 0, 0, 0, 0, K1, 0);
	assert_true(res.timed_out);
	assert_int_equal(res.host_status, MPR_DID_TIME_OUT);
	assert_true(spc4_model_path_registered(e->m, "/dev/sda", NULL));
	assert_true(spc4_model_now_us(e->m) - t0 == 30000000);
	/* count 1: the next command goes through */
	assert_good(t_tur(e, 0));
}

static void transport_error_gives_did_error(void **state)
{
	struct t_env *e = *state;
	struct spc4_fault f = SPC4_FAULT_INIT(SPC4_FAULT_TRANSPORT_ERROR);

	spc4_model_path_fault(e->m, "/dev/sda", &f);
	assert_int_equal(t_tur(e, 0).host_status, MPR_DID_ERROR);
}

static void busy_fault_gives_busy_status(void **state)
{
	struct t_env *e = *state;
	struct spc4_fault f = SPC4_FAULT_INIT(SPC4_FAULT_BUSY);

	spc4_model_path_fault(e->m, "/dev/sda", &f);
	assert_int_equal(t_tur(e, 0).scsi_status, MPR_SAM_BUSY);
}

static void sense_fault_hits_only_its_service_action(void **state)
{
	struct t_env *e = *state;
	struct spc4_fault f = SPC4_FAULT_INIT(SPC4_FAULT_SENSE);

	f.opcode = 0x5f;
	f.sa = 0x01;
	f.sk = MPR_SK_NOT_READY;
	f.asc = 0x04;
	f.ascq = 0x0a;
	spc4_model_path_fault(e->m, "/dev/sda", &f);
	assert_good(t_pr_out(e, 0, 0, 0, 0, K1, 0));
	assert_sense(t_pr_out(e, 0, 0x01, 5, K1, 0, 0), MPR_SK_NOT_READY, 0x04, 0x0a);
	assert_false(spc4_model_reservation(e->m, 0, NULL, NULL));
}

static void ua_storm_reports_n_unit_attentions(void **state)
{
	struct t_env *e = *state;
	struct spc4_fault f = SPC4_FAULT_INIT(SPC4_FAULT_UA);

	f.count = 3;
	spc4_model_path_fault(e->m, "/dev/sda", &f);
	for (int i = 0; i < 3; i++)
		assert_sense(t_tur(e, 0), MPR_SK_UNIT_ATTENTION, 0x29, 0x00);
	assert_good(t_tur(e, 0));
}

static void slow_path_advances_virtual_clock_and_still_executes(void **state)
{
	struct t_env *e = *state;
	struct spc4_fault f = SPC4_FAULT_INIT(SPC4_FAULT_SLOW);
	struct mpr_cmd_result res;
	uint64_t t0 = e->tr.ops->now_us(e->tr.priv);

	f.delay_us = 5000000;
	spc4_model_path_fault(e->m, "/dev/sda", &f);
	res = t_pr_out(e, 0, 0, 0, 0, K1, 0);
	assert_good(res);
	assert_true(res.duration_us == 5000000);
	assert_true(e->tr.ops->now_us(e->tr.priv) - t0 == 5000000);
	assert_true(spc4_model_path_registered(e->m, "/dev/sda", NULL));
}

static void sleep_advances_virtual_clock(void **state)
{
	struct t_env *e = *state;
	uint64_t t0 = e->tr.ops->now_us(e->tr.priv);

	e->tr.ops->sleep_us(e->tr.priv, 250000);
	assert_true(e->tr.ops->now_us(e->tr.priv) - t0 == 250000);
}

static void command_count_counts_by_path_opcode_and_service_action(void **state)
{
	struct t_env *e = *state;
	struct spc4_fault f = SPC4_FAULT_INIT(SPC4_FAULT_DOWN);

	spc4_model_path_fault(e->m, "/dev/sdb", &f);
	register_two(e);
	t_pr_out(e, 1, 0, 0, 0, K1, 0);
	t_tur(e, 0);
	assert_int_equal(spc4_model_command_count(e->m, "/dev/sda", 0x5f, 0), 1);
	assert_int_equal(spc4_model_command_count(e->m, "/dev/sdb", 0x5f, 0), 1);
	assert_int_equal(spc4_model_command_count(e->m, NULL, 0x5f, -1), 3);
	assert_int_equal(spc4_model_command_count(e->m, "/dev/sda", -1, -1), 2);
	spc4_model_clear_log(e->m);
	assert_int_equal(spc4_model_command_count(e->m, NULL, -1, -1), 0);
}

static void submit_on_closed_handle_is_ebadf(void **state)
{
	struct t_env *e = *state;
	struct mpr_cmd cmd = { .cdb_len = 6 };
	struct mpr_cmd_result res;

	assert_int_equal(spc4_model_open_handles(e->m), 4);
	e->tr.ops->close(e->tr.priv, e->handles[3]);
	assert_int_equal(spc4_model_open_handles(e->m), 3);
	assert_int_equal(e->tr.ops->submit(e->tr.priv, e->handles[3], &cmd, &res), -EBADF);
	assert_int_equal(res.os_error, EBADF);
	e->tr.ops->open(e->tr.priv, "/dev/sdd", &e->handles[3]);
}

struct reg_thread {
	struct t_env *e;
	int path;
};

static void *register_many(void *arg)
{
	struct reg_thread *t = arg;

	for (uint64_t k = 1; k <= 200; k++)
		t_pr_out(t->e, t->path, 0x06, 0, 0, k, 0);
	return NULL;
}

static void concurrent_registrations_from_threads_are_all_counted(void **state)
{
	struct t_env *e = *state;
	struct reg_thread t[4];
	pthread_t tid[4];
	struct spc4_fault f = SPC4_FAULT_INIT(SPC4_FAULT_SLOW);

	f.wall_delay_us = 10;
	spc4_model_path_fault(e->m, "/dev/sdb", &f);
	for (int i = 0; i < 4; i++) {
		t[i] = (struct reg_thread){ e, i };
		assert_int_equal(pthread_create(&tid[i], NULL, register_many, &t[i]), 0);
	}
	for (int i = 0; i < 4; i++)
		pthread_join(tid[i], NULL);
	assert_int_equal(spc4_model_keys(e->m, 0, NULL, 0), 4);
	assert_int_equal(spc4_model_generation(e->m, 0), 800);
	assert_int_equal(spc4_model_command_count(e->m, NULL, 0x5f, 0x06), 800);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(read_keys_lists_generation_and_keys),
		T(allocation_length_truncates_but_reports_full_length),
		T(read_reservation_reports_holder_key_and_type),
		T(read_reservation_of_all_registrants_type_reports_key_zero),
		T(read_reservation_without_reservation_has_no_descriptor),
		T(report_capabilities_claims_supported_types),
		T(read_full_status_reports_iscsi_transport_ids),
		T(read_full_status_sends_isid_names_in_format_1),
		T(read_full_status_truncated_keeps_full_additional_length),
		T(inquiry_device_id_page_reports_relative_target_port),
		T(timeout_without_execute_leaves_lu_untouched),
		T(fault_with_opcode_filter_counts_only_matching_commands),
		T(bad_pr_in_service_action_is_invalid_field_in_cdb),
		T(descriptor_sense_when_switched_on),
		T(down_path_gives_no_connect_and_does_not_execute),
		T(open_fail_fault_makes_open_return_enxio),
		T(timeout_that_executes_registers_but_reports_timeout),
		T(transport_error_gives_did_error),
		T(busy_fault_gives_busy_status),
		T(sense_fault_hits_only_its_service_action),
		T(ua_storm_reports_n_unit_attentions),
		T(slow_path_advances_virtual_clock_and_still_executes),
		T(sleep_advances_virtual_clock),
		T(command_count_counts_by_path_opcode_and_service_action),
		T(submit_on_closed_handle_is_ebadf),
		T(concurrent_registrations_from_threads_are_all_counted),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
