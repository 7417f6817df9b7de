/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * engine_job.c - one path operation on a thread of its own, which the engine
 * can stop waiting for.
 *
 * SG_IO on a path whose packets are lost does not return at the command's
 * timeout: the SCSI error handler and the iSCSI session recovery keep it
 * until the session is replaced (minutes).  Fencing cannot wait that long, so
 * the engine waits for an answer only until a deadline and then abandons the
 * job.  An abandoned job still runs, so it owns everything it touches from
 * then on: its own copy of the command and its buffer, a copy of the
 * transport table, and the path's handle (taken over from the device, which
 * opens a fresh one if it ever uses the path again).  It logs only while
 * somebody waits for it: the caller's log sink may be gone afterwards.  The
 * only thing it shares is the device's waiter, which is reference counted.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd_exec.h"
#include "engine.h"
#include "engine_job.h"
#include "waiter.h"

#define JOB_STACK_SIZE (128 * 1024)

struct mpr_job {
	struct mpr_waiter *w;
	unsigned int refs;		/* the thread and the waiting caller */
	bool done, abandoned, own_handle;
	int handle;			/* -1: the thread opens the path itself */
	char devnode[64];
	struct mpr_transport t;
	struct mpr_retry_policy policy;
	struct mpr_log log;		/* forwards to @sink while not abandoned */
	struct mpr_log sink;
	struct mpr_cmd cmd;
	uint8_t *data;			/* the job's copy of the op's buffer */
	struct mpr_cmd_result res;
};

/* Drop a job reference; the caller holds j->w->mu, which this releases. */
static void job_unref_locked(struct mpr_job *j)
{
	struct mpr_waiter *w = j->w;

	if (--j->refs > 0) {
		pthread_mutex_unlock(&w->mu);
		return;
	}
	if (j->t.ops->release)
		j->t.ops->release(j->t.priv);
	free(j->data);
	free(j);
	mpr_waiter_unref_locked(w);
}

/* The job's log sink: the caller's, as long as the caller is waiting. */
static void job_log(void *userdata, int priority, const char *msg)
{
	struct mpr_job *j = userdata;

	pthread_mutex_lock(&j->w->mu);
	if (!j->abandoned && j->sink.fn)
		j->sink.fn(j->sink.userdata, priority, msg);
	pthread_mutex_unlock(&j->w->mu);
}

static bool job_abandoned(void *arg)
{
	struct mpr_job *j = arg;
	bool a;

	pthread_mutex_lock(&j->w->mu);
	a = j->abandoned;
	pthread_mutex_unlock(&j->w->mu);
	return a;
}

static void job_finish(struct mpr_job *j)
{
	int close_handle = -1;

	pthread_mutex_lock(&j->w->mu);
	j->done = true;
	if (j->abandoned && j->own_handle)
		close_handle = j->handle;
	pthread_cond_broadcast(&j->w->cv);
	pthread_mutex_unlock(&j->w->mu);
	/* Nobody else has this handle: the device gave it up on abandoning. */
	if (close_handle >= 0 && j->t.ops->close)
		j->t.ops->close(j->t.priv, close_handle);
	pthread_mutex_lock(&j->w->mu);
	job_unref_locked(j);
}

static void *job_main(void *arg)
{
	struct mpr_job *j = arg;
	struct mpr_cmd_result res = { 0 };
	int h, r = 0;

	pthread_mutex_lock(&j->w->mu);
	h = j->handle;
	pthread_mutex_unlock(&j->w->mu);
	if (h < 0) {
		/* Opening a path in error recovery can block as well: do it here. */
		r = j->t.ops->open(j->t.priv, j->devnode, &h);
		pthread_mutex_lock(&j->w->mu);
		if (r == 0) {
			j->handle = h;
			j->own_handle = true;
		}
		pthread_mutex_unlock(&j->w->mu);
	}
	if (r < 0) {
		res.os_error = -r;
	} else if (!job_abandoned(j)) {
		j->cmd.data = j->data;
		mpr_cmd_execute(&j->t, h, &j->cmd, &j->policy, &j->log, &res);
	}
	pthread_mutex_lock(&j->w->mu);
	j->res = res;
	pthread_mutex_unlock(&j->w->mu);
	job_finish(j);
	return NULL;
}

static struct mpr_job *job_new(struct mpr_call *call, const struct mpr_path_op *op,
			       uint64_t budget_us)
{
	struct mpathpr_dev *dev = call->dev;
	struct mpr_job *j = calloc(1, sizeof(*j));

	if (!j)
		return NULL;
	j->data = calloc(1, op->cmd.data_len ? op->cmd.data_len : 1);
	if (!j->data) {
		free(j);
		return NULL;
	}
	if (op->cmd.dir == MPR_DIR_TO_DEV && op->cmd.data_len)
		memcpy(j->data, op->data, op->cmd.data_len);
	j->w = dev->waiter;
	j->refs = 2;
	j->handle = dev->handles[op->path];
	/* the sg node when there is one: see struct mpr_topo_path */
	snprintf(j->devnode, sizeof(j->devnode), "%s",
		 *dev->topo->paths[op->path].sg_devnode ? dev->topo->paths[op->path].sg_devnode
							: dev->topo->paths[op->path].devnode);
	j->t = dev->ctx->transport;
	if (j->t.ops->hold)
		j->t.ops->hold(j->t.priv);
	mpr_retry_policy_default(&j->policy);
	j->policy.io_timeout_ms = dev->ctx->io_timeout_ms;
	j->policy.budget_us = budget_us;
	j->policy.stop = job_abandoned;
	j->policy.stop_arg = j;
	j->sink = dev->ctx->log;
	j->log = (struct mpr_log){ .fn = job_log, .userdata = j,
				   .max_priority = dev->ctx->log.max_priority };
	j->cmd = op->cmd;
	return j;
}

int mpr_job_start(struct mpr_call *call, struct mpr_path_op *op, uint64_t budget_us)
{
	struct mpr_job *j = job_new(call, op, budget_us);
	pthread_attr_t attr;
	pthread_t tid;
	int r;

	if (!j)
		return -ENOMEM;
	pthread_mutex_lock(&call->dev->waiter->mu);
	call->dev->waiter->refs++;
	pthread_mutex_unlock(&call->dev->waiter->mu);
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, JOB_STACK_SIZE);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	r = pthread_create(&tid, &attr, job_main, j);
	pthread_attr_destroy(&attr);
	if (r != 0) {
		pthread_mutex_lock(&j->w->mu);
		j->refs = 1;
		job_unref_locked(j);
		return -r;
	}
	op->job = j;
	return 0;
}

/* Take a finished job's answer into @op; the caller holds the waiter lock. */
static void job_collect_locked(struct mpr_call *call, struct mpr_path_op *op)
{
	struct mpr_job *j = op->job;
	struct mpathpr_dev *dev = call->dev;

	op->res = j->res;
	if (op->cmd.dir == MPR_DIR_FROM_DEV && op->cmd.data_len)
		memcpy(op->data, j->data, op->cmd.data_len);
	/* A handle the job opened becomes the device's for the next command. */
	if (j->own_handle) {
		if (dev->handles[op->path] < 0)
			dev->handles[op->path] = j->handle;
		else if (j->t.ops->close)
			j->t.ops->close(j->t.priv, j->handle);
		j->own_handle = false;
	}
	op->job = NULL;
	job_unref_locked(j);
}

bool mpr_job_wait(struct mpr_call *call, struct mpr_path_op **ops, size_t n,
		  uint64_t until_wall_us, size_t *ret_done)
{
	struct mpr_waiter *w = call->dev->waiter;
	struct timespec ts = {
		.tv_sec = (time_t)(until_wall_us / 1000000),
		.tv_nsec = (long)(until_wall_us % 1000000) * 1000,
	};

	pthread_mutex_lock(&w->mu);
	for (;;) {
		for (size_t i = 0; i < n; i++) {
			if (ops[i]->job && ops[i]->job->done) {
				job_collect_locked(call, ops[i]);	/* unlocks */
				*ret_done = i;
				return true;
			}
		}
		if (pthread_cond_timedwait(&w->cv, &w->mu, &ts) == ETIMEDOUT) {
			bool any = false;

			for (size_t i = 0; i < n && !any; i++)
				any = ops[i]->job && ops[i]->job->done;
			if (!any) {
				pthread_mutex_unlock(&w->mu);
				return false;
			}
		}
	}
}

void mpr_job_abandon(struct mpr_call *call, struct mpr_path_op *op)
{
	struct mpr_job *j = op->job;
	struct mpathpr_dev *dev = call->dev;

	if (!j)
		return;
	pthread_mutex_lock(&j->w->mu);
	if (j->done) {
		job_collect_locked(call, op);
		return;
	}
	j->abandoned = true;
	/* The job keeps the handle it is blocked on; the device forgets it. */
	if (!j->own_handle && j->handle >= 0 && dev->handles[op->path] == j->handle) {
		j->own_handle = true;
		dev->handles[op->path] = -1;
	}
	op->job = NULL;
	job_unref_locked(j);
	memset(&op->res, 0, sizeof(op->res));
	op->res.os_error = ETIMEDOUT;
	op->res.timed_out = true;
	op->res.no_answer = true;
	op->outcome = mpr_result_classify(&op->res);
	mpr_dev_path_set_unanswered(dev, op->path);
}
