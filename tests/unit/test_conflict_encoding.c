/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test_conflict_encoding.c - RESERVATION CONFLICT as every kernel reports
 * it through SG_IO, from the header the ioctl fills in to the engine's
 * decisions.
 *
 * Kernels before 6.0 (RHEL 8's 4.18, RHEL 9's 5.14, SLES 15, Ubuntu 22.04)
 * set host_status DID_NEXUS_FAILURE (0x11) beside status 0x18
 * (scsi_decide_disposition); 6.0 and later leave host_status DID_OK.
 *
 *  - The SG_IO transport, with ioctl() replaced at link time
 *    (-Wl,--wrap=ioctl) by one that fills the header as each kernel does:
 *    the result keeps the host byte, the classification, the errno and
 *    the MPATH_PR_* code say conflict; the retry layer sends it once.
 *  - The engine and the classic API against the SPC-4 model, behind a
 *    transport that rewrites every conflict the model answers into the old
 *    kernels' encoding: every decision (return codes, the commands sent on
 *    each path, the keys and the reservation left on the LU) is the same as
 *    with the new encoding.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <scsi/sg.h>
#include <cmocka.h>

#include "classic.h"
#include "classic_codes.h"
#include "cmd_exec.h"
#include "common/macro.h"
#include "ctx.h"
#include "engine_env.h"
#include "mpathpr/mpath_persist.h"
#include "sense.h"
#include "sgio.h"

#define KEY_A 0xaaaa0001ULL
#define KEY_B 0xbbbb0002ULL
#define OP_PR_IN 0x5e
#define OP_PR_OUT 0x5f

/* ---- SG_IO as the kernels fill it in ---- */

/* What one kernel writes back into the sg_io_hdr for one command. */
struct kernel_reply {
	const char *kernel;
	unsigned char status, masked_status;
	unsigned short host_status, driver_status;
	unsigned char sense[18];
	unsigned char sb_len_wr;
};

/* The kernel's answer to the next SG_IO, or NULL: the real ioctl. */
static const struct kernel_reply *armed;
static unsigned int sg_io_calls;

int __real_ioctl(int fd, unsigned long request, ...);
int __wrap_ioctl(int fd, unsigned long request, ...);

int __wrap_ioctl(int fd, unsigned long request, ...)
{
	const struct kernel_reply *k = armed;
	sg_io_hdr_t *hdr;
	va_list ap;

	va_start(ap, request);
	hdr = va_arg(ap, sg_io_hdr_t *);
	va_end(ap);
	if (!k || request != SG_IO)
		return __real_ioctl(fd, request, hdr);
	sg_io_calls++;
	assert_int_equal(hdr->interface_id, 'S');
	hdr->status = k->status;
	hdr->masked_status = k->masked_status;
	hdr->msg_status = 0;
	hdr->host_status = k->host_status;
	hdr->driver_status = k->driver_status;
	hdr->resid = 0;
	hdr->duration = 1;
	hdr->info = SG_INFO_CHECK;
	hdr->sb_len_wr = k->sb_len_wr < hdr->mx_sb_len ? k->sb_len_wr : hdr->mx_sb_len;
	memcpy(hdr->sbp, k->sense, hdr->sb_len_wr);
	return 0;
}

/*
 * RESERVATION CONFLICT as SG_IO reports it.  The block layer's sg_io()
 * copies the result's bytes: status 0x18, masked_status 0x0c; before 6.0
 * the host byte is DID_NEXUS_FAILURE.  4.18 copies the driver byte of the
 * result (0 for a conflict: the midlayer sets DRIVER_SENSE only when it
 * fetched sense); 5.14 and later report DRIVER_SENSE for CHECK CONDITION
 * only.  The last one is 4.18 with a driver byte an LLD set because the
 * target sent sense bytes along with the conflict.
 */
static const struct kernel_reply conflict_replies[] = {
	{ "4.18 (RHEL 8)", 0x18, 0x0c, 0x11, 0x00, { 0 }, 0 },
	{ "5.14 (RHEL 9)", 0x18, 0x0c, 0x11, 0x00, { 0 }, 0 },
	{ "6.x", 0x18, 0x0c, 0x00, 0x00, { 0 }, 0 },
	{ "4.18, DRIVER_SENSE and NO SENSE bytes from the LLD", 0x18, 0x0c, 0x11, 0x08,
	  { 0x70, 0, 0, 0, 0, 0, 0, 10 }, 18 },
};

/* virtio-scsi's VIRTIO_SCSI_S_NEXUS_FAILURE: the nexus failed, no status */
static const struct kernel_reply nexus_failure_reply = {
	"virtio-scsi nexus failure", 0x00, 0x00, 0x11, 0x00, { 0 }, 0,
};

static const struct mpr_cmd preempt_abort = {
	.cdb = { 0x5f, 0x05, 0x05, 0, 0, 0, 0, 0, 24, 0 },
	.cdb_len = 10,
	.dir = MPR_DIR_TO_DEV,
	.data = (uint8_t[24]){ 0 },
	.data_len = 24,
};

static int open_null(void)
{
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC);

	assert_true(fd >= 0);
	return fd;
}

static void sgio_result(const struct kernel_reply *k, struct mpr_cmd_result *ret)
{
	int fd = open_null();

	armed = k;
	assert_int_equal(mpr_sgio_submit(fd, &preempt_abort, ret), 0);
	armed = NULL;
	close(fd);
}

static void sgio_keeps_the_host_byte_of_a_conflict(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(conflict_replies); i++) {
		const struct kernel_reply *k = &conflict_replies[i];
		struct mpr_cmd_result r;

		sgio_result(k, &r);
		print_message("%s: host_status 0x%02x driver_status 0x%02x\n", k->kernel,
			      r.host_status, r.driver_status);
		assert_int_equal(r.os_error, 0);
		assert_false(r.timed_out);
		assert_int_equal(r.scsi_status, MPR_SAM_RESERVATION_CONFLICT);
		assert_int_equal(r.host_status, k->host_status);
		assert_int_equal(r.driver_status, k->driver_status);
	}
}

static void every_kernel_encoding_is_a_conflict(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(conflict_replies); i++) {
		const struct kernel_reply *k = &conflict_replies[i];
		struct mpr_cmd_result r;
		char text[128];

		sgio_result(k, &r);
		if (mpr_result_classify(&r) != MPR_OUTCOME_CONFLICT)
			print_error("kernel %s\n", k->kernel);
		assert_int_equal(mpr_result_classify(&r), MPR_OUTCOME_CONFLICT);
		assert_int_equal(mpr_result_to_errno(&r), -EBADE);
		assert_int_equal(mpr_result_to_mpath_pr(&r), MPATH_PR_RESERV_CONFLICT);
		assert_string_equal(mpr_result_format(&r, text, sizeof(text)),
				    k->host_status ? "RESERVATION CONFLICT (host_status=DID_NEXUS_FAILURE)"
						   : "RESERVATION CONFLICT");
	}
}

static void nexus_failure_without_conflict_status_is_a_path_error(void **state)
{
	struct mpr_cmd_result r;

	(void)state;
	sgio_result(&nexus_failure_reply, &r);
	assert_int_equal(r.host_status, MPR_DID_NEXUS_FAILURE);
	assert_int_equal(mpr_result_classify(&r), MPR_OUTCOME_PATH_ERROR);
	assert_int_equal(mpr_result_to_errno(&r), -EIO);
	assert_int_equal(mpr_result_to_mpath_pr(&r), MPATH_PR_OTHER);
}

/* The retry layer over the SG_IO transport: one ioctl, one attempt. */
static void retry_layer_sends_a_conflict_once_on_every_kernel(void **state)
{
	struct mpr_transport t;

	(void)state;
	mpr_sgio_transport_init(&t);
	for (size_t i = 0; i < ARRAY_SIZE(conflict_replies); i++) {
		struct mpr_cmd_result r;
		int fd = open_null();

		sg_io_calls = 0;
		armed = &conflict_replies[i];
		assert_int_equal(mpr_cmd_execute(&t, fd, &preempt_abort, NULL, NULL, &r), 0);
		armed = NULL;
		close(fd);
		assert_int_equal(sg_io_calls, 1);
		assert_int_equal(r.attempts, 1);
		assert_int_equal(mpr_result_classify(&r), MPR_OUTCOME_CONFLICT);
	}
}

/* ---- the engine behind a transport that re-encodes conflicts ---- */

enum encoding {
	ENC_NEW,		/* 6.x: host_status DID_OK (the model as it is) */
	ENC_OLD,		/* 4.18, 5.14: host_status DID_NEXUS_FAILURE */
	ENC_OLD_DRIVER_SENSE,	/* 4.18 with an LLD's DRIVER_SENSE */
	ENC_COUNT,
};

static const char *const encoding_names[ENC_COUNT] = {
	"6.x (DID_OK)", "4.18/5.14 (DID_NEXUS_FAILURE)",
	"4.18 (DID_NEXUS_FAILURE, DRIVER_SENSE)",
};

struct enc_transport {
	struct mpr_transport inner;	/* the model */
	enum encoding enc;
	unsigned int conflicts;		/* conflicts seen (and re-encoded) */
};

static int enc_open(void *priv, const char *devnode, int *ret_handle)
{
	struct enc_transport *t = priv;

	return t->inner.ops->open(t->inner.priv, devnode, ret_handle);
}

static void enc_close(void *priv, int handle)
{
	struct enc_transport *t = priv;

	t->inner.ops->close(t->inner.priv, handle);
}

static void enc_sleep_us(void *priv, uint64_t usec)
{
	struct enc_transport *t = priv;

	t->inner.ops->sleep_us(t->inner.priv, usec);
}

static uint64_t enc_now_us(void *priv)
{
	struct enc_transport *t = priv;

	return t->inner.ops->now_us(t->inner.priv);
}

static int enc_submit(void *priv, int handle, const struct mpr_cmd *cmd,
		      struct mpr_cmd_result *ret)
{
	struct enc_transport *t = priv;
	int r = t->inner.ops->submit(t->inner.priv, handle, cmd, ret);

	if (r < 0 || ret->os_error || ret->timed_out ||
	    ret->scsi_status != MPR_SAM_RESERVATION_CONFLICT)
		return r;
	__atomic_add_fetch(&t->conflicts, 1, __ATOMIC_SEQ_CST);
	switch (t->enc) {
	case ENC_OLD:
		ret->host_status = MPR_DID_NEXUS_FAILURE;
		break;
	case ENC_OLD_DRIVER_SENSE:
		ret->host_status = MPR_DID_NEXUS_FAILURE;
		ret->driver_status = MPR_DRIVER_SENSE;
		break;
	default:
		break;
	}
	return r;
}

static const struct mpr_transport_ops enc_ops = {
	.open = enc_open,
	.submit = enc_submit,
	.close = enc_close,
	.sleep_us = enc_sleep_us,
	.now_us = enc_now_us,
};

/* What a scenario decided and left behind: compared across encodings. */
struct outcome {
	int rc;
	uint64_t key[ENG_MAX][ENG_MAX];
	bool reserved;
	uint64_t holder;
	uint8_t type;
	/* commands per host, path, PR IN / PR OUT and service action */
	size_t sent[ENG_MAX][ENG_MAX][2][9];
	unsigned int conflicts;
};

/* A scenario: set the LU up, run the call under test, return its code. */
typedef int (*scenario_fn)(struct eng_env *e);

static void capture(struct eng_env *e, struct outcome *o)
{
	char dev[32];

	o->reserved = spc4_model_reservation(e->m, e->lu, &o->holder, &o->type);
	for (int h = 0; h < e->n_hosts; h++) {
		for (int p = 0; p < e->n_paths; p++) {
			o->key[h][p] = eng_key(e, h, p);
			eng_path(h, p, dev, sizeof(dev));
			for (int sa = 0; sa < 9; sa++) {
				o->sent[h][p][0][sa] =
					spc4_model_command_count(e->m, dev, OP_PR_IN, sa);
				o->sent[h][p][1][sa] =
					spc4_model_command_count(e->m, dev, OP_PR_OUT, sa);
			}
		}
	}
}

static void run_scenario(scenario_fn fn, enum encoding enc, struct outcome *ret)
{
	struct eng_env *e = eng_env_new(2, 2);
	struct enc_transport t = { .inner = e->tr, .enc = enc };
	struct mpr_transport tr = { .ops = &enc_ops, .priv = &t };

	for (int h = 0; h < e->n_hosts; h++)
		mpr_ctx_set_backend(e->ctx[h], &tr, NULL, NULL);
	memset(ret, 0, sizeof(*ret));
	ret->rc = fn(e);
	ret->conflicts = t.conflicts;
	capture(e, ret);
	eng_env_free(e);
}

static void assert_same_outcome(const struct outcome *want, const struct outcome *got,
				enum encoding enc)
{
	const char *name = encoding_names[enc];

	if (got->rc != want->rc)
		fail_msg("%s: returned %d, 6.x %d", name, got->rc, want->rc);
	if (got->conflicts != want->conflicts)
		fail_msg("%s: %u conflicts, 6.x %u", name, got->conflicts, want->conflicts);
	if (memcmp(got->sent, want->sent, sizeof(got->sent)))
		fail_msg("%s: other commands were sent than with 6.x", name);
	if (memcmp(got->key, want->key, sizeof(got->key)))
		fail_msg("%s: other keys are registered than with 6.x", name);
	if (got->reserved != want->reserved || got->holder != want->holder ||
	    got->type != want->type)
		fail_msg("%s: another reservation than with 6.x", name);
}

/*
 * Run @fn under every encoding; every one decides as 6.x does.  Returns the
 * 6.x outcome for the scenario's own checks; fails unless the scenario met
 * at least @min_conflicts conflicts (so the old encoding was exercised).
 */
static void on_every_kernel(scenario_fn fn, unsigned int min_conflicts, struct outcome *ret)
{
	struct outcome o;

	run_scenario(fn, ENC_NEW, ret);
	assert_true(ret->conflicts >= min_conflicts);
	for (enum encoding enc = ENC_NEW + 1; enc < ENC_COUNT; enc++) {
		run_scenario(fn, enc, &o);
		assert_same_outcome(ret, &o, enc);
	}
}

static size_t sent_out(const struct outcome *o, int sa)
{
	size_t n = 0;

	for (int h = 0; h < ENG_MAX; h++)
		for (int p = 0; p < ENG_MAX; p++)
			n += o->sent[h][p][1][sa];
	return n;
}

static int register_fresh_nexus(struct eng_env *e)
{
	struct mpathpr_dev *dev;
	int r;

	/* path 1 was down during the first registration: a fresh nexus */
	e->state[0][1] = MPR_PATH_FAILED;
	eng_unfence(e, 0, KEY_A, false);
	e->state[0][1] = MPR_PATH_ACTIVE;
	dev = eng_open(e, 0);
	r = mpathpr_register(dev, KEY_A, KEY_A, 0, NULL);
	mpathpr_dev_close(dev);
	return r;
}

static void register_conflict_is_retried_with_ignore_on_every_kernel(void **state)
{
	struct outcome o;

	(void)state;
	on_every_kernel(register_fresh_nexus, 1, &o);
	assert_int_equal(o.rc, 0);
	assert_int_equal(o.key[0][0], KEY_A);
	assert_int_equal(o.key[0][1], KEY_A);
	/* the unfence's two, then the one retry on the conflicting path */
	assert_int_equal(sent_out(&o, 6), 2);
}

static int register_wrong_old_key(struct eng_env *e)
{
	struct mpathpr_dev *dev;
	int r;

	eng_unfence(e, 0, KEY_A, false);
	dev = eng_open(e, 0);
	r = mpathpr_register(dev, 0x1234, KEY_B, 0, NULL);
	mpathpr_dev_close(dev);
	return r;
}

static void register_with_wrong_key_is_a_conflict_on_every_kernel(void **state)
{
	struct outcome o;

	(void)state;
	on_every_kernel(register_wrong_old_key, 1, &o);
	assert_int_equal(o.rc, -EBADE);
	assert_int_equal(o.key[0][0], KEY_A);
	assert_int_equal(sent_out(&o, 6), 2);	/* only the unfence's, no retry */
}

static int reserve_held_by_other(struct eng_env *e)
{
	struct mpathpr_dev *dev;
	int r;

	eng_unfence(e, 0, KEY_A, true);
	eng_unfence(e, 1, KEY_B, false);
	dev = eng_open(e, 1);
	r = mpathpr_reserve(dev, KEY_B, MPATHPR_TYPE_WE_RO, NULL);
	mpathpr_dev_close(dev);
	return r;
}

static void reserve_held_by_other_is_a_conflict_on_every_kernel(void **state)
{
	struct outcome o;

	(void)state;
	on_every_kernel(reserve_held_by_other, 1, &o);
	assert_int_equal(o.rc, -EBADE);
	assert_true(o.reserved);
	assert_int_equal(o.holder, KEY_A);
}

static int reserve_from_unregistered_path(struct eng_env *e)
{
	struct mpathpr_dev *dev;
	int r;

	/* only path 1 is registered: path 0's conflict is not final */
	e->state[0][0] = MPR_PATH_FAILED;
	eng_unfence(e, 0, KEY_A, false);
	e->state[0][0] = MPR_PATH_ACTIVE;
	dev = eng_open(e, 0);
	r = mpathpr_reserve(dev, KEY_A, MPATHPR_TYPE_WE_RO, NULL);
	mpathpr_dev_close(dev);
	return r;
}

static void reserve_falls_back_after_a_conflict_on_every_kernel(void **state)
{
	struct outcome o;

	(void)state;
	on_every_kernel(reserve_from_unregistered_path, 1, &o);
	assert_int_equal(o.rc, 0);
	assert_true(o.reserved);
	assert_int_equal(o.holder, KEY_A);
}

static int preempt_abort_other(struct eng_env *e)
{
	struct mpathpr_dev *dev;
	int r;

	eng_unfence(e, 0, KEY_A, true);
	eng_unfence(e, 1, KEY_B, false);
	dev = eng_open(e, 1);
	r = mpathpr_preempt(dev, KEY_B, KEY_A, MPATHPR_TYPE_WE_RO, true, NULL);
	mpathpr_dev_close(dev);
	/* the fenced host's writes: a conflict from the model itself */
	for (int p = 0; p < e->n_paths; p++)
		assert_int_equal(eng_write(e, 0, p), MPR_SAM_RESERVATION_CONFLICT);
	return r;
}

static void preempt_abort_fences_on_every_kernel(void **state)
{
	struct outcome o;

	(void)state;
	on_every_kernel(preempt_abort_other, 0, &o);
	assert_int_equal(o.rc, 0);
	assert_int_equal(o.key[0][0], 0);
	assert_int_equal(o.key[0][1], 0);
	assert_int_equal(o.key[1][0], KEY_B);
	assert_int_equal(o.holder, KEY_B);
}

static int preempt_absent_key(struct eng_env *e)
{
	struct mpathpr_dev *dev;
	int r;

	eng_unfence(e, 1, KEY_B, true);
	dev = eng_open(e, 1);
	r = mpathpr_preempt(dev, KEY_B, KEY_A, MPATHPR_TYPE_WE_RO, true, NULL);
	mpathpr_dev_close(dev);
	return r;
}

static void preempt_of_absent_key_is_a_conflict_on_every_kernel(void **state)
{
	struct outcome o;

	(void)state;
	on_every_kernel(preempt_absent_key, 1, &o);
	assert_int_equal(o.rc, -EBADE);
	assert_int_equal(o.holder, KEY_B);
}

/* The LU executed PREEMPT AND ABORT but the answer was lost on path 0. */
static int preempt_answer_lost(struct eng_env *e)
{
	struct spc4_fault rule = SPC4_FAULT_INIT(SPC4_FAULT_TIMEOUT);
	struct mpathpr_dev *dev;
	char p0[32];
	int r;

	eng_unfence(e, 0, KEY_A, true);
	eng_unfence(e, 1, KEY_B, false);
	rule.count = 1;
	rule.opcode = OP_PR_OUT;
	rule.execute = true;
	assert_int_equal(spc4_model_path_fault(e->m, eng_path(1, 0, p0, sizeof(p0)), &rule), 0);
	dev = eng_open(e, 1);
	r = mpathpr_preempt(dev, KEY_B, KEY_A, MPATHPR_TYPE_WE_RO, true, NULL);
	mpathpr_dev_close(dev);
	return r;
}

static void conflict_after_a_lost_answer_is_success_on_every_kernel(void **state)
{
	struct outcome o;

	(void)state;
	on_every_kernel(preempt_answer_lost, 1, &o);
	assert_int_equal(o.rc, 0);
	assert_int_equal(o.key[0][0], 0);
	assert_int_equal(o.holder, KEY_B);
}

/* ---- the classic API's codes ---- */

static void put_be64(uint8_t *b, uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		b[i] = v & 0xff;
}

static int classic_prout(struct eng_env *e, int h, int sa, unsigned int type, uint64_t key,
			 uint64_t sa_key)
{
	struct prout_param_descriptor *p =
		calloc(1, sizeof(*p) + MPATH_MX_TIDS * sizeof(struct transportid *));
	int fd = open_null(), r;

	assert_non_null(p);
	put_be64(p->key, key);
	put_be64(p->sa_key, sa_key);
	r = mpr_classic_prout(e->ctx[h], fd, sa, MPATH_LU_SCOPE, type, p);
	close(fd);
	free(p);
	return r;
}

static int classic_reserve_held_by_other(struct eng_env *e)
{
	eng_unfence(e, 0, KEY_A, true);
	eng_unfence(e, 1, KEY_B, false);
	return classic_prout(e, 1, MPATH_PROUT_RES_SA, MPATH_PRTPE_WE_RO, KEY_B, 0);
}

static void classic_reserve_conflict_is_code_11_on_every_kernel(void **state)
{
	struct outcome o;

	(void)state;
	on_every_kernel(classic_reserve_held_by_other, 1, &o);
	assert_int_equal(o.rc, MPATH_PR_RESERV_CONFLICT);
	assert_int_equal(o.holder, KEY_A);
}

static int classic_register_wrong_key(struct eng_env *e)
{
	eng_unfence(e, 0, KEY_A, false);
	return classic_prout(e, 0, MPATH_PROUT_REG_SA, 0, 0x1234, KEY_B);
}

static void classic_register_conflict_is_code_11_on_every_kernel(void **state)
{
	struct outcome o;

	(void)state;
	on_every_kernel(classic_register_wrong_key, 1, &o);
	assert_int_equal(o.rc, MPATH_PR_RESERV_CONFLICT);
	assert_int_equal(o.key[0][1], KEY_A);
}

static int classic_preempt_absent_key(struct eng_env *e)
{
	eng_unfence(e, 1, KEY_B, true);
	return classic_prout(e, 1, MPATH_PROUT_PREE_AB_SA, MPATH_PRTPE_WE_RO, KEY_B, KEY_A);
}

static void classic_preempt_conflict_is_code_11_on_every_kernel(void **state)
{
	struct outcome o;

	(void)state;
	on_every_kernel(classic_preempt_absent_key, 1, &o);
	assert_int_equal(o.rc, MPATH_PR_RESERV_CONFLICT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sgio_keeps_the_host_byte_of_a_conflict),
		cmocka_unit_test(every_kernel_encoding_is_a_conflict),
		cmocka_unit_test(nexus_failure_without_conflict_status_is_a_path_error),
		cmocka_unit_test(retry_layer_sends_a_conflict_once_on_every_kernel),
		cmocka_unit_test(register_conflict_is_retried_with_ignore_on_every_kernel),
		cmocka_unit_test(register_with_wrong_key_is_a_conflict_on_every_kernel),
		cmocka_unit_test(reserve_held_by_other_is_a_conflict_on_every_kernel),
		cmocka_unit_test(reserve_falls_back_after_a_conflict_on_every_kernel),
		cmocka_unit_test(preempt_abort_fences_on_every_kernel),
		cmocka_unit_test(preempt_of_absent_key_is_a_conflict_on_every_kernel),
		cmocka_unit_test(conflict_after_a_lost_answer_is_success_on_every_kernel),
		cmocka_unit_test(classic_reserve_conflict_is_code_11_on_every_kernel),
		cmocka_unit_test(classic_register_conflict_is_code_11_on_every_kernel),
		cmocka_unit_test(classic_preempt_conflict_is_code_11_on_every_kernel),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
