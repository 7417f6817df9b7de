/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * engine_exec.c - running path operations: open the path's handle, send with
 * the retry layer inside the call's time budget, record the outcome.
 * Parallel rounds use one short-lived thread per path; every thread owns its
 * op and its path's handle slot, nothing else is shared.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd_exec.h"
#include "engine.h"
#include "report.h"

#define WORKER_STACK_SIZE (128 * 1024)

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
	memset(call, 0, sizeof(*call));
	call->dev = dev;
	call->report = report;
	call->deadline_us = call_now(call) + (uint64_t)dev->ctx->call_budget_ms * 1000;
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

struct worker {
	struct mpr_call *call;
	struct mpr_path_op *op;
	uint64_t budget_us;
};

static void op_execute(struct mpr_call *call, struct mpr_path_op *op, uint64_t budget_us)
{
	struct mpathpr_dev *dev = call->dev;
	struct mpr_retry_policy policy;
	int handle, r;

	memset(&op->res, 0, sizeof(op->res));
	op->cmd.data = op->data;
	if (!budget_us) {
		/* the call's time budget is spent: a timeout, never a success */
		op->res.os_error = ETIMEDOUT;
		op->res.timed_out = true;
		op->outcome = mpr_result_classify(&op->res);
		return;
	}
	r = mpr_dev_handle(dev, op->path, &handle);
	if (r < 0) {
		op->res.os_error = -r;
		op->outcome = mpr_result_classify(&op->res);
		return;
	}
	mpr_retry_policy_default(&policy);
	policy.io_timeout_ms = dev->ctx->io_timeout_ms;
	policy.budget_us = budget_us;
	mpr_cmd_execute(&dev->ctx->transport, handle, &op->cmd, &policy, &dev->ctx->log,
			&op->res);
	op->outcome = mpr_result_classify(&op->res);
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;

	op_execute(w->call, w->op, w->budget_us);
	return NULL;
}

static uint64_t budget_left(const struct mpr_call *call)
{
	uint64_t now = call_now(call);

	/* 0 here means "spent": op_execute then sends nothing */
	return now < call->deadline_us ? call->deadline_us - now : 0;
}

static void run_parallel(struct mpr_call *call, struct mpr_path_op *ops, size_t n,
			 uint64_t budget)
{
	pthread_t *tids = calloc(n, sizeof(*tids));
	struct worker *w = calloc(n, sizeof(*w));
	bool *started = calloc(n, sizeof(*started));
	pthread_attr_t attr;

	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, WORKER_STACK_SIZE);
	/* The last path is done here, while the threads do the others. */
	for (size_t i = 0; i < n; i++) {
		if (!tids || !w || !started || i == n - 1) {
			op_execute(call, &ops[i], budget);
			continue;
		}
		w[i] = (struct worker){ .call = call, .op = &ops[i], .budget_us = budget };
		started[i] = pthread_create(&tids[i], &attr, worker_main, &w[i]) == 0;
		/* Out of threads: do this path ourselves rather than fail. */
		if (!started[i])
			op_execute(call, &ops[i], budget);
	}
	for (size_t i = 0; tids && w && started && i < n; i++)
		if (started[i])
			pthread_join(tids[i], NULL);
	pthread_attr_destroy(&attr);
	free(tids);
	free(w);
	free(started);
}

void mpr_call_run(struct mpr_call *call, struct mpr_path_op *ops, size_t n)
{
	uint64_t budget = budget_left(call);

	for (size_t i = 0; i < n; i++) {
		ops[i].major = call->dev->topo->paths[ops[i].path].major;
		ops[i].minor = call->dev->topo->paths[ops[i].path].minor;
	}
	if (n == 1)
		op_execute(call, &ops[0], budget);
	else if (n > 1)
		run_parallel(call, ops, n, budget);
	for (size_t i = 0; i < n; i++) {
		const char *devnode = call->dev->topo->paths[ops[i].path].devnode;
		char what[160];

		mpr_debug(&call->dev->ctx->log, "%s %s: %s -> %s (%u attempt(s), %" PRIu64 " us)",
			  call->dev->topo->name, devnode, mpr_cdb_name(ops[i].cmd.cdb, ops[i].cmd.cdb_len),
			  mpr_result_format(&ops[i].res, what, sizeof(what)), ops[i].res.attempts,
			  ops[i].res.duration_us);
		mpr_report_add(call->report, devnode, ops[i].pr_out, ops[i].sa, &ops[i].res);
	}
}
