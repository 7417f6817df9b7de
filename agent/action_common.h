/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * action_common.h - what the actions share: the set of open devices, a
 * bounded worker pool that runs one function per device in parallel, and
 * the read-back checks every action trusts more than command status.
 * Internal to the agent.
 */
#ifndef FENCE_MPATHPR_ACTION_COMMON_H
#define FENCE_MPATHPR_ACTION_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "mpathpr/mpathpr.h"

struct fence_config;
struct fence_store;

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
 * fence_log_reset() - log the commands in @report (see fence_log_report())
 * and empty it for the next call.
 */
void fence_log_reset(const char *device, const char *what, struct mpathpr_report *report);

/** fence_keys_contain() - how many times @key appears in @keys (NULL: 0). */
size_t fence_keys_contain(const struct mpathpr_keys *keys, uint64_t key);

enum fence_expect {
	FENCE_EXPECT_PRESENT,		/* every active path answered and the key is registered
					 * at least once per active path */
	FENCE_EXPECT_ABSENT,		/* no answering path sees the key */
};

/**
 * fence_verify_key() - read the keys through every path and check @key.
 * @d:		device
 * @key:	the key
 * @expect:	what must hold
 *
 * A path that failed and is down (not active in the map, or the transport
 * says no connection / device gone) is skipped and reported; any other
 * failure on a usable path is an error.  At least one path must answer.
 * Return: 0 when it holds, -EKEYREJECTED when the keys say otherwise,
 * -ENOLINK when no path answered, or the error of a usable path.
 */
int fence_verify_key(struct fence_dev *d, uint64_t key, enum fence_expect expect);

/**
 * fence_ensure_reservation() - make sure @d has a reservation: read it and,
 * when there is none, reserve with @key and @type and read again.
 * Return: 0 when a reservation is held, else a negative errno.
 */
int fence_ensure_reservation(struct fence_dev *d, uint64_t key, int type);

/**
 * fence_check_type_supported() - REPORT CAPABILITIES says @type is usable.
 * Return: 0 (also when the device cannot report capabilities, an SPC-3
 * device), -EOPNOTSUPP when it says the type is not supported.
 */
int fence_check_type_supported(struct fence_dev *d, int type);

/**
 * fence_own_keys() - this node's keys: every key in @store, and with
 * key_value=hash the key of this host's name (short and full).
 * @ret_keys:	at least @cap entries
 * Return: the number of keys stored.
 */
size_t fence_own_keys(const struct fence_config *cfg, const struct fence_store *store,
		      uint64_t *ret_keys, size_t cap);

/** fence_key_name() - a node name for @key if known ("" else). */
const char *fence_key_name(const struct fence_config *cfg, const struct fence_store *store,
			   uint64_t key, char *buf, size_t len);

/** fence_errstr() - text for a negative errno from the library or the agent. */
const char *fence_errstr(int err);

/** fence_now_us() - CLOCK_MONOTONIC in microseconds. */
uint64_t fence_now_us(void);

/* Per-action entry points (exit codes). */
int fence_action_on(const struct fence_config *cfg, struct mpathpr_ctx *ctx);
int fence_action_off(const struct fence_config *cfg, struct mpathpr_ctx *ctx);
int fence_action_status(const struct fence_config *cfg, struct mpathpr_ctx *ctx);
int fence_action_monitor(const struct fence_config *cfg, struct mpathpr_ctx *ctx);
int fence_action_list(const struct fence_config *cfg, struct mpathpr_ctx *ctx, bool with_status,
		      FILE *out);
int fence_action_validate(const struct fence_config *cfg, struct mpathpr_ctx *ctx);

#endif /* FENCE_MPATHPR_ACTION_COMMON_H */
