/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * engine.h - the multipath engine's plumbing: one API call (struct mpr_call)
 * sends path operations (struct mpr_path_op), in parallel where the policy
 * says so, and remembers the result that decided a failure so that the
 * classic API can map it to an MPATH_PR_* code in one place.
 */
#ifndef MPATHPR_ENGINE_H
#define MPATHPR_ENGINE_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dev.h"
#include "policy.h"
#include "pr_codec.h"
#include "sense.h"

struct mpr_call {
	struct mpathpr_dev *dev;
	struct mpathpr_report *report;	/* may be NULL */
	uint64_t deadline_us;		/* on the transport's clock */
	size_t registered;		/* paths a REGISTER round succeeded on */
	bool have_decisive;
	struct mpr_cmd_result decisive;	/* the result behind the call's error */
};

struct mpr_path_op {
	size_t path;			/* index in dev->topo->paths */
	unsigned int major, minor;	/* the path's device, set when sent */
	bool pr_out;
	uint8_t sa;
	struct mpr_cmd cmd;
	uint8_t *data;			/* parameter list or response buffer (owned) */
	struct mpr_cmd_result res;
	enum mpr_outcome outcome;
};

/* Start a call on @dev: the time budget starts now. */
void mpr_call_begin(struct mpr_call *call, struct mpathpr_dev *dev,
		    struct mpathpr_report *report);
/* Record @res as the reason of a failure and return its errno. */
int mpr_call_fail(struct mpr_call *call, const struct mpr_cmd_result *res);
/* Record a failure without a device answer (e.g. -ENOLINK). */
int mpr_call_fail_errno(struct mpr_call *call, int err);

/* Prepare a PR OUT for path @path from @req. */
int mpr_op_prout(struct mpr_path_op *op, size_t path, const struct mpr_prout_req *req);
/* Prepare a PR IN of @sa with an @alloc_len byte response buffer. */
int mpr_op_prin(struct mpr_path_op *op, size_t path, uint8_t sa, uint16_t alloc_len);
/* Release an op's buffer; safe on a zeroed op. */
void mpr_op_done(struct mpr_path_op *op);
void mpr_ops_done(struct mpr_path_op *ops, size_t n);

/* Send @n ops (in parallel when n > 1); results land in each op and the report. */
void mpr_call_run(struct mpr_call *call, struct mpr_path_op *ops, size_t n);

/* ---- PR IN building blocks (engine_in.c) ---- */

/* PR IN @sa through @path, or the usable paths in order when @path is SIZE_MAX;
 * the response stays in *op (free with mpr_op_done()). */
int mpr_prin_any(struct mpr_call *call, size_t path, uint8_t sa, struct mpr_path_op *op);
/* READ RESERVATION on path @path (or the first usable path that answers when @path is SIZE_MAX). */
int mpr_read_resv(struct mpr_call *call, size_t path, struct mpr_prin_resv *ret);
/* READ KEYS on path @path; *ret_keys allocated (free()), *ret_n keys. */
int mpr_read_keys_on(struct mpr_call *call, size_t path, uint32_t *ret_gen,
		     uint64_t **ret_keys, size_t *ret_n);

/* READ FULL STATUS through the first usable path that answers; *ret_op holds the response. */
int mpr_prin_full_status(struct mpr_call *call, struct mpr_path_op *ret_op);
/* READ KEYS through every path at once into @m (m->count == number of paths). */
int mpr_read_keys_all(struct mpr_call *call, struct mpathpr_key_matrix *m);

/* ---- PR OUT algorithms (engine_out.c, engine_release.c) ---- */
int mpr_do_register(struct mpr_call *call, uint64_t old_key, uint64_t new_key,
		    unsigned int flags, const struct mpr_tid *tids, size_t n_tids);
int mpr_do_reserve(struct mpr_call *call, uint64_t key, uint8_t type);
int mpr_do_release(struct mpr_call *call, uint64_t key, uint8_t type);
int mpr_do_clear(struct mpr_call *call, uint64_t key);
int mpr_do_preempt(struct mpr_call *call, uint64_t key, uint64_t victim, uint8_t type,
		   bool abort);
int mpr_do_register_move(struct mpr_call *call, uint64_t key, uint64_t sa_key, uint8_t type,
			 bool aptpl, bool unreg, uint16_t rel_tgt_port, const struct mpr_tid *tid);
/*
 * What to make of an answer the policy table says to check (MPR_STEP_CHECK):
 * 0 done, 1 try the next path, -EIO fail with this path's result, other
 * negative errno: fail with that.
 */
typedef int (*mpr_step_check_fn)(struct mpr_call *call, size_t path,
				 const struct mpr_cmd_result *res, void *data);
/* mpr_path_walk() tried every usable path without a final answer. */
#define MPR_WALK_EXHAUSTED	(-EAGAIN)
/*
 * Send @req on one usable path after the other, following the policy table
 * row @kind, until one is final.  Returns 0 (path in *ret_path), a negative
 * errno, or MPR_WALK_EXHAUSTED (the last path's result is the decisive one).
 */
int mpr_path_walk(struct mpr_call *call, const struct mpr_prout_req *req,
		  enum mpr_single_op kind, mpr_step_check_fn check, void *data,
		  size_t *ret_path);
/* Send one single-path PR OUT with fallback per the policy table. */
int mpr_single_prout(struct mpr_call *call, const struct mpr_prout_req *req, size_t *ret_path);

#endif /* MPATHPR_ENGINE_H */
