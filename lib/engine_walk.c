/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * engine_walk.c - a command for the logical unit, sent through one path at a
 * time, hedged: when the path tried has not answered within the context's
 * path wait, the same command also goes to the next path, and whichever
 * answer comes first and is final decides.  A path whose packets are lost
 * therefore costs one path wait, not the whole budget.  Paths are tried in
 * the order mpr_dev_path_order() gives (the one that answered last first).
 *
 * Sending a PR OUT again on another path while the first may still execute
 * is safe because every answer that could be the echo of an earlier attempt
 * (a conflict after a lost answer) is checked against the device's state
 * before it is believed (the check functions of engine_single.c and
 * engine_lu.c).  Below every PR IN and PR OUT algorithm (engine_in.c,
 * engine_single.c, engine_out.c, engine_lu.c): it only sends and judges.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/cleanup.h"
#include "engine.h"
#include "engine_job.h"
#include "policy.h"
#include "waiter.h"

#define WALK_NEXT	1
#define WALK_RESEND	2

struct walk {
	struct mpr_call *call;
	/* Build the command for @path. */
	int (*prepare)(struct mpr_call *call, size_t path, struct mpr_path_op *op, void *data);
	/* 0 final success, WALK_NEXT, WALK_RESEND or a negative errno. */
	int (*judge)(struct mpr_call *call, struct mpr_path_op *op, bool maybe_executed,
		     void *data);
	void *data;
	size_t *order, n_order, next;
	struct mpr_path_op *ops;	/* one per entry of @order */
	struct mpr_path_op **pending;
	size_t n_pending;
	bool maybe_executed;
};

static int walk_start(struct walk *w, size_t slot)
{
	struct mpr_path_op *op = &w->ops[slot];
	int r;

	mpr_op_done(op);
	r = w->prepare(w->call, w->order[slot], op, w->data);
	if (r < 0)
		return mpr_call_fail_errno(w->call, r);
	if (mpr_call_start(w->call, op) < 0) {
		/* Not started: its result says why; judge it like an answer. */
		mpr_call_record(w->call, op);
		return w->judge(w->call, op, w->maybe_executed, w->data);
	}
	w->pending[w->n_pending++] = op;
	return WALK_NEXT;
}

static void walk_abandon_all(struct walk *w)
{
	for (size_t i = 0; i < w->n_pending; i++) {
		mpr_job_abandon(w->call, w->pending[i]);
		mpr_call_record(w->call, w->pending[i]);
	}
	w->n_pending = 0;
}

/* Start the next path in the order; WALK_NEXT when started or none is left. */
static int walk_start_next(struct walk *w)
{
	int r = WALK_NEXT;

	while (r == WALK_NEXT && w->next < w->n_order) {
		size_t before = w->n_pending;

		r = walk_start(w, w->next++);
		if (w->n_pending > before)
			return WALK_NEXT;
	}
	return r;
}

/*
 * Run the walk; on success (0) *ret_op holds the deciding op (the caller
 * frees it with mpr_op_done()).  MPR_WALK_EXHAUSTED when every path gave a
 * non-final answer (the last one is the call's decisive result).
 */
static int walk_run(struct walk *w, struct mpr_path_op *ret_op)
{
	struct mpr_call *call = w->call;
	uint64_t wait_us = (uint64_t)call->dev->ctx->path_wait_ms * 1000;
	uint64_t hedge_at, final_at = mpr_call_wall_deadline(call, 0);
	struct mpr_cmd_result last = { 0 };
	bool answered = false;
	int r = walk_start_next(w);

	hedge_at = mpr_call_wall_deadline(call, wait_us);
	while (r == WALK_NEXT && w->n_pending > 0) {
		bool more = w->next < w->n_order;
		size_t k;
		struct mpr_path_op *op;

		if (!mpr_job_wait(call, w->pending, w->n_pending, more ? hedge_at : final_at, &k)) {
			if (!more || mpr_wall_now_us() >= final_at)
				break;
			/* Silent past the path wait: the LU may still execute it. */
			w->maybe_executed = true;
			r = walk_start_next(w);
			hedge_at = mpr_call_wall_deadline(call, wait_us);
			continue;
		}
		op = w->pending[k];
		w->pending[k] = w->pending[--w->n_pending];
		mpr_call_record(call, op);
		last = op->res;
		answered = true;
		/* The path that answered first is the one to try first next time. */
		if (op->outcome != MPR_OUTCOME_PATH_ERROR && op->outcome != MPR_OUTCOME_RETRY)
			mpr_dev_path_answered(call->dev, op->path);
		r = w->judge(call, op, w->maybe_executed, w->data);
		if (op->outcome == MPR_OUTCOME_PATH_ERROR || op->outcome == MPR_OUTCOME_RETRY)
			w->maybe_executed = true;
		if (r == 0) {
			*ret_op = *op;
			op->data = NULL;
			break;
		}
		if (r == WALK_RESEND) {
			r = walk_start(w, (size_t)(op - w->ops));
		} else if (r == WALK_NEXT) {
			r = walk_start_next(w);
			hedge_at = mpr_call_wall_deadline(call, wait_us);
		}
	}
	if (r == WALK_NEXT && w->n_pending > 0) {
		/* Nobody answered in the call's time: a timeout, never a success. */
		walk_abandon_all(w);
		return mpr_call_fail(call, &(struct mpr_cmd_result){ .os_error = ETIMEDOUT,
								     .timed_out = true,
								     .no_answer = true });
	}
	walk_abandon_all(w);
	if (r == WALK_NEXT) {
		if (answered)
			mpr_call_fail(call, &last);
		return MPR_WALK_EXHAUSTED;
	}
	return r;
}

static int walk(struct mpr_call *call, struct walk *w, struct mpr_path_op *ret_op,
		size_t *ret_path)
{
	struct mpathpr_dev *dev = call->dev;
	size_t n = dev->topo->n_paths;
	_cleanup_free_ size_t *order = calloc(n + 1, sizeof(*order));
	_cleanup_free_ struct mpr_path_op *ops = calloc(n + 1, sizeof(*ops));
	_cleanup_free_ struct mpr_path_op **pending = calloc(n + 1, sizeof(*pending));
	struct mpr_path_op done = { 0 };
	int r;

	if (!order || !ops || !pending)
		return mpr_call_fail_errno(call, -ENOMEM);
	w->call = call;
	w->order = order;
	w->ops = ops;
	w->pending = pending;
	w->n_order = mpr_dev_path_order(dev, order);
	if (!w->n_order)
		return mpr_call_fail_errno(call, -ENOLINK);
	r = walk_run(w, &done);
	mpr_ops_done(ops, n);
	if (r == 0) {
		if (ret_path)
			*ret_path = done.path;
		if (ret_op)
			*ret_op = done;
		else
			mpr_op_done(&done);
	}
	return r;
}

/* ---- PR OUT ---- */

struct prout_walk {
	const struct mpr_prout_req *req;
	enum mpr_single_op kind;
	mpr_step_check_fn check;
	void *data;
};

static int prout_prepare(struct mpr_call *call, size_t path, struct mpr_path_op *op, void *data)
{
	const struct prout_walk *pw = data;

	return mpr_op_prout(op, path, pw->req);
}

static int prout_judge(struct mpr_call *call, struct mpr_path_op *op, bool maybe_executed,
		       void *data)
{
	const struct prout_walk *pw = data;
	enum mpr_step step = mpr_single_step(pw->kind, op->outcome);
	int r;

	/*
	 * A conflict after an attempt whose answer was lost: the LU may have
	 * executed that one (a preempted victim, a cleared LU, a released
	 * reservation), so look before calling it a failure.
	 */
	if (op->outcome == MPR_OUTCOME_CONFLICT && maybe_executed && pw->check)
		step = MPR_STEP_CHECK;
	switch (step) {
	case MPR_STEP_DONE:
		return 0;
	case MPR_STEP_NEXT_PATH:
		return WALK_NEXT;
	case MPR_STEP_CHECK:
		r = pw->check ? pw->check(call, op->path, &op->res, maybe_executed, pw->data)
			      : -EIO;
		if (r == MPR_CHECK_NEXT)
			return WALK_NEXT;
		if (r == MPR_CHECK_RESEND)
			return WALK_RESEND;
		if (r == -EIO)
			return mpr_call_fail(call, &op->res);
		return r;
	default:
		return mpr_call_fail(call, &op->res);
	}
}

int mpr_path_walk(struct mpr_call *call, const struct mpr_prout_req *req,
		  enum mpr_single_op kind, mpr_step_check_fn check, void *data,
		  size_t *ret_path)
{
	struct prout_walk pw = { .req = req, .kind = kind, .check = check, .data = data };
	struct walk w = { .prepare = prout_prepare, .judge = prout_judge, .data = &pw };

	return walk(call, &w, NULL, ret_path);
}

/* ---- PR IN ---- */

struct prin_walk {
	uint8_t sa;
	uint16_t alloc_len;
};

static int prin_prepare(struct mpr_call *call, size_t path, struct mpr_path_op *op, void *data)
{
	const struct prin_walk *pw = data;

	return mpr_op_prin(op, path, pw->sa, pw->alloc_len);
}

static int prin_judge(struct mpr_call *call, struct mpr_path_op *op, bool maybe_executed,
		      void *data)
{
	switch (mpr_single_step(MPR_SINGLE_PRIN, op->outcome)) {
	case MPR_STEP_DONE:
		return 0;
	case MPR_STEP_NEXT_PATH:
		return WALK_NEXT;
	default:
		return mpr_call_fail(call, &op->res);
	}
}

int mpr_prin_walk(struct mpr_call *call, uint8_t sa, uint16_t alloc_len, struct mpr_path_op *ret_op)
{
	struct prin_walk pw = { .sa = sa, .alloc_len = alloc_len };
	struct walk w = { .prepare = prin_prepare, .judge = prin_judge, .data = &pw };
	int r = walk(call, &w, ret_op, NULL);

	return r == MPR_WALK_EXHAUSTED ? -EIO : r;
}
