/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * engine_out.c - PERSISTENT RESERVE OUT across the paths of a device.
 *
 * Registrations exist per I_T nexus, so REGISTER goes to every usable path;
 * everything else acts on the logical unit and goes to one path, falling
 * back to the next on path errors (see policy.c for the tables).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/cleanup.h"
#include "engine.h"
#include "mpathpr/mpathpr.h"
#include "policy.h"

/* Send @req to every path listed in @paths at once; outcomes in @ret_outcomes. */
static int prout_round(struct mpr_call *call, const struct mpr_prout_req *req,
		       const size_t *paths, size_t n, struct mpr_path_op *ops,
		       enum mpr_outcome *ret_outcomes)
{
	for (size_t i = 0; i < n; i++) {
		int r = mpr_op_prout(&ops[i], paths[i], req);

		if (r < 0) {
			mpr_ops_done(ops, i);
			return r;
		}
	}
	mpr_call_run(call, ops, n);
	for (size_t i = 0; i < n; i++)
		ret_outcomes[i] = ops[i].outcome;
	return 0;
}

/*
 * After path errors: a path that device-mapper or the SCSI layer now reports
 * failed/offline is skipped; one that is still usable fails the call, since
 * a usable path without our key would let this host be fenced incompletely
 * or keep writing after it believes it is registered.
 */
static int check_failed_paths(struct mpr_call *call, struct mpr_path_op *ops, size_t n)
{
	struct mpathpr_dev *dev = call->dev;
	const struct mpr_cmd_result *first_failure = NULL;

	if (mpr_dev_refresh(dev) < 0)
		return mpr_call_fail(call, &ops[0].res);
	for (size_t i = 0; i < n; i++) {
		size_t now = mpr_dev_find_path(dev, ops[i].major, ops[i].minor);

		if (ops[i].outcome == MPR_OUTCOME_OK)
			continue;
		if (!first_failure)
			first_failure = &ops[i].res;
		if (now == SIZE_MAX || !mpr_dev_path_usable(dev, now)) {
			mpr_debug(&dev->ctx->log, "%s: path %u:%u is down, skipped",
				  dev->topo->name, ops[i].major, ops[i].minor);
			continue;
		}
		if (ops[i].res.host_status == MPR_DID_NO_CONNECT ||
		    ops[i].res.os_error == ENXIO || ops[i].res.os_error == ENODEV) {
			mpr_debug(&dev->ctx->log, "%s: path %s has no connection, skipped",
				  dev->topo->name, dev->info[now].devnode);
			continue;
		}
		return mpr_call_fail(call, &ops[i].res);
	}
	/* Skipping every path is not a registration. */
	if (!call->registered && first_failure)
		return mpr_call_fail(call, first_failure);
	return 0;
}

static int register_paths(struct mpr_call *call, struct mpr_prout_req *req,
			  const size_t *paths, size_t n)
{
	_cleanup_free_ struct mpr_path_op *ops = calloc(n, sizeof(*ops));
	_cleanup_free_ enum mpr_outcome *out = calloc(n, sizeof(*out));
	_cleanup_free_ size_t *retry = calloc(n, sizeof(*retry));
	struct mpr_register_tally tally;
	size_t n_retry = 0;
	int r;

	if (!ops || !out || !retry)
		return -ENOMEM;
	r = prout_round(call, req, paths, n, ops, out);
	if (r < 0)
		return mpr_call_fail_errno(call, r);
	mpr_register_tally(out, n, &tally);
	call->registered += tally.ok;
	switch (mpr_register_decide(&tally, req->sa == MPR_PROUT_REGISTER_IGNORE)) {
	case MPR_REG_DONE:
		r = 0;
		break;
	case MPR_REG_RETRY_IGNORE:
		for (size_t i = 0; i < n; i++)
			if (out[i] == MPR_OUTCOME_CONFLICT)
				retry[n_retry++] = paths[i];
		req->sa = MPR_PROUT_REGISTER_IGNORE;
		mpr_ops_done(ops, n);
		return register_paths(call, req, retry, n_retry);
	case MPR_REG_CHECK_PATHS:
		r = check_failed_paths(call, ops, n);
		break;
	default:
		for (size_t i = 0; i < n; i++)
			if (out[i] == MPR_OUTCOME_CONFLICT || out[i] == MPR_OUTCOME_DEVICE_ERROR) {
				r = mpr_call_fail(call, &ops[i].res);
				break;
			}
		break;
	}
	mpr_ops_done(ops, n);
	return r;
}

/* Release before unregistering: dropping the holder's registration would
 * otherwise release it behind everyone's back (and for type 5/6 with other
 * nexuses of ours still registered, leave it on a nexus we are leaving). */
static int release_if_holder(struct mpr_call *call, uint64_t key)
{
	struct mpr_prin_resv rv;
	int r = mpr_read_resv(call, SIZE_MAX, &rv);

	if (r < 0)
		return r;
	if (!rv.held || rv.key != key || mpr_pr_type_all_registrants(rv.type))
		return 0;
	return mpr_do_release(call, key, rv.type);
}

int mpr_do_register(struct mpr_call *call, uint64_t old_key, uint64_t new_key,
		    unsigned int flags, const struct mpr_tid *tids, size_t n_tids)
{
	struct mpathpr_dev *dev = call->dev;
	struct mpr_prout_req req = {
		.sa = flags & MPATHPR_REG_IGNORE_EXISTING ? MPR_PROUT_REGISTER_IGNORE
							  : MPR_PROUT_REGISTER,
		.key = old_key, .sa_key = new_key,
		.aptpl = flags & MPATHPR_REG_APTPL, .all_tg_pt = flags & MPATHPR_REG_ALL_TG_PT,
		.spec_i_pt = n_tids > 0, .tids = tids, .n_tids = n_tids,
	};
	_cleanup_free_ size_t *paths = calloc(dev->topo->n_paths + 1, sizeof(*paths));
	size_t n = 0;
	int r;

	if (!paths)
		return -ENOMEM;
	for (size_t i = 0; i < dev->topo->n_paths; i++)
		if (mpr_dev_path_usable(dev, i))
			paths[n++] = i;
	if (!n)
		return mpr_call_fail_errno(call, -ENOLINK);
	if (new_key == 0 && old_key != 0) {
		r = release_if_holder(call, old_key);
		if (r < 0)
			return r;
	}
	/* SPEC_I_PT (and its transport IDs) only on the first path: the
	 * target registers the listed initiators once. */
	if (req.spec_i_pt) {
		r = register_paths(call, &req, paths, 1);
		if (r < 0 || n == 1)
			return r;
		req.spec_i_pt = false;
		req.tids = NULL;
		req.n_tids = 0;
		return register_paths(call, &req, paths + 1, n - 1);
	}
	return register_paths(call, &req, paths, n);
}
