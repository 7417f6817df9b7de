/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * engine_lu.c - the PR OUT actions that act on the logical unit rather than
 * on a nexus: RESERVE, RELEASE, CLEAR, PREEMPT (AND ABORT), REGISTER AND MOVE.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/cleanup.h"
#include "engine.h"
#include "mpathpr/mpathpr.h"
#include "policy.h"

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

struct reserve_check {
	const struct mpr_prout_req *req;
	size_t repairs;
};

/*
 * A conflict: someone else holds it, or this path's nexus has no
 * registration (repaired here, if our key is registered elsewhere: the path
 * came back after 'on'), or we were fenced (our key registered nowhere).
 */
static int reserve_check(struct mpr_call *call, size_t path, const struct mpr_cmd_result *res,
			 bool maybe_executed, void *data)
{
	struct reserve_check *rc = data;
	const struct mpr_prout_req *req = rc->req;
	struct mpr_prin_resv rv;
	uint64_t *keys = NULL;
	size_t n = 0, own;
	uint32_t gen;
	int r;

	if (mpr_read_resv(call, SIZE_MAX, &rv) < 0)
		return -EIO;
	if (rv.held && rv.type == req->type && (rv.key == req->key || mpr_pr_type_all_registrants(rv.type)))
		return 0;
	if (rv.held)
		return -EIO;
	if (mpr_read_keys_on(call, SIZE_MAX, &gen, &keys, &n) < 0)
		return -EIO;
	own = mpr_keys_count(keys, n, req->key);
	free(keys);
	if (!own || rc->repairs >= call->dev->topo->n_paths)
		return -EIO;
	rc->repairs++;
	r = mpr_nexus_repair(call, path, req->key, own);
	return r == 0 ? MPR_CHECK_RESEND : r;
}

int mpr_do_reserve(struct mpr_call *call, uint64_t key, uint8_t type)
{
	struct mpr_prout_req req = { .sa = MPR_PROUT_RESERVE, .key = key, .type = type };
	struct reserve_check rc = { .req = &req };
	int r = mpr_path_walk(call, &req, MPR_SINGLE_RESERVE, reserve_check, &rc, NULL);

	return r == MPR_WALK_EXHAUSTED ? mpr_call_fail(call, &call->decisive) : r;
}

/*
 * Re-register @key on every usable path but @except (after preempting our
 * own key), keeping persistence through power loss as it was (@aptpl): the
 * last REGISTER decides it for the whole LU.
 */
static int reregister_others(struct mpr_call *call, uint64_t key, size_t except, bool aptpl)
{
	struct mpathpr_dev *dev = call->dev;
	struct mpr_prout_req req = { .sa = MPR_PROUT_REGISTER_IGNORE, .sa_key = key,
				     .aptpl = aptpl };
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

/* Is persistence through power loss active on the LU (REPORT CAPABILITIES)? */
bool mpr_aptpl_active(struct mpr_call *call)
{
	struct mpr_prin_caps c;
	struct mpr_path_op op;
	bool on = false;

	if (mpr_prin_any(call, SIZE_MAX, MPR_PRIN_REPORT_CAPABILITIES, &op) < 0)
		return false;
	if (mpr_prin_caps_decode(op.data, op.res.transferred, &c) == 0)
		on = c.ptpl_a;
	mpr_op_done(&op);
	return on;
}

static void map_suspend(struct mpr_call *call, bool suspended)
{
	struct mpathpr_dev *dev = call->dev;
	int r;

	if (!dev->ctx->suspend || dev->topo->kind != MPR_DEV_MULTIPATH)
		return;
	r = dev->ctx->suspend(dev->ctx->suspend_data, dev->topo->name, suspended);
	mpr_debug(&dev->ctx->log, "%s: %s the map (noflush): %s", dev->topo->name,
		  suspended ? "suspending" : "resuming", r < 0 ? strerror(-r) : "done");
}

/*
 * Preempt our own key through a live path (the reservation moves there; our
 * other nexuses lose their registration) and register those again.  The
 * map is suspended meanwhile, as libmpathpersist does, so that writes in
 * flight on the other paths wait instead of meeting a conflict.
 */
static int move_to_live_path(struct mpr_call *call, uint64_t key, uint8_t type,
			     size_t *ret_path)
{
	struct mpr_prout_req req = { .sa = MPR_PROUT_PREEMPT, .key = key, .sa_key = key,
				     .type = type };
	bool aptpl = mpr_aptpl_active(call);
	int r;

	map_suspend(call, true);
	r = mpr_single_prout(call, &req, ret_path);
	if (r == 0)
		r = reregister_others(call, key, *ret_path, aptpl);
	map_suspend(call, false);
	return r;
}

/*
 * The nexus holding the reservation is not reachable: move the reservation
 * to a live path by preempting our own key there, then release it.
 */
static int release_via_preempt(struct mpr_call *call, uint64_t key, uint8_t type)
{
	struct mpr_prout_req req = { .sa = MPR_PROUT_RELEASE, .key = key, .type = type };
	struct mpr_cmd_result res;
	struct mpr_prin_resv rv;
	enum mpr_outcome o;
	size_t p;
	int r;

	mpr_debug(&call->dev->ctx->log, "%s: holder path unreachable, moving the reservation",
		  call->dev->topo->name);
	r = move_to_live_path(call, key, type, &p);
	if (r < 0)
		return r;
	r = send_on(call, p, &req, &o, &res);
	if (r < 0)
		return mpr_call_fail_errno(call, r);
	if (o != MPR_OUTCOME_OK)
		return mpr_call_fail(call, &res);
	r = mpr_read_resv(call, p, &rv);
	if (r < 0)
		return r;
	return rv.held && rv.key == key ? mpr_call_fail(call, &res) : 0;
}

/* GOOD from a nexus that is not the holder releases nothing: look. */
static int release_check(struct mpr_call *call, size_t path, const struct mpr_cmd_result *res,
			 bool maybe_executed, void *data)
{
	struct mpr_prin_resv rv;
	int r = mpr_read_resv(call, path, &rv);

	if (r < 0)
		return r;
	return rv.held ? 1 : 0;
}

int mpr_do_release(struct mpr_call *call, uint64_t key, uint8_t type)
{
	struct mpr_prout_req req = { .sa = MPR_PROUT_RELEASE, .key = key, .type = type };
	struct mpr_prin_resv rv;
	int r = mpr_read_resv(call, SIZE_MAX, &rv);

	if (r < 0)
		return r;
	/* Not ours to release: SPC-4 makes that a successful no-op. */
	if (!rv.held || (rv.key != key && !mpr_pr_type_all_registrants(rv.type)))
		return 0;
	/*
	 * The wrong type is the caller's mistake, not a dead holder path: let
	 * the device answer it (ILLEGAL REQUEST 26/04, or a conflict on some
	 * targets) and never "fix" it by moving the reservation.
	 */
	if (rv.type != type) {
		r = mpr_single_prout(call, &req, NULL);
		if (r < 0)
			return r;
		r = mpr_read_resv(call, SIZE_MAX, &rv);
		if (r < 0)
			return r;
		return rv.held ? mpr_call_fail_errno(call, -EBADE) : 0;
	}
	r = mpr_path_walk(call, &req, MPR_SINGLE_RELEASE, release_check, NULL, NULL);
	if (r != MPR_WALK_EXHAUSTED)
		return r;
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
		return reregister_others(call, key, p, mpr_aptpl_active(call));
	return 0;
}

/* Relative target port of the reservation holder's nexus (READ FULL STATUS). */
static int holder_rel_tgt_port(struct mpr_call *call, uint64_t key, uint16_t *ret_port)
{
	struct mpr_path_op op;
	struct mpr_prin_full f;
	_cleanup_free_ struct mpr_prin_fs_desc *desc = NULL;
	int r = mpr_prin_full_status(call, &op);

	if (r < 0)
		return r;
	r = mpr_prin_full_decode(op.data, op.res.transferred, NULL, 0, &f);
	if (r == 0 && (desc = calloc(f.n_present + 1, sizeof(*desc))))
		r = mpr_prin_full_decode(op.data, op.res.transferred, desc, f.n_present, &f);
	mpr_op_done(&op);
	if (r < 0 || !desc)
		return mpr_call_fail_errno(call, r < 0 ? -EPROTO : -ENOMEM);
	for (size_t i = 0; i < f.n_desc; i++)
		if (desc[i].r_holder && desc[i].key == key) {
			*ret_port = desc[i].rel_tgt_port;
			return 0;
		}
	return mpr_call_fail_errno(call, -EBADE);
}

int mpr_do_register_move(struct mpr_call *call, uint64_t key, uint64_t sa_key, uint8_t type,
			 bool aptpl, bool unreg, uint16_t rel_tgt_port, const struct mpr_tid *tid)
{
	struct mpr_prout_req req = {
		.sa = MPR_PROUT_REGISTER_AND_MOVE, .key = key, .sa_key = sa_key, .type = type,
		.aptpl = aptpl, .unreg = unreg, .rel_tgt_port = rel_tgt_port,
		.tids = tid, .n_tids = tid ? 1 : 0,
	};
	int r;

	/* Unless told otherwise, the destination keeps the holder's target port. */
	if (!req.rel_tgt_port) {
		r = holder_rel_tgt_port(call, key, &req.rel_tgt_port);
		if (r < 0)
			return r;
	}
	r = mpr_path_walk(call, &req, MPR_SINGLE_MOVE, NULL, NULL, NULL);
	return r == MPR_WALK_EXHAUSTED ? mpr_call_fail(call, &call->decisive) : r;
}
