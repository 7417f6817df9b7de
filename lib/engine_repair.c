/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * engine_repair.c - registration follows the paths: a path that joined the
 * map after 'on' (it came back, its session logged in again with a new
 * ISID, the array added a target port) has an I_T nexus without this node's
 * key; it gets it, unless the node was fenced.
 *
 * Fenced means PREEMPT removed the key from every nexus of the LU, so "the
 * key is still registered through another nexus" is what tells a path to
 * repair from a node to leave alone.  That is read before registering and
 * again after it: a PREEMPT that lands in between must not be undone.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/cleanup.h"
#include "engine.h"
#include "mpathpr/mpathpr.h"
#include "path_nexus.h"

/* The usable paths lacking @key into @ret_missing; counts into @ret. */
static size_t find_missing(const struct mpathpr_dev *dev, const struct mpr_path_nexus_verdict *v,
			   uint64_t key, size_t *ret_missing, struct mpathpr_repair_result *ret)
{
	size_t n = 0;

	for (size_t i = 0; i < dev->topo->n_paths; i++) {
		if (!mpr_dev_path_usable(dev, i))
			continue;
		if (v[i].reg == MPATHPR_NEXUS_UNREGISTERED)
			ret_missing[n++] = i;
		else if (v[i].reg == MPATHPR_NEXUS_REGISTERED && v[i].key == key)
			ret->present++;
		else if (v[i].reg == MPATHPR_NEXUS_UNKNOWN)
			ret->unknown++;
	}
	return n;
}

/* Send @req on each path of @paths at once; keep in @paths those it succeeded on. */
static int send_each(struct mpr_call *call, const struct mpr_prout_req *req, size_t *paths,
		     size_t *n, const struct mpr_cmd_result **ret_failed, struct mpr_path_op *ops)
{
	size_t ok = 0;

	for (size_t i = 0; i < *n; i++) {
		int r = mpr_op_prout(&ops[i], paths[i], req);

		if (r < 0) {
			mpr_ops_done(ops, i);
			return mpr_call_fail_errno(call, r);
		}
	}
	mpr_call_run(call, ops, *n);
	for (size_t i = 0; i < *n; i++) {
		if (ops[i].outcome == MPR_OUTCOME_OK)
			paths[ok++] = paths[i];
		else if (!*ret_failed)
			*ret_failed = &ops[i].res;
	}
	*n = ok;
	return 0;
}

/*
 * After registering @paths: is @key still registered on a nexus that is not
 * one of them?  If not, a PREEMPT removed it meanwhile.  0 yes,
 * -EKEYREVOKED no, or why it could not be read (then it is not known).
 */
static int still_registered_elsewhere(struct mpr_call *call, uint64_t key, const size_t *paths,
				      size_t n)
{
	_cleanup_free_ struct mpr_path_nexus_verdict *v = NULL;
	size_t count = 0, ours = 0;
	int r = mpr_path_nexus_read_key(call, key, &count, &v);

	if (r < 0)
		return r;
	for (size_t i = 0; i < n; i++)
		ours += v[paths[i]].reg == MPATHPR_NEXUS_REGISTERED && v[paths[i]].key == key;
	return count > ours ? 0 : -EKEYREVOKED;
}

/* Take the registrations of @paths back (a fenced node keeps none). */
static void unregister_paths(struct mpr_call *call, uint64_t key, size_t *paths, size_t n)
{
	struct mpr_prout_req undo = { .sa = MPR_PROUT_REGISTER, .key = key, .sa_key = 0 };
	const struct mpr_cmd_result *failed = NULL;
	_cleanup_free_ struct mpr_path_op *ops = calloc(n + 1, sizeof(*ops));

	if (!ops || send_each(call, &undo, paths, &n, &failed, ops) < 0)
		return;
	mpr_ops_done(ops, n);
}

static int register_on(struct mpr_call *call, uint64_t key, size_t *paths, size_t *n,
		       const struct mpr_cmd_result **ret_failed, struct mpr_path_op *ops)
{
	struct mpr_prout_req reg = { .sa = MPR_PROUT_REGISTER_IGNORE, .sa_key = key,
				     .aptpl = mpr_aptpl_active(call) };

	return send_each(call, &reg, paths, n, ret_failed, ops);
}

int mpr_do_register_missing(struct mpr_call *call, uint64_t key,
			    struct mpathpr_repair_result *ret_result)
{
	struct mpathpr_dev *dev = call->dev;
	struct mpathpr_repair_result res = { 0 };
	_cleanup_free_ struct mpr_path_nexus_verdict *v = NULL;
	_cleanup_free_ size_t *missing = calloc(dev->topo->n_paths + 1, sizeof(*missing));
	_cleanup_free_ struct mpr_path_op *ops = calloc(dev->topo->n_paths + 1, sizeof(*ops));
	const struct mpr_cmd_result *failed = NULL;
	size_t count = 0, n, sent;
	int r;

	if (!missing || !ops)
		return -ENOMEM;
	r = mpr_path_nexus_read_key(call, key, &count, &v);
	if (r < 0)
		return r;
	if (!count) {
		mpr_debug(&dev->ctx->log, "%s: key 0x%llx is registered nowhere: this node was "
			  "fenced, nothing is registered", dev->topo->name, (unsigned long long)key);
		return mpr_call_fail_errno(call, -EKEYREVOKED);
	}
	n = find_missing(dev, v, key, missing, &res);
	if (n) {
		sent = n;
		r = register_on(call, key, missing, &n, &failed, ops);
		if (r < 0)
			return r;
		mpr_ops_done(ops, sent);
	}
	if (n) {
		r = still_registered_elsewhere(call, key, missing, n);
		if (r < 0) {
			mpr_debug(&dev->ctx->log, "%s: this node's other registrations are gone "
				  "or unreadable (%s): taking the %zu new one(s) back",
				  dev->topo->name, strerror(-r), n);
			unregister_paths(call, key, missing, n);
			return mpr_call_fail_errno(call, r);
		}
	}
	res.registered = n;
	if (failed)
		return mpr_call_fail(call, failed);
	*ret_result = res;
	return 0;
}
