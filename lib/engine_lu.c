/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * engine_lu.c - the PR OUT actions that act on the logical unit rather than
 * on a nexus: RESERVE, RELEASE, CLEAR, PREEMPT (AND ABORT), REGISTER AND MOVE.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "engine.h"
#include "mpathpr/mpathpr.h"
#include "policy.h"

static bool all_registrants(uint8_t type)
{
	return type == MPR_PR_TYPE_WE_AR || type == MPR_PR_TYPE_EA_AR;
}

/* Send one PR OUT on path @i and return its outcome (result in *ret_res). */
static int send_on(struct mpr_call *call, size_t i, const struct mpr_prout_req *req,
		   enum mpr_outcome *ret_outcome, struct mpr_cmd_result *ret_res)
{
	struct mpr_path_op op;
	int r = mpr_op_prout(&op, i, req);

	if (r < 0)
		return r;
	mpr_call_run(call, &op, 1);
	*ret_outcome = op.outcome;
	*ret_res = op.res;
	mpr_op_done(&op);
	return 0;
}

int mpr_do_reserve(struct mpr_call *call, uint64_t key, uint8_t type)
{
	struct mpathpr_dev *dev = call->dev;
	struct mpr_prout_req req = { .sa = MPR_PROUT_RESERVE, .key = key, .type = type };
	struct mpr_cmd_result last = { 0 };
	bool tried = false;

	for (size_t i = 0; i < dev->topo->n_paths; i++) {
		struct mpr_prin_resv rv;
		enum mpr_outcome o;
		int r;

		if (!mpr_dev_path_usable(dev, i))
			continue;
		tried = true;
		r = send_on(call, i, &req, &o, &last);
		if (r < 0)
			return mpr_call_fail_errno(call, r);
		switch (mpr_single_step(MPR_SINGLE_RESERVE, o)) {
		case MPR_STEP_DONE:
			return 0;
		case MPR_STEP_NEXT_PATH:
			continue;
		case MPR_STEP_CHECK:
			/* Conflict: someone holds it, or this nexus is not registered. */
			if (mpr_read_resv(call, SIZE_MAX, &rv) < 0)
				return mpr_call_fail(call, &last);
			if (rv.held && (rv.key == key || all_registrants(rv.type)) && rv.type == type)
				return 0;
			if (rv.held)
				return mpr_call_fail(call, &last);
			continue;
		default:
			return mpr_call_fail(call, &last);
		}
	}
	if (!tried)
		return mpr_call_fail_errno(call, -ENOLINK);
	return mpr_call_fail(call, &last);
}

/* Re-register @key on every usable path but @except (after preempting our own key). */
static int reregister_others(struct mpr_call *call, uint64_t key, size_t except)
{
	struct mpathpr_dev *dev = call->dev;
	struct mpr_prout_req req = { .sa = MPR_PROUT_REGISTER_IGNORE, .sa_key = key };
	_cleanup_free_ struct mpr_path_op *ops = calloc(dev->topo->n_paths + 1, sizeof(*ops));
	size_t n = 0;
	int r = 0;

	if (!ops)
		return -ENOMEM;
	for (size_t i = 0; i < dev->topo->n_paths; i++) {
		if (i == except || !mpr_dev_path_usable(dev, i))
			continue;
		r = mpr_op_prout(&ops[n], i, &req);
		if (r < 0) {
			mpr_ops_done(ops, n);
			return mpr_call_fail_errno(call, r);
		}
		n++;
	}
	mpr_call_run(call, ops, n);
	for (size_t i = 0; i < n && !r; i++)
		if (ops[i].outcome != MPR_OUTCOME_OK)
			r = mpr_call_fail(call, &ops[i].res);
	mpr_ops_done(ops, n);
	return r;
}

/*
 * The nexus holding the reservation is not reachable: move the reservation
 * to a live path by preempting our own key there, release it, and give the
 * other live paths their registration back.
 */
static int release_via_preempt(struct mpr_call *call, uint64_t key, uint8_t type)
{
	struct mpr_prout_req req = { .sa = MPR_PROUT_PREEMPT, .key = key, .sa_key = key,
				     .type = type };
	struct mpr_cmd_result res;
	struct mpr_prin_resv rv;
	enum mpr_outcome o;
	size_t p;
	int r;

	mpr_debug(&call->dev->ctx->log, "%s: holder path unreachable, moving the reservation",
		  call->dev->topo->name);
	r = mpr_single_prout(call, &req, &p);
	if (r < 0)
		return r;
	req = (struct mpr_prout_req){ .sa = MPR_PROUT_RELEASE, .key = key, .type = type };
	r = send_on(call, p, &req, &o, &res);
	if (r < 0)
		return mpr_call_fail_errno(call, r);
	if (o != MPR_OUTCOME_OK)
		return mpr_call_fail(call, &res);
	r = reregister_others(call, key, p);
	if (r < 0)
		return r;
	r = mpr_read_resv(call, p, &rv);
	if (r < 0)
		return r;
	return rv.held && rv.key == key ? mpr_call_fail(call, &res) : 0;
}

int mpr_do_release(struct mpr_call *call, uint64_t key, uint8_t type)
{
	struct mpathpr_dev *dev = call->dev;
	struct mpr_prout_req req = { .sa = MPR_PROUT_RELEASE, .key = key, .type = type };
	struct mpr_cmd_result last = { 0 };
	struct mpr_prin_resv rv;
	int r = mpr_read_resv(call, SIZE_MAX, &rv);

	if (r < 0)
		return r;
	/* Not ours to release: SPC-4 makes that a successful no-op. */
	if (!rv.held || (rv.key != key && !all_registrants(rv.type)))
		return 0;
	for (size_t i = 0; i < dev->topo->n_paths; i++) {
		enum mpr_outcome o;

		if (!mpr_dev_path_usable(dev, i))
			continue;
		r = send_on(call, i, &req, &o, &last);
		if (r < 0)
			return mpr_call_fail_errno(call, r);
		switch (mpr_single_step(MPR_SINGLE_RELEASE, o)) {
		case MPR_STEP_CHECK:
			/* GOOD from a nexus that is not the holder releases nothing. */
			r = mpr_read_resv(call, i, &rv);
			if (r < 0)
				return r;
			if (!rv.held)
				return 0;
			continue;
		case MPR_STEP_NEXT_PATH:
			continue;
		default:
			return mpr_call_fail(call, &last);
		}
	}
	if (!mpr_dev_usable_count(dev))
		return mpr_call_fail_errno(call, -ENOLINK);
	return release_via_preempt(call, key, rv.type);
}

int mpr_do_clear(struct mpr_call *call, uint64_t key)
{
	struct mpr_prout_req req = { .sa = MPR_PROUT_CLEAR, .key = key };

	return mpr_single_prout(call, &req, NULL);
}

int mpr_do_preempt(struct mpr_call *call, uint64_t key, uint64_t victim, uint8_t type,
		   bool abort)
{
	struct mpr_prout_req req = {
		.sa = abort ? MPR_PROUT_PREEMPT_AND_ABORT : MPR_PROUT_PREEMPT,
		.key = key, .sa_key = victim, .type = type,
	};
	size_t p;
	int r = mpr_single_prout(call, &req, &p);

	if (r < 0)
		return r;
	/* Preempting our own key unregistered our other nexuses: restore them. */
	if (victim == key)
		return reregister_others(call, key, p);
	return 0;
}

int mpr_do_register_move(struct mpr_call *call, uint64_t key, uint64_t sa_key, uint8_t type,
			 bool aptpl, bool unreg, uint16_t rel_tgt_port, const struct mpr_tid *tid)
{
	struct mpr_prout_req req = {
		.sa = MPR_PROUT_REGISTER_AND_MOVE, .key = key, .sa_key = sa_key, .type = type,
		.aptpl = aptpl, .unreg = unreg, .rel_tgt_port = rel_tgt_port,
		.tids = tid, .n_tids = tid ? 1 : 0,
	};

	return mpr_single_prout(call, &req, NULL);
}
