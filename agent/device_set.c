// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * device_set.c - the devices an action works on: opened together, put in
 * the order every node agrees on, worked on in parallel by a bounded pool,
 * within the action's time budget.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "device_set.h"
#include "log.h"
#include "request.h"

uint64_t fence_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static const char *fence_open_reason(int err)
{
	switch (err) {
	case -ENOENT:
		return "does not exist";
	case -ENOTBLK:
		return "is not a block device";
	case -EMEDIUMTYPE:
		return "is neither a dm-multipath map nor a whole SCSI disk";
	case -ENOLINK:
		return "has no usable path";
	default:
		return NULL;
	}
}

static int fence_dev_open_fn(struct fence_dev *d, void *ctx)
{
	int r = mpathpr_dev_open(ctx, d->name, &d->dev);

	if (r == 0)
		fence_debug("device %s: %s, wwid %s, %zu path(s)", d->name,
			    mpathpr_dev_name(d->dev), mpathpr_dev_wwid(d->dev),
			    mpathpr_dev_path_count(d->dev));
	return r;
}

/* Every device is resolved at once (the topology reads are independent). */
int fence_devs_open(struct mpathpr_ctx *ctx, char *const *names, size_t n, struct fence_devs *ret)
{
	struct fence_devs devs = { 0 };
	int first = 0;

	if (n == 0) {
		fence_err("no devices configured");
		return -EINVAL;
	}
	devs.v = calloc(n, sizeof(*devs.v));
	if (!devs.v)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		devs.v[i].name = names[i];
	devs.count = n;
	fence_devs_run_parallel_untimed(&devs, 0, fence_dev_open_fn, ctx);
	for (size_t i = 0; i < n; i++) {
		if (!devs.v[i].result)
			continue;
		if (fence_open_reason(devs.v[i].result))
			fence_err("device %s %s", names[i], fence_open_reason(devs.v[i].result));
		else
			fence_err("device %s: cannot open: %s", names[i],
				  fence_errstr(devs.v[i].result));
		if (!first)
			first = devs.v[i].result;
	}
	if (first) {
		fence_devs_close(&devs);
		return first;
	}
	*ret = devs;
	return 0;
}

void fence_devs_close(struct fence_devs *devs)
{
	for (size_t i = 0; i < devs->count; i++) {
		mpathpr_dev_close(devs->v[i].dev);
		free(devs->v[i].keys);
	}
	free(devs->v);
	devs->v = NULL;
	devs->count = 0;
}

static int fence_dev_cmp(const void *a, const void *b)
{
	const struct fence_dev *x = a, *y = b;
	int c = strcmp(mpathpr_dev_wwid(x->dev), mpathpr_dev_wwid(y->dev));

	return c ? c : strcmp(x->name, y->name);
}

void fence_devs_sort_by_wwid(struct fence_devs *devs)
{
	qsort(devs->v, devs->count, sizeof(*devs->v), fence_dev_cmp);
}

int fence_dev_run_one(struct fence_dev *d, fence_dev_fn fn, void *arg)
{
	d->start_us = fence_now_us();
	d->result = fn(d, arg);
	d->duration_us = fence_now_us() - d->start_us;
	fence_debug("device %s: done in %llu ms: %s", d->name,
		    (unsigned long long)(d->duration_us / 1000),
		    d->result ? fence_errstr(d->result) : "ok");
	return d->result;
}

struct fence_pool {
	struct fence_devs *devs;
	atomic_size_t next;
	fence_dev_fn fn;
	void *arg;
	bool timed;
};

static void *fence_pool_worker(void *p)
{
	struct fence_pool *pool = p;
	size_t i;

	while ((i = atomic_fetch_add(&pool->next, 1)) < pool->devs->count) {
		struct fence_dev *d = &pool->devs->v[i];

		if (pool->timed)
			fence_dev_run_one(d, pool->fn, pool->arg);
		else
			d->result = pool->fn(d, pool->arg);
	}
	return NULL;
}

static size_t fence_pool_run(struct fence_pool *pool, size_t from)
{
	struct fence_devs *devs = pool->devs;
	pthread_t threads[FENCE_MAX_WORKERS];
	size_t n = devs->count > from ? devs->count - from : 0, started = 0, failed = 0;

	atomic_init(&pool->next, from);
	if (n > FENCE_MAX_WORKERS)
		n = FENCE_MAX_WORKERS;
	/* The caller is one of the workers (the only one for a single device);
	 * if no thread could be started it does all the work: slower, still correct. */
	for (; started + 1 < n; started++)
		if (pthread_create(&threads[started], NULL, fence_pool_worker, pool) != 0)
			break;
	fence_pool_worker(pool);
	for (size_t i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	for (size_t i = from; i < devs->count; i++)
		if (devs->v[i].result != 0)
			failed++;
	return failed;
}

size_t fence_devs_run_parallel(struct fence_devs *devs, size_t from, fence_dev_fn fn, void *arg)
{
	struct fence_pool pool = { .devs = devs, .fn = fn, .arg = arg, .timed = true };

	return fence_pool_run(&pool, from);
}

size_t fence_devs_run_parallel_untimed(struct fence_devs *devs, size_t from, fence_dev_fn fn,
				       void *arg)
{
	struct fence_pool pool = { .devs = devs, .fn = fn, .arg = arg };

	return fence_pool_run(&pool, from);
}

void fence_action_budget_start(const struct fence_config *cfg, struct mpathpr_ctx *ctx)
{
	unsigned int io_ms = cfg->io_timeout_ms ? cfg->io_timeout_ms : FENCE_DEFAULT_IO_TIMEOUT_MS;

	mpathpr_ctx_set_deadline(ctx, FENCE_ACTION_BUDGET_MS(io_ms));
}
