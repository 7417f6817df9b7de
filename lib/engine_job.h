/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * engine_job.h - path operations on threads the engine can stop waiting for
 * (see engine_job.c for what an abandoned job owns).
 */
#ifndef MPATHPR_ENGINE_JOB_H
#define MPATHPR_ENGINE_JOB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mpr_call;
struct mpr_path_op;

/*
 * Start @op on a thread of its own, with @budget_us for all its attempts.
 * On success op->job is set until mpr_job_wait() hands the answer back or
 * mpr_job_abandon() gives up on it.
 */
int mpr_job_start(struct mpr_call *call, struct mpr_path_op *op, uint64_t budget_us);
/*
 * Wait until one of the @n started @ops has its answer (true; the answer is
 * in that op, its index in *ret_done) or until @until_wall_us (false).
 */
bool mpr_job_wait(struct mpr_call *call, struct mpr_path_op **ops, size_t n,
		  uint64_t until_wall_us, size_t *ret_done);
/*
 * Stop waiting for @op: its result becomes "no answer" (a timeout) and the
 * device does not use its path again.  Takes the answer if it just came.
 */
void mpr_job_abandon(struct mpr_call *call, struct mpr_path_op *op);

#endif /* MPATHPR_ENGINE_JOB_H */
