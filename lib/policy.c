/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include "policy.h"

/*
 * Rows: the command; columns: what the path answered.  RETRY reaches the
 * engine only when the retry budget of that path ran out, so it is treated
 * like a path error: another path may do better.
 */
static const enum mpr_step single_table[MPR_SINGLE_OP_COUNT][5] = {
	/*                  OK             CONFLICT            PATH_ERROR          DEVICE_ERROR   RETRY */
	/* RESERVE: a conflict may only mean this nexus is not registered, so look. */
	[MPR_SINGLE_RESERVE] = { MPR_STEP_DONE, MPR_STEP_CHECK, MPR_STEP_NEXT_PATH, MPR_STEP_FAIL, MPR_STEP_NEXT_PATH },
	/* RELEASE: GOOD from a non-holder nexus releases nothing, so look. */
	[MPR_SINGLE_RELEASE] = { MPR_STEP_CHECK, MPR_STEP_NEXT_PATH, MPR_STEP_NEXT_PATH, MPR_STEP_FAIL, MPR_STEP_NEXT_PATH },
	/* PREEMPT, CLEAR: a conflict may mean this nexus lost its registration
	 * (the path came back after 'on') or that we were fenced, so look. */
	[MPR_SINGLE_PREEMPT] = { MPR_STEP_DONE, MPR_STEP_CHECK, MPR_STEP_NEXT_PATH, MPR_STEP_FAIL, MPR_STEP_NEXT_PATH },
	[MPR_SINGLE_CLEAR]   = { MPR_STEP_DONE, MPR_STEP_CHECK, MPR_STEP_NEXT_PATH, MPR_STEP_FAIL, MPR_STEP_NEXT_PATH },
	[MPR_SINGLE_PRIN]    = { MPR_STEP_DONE, MPR_STEP_FAIL, MPR_STEP_NEXT_PATH, MPR_STEP_FAIL, MPR_STEP_NEXT_PATH },
	/* REGISTER AND MOVE: a conflict means this path's nexus is not the holder. */
	[MPR_SINGLE_MOVE]    = { MPR_STEP_DONE, MPR_STEP_NEXT_PATH, MPR_STEP_NEXT_PATH, MPR_STEP_FAIL, MPR_STEP_NEXT_PATH },
};

static int outcome_column(enum mpr_outcome o)
{
	switch (o) {
	case MPR_OUTCOME_OK:
		return 0;
	case MPR_OUTCOME_CONFLICT:
		return 1;
	case MPR_OUTCOME_PATH_ERROR:
		return 2;
	case MPR_OUTCOME_DEVICE_ERROR:
		return 3;
	case MPR_OUTCOME_RETRY:
	default:
		return 4;
	}
}

enum mpr_step mpr_single_step(enum mpr_single_op op, enum mpr_outcome outcome)
{
	if ((unsigned int)op >= MPR_SINGLE_OP_COUNT)
		return MPR_STEP_FAIL;
	return single_table[op][outcome_column(outcome)];
}

void mpr_register_tally(const enum mpr_outcome *outcomes, size_t n,
			struct mpr_register_tally *ret)
{
	struct mpr_register_tally t = { 0 };

	for (size_t i = 0; i < n; i++) {
		switch (outcomes[i]) {
		case MPR_OUTCOME_OK:
			t.ok++;
			break;
		case MPR_OUTCOME_CONFLICT:
			t.conflict++;
			break;
		case MPR_OUTCOME_DEVICE_ERROR:
			t.device_error++;
			break;
		case MPR_OUTCOME_PATH_ERROR:
		case MPR_OUTCOME_RETRY:
		default:
			t.path_error++;
			break;
		}
	}
	*ret = t;
}

enum mpr_register_verdict mpr_register_decide(const struct mpr_register_tally *t,
					      int ignore_existing)
{
	if (t->device_error)
		return MPR_REG_FAIL_DEVICE;
	/*
	 * A conflict on some paths while others took the key: those nexuses
	 * are new (re-login) or carry a stale key; REGISTER AND IGNORE fixes
	 * them without a window where this host has no key.  Conflicts with
	 * nothing accepted mean the caller's old key is wrong.
	 */
	if (t->conflict && !ignore_existing)
		return t->ok ? MPR_REG_RETRY_IGNORE : MPR_REG_FAIL_CONFLICT;
	if (t->conflict)
		return MPR_REG_FAIL_CONFLICT;
	if (t->path_error)
		return MPR_REG_CHECK_PATHS;
	return MPR_REG_DONE;
}
