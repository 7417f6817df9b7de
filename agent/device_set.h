/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * device_set.h - the devices an action works on: the set of open devices,
 * the order every node agrees on, a bounded worker pool that runs one
 * function per device in parallel, and the action's time budget.
 * Internal to the agent.
 */
#ifndef FENCE_MPATHPR_DEVICE_SET_H
#define FENCE_MPATHPR_DEVICE_SET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mpathpr/mpathpr.h"

struct fence_config;

/* At most this many devices are worked on at once (each may use a thread per path). */
#define FENCE_MAX_WORKERS	32

struct fence_dev {
	const char *name;		/* as configured */
	struct mpathpr_dev *dev;
	uint64_t own_key;		/* off: this node's key on this device */
	int result;			/* what the per-device function returned */
	bool registered;		/* status/list: the key asked about is registered */
	struct mpathpr_keys *keys;	/* list: what READ KEYS returned (freed on close) */
	uint64_t start_us;		/* when work on it began (fence_now_us()) */
	uint64_t duration_us;		/* how long it took */
};

struct fence_devs {
	size_t count;
	struct fence_dev *v;
};

/**
 * fence_devs_open() - open every configured device; nothing is sent when one fails.
 * @ctx:	library context
 * @names:	device names
 * @n:		how many
 * @ret:	the open devices, close with fence_devs_close()
 * Return: 0, or the first failure (logged with the device's name).
 */
int fence_devs_open(struct mpathpr_ctx *ctx, char *const *names, size_t n, struct fence_devs *ret);

/** fence_devs_close() - close every device and free the set. */
void fence_devs_close(struct fence_devs *devs);

/** fence_devs_sort_by_wwid() - the order every node agrees on: WWID, then name. */
void fence_devs_sort_by_wwid(struct fence_devs *devs);

typedef int (*fence_dev_fn)(struct fence_dev *d, void *arg);

/**
 * fence_devs_run_parallel() - call @fn for devices [@from, count) with up to
 * FENCE_MAX_WORKERS threads; each device's result and duration are stored
 * in it.  @fn must only touch its own device and read @arg.
 * Return: the number of devices whose result is not 0.
 */
size_t fence_devs_run_parallel(struct fence_devs *devs, size_t from, fence_dev_fn fn, void *arg);

/**
 * fence_devs_run_parallel_untimed() - the same, storing only each result
 * (no duration, no per-device log line): for setup steps such as opening.
 */
size_t fence_devs_run_parallel_untimed(struct fence_devs *devs, size_t from, fence_dev_fn fn,
				       void *arg);

/** fence_dev_run_one() - call @fn for @d and record its result and duration. */
int fence_dev_run_one(struct fence_dev *d, fence_dev_fn fn, void *arg);

/**
 * fence_action_budget_start() - from now on, every library call through
 * @ctx ends within FENCE_ACTION_BUDGET_MS() of @cfg's io timeout.
 */
void fence_action_budget_start(const struct fence_config *cfg, struct mpathpr_ctx *ctx);

/** fence_now_us() - CLOCK_MONOTONIC in microseconds. */
uint64_t fence_now_us(void);

#endif /* FENCE_MPATHPR_DEVICE_SET_H */
