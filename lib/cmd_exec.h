/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cmd_exec.h - send one command on one path through a transport, retrying
 * transient outcomes inside a bounded budget.
 *
 * What is retried is exactly what mpr_result_classify() calls
 * MPR_OUTCOME_RETRY: UNIT ATTENTION (at once, a few times: a UA storm must
 * end), NOT READY 04/01 and 04/07, BUSY, TASK SET FULL, TASK ABORTED and the
 * host statuses DID_BUS_BUSY / DID_IMM_RETRY / DID_REQUEUE (after a short
 * sleep).  Never retried: RESERVATION CONFLICT (with any host byte: kernels
 * before 6.0 add DID_NEXUS_FAILURE to it), ILLEGAL REQUEST and other
 * device errors, timeouts, DID_SOFT_ERROR / DID_RESET and other outcomes
 * where the command may have executed, os errors.
 */
#ifndef MPATHPR_CMD_EXEC_H
#define MPATHPR_CMD_EXEC_H

#include <stdbool.h>
#include <stdint.h>

#include "mpr_log.h"
#include "transport.h"

struct mpr_retry_policy {
	unsigned int max_attempts;	/* all attempts together, >= 1 */
	unsigned int ua_retries;	/* extra attempts after UNIT ATTENTION */
	unsigned int not_ready_retries;	/* after NOT READY 04/01, 04/07 */
	unsigned int busy_retries;	/* after BUSY, TASK SET FULL, TASK ABORTED, DID_*_RETRY */
	uint64_t ua_delay_us;		/* sleep before retrying a UA (0: at once) */
	uint64_t not_ready_delay_us;	/* sleep before retrying NOT READY */
	uint64_t busy_delay_us;		/* sleep before retrying BUSY & co */
	uint32_t io_timeout_ms;		/* per attempt when cmd->timeout_ms is 0 */
	uint64_t budget_us;		/* all attempts and sleeps; 0: unbounded */
	/* Asked before every retry; true ends the command (nobody waits for it). */
	bool (*stop)(void *arg);
	void *stop_arg;
};

/**
 * mpr_retry_policy_default() - the defaults: 5 UA retries (no delay),
 * 20 NOT READY retries 100 ms apart, 10 BUSY retries 100 ms apart,
 * 25 attempts at most, 10 s per attempt, 60 s budget.
 * @ret: the policy to fill
 */
void mpr_retry_policy_default(struct mpr_retry_policy *ret);

/**
 * mpr_cmd_execute() - send @cmd on @handle, retrying transient outcomes.
 * @t:      the transport (t->ops->submit is required; sleep_us and now_us
 *          are used when set, else nanosleep and CLOCK_MONOTONIC)
 * @handle: from t->ops->open
 * @cmd:    the command; its timeout_ms (or policy->io_timeout_ms when 0) is
 *          shortened to what is left of the budget for each attempt
 * @policy: the retry policy; NULL means mpr_retry_policy_default()
 * @log:    every attempt is logged at debug level (may be NULL)
 * @ret:    the last attempt's outcome, with attempts and duration_us
 *          covering all attempts and sleeps
 *
 * No attempt is started once the budget is spent, and no sleep is started
 * that would end past it: the last result is returned as it is then.
 *
 * Return: 0 when *ret holds the outcome of at least one attempt (whatever it
 * is: classify it with mpr_result_classify() and friends); the transport's
 * negative errno when it could not issue the command (*ret: os_error set,
 * not retried); -EINVAL for a NULL argument or a transport without submit
 * (*ret untouched).  At least one attempt is always made.
 */
int mpr_cmd_execute(const struct mpr_transport *t, int handle, const struct mpr_cmd *cmd,
		    const struct mpr_retry_policy *policy, const struct mpr_log *log,
		    struct mpr_cmd_result *ret);

/**
 * mpr_cdb_name() - a name for the command in @cdb, for logs.
 * @cdb: the CDB
 * @len: its length (0 gives "EMPTY CDB")
 *
 * Return: a static string such as "PR OUT REGISTER", "PR IN READ KEYS",
 * "INQUIRY", "PR OUT (unknown service action)" or "SCSI COMMAND".
 */
const char *mpr_cdb_name(const uint8_t *cdb, size_t len);

#endif /* MPATHPR_CMD_EXEC_H */
