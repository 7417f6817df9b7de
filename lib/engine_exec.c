/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * engine_exec.c - running path operations: each on a thread of its own
 * (engine_job.c) with the retry layer inside the call's time budget, waited
 * for until a deadline, then recorded in the report.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd_exec.h"
#include "common/cleanup.h"
#include "engine.h"
#include "engine_job.h"
#include "report.h"
#include "waiter.h"

static uint64_t call_now(const struct mpr_call *call)
{
	const struct mpr_transport *t = &call->dev->ctx->transport;
	struct timespec ts;

	if (t->ops->now_us)
		return t->ops->now_us(t->priv);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

void mpr_call_begin(struct mpr_call *call, struct mpathpr_dev *dev,
		    struct mpathpr_report *report)
{
	uint64_t budget_us = (uint64_t)dev->ctx->call_budget_ms * 1000;

	memset(call, 0, sizeof(*call));
	call->dev = dev;
	call->report = report;
	/* The context's deadline, if any, cuts the call's own budget. */
	call->deadline_us = call_now(call);
	if (dev->ctx->deadline_wall_us) {
		uint64_t wall = mpr_wall_now_us();
		uint64_t left = dev->ctx->deadline_wall_us > wall ? dev->ctx->deadline_wall_us - wall : 0;

		budget_us = left < budget_us ? left : budget_us;
	}
	call->deadline_us += budget_us;
}

int mpr_call_fail(struct mpr_call *call, const struct mpr_cmd_result *res)
{
	int err = mpr_result_to_errno(res);

	call->decisive = *res;
	call->have_decisive = true;
	return err < 0 ? err : -EIO;
}

int mpr_call_fail_errno(struct mpr_call *call, int err)
{
	call->have_decisive = false;
	return err;
}

int mpr_op_prout(struct mpr_path_op *op, size_t path, const struct mpr_prout_req *req)
{
	uint32_t len = 0;
	int r;

	memset(op, 0, sizeof(*op));
	r = mpr_prout_param_len(req, &len);
	if (r < 0)
		return r;
	op->data = calloc(1, len ? len : 1);
	if (!op->data)
		return -ENOMEM;
	r = mpr_prout_encode(req, op->cmd.cdb, op->data, len, &len);
	if (r < 0) {
		mpr_op_done(op);
		return r;
	}
	op->path = path;
	op->pr_out = true;
	op->sa = req->sa;
	op->cmd.cdb_len = MPR_PR_CDB_LEN;
	op->cmd.dir = MPR_DIR_TO_DEV;
	op->cmd.data_len = len;
	return 0;
}

int mpr_op_prin(struct mpr_path_op *op, size_t path, uint8_t sa, uint16_t alloc_len)
{
	int r;

	memset(op, 0, sizeof(*op));
	r = mpr_prin_cdb_build(sa, alloc_len, op->cmd.cdb);
	if (r < 0)
		return r;
	op->data = calloc(1, alloc_len ? alloc_len : 1);
	if (!op->data)
		return -ENOMEM;
	op->path = path;
	op->sa = sa;
	op->cmd.cdb_len = MPR_PR_CDB_LEN;
	op->cmd.dir = MPR_DIR_FROM_DEV;
	op->cmd.data_len = alloc_len;
	return 0;
}

void mpr_op_done(struct mpr_path_op *op)
{
	free(op->data);
	op->data = NULL;
}

void mpr_ops_done(struct mpr_path_op *ops, size_t n)
{
	for (size_t i = 0; ops && i < n; i++)
		mpr_op_done(&ops[i]);
}

/* The call's time budget is spent: a timeout, never a success. */
static void op_budget_spent(struct mpr_path_op *op)
{
	memset(&op->res, 0, sizeof(op->res));
	op->res.os_error = ETIMEDOUT;
	op->res.timed_out = true;
	op->outcome = mpr_result_classify(&op->res);
}

static uint64_t budget_left(const struct mpr_call *call)
{
	uint64_t now = call_now(call);

	/* 0 here means "spent": nothing is sent */
	return now < call->deadline_us ? call->deadline_us - now : 0;
}

uint64_t mpr_call_wall_deadline(const struct mpr_call *call, uint64_t wait_us)
{
	uint64_t left = budget_left(call);

	return mpr_wall_now_us() + (wait_us && wait_us < left ? wait_us : left);
}

int mpr_call_start(struct mpr_call *call, struct mpr_path_op *op)
{
	uint64_t budget = budget_left(call);
	int r;

	op->major = call->dev->topo->paths[op->path].major;
	op->minor = call->dev->topo->paths[op->path].minor;
	op->cmd.data = op->data;
	memset(&op->res, 0, sizeof(op->res));
	if (!budget) {
		op_budget_spent(op);
		return -ETIMEDOUT;
	}
	r = mpr_job_start(call, op, budget);
	if (r < 0) {
		op->res.os_error = -r;
		op->outcome = mpr_result_classify(&op->res);
	}
	return r;
}

void mpr_call_record(struct mpr_call *call, struct mpr_path_op *op)
{
	const char *devnode = call->dev->topo->paths[op->path].devnode;
	char what[160];

	op->outcome = mpr_result_classify(&op->res);
	/* A session that failed under this command is not asked again by the
	 * other devices either (it blocks new commands until it recovers). */
	if (op->res.host_status == MPR_DID_NO_CONNECT ||
	    op->res.host_status == MPR_DID_TRANSPORT_DISRUPTED ||
	    op->res.host_status == MPR_DID_TRANSPORT_FAILFAST)
		mpr_dev_path_set_session_failed(call->dev, op->path);
	mpr_debug(&call->dev->ctx->log, "%s %s: %s -> %s (%u attempt(s), %" PRIu64 " us)%s",
		  call->dev->topo->name, devnode, mpr_cdb_name(op->cmd.cdb, op->cmd.cdb_len),
		  mpr_result_format(&op->res, what, sizeof(what)), op->res.attempts,
		  op->res.duration_us, op->res.no_answer ? ", no answer: not waited for" : "");
	mpr_report_add(call->report, devnode, op->pr_out, op->sa, &op->res);
}

/*
 * Every op on its own thread; wait for each until the io timeout (or the
 * call's budget, if less) and no longer: a path that has not answered by
 * then is reported as not answering, not waited for.
 */
void mpr_call_run(struct mpr_call *call, struct mpr_path_op *ops, size_t n)
{
	mpr_call_run_wait(call, ops, n, (uint64_t)call->dev->ctx->io_timeout_ms * 1000);
}

void mpr_call_run_wait(struct mpr_call *call, struct mpr_path_op *ops, size_t n,
		       uint64_t wait_us)
{
	_cleanup_free_ struct mpr_path_op **pending = calloc(n ? n : 1, sizeof(*pending));
	uint64_t until = mpr_call_wall_deadline(call, wait_us);
	uint64_t t0 = mpr_wall_now_us();
	size_t np = 0, k;

	for (size_t i = 0; i < n; i++) {
		if (pending && mpr_call_start(call, &ops[i]) == 0)
			pending[np++] = &ops[i];
		else if (!pending)
			op_budget_spent(&ops[i]);
	}
	while (np > 0) {
		if (!mpr_job_wait(call, pending, np, until, &k)) {
			for (size_t i = 0; i < np; i++) {
				mpr_job_abandon(call, pending[i]);
				if (pending[i]->res.no_answer)
					pending[i]->res.duration_us = mpr_wall_now_us() - t0;
			}
			break;
		}
		pending[k] = pending[--np];
	}
	for (size_t i = 0; i < n; i++)
		mpr_call_record(call, &ops[i]);
}
