// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * action_off.c - fence a node: preempt-and-abort its key on every device.
 *
 * Two nodes fencing each other at once must not each win some LUNs.  Both
 * take the devices in WWID order and fence the first one alone: the device
 * serialises the two PREEMPT AND ABORTs, the loser finds its own key gone
 * and stops before touching any other device, the winner goes on with the
 * rest in parallel.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

#include "actions.h"
#include "device_set.h"
#include "identity.h"
#include "log.h"
#include "mpathpr/mpathpr.h"
#include "read_back.h"
#include "request.h"
#include "store.h"

#define OFF_MAX_OWN_KEYS 64

/*
 * Time: every library call ends by the context's deadline (main.c), so the
 * whole of off, every device and step, ends inside the action's budget.
 */
struct off_args {
	uint64_t victim;
	int type;
};

static int off_read_keys(struct fence_dev *d, struct mpathpr_report *report,
			 uint64_t victim, bool *ret_own, bool *ret_victim)
{
	struct mpathpr_keys *keys = NULL;
	int r = mpathpr_read_keys(d->dev, &keys, report);

	fence_log_reset(d->name, "read keys", report);
	if (r < 0) {
		fence_err("device %s: cannot read keys: %s", d->name, fence_errstr(r));
		return r;
	}
	*ret_own = fence_keys_contain(keys, d->own_key) > 0;
	*ret_victim = fence_keys_contain(keys, victim) > 0;
	free(keys);
	return 0;
}

static int off_own_key_gone(struct fence_dev *d)
{
	char kb[MPATHPR_KEY_FORMAT_LEN];

	fence_err("device %s: this node's key %s is not registered: this node has been "
		  "fenced (or was never unfenced on it); stopping", d->name,
		  mpathpr_key_format(d->own_key, kb));
	return -EKEYREVOKED;
}

/* PREEMPT AND ABORT @victim on one device, then read back. */
static int off_preempt(struct fence_dev *d, const struct off_args *a,
		       struct mpathpr_report *report)
{
	char what[96], ka[MPATHPR_KEY_FORMAT_LEN], kb[MPATHPR_KEY_FORMAT_LEN];
	bool own, victim;
	int r;

	r = off_read_keys(d, report, a->victim, &own, &victim);
	if (r < 0)
		return r;
	if (!own)
		return off_own_key_gone(d);
	if (!victim) {
		fence_info("device %s: key %s already absent", d->name,
			   mpathpr_key_format(a->victim, kb));
		return 0;
	}
	snprintf(what, sizeof(what), "key=%s sark=%s type=%d",
		 mpathpr_key_format(d->own_key, ka), mpathpr_key_format(a->victim, kb), a->type);
	r = mpathpr_preempt(d->dev, d->own_key, a->victim, (enum mpathpr_type)a->type, true,
			    report);
	fence_log_reset(d->name, what, report);
	if (r == 0)
		return 0;
	if (r != -EBADE) {
		fence_err("device %s: PREEMPT AND ABORT failed: %s", d->name, fence_errstr(r));
		return r;
	}
	/* A conflict: either we were preempted, or someone removed the victim first. */
	r = off_read_keys(d, report, a->victim, &own, &victim);
	if (r < 0)
		return r;
	if (!own)
		return off_own_key_gone(d);
	if (victim) {
		fence_err("device %s: PREEMPT AND ABORT refused (reservation conflict)", d->name);
		return -EBADE;
	}
	return 0;
}

static int off_device(struct fence_dev *d, void *arg)
{
	const struct off_args *a = arg;
	struct mpathpr_report *report = NULL;
	int r;

	r = mpathpr_report_new(&report);
	if (r < 0)
		return r;
	r = off_preempt(d, a, report);
	mpathpr_report_free(report);
	if (r < 0)
		return r;
	r = fence_verify_key(d, a->victim, FENCE_EXPECT_ABSENT);
	if (r < 0)
		return r;
	return fence_ensure_reservation(d, d->own_key, a->type);
}

/* The single key the store holds, when every entry agrees. */
static int off_store_single_key(const struct fence_store *store, uint64_t *ret_key)
{
	if (!store || store->count == 0)
		return -ENOENT;
	for (size_t i = 1; i < store->count; i++)
		if (store->entries[i].key != store->entries[0].key)
			return -ENOENT;
	*ret_key = store->entries[0].key;
	return 0;
}

/* This node's key for every configured device, from the store.  Nothing is sent. */
static int off_own_keys_per_device(const struct fence_config *cfg, const struct fence_store *store,
				   uint64_t *own)
{
	for (size_t i = 0; i < cfg->n_devices; i++) {
		if (fence_store_lookup(store, cfg->devices[i], &own[i]) == 0)
			continue;
		if (off_store_single_key(store, &own[i]) == 0)
			continue;
		fence_err("device %s: this node's key is not in the store %s/%s (run 'on' on this "
			  "node first)", cfg->devices[i], cfg->store_path, FENCE_STORE_FILE);
		return -ENOKEY;
	}
	return 0;
}

/* Refuse to fence ourselves; runs before any command is sent. */
static int off_refuse_self(const struct fence_config *cfg, const struct fence_store *store,
			   uint64_t victim)
{
	uint64_t own[OFF_MAX_OWN_KEYS];
	size_t n = fence_own_keys(cfg, store, own, OFF_MAX_OWN_KEYS);
	char kb[MPATHPR_KEY_FORMAT_LEN];

	for (size_t i = 0; i < n; i++) {
		if (own[i] == victim) {
			fence_err("refusing to fence this node itself: key %s is this node's key",
				  mpathpr_key_format(victim, kb));
			return -EPERM;
		}
	}
	return 0;
}

/* "/dev/sda active, /dev/sdh offline": every path of @d as the library saw it. */
static void off_paths_text(const struct fence_dev *d, char *buf, size_t len)
{
	static const char *const state[] = {
		[MPATHPR_PATH_ACTIVE] = "active", [MPATHPR_PATH_FAILED] = "failed in dm",
		[MPATHPR_PATH_OFFLINE] = "offline or blocked",
	};
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; d->dev && i < mpathpr_dev_path_count(d->dev) && used < len; i++) {
		const struct mpathpr_path_info *p = mpathpr_dev_path(d->dev, i);
		int n;

		if (!p)
			break;
		n = snprintf(buf + used, len - used, "%s%s %s", i ? ", " : "", p->devnode,
			     (unsigned int)p->state < 3 ? state[p->state] : "unknown");
		if (n < 0)
			break;
		used += (size_t)n;
	}
}

static void off_summary(const struct fence_config *cfg, const struct fence_devs *devs)
{
	char paths[512];

	uint64_t slow_us = (uint64_t)cfg->io_timeout_ms * 1000u;

	for (size_t i = 0; i < devs->count; i++) {
		const struct fence_dev *d = &devs->v[i];

		if (d->result) {
			off_paths_text(d, paths, sizeof(paths));
			fence_err("device %s: not fenced after %llu ms: %s (paths: %s)", d->name,
				  (unsigned long long)(d->duration_us / 1000), fence_errstr(d->result),
				  *paths ? paths : "none");
		}
		else if (slow_us && d->duration_us > slow_us)
			fence_warn("device %s: slow, fenced in %llu ms", d->name,
				   (unsigned long long)(d->duration_us / 1000));
	}
}

/* Sort, tie-breaker, the rest in parallel; closes @devs. */
static int off_run(const struct fence_config *cfg, struct fence_devs *devs_in, const uint64_t *own,
		   const struct off_args *a)
{
	struct fence_devs devs = *devs_in;
	char kb[MPATHPR_KEY_FORMAT_LEN];
	size_t failed;

	*devs_in = (struct fence_devs){ 0 };
	for (size_t i = 0; i < devs.count; i++)
		devs.v[i].own_key = own[i];
	fence_devs_sort_by_wwid(&devs);
	if (fence_dev_run_one(&devs.v[0], off_device, (void *)a) < 0) {
		fence_err("fencing key %s failed on %s, the first device: other devices left alone",
			  mpathpr_key_format(a->victim, kb), devs.v[0].name);
		off_summary(cfg, &devs);
		fence_devs_close(&devs);
		return FENCE_EXIT_FAIL;
	}
	failed = fence_devs_run_parallel(&devs, 1, off_device, (void *)a);
	off_summary(cfg, &devs);
	if (failed)
		fence_err("key %s fenced on %zu of %zu device(s)", mpathpr_key_format(a->victim, kb),
			  devs.count - failed, devs.count);
	else
		fence_notice("key %s fenced on %zu device(s)", mpathpr_key_format(a->victim, kb),
			     devs.count);
	fence_devs_close(&devs);
	return failed ? FENCE_EXIT_FAIL : FENCE_EXIT_OK;
}

/*
 * delay is for the cluster (which node fences first), not for a request
 * that cannot work: the devices are opened before the sleep, so a missing
 * or wrong one fails at once, and again after it, inside the action's
 * budget, as the paths may have changed meanwhile.
 */
static int off_open_after_delay(const struct fence_config *cfg, struct mpathpr_ctx *ctx,
				struct fence_devs *ret)
{
	if (cfg->delay_s) {
		if (fence_devs_open(ctx, cfg->devices, cfg->n_devices, ret) < 0)
			return -ENODEV;
		fence_devs_close(ret);
		fence_info("delaying %u s before fencing", cfg->delay_s);
		sleep(cfg->delay_s);
	}
	fence_action_budget_start(cfg, ctx);
	return fence_devs_open(ctx, cfg->devices, cfg->n_devices, ret) < 0 ? -ENODEV : 0;
}

int fence_action_off(const struct fence_config *cfg, struct mpathpr_ctx *ctx)
{
	struct off_args a = { .type = cfg->reservation_type };
	struct fence_store *store = NULL;
	struct fence_devs devs = { 0 };
	char err[PATH_MAX + 256];
	uint64_t *own;
	int r;

	if (fence_config_effective_key(cfg, &a.victim) < 0) {
		fence_err("off needs the key of the node to fence (key, plug or port)");
		return FENCE_EXIT_FAIL;
	}
	r = fence_store_load_err(cfg->store_path, &store, err, sizeof(err));
	if (r < 0) {
		fence_err("cannot read the store: %s; refusing to fence without knowing this "
			  "node's key", err[0] ? err : fence_errstr(r));
		return FENCE_EXIT_FAIL;
	}
	own = calloc(cfg->n_devices ? cfg->n_devices : 1, sizeof(*own));
	r = own ? off_refuse_self(cfg, store, a.victim) : -ENOMEM;
	if (r == 0)
		r = off_own_keys_per_device(cfg, store, own);
	fence_store_free(store);
	if (r == 0)
		r = off_open_after_delay(cfg, ctx, &devs);
	r = r < 0 ? FENCE_EXIT_FAIL : off_run(cfg, &devs, own, &a);
	free(own);
	return r;
}
