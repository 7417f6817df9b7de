/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cmd_exec.c - one command on one path, with bounded retries (see cmd_exec.h).
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <time.h>

#include "cmd_exec.h"
#include "pr_codec.h"
#include "sense.h"

/* Why a result is retried; each reason has its own count and delay. */
enum retry_kind {
	RETRY_UA,
	RETRY_NOT_READY,
	RETRY_BUSY,
	RETRY_KINDS,
};

struct exec_state {
	const struct mpr_retry_policy *policy;
	uint64_t start_us;
	uint64_t deadline_us;		/* 0: none */
	unsigned int attempts;
	unsigned int retries[RETRY_KINDS];
};

void mpr_retry_policy_default(struct mpr_retry_policy *ret)
{
	*ret = (struct mpr_retry_policy){
		.max_attempts = 25,
		.ua_retries = 5,
		.not_ready_retries = 20,
		.busy_retries = 10,
		.ua_delay_us = 0,
		.not_ready_delay_us = 100 * 1000,
		.busy_delay_us = 100 * 1000,
		.io_timeout_ms = 10000,
		.budget_us = 60ULL * 1000 * 1000,
	};
}

const char *mpr_cdb_name(const uint8_t *cdb, size_t len)
{
	uint8_t sa;

	if (!cdb || len == 0)
		return "EMPTY CDB";
	sa = len > 1 ? cdb[1] & 0x1f : 0xff;
	switch (cdb[0]) {
	case MPR_OP_PROUT:
	case MPR_OP_PRIN:
		return mpr_pr_sa_name(cdb[0] == MPR_OP_PROUT, sa);
	case 0x00:
		return "TEST UNIT READY";
	case 0x12:
		return "INQUIRY";
	case 0xa0:
		return "REPORT LUNS";
	default:
		return "SCSI COMMAND";
	}
}

static uint64_t exec_now(const struct mpr_transport *t)
{
	struct timespec ts;

	if (t->ops->now_us)
		return t->ops->now_us(t->priv);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

static void exec_sleep(const struct mpr_transport *t, uint64_t usec)
{
	struct timespec ts = {
		.tv_sec = usec / 1000000,
		.tv_nsec = (long)(usec % 1000000) * 1000,
	};

	if (t->ops->sleep_us) {
		t->ops->sleep_us(t->priv, usec);
		return;
	}
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/*
 * The timeout for the next attempt: the command's (or the policy's), cut to
 * what is left of the budget, rounded up so that it never becomes 0 (which
 * would mean "transport default").  0 when the budget is spent.
 */
static uint32_t attempt_timeout_ms(const struct exec_state *st, const struct mpr_cmd *cmd,
				   uint64_t now)
{
	uint32_t tmo = cmd->timeout_ms ? cmd->timeout_ms : st->policy->io_timeout_ms;
	uint64_t left_ms;

	if (!st->deadline_us)
		return tmo;
	if (now >= st->deadline_us)
		return 0;
	left_ms = (st->deadline_us - now + 999) / 1000;
	return left_ms < tmo || tmo == 0 ? (uint32_t)left_ms : tmo;
}

static enum retry_kind retry_kind_of(const struct mpr_cmd_result *r)
{
	if (r->host_status != MPR_DID_OK)
		return RETRY_BUSY;
	switch (r->scsi_status) {
	case MPR_SAM_BUSY:
	case MPR_SAM_TASK_SET_FULL:
	case MPR_SAM_TASK_ABORTED:
		return RETRY_BUSY;
	default:
		break;
	}
	if (r->sense.valid && r->sense.key == MPR_SK_NOT_READY)
		return RETRY_NOT_READY;
	return RETRY_UA;
}

/*
 * Decide whether @r is retried; on yes, count it and set *ret_delay_us.
 * Returns a reason for the log when it is not retried, NULL when it is.
 */
static const char *retry_decide(struct exec_state *st, const struct mpr_cmd_result *r,
				uint64_t now, uint64_t *ret_delay_us)
{
	const struct mpr_retry_policy *p = st->policy;
	const unsigned int limit[RETRY_KINDS] = {
		p->ua_retries, p->not_ready_retries, p->busy_retries,
	};
	const uint64_t delay[RETRY_KINDS] = {
		p->ua_delay_us, p->not_ready_delay_us, p->busy_delay_us,
	};
	enum retry_kind kind;

	if (mpr_result_classify(r) != MPR_OUTCOME_RETRY)
		return "final";
	kind = retry_kind_of(r);
	if (st->retries[kind] >= limit[kind])
		return "retries for this condition used up";
	if (st->attempts >= p->max_attempts)
		return "attempt limit reached";
	if (st->deadline_us && now + delay[kind] >= st->deadline_us)
		return "time budget spent";
	if (p->stop && p->stop(p->stop_arg))
		return "nobody waits for the answer any more";
	st->retries[kind]++;
	*ret_delay_us = delay[kind];
	return NULL;
}

static void log_attempt(const struct mpr_log *log, int handle, const struct mpr_cmd *cmd,
			const struct exec_state *st, uint32_t tmo_ms,
			const struct mpr_cmd_result *r, const char *verdict)
{
	char text[128];

	if (!log || !log->fn || log->max_priority < LOG_DEBUG)
		return;
	mpr_debug(log, "%s (0x%02x) on handle %d, attempt %u (timeout %u ms): %s [%s]%s%s",
		  mpr_cdb_name(cmd->cdb, cmd->cdb_len), cmd->cdb_len ? cmd->cdb[0] : 0,
		  handle, st->attempts, tmo_ms, mpr_result_format(r, text, sizeof(text)),
		  mpr_outcome_name(mpr_result_classify(r)),
		  verdict ? ", not retried: " : ", retrying", verdict ? verdict : "");
}

int mpr_cmd_execute(const struct mpr_transport *t, int handle, const struct mpr_cmd *cmd,
		    const struct mpr_retry_policy *policy, const struct mpr_log *log,
		    struct mpr_cmd_result *ret)
{
	struct mpr_retry_policy defaults;
	struct exec_state st = { .policy = policy };
	struct mpr_cmd_result res;
	struct mpr_cmd attempt;
	uint64_t now, delay_us;
	int r = 0;

	if (!t || !t->ops || !t->ops->submit || !cmd || !ret)
		return -EINVAL;
	if (!policy) {
		mpr_retry_policy_default(&defaults);
		st.policy = &defaults;
	}
	st.start_us = now = exec_now(t);
	if (st.policy->budget_us)
		st.deadline_us = st.start_us + st.policy->budget_us;
	for (;;) {
		const char *verdict;

		attempt = *cmd;
		attempt.timeout_ms = attempt_timeout_ms(&st, cmd, now);
		/* never true for the first attempt: the deadline lies ahead */
		if (st.deadline_us && attempt.timeout_ms == 0)
			break;
		memset(&res, 0, sizeof(res));
		r = t->ops->submit(t->priv, handle, &attempt, &res);
		st.attempts++;
		now = exec_now(t);
		if (r < 0 && !res.os_error)
			res.os_error = -r;
		delay_us = 0;
		verdict = r < 0 ? "transport error" : retry_decide(&st, &res, now, &delay_us);
		log_attempt(log, handle, cmd, &st, attempt.timeout_ms, &res, verdict);
		if (verdict)
			break;
		if (delay_us) {
			exec_sleep(t, delay_us);
			now = exec_now(t);
		}
	}
	res.attempts = st.attempts;
	res.duration_us = now - st.start_us;
	*ret = res;
	return r;
}
