/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * engine.h - the multipath engine's plumbing: one API call (struct mpr_call)
 * sends path operations (struct mpr_path_op), in parallel where the policy
 * says so, and remembers the result that decided a failure so that the
 * classic API can map it to an MPATH_PR_* code in one place.
 *
 * Its files, each using only those before it: engine_job.c (a path
 * operation on a thread of its own), engine_exec.c (operations run within
 * the call's budget), engine_walk.c (one path at a time, hedged),
 * engine_in.c (PR IN), engine_single.c (a PR OUT through one path, and a
 * nexus repaired), engine_lu.c (the logical unit's PR OUT), engine_out.c
 * (REGISTER on every path), engine_repair.c (a registration a new path
 * lacks).  The public entry points are in api_native.c and classic*.c.
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

struct mpr_job;

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
	struct mpr_job *job;		/* while it runs on its own thread */
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

/*
 * Send @n ops in parallel; results land in each op and the report.  Each
 * path is waited for until the io timeout at most (or the call's budget);
 * one that has not answered by then gets a "no answer" result.
 */
void mpr_call_run(struct mpr_call *call, struct mpr_path_op *ops, size_t n);
/* The same, waiting for each path at most @wait_us (or the call's budget). */
void mpr_call_run_wait(struct mpr_call *call, struct mpr_path_op *ops, size_t n,
		       uint64_t wait_us);
/* Start one op on its own thread (mpr_job_wait() collects it); on failure
 * the op holds the error as its result. */
int mpr_call_start(struct mpr_call *call, struct mpr_path_op *op);
/* Classify a finished op, log it and add it to the report. */
void mpr_call_record(struct mpr_call *call, struct mpr_path_op *op);
/* The wall-clock time @wait_us from now, or the call's deadline if sooner. */
uint64_t mpr_call_wall_deadline(const struct mpr_call *call, uint64_t wait_us);

/* ---- the path walk (engine_walk.c) ---- */

/*
 * What to make of an answer the policy table says to check (MPR_STEP_CHECK):
 * 0 done, MPR_CHECK_NEXT try the next path, MPR_CHECK_RESEND send it again
 * on the same path (its nexus was repaired), -EIO fail with this path's
 * result, other negative errno: fail with that.  @maybe_executed: an
 * earlier attempt of this command may have reached the LU without its
 * answer reaching us (a path error, or a path not answering in time).
 */
#define MPR_CHECK_NEXT		1
#define MPR_CHECK_RESEND	2
typedef int (*mpr_step_check_fn)(struct mpr_call *call, size_t path,
				 const struct mpr_cmd_result *res, bool maybe_executed,
				 void *data);
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
/* PR IN @sa through the usable paths, hedged; *ret_op holds the answer. */
int mpr_prin_walk(struct mpr_call *call, uint8_t sa, uint16_t alloc_len, struct mpr_path_op *ret_op);

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

/* ---- one path at a time, and a nexus repaired (engine_single.c) ---- */

/* Send one single-path PR OUT (PREEMPT, CLEAR) with fallback per the policy table. */
int mpr_single_prout(struct mpr_call *call, const struct mpr_prout_req *req, size_t *ret_path);
/*
 * Register @key on the nexus of @path alone, because a command there got a
 * RESERVATION CONFLICT while @key is registered on the LU through @count
 * (> 0) other nexuses: REGISTER AND IGNORE EXISTING KEY, then a READ KEYS
 * that must show one registration more.  If it shows fewer, this node was
 * preempted meanwhile: the new registration is removed again and the call
 * fails with -EKEYREVOKED (a fenced node is never registered again).
 */
int mpr_nexus_repair(struct mpr_call *call, size_t path, uint64_t key, size_t count);
/* Registrations of @key in a READ KEYS list. */
size_t mpr_keys_count(const uint64_t *keys, size_t n, uint64_t key);

/* ---- PR OUT algorithms ---- */

/* REGISTER on every usable path (engine_out.c). */
int mpr_do_register(struct mpr_call *call, uint64_t old_key, uint64_t new_key,
		    unsigned int flags, const struct mpr_tid *tids, size_t n_tids);
/* On the logical unit (engine_lu.c); first, is persistence through power
 * loss active on it (REPORT CAPABILITIES)? */
bool mpr_aptpl_active(struct mpr_call *call);
int mpr_do_reserve(struct mpr_call *call, uint64_t key, uint8_t type);
int mpr_do_release(struct mpr_call *call, uint64_t key, uint8_t type);
int mpr_do_clear(struct mpr_call *call, uint64_t key);
int mpr_do_preempt(struct mpr_call *call, uint64_t key, uint64_t victim, uint8_t type,
		   bool abort);
int mpr_do_register_move(struct mpr_call *call, uint64_t key, uint64_t sa_key, uint8_t type,
			 bool aptpl, bool unreg, uint16_t rel_tgt_port, const struct mpr_tid *tid);
/* Register this node's key where a nexus lacks it (engine_repair.c); see
 * mpathpr_register_missing(). */
int mpr_do_register_missing(struct mpr_call *call, uint64_t key,
			    struct mpathpr_repair_result *ret_result);

#endif /* MPATHPR_ENGINE_H */
