/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * policy.h - multipath decisions as tables: given what each path answered,
 * what happens next.  Pure functions, tested table-driven.
 */
#ifndef MPATHPR_POLICY_H
#define MPATHPR_POLICY_H

#include <stddef.h>

#include "sense.h"

/* Commands that go to one path at a time, falling back to the next. */
enum mpr_single_op {
	MPR_SINGLE_RESERVE,
	MPR_SINGLE_RELEASE,
	MPR_SINGLE_PREEMPT,	/* PREEMPT and PREEMPT AND ABORT */
	MPR_SINGLE_CLEAR,
	MPR_SINGLE_PRIN,
	MPR_SINGLE_MOVE,	/* REGISTER AND MOVE: only the holder's nexus may send it */
	MPR_SINGLE_OP_COUNT,
};

enum mpr_step {
	MPR_STEP_DONE,		/* the command did what was asked */
	MPR_STEP_NEXT_PATH,	/* try the next usable path */
	MPR_STEP_FAIL,		/* final: the call fails with this path's result */
	MPR_STEP_CHECK,		/* ask the device (READ RESERVATION) before deciding */
};

/* What to do after one path answered @outcome to @op. */
enum mpr_step mpr_single_step(enum mpr_single_op op, enum mpr_outcome outcome);

/* Verdict over all paths of a REGISTER / REGISTER AND IGNORE round. */
enum mpr_register_verdict {
	MPR_REG_DONE,		/* every path registered */
	MPR_REG_RETRY_IGNORE,	/* resend the conflicted paths as REGISTER AND IGNORE */
	MPR_REG_CHECK_PATHS,	/* some paths failed: are they still usable? */
	MPR_REG_FAIL_CONFLICT,	/* the key did not match anywhere */
	MPR_REG_FAIL_DEVICE,	/* the LU refused the command */
};

struct mpr_register_tally {
	size_t ok, conflict, path_error, device_error;
};

/* Count @n outcomes into a tally. */
void mpr_register_tally(const enum mpr_outcome *outcomes, size_t n,
			struct mpr_register_tally *ret);
/* Decide a register round; @ignore_existing: the round used REGISTER AND IGNORE. */
enum mpr_register_verdict mpr_register_decide(const struct mpr_register_tally *t,
					      int ignore_existing);

#endif /* MPATHPR_POLICY_H */
