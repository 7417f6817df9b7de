/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * engine_single.c - a PR OUT for the logical unit (PREEMPT, CLEAR) through
 * one path at a time (engine_walk.c), and what a RESERVATION CONFLICT on
 * that path means: read the keys; a nexus of this node that lacks its
 * registration (a path that came back after 'on') is registered again and
 * the command resent, a node whose key is gone has been fenced.  The nexus
 * repair also serves RESERVE's check (engine_lu.c).  Above the path walk
 * and the PR IN blocks (engine_in.c), below engine_out.c and engine_lu.c.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "engine.h"
#include "policy.h"

size_t mpr_keys_count(const uint64_t *keys, size_t n, uint64_t key)
{
	size_t c = 0;

	for (size_t i = 0; i < n; i++)
		c += keys[i] == key;
	return c;
}

/* Send one PR OUT on @path alone; its outcome in *ret. */
static int prout_on(struct mpr_call *call, size_t path, const struct mpr_prout_req *req,
		    struct mpr_path_op *ret)
{
	int r = mpr_op_prout(ret, path, req);

	if (r < 0)
		return mpr_call_fail_errno(call, r);
	mpr_call_run(call, ret, 1);
	return 0;
}

int mpr_nexus_repair(struct mpr_call *call, size_t path, uint64_t key, size_t count)
{
	struct mpr_prout_req reg = { .sa = MPR_PROUT_REGISTER_IGNORE, .sa_key = key };
	struct mpr_prout_req undo = { .sa = MPR_PROUT_REGISTER, .key = key, .sa_key = 0 };
	struct mpr_path_op op;
	uint64_t *keys = NULL;
	size_t n = 0, now;
	uint32_t gen;
	int r;

	mpr_debug(&call->dev->ctx->log, "%s: path %s: nexus without this node's registration "
		  "(key registered through %zu other nexus(es)): registering it",
		  call->dev->topo->name, call->dev->topo->paths[path].devnode, count);
	r = prout_on(call, path, &reg, &op);
	if (r < 0)
		return r;
	mpr_op_done(&op);
	if (op.outcome != MPR_OUTCOME_OK)
		return mpr_call_fail(call, &op.res);
	r = mpr_read_keys_on(call, path, &gen, &keys, &n);
	if (r < 0)
		return r;
	now = mpr_keys_count(keys, n, key);
	free(keys);
	if (now > count)
		return 0;
	/* Our other registrations went while we added this one: preempted. */
	mpr_debug(&call->dev->ctx->log, "%s: this node's key was removed meanwhile: it was "
		  "fenced; taking the new registration back", call->dev->topo->name);
	r = prout_on(call, path, &undo, &op);
	if (r == 0)
		mpr_op_done(&op);
	return mpr_call_fail_errno(call, -EKEYREVOKED);
}

struct conflict_check {
	const struct mpr_prout_req *req;
	size_t repairs;			/* nexuses registered by this call */
};

/*
 * PREEMPT or CLEAR answered RESERVATION CONFLICT; the keys say why:
 * - after a lost answer the LU may already have done it (the victim is
 *   gone, the LU is clear): done;
 * - this node's key is registered nowhere: it was fenced; nothing else is
 *   sent;
 * - this node's key is registered, but not through this path's nexus (the
 *   path came back after 'on'): register it there and send again;
 * - else a real conflict (the victim's key is not registered).
 */
static int conflict_check(struct mpr_call *call, size_t path, const struct mpr_cmd_result *res,
			  bool maybe_executed, void *data)
{
	struct conflict_check *cc = data;
	const struct mpr_prout_req *req = cc->req;
	bool clear = req->sa == MPR_PROUT_CLEAR, victim;
	uint64_t *keys = NULL;
	uint32_t gen;
	size_t n = 0, own;
	int r;

	if (req->sa != MPR_PROUT_PREEMPT && req->sa != MPR_PROUT_PREEMPT_AND_ABORT && !clear)
		return -EIO;
	if (mpr_read_keys_on(call, SIZE_MAX, &gen, &keys, &n) < 0)
		return -EIO;
	own = mpr_keys_count(keys, n, req->key);
	victim = !clear && mpr_keys_count(keys, n, req->sa_key) > 0;
	free(keys);
	if (maybe_executed && (clear ? n == 0 : req->sa_key != req->key && !victim && own)) {
		mpr_debug(&call->dev->ctx->log, "%s: the lost answer was a success",
			  call->dev->topo->name);
		return 0;
	}
	if (!own) {
		mpr_debug(&call->dev->ctx->log, "%s: this node's key is registered nowhere: "
			  "it has been fenced", call->dev->topo->name);
		mpr_call_fail(call, res);
		return -EKEYREVOKED;
	}
	if ((!clear && !victim) || cc->repairs >= call->dev->topo->n_paths)
		return -EIO;
	cc->repairs++;
	r = mpr_nexus_repair(call, path, req->key, own);
	return r == 0 ? MPR_CHECK_RESEND : r;
}

int mpr_single_prout(struct mpr_call *call, const struct mpr_prout_req *req, size_t *ret_path)
{
	enum mpr_single_op kind = req->sa == MPR_PROUT_CLEAR ? MPR_SINGLE_CLEAR : MPR_SINGLE_PREEMPT;
	struct conflict_check cc = { .req = req };
	int r = mpr_path_walk(call, req, kind, conflict_check, &cc, ret_path);

	return r == MPR_WALK_EXHAUSTED ? mpr_call_fail(call, &call->decisive) : r;
}
