/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * engine_in.c - PERSISTENT RESERVE IN across paths: the first usable path
 * that answers, falling back on path errors, with the response buffer grown
 * when the device says it needed more.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/cleanup.h"
#include "engine.h"
#include "policy.h"

#define PRIN_INITIAL_LEN	4096
#define PRIN_MAX_LEN		65535

/* Decoded size the device asked for, per service action; 0 if it fitted. */
static uint64_t prin_needed(uint8_t sa, const struct mpr_path_op *op)
{
	struct mpr_prin_keys k;
	struct mpr_prin_full f;
	struct mpr_prin_resv rv;

	switch (sa) {
	case MPR_PRIN_READ_KEYS:
		if (mpr_prin_keys_decode(op->data, op->res.transferred, NULL, 0, &k) == 0 &&
		    k.needed_len > op->cmd.data_len)
			return k.needed_len;
		break;
	case MPR_PRIN_READ_FULL_STATUS:
		if (mpr_prin_full_decode(op->data, op->res.transferred, NULL, 0, &f) == 0 &&
		    f.needed_len > op->cmd.data_len)
			return f.needed_len;
		break;
	case MPR_PRIN_READ_RESERVATION:
		if (mpr_prin_resv_decode(op->data, op->res.transferred, &rv) == 0 &&
		    rv.needed_len > op->cmd.data_len)
			return rv.needed_len;
		break;
	default:
		break;
	}
	return 0;
}

/* The answer in @op was cut short: ask the same path again with the size it
 * said it needs (once). */
static void prin_grow(struct mpr_call *call, uint8_t sa, struct mpr_path_op *op)
{
	uint64_t need = op->outcome == MPR_OUTCOME_OK ? prin_needed(sa, op) : 0;
	size_t path = op->path;

	if (!need)
		return;
	mpr_op_done(op);
	if (mpr_op_prin(op, path, sa, need > PRIN_MAX_LEN ? PRIN_MAX_LEN : (uint16_t)need) < 0) {
		op->res.os_error = ENOMEM;
		op->outcome = MPR_OUTCOME_DEVICE_ERROR;
		return;
	}
	mpr_call_run(call, op, 1);
}

/*
 * PR IN @sa through @path, or through the usable paths (hedged, see
 * engine_walk.c) when @path is SIZE_MAX.  On success *op holds the response
 * (caller frees with mpr_op_done).
 */
int mpr_prin_any(struct mpr_call *call, size_t path, uint8_t sa, struct mpr_path_op *op)
{
	struct mpr_cmd_result res;
	int r;

	if (path == SIZE_MAX) {
		r = mpr_prin_walk(call, sa, PRIN_INITIAL_LEN, op);
		if (r < 0)
			return r;
	} else {
		if (mpr_op_prin(op, path, sa, PRIN_INITIAL_LEN) < 0)
			return mpr_call_fail_errno(call, -ENOMEM);
		mpr_call_run(call, op, 1);
	}
	prin_grow(call, sa, op);
	if (op->outcome == MPR_OUTCOME_OK)
		return 0;
	res = op->res;
	mpr_op_done(op);
	return mpr_call_fail(call, &res);
}

int mpr_read_resv(struct mpr_call *call, size_t path, struct mpr_prin_resv *ret)
{
	struct mpr_path_op op;
	int r = mpr_prin_any(call, path, MPR_PRIN_READ_RESERVATION, &op);

	if (r < 0)
		return r;
	r = mpr_prin_resv_decode(op.data, op.res.transferred, ret);
	mpr_op_done(&op);
	return r < 0 ? mpr_call_fail_errno(call, -EPROTO) : 0;
}

static int decode_keys(const struct mpr_path_op *op, uint32_t *ret_gen, uint64_t **ret_keys,
		       size_t *ret_n)
{
	struct mpr_prin_keys k;
	uint64_t *keys;
	int r = mpr_prin_keys_decode(op->data, op->res.transferred, NULL, 0, &k);

	/* A list cut short could hide a key: never decide on one. */
	if (r < 0 || k.truncated)
		return -EPROTO;
	keys = calloc(k.n_present ? k.n_present : 1, sizeof(*keys));
	if (!keys)
		return -ENOMEM;
	r = mpr_prin_keys_decode(op->data, op->res.transferred, keys, k.n_present, &k);
	if (r < 0) {
		free(keys);
		return -EPROTO;
	}
	*ret_gen = k.generation;
	*ret_keys = keys;
	*ret_n = k.n_keys;
	return 0;
}

int mpr_read_keys_on(struct mpr_call *call, size_t path, uint32_t *ret_gen,
		     uint64_t **ret_keys, size_t *ret_n)
{
	struct mpr_path_op op;
	int r = mpr_prin_any(call, path, MPR_PRIN_READ_KEYS, &op);

	if (r < 0)
		return r;
	r = decode_keys(&op, ret_gen, ret_keys, ret_n);
	mpr_op_done(&op);
	return r < 0 ? mpr_call_fail_errno(call, r) : 0;
}

int mpr_prin_full_status(struct mpr_call *call, struct mpr_path_op *ret_op)
{
	return mpr_prin_any(call, SIZE_MAX, MPR_PRIN_READ_FULL_STATUS, ret_op);
}

static void matrix_fill(struct mpathpr_path_keys *pk, const struct mpathpr_path_info *info,
			const struct mpr_path_op *op)
{
	uint64_t *keys = NULL;
	uint32_t gen = 0;
	size_t n = 0;
	int r;

	pk->path = *info;
	if (op->outcome != MPR_OUTCOME_OK) {
		r = mpr_result_to_errno(&op->res);
		pk->error = r < 0 ? r : -EIO;
		return;
	}
	r = decode_keys(op, &gen, &keys, &n);
	if (r < 0) {
		pk->error = r;
		return;
	}
	pk->generation = gen;
	pk->keys = keys;
	pk->count = n;
}

int mpr_read_keys_all(struct mpr_call *call, struct mpathpr_key_matrix *m)
{
	struct mpathpr_dev *dev = call->dev;
	size_t n = dev->topo->n_paths;
	_cleanup_free_ struct mpr_path_op *ops = calloc(n + 1, sizeof(*ops));
	_cleanup_free_ size_t *slot = calloc(n + 1, sizeof(*slot));
	size_t n_ops = 0;

	if (!ops || !slot)
		return -ENOMEM;
	/*
	 * Only usable paths are asked: a path dm failed, or one that did not
	 * answer an earlier command in time, may block SG_IO for minutes
	 * (iSCSI replacement_timeout); it is reported as down (-ENOLINK).
	 */
	for (size_t i = 0; i < n; i++) {
		int r;

		slot[i] = SIZE_MAX;
		if (!mpr_dev_path_usable(dev, i))
			continue;
		r = mpr_op_prin(&ops[n_ops], i, MPR_PRIN_READ_KEYS, PRIN_INITIAL_LEN);
		if (r < 0) {
			mpr_ops_done(ops, n_ops);
			return r;
		}
		slot[i] = n_ops++;
	}
	/*
	 * Any one answer shows the LU's keys; the others are a cross-check.
	 * A path that has not answered within the path wait is named, not
	 * waited for: this read-back follows a fence whose budget is short.
	 */
	mpr_call_run_wait(call, ops, n_ops, (uint64_t)dev->ctx->path_wait_ms * 1000);
	for (size_t i = 0; i < n; i++) {
		if (slot[i] == SIZE_MAX) {
			m->paths[i].path = dev->info[i];
			m->paths[i].error = dev->unanswered[i] ? -ETIMEDOUT : -ENOLINK;
			continue;
		}
		/* rare: more registrations than the first buffer holds */
		prin_grow(call, MPR_PRIN_READ_KEYS, &ops[slot[i]]);
		matrix_fill(&m->paths[i], &dev->info[i], &ops[slot[i]]);
	}
	mpr_ops_done(ops, n_ops);
	return 0;
}
