// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * action_query.c - the actions that only read: status, monitor, list,
 * list-status and validate-all.
 *
 * status and monitor also look at this node's own key per path: READ KEYS
 * lists the keys of every I_T nexus of the LU, so a path that was down when
 * the key was registered and came back later (its nexus unregistered, its
 * writes refused, a fence through it failing) cannot be seen there; READ
 * FULL STATUS matched with each path's nexus (mpathpr_read_nexus_status())
 * can.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <syslog.h>

#include "actions.h"
#include "common/macro.h"
#include "device_set.h"
#include "identity.h"
#include "log.h"
#include "mpathpr/mpathpr.h"
#include "mpath_conf.h"
#include "mpath_conf_devs.h"
#include "prkey_sync.h"
#include "read_back.h"
#include "request.h"
#include "store.h"

/* One PR IN READ KEYS; the keys are kept on the device for list. */
static int query_read_keys(struct fence_dev *d, void *arg)
{
	const uint64_t *key = arg;
	struct mpathpr_report *report = NULL;
	int r;

	r = mpathpr_report_new(&report);
	if (r < 0)
		return r;
	r = mpathpr_read_keys(d->dev, &d->keys, report);
	fence_log_reset(d->name, "read keys", report);
	mpathpr_report_free(report);
	if (r == -EOPNOTSUPP) {
		fence_err("device %s rejected PERSISTENT RESERVE IN as unsupported: it does not "
			  "support persistent reservations", d->name);
		return r;
	}
	if (r < 0) {
		fence_err("device %s: cannot read keys through any path: %s", d->name,
			  fence_errstr(r));
		return r;
	}
	d->registered = key && fence_keys_contain(d->keys, *key) > 0;
	return 0;
}

static int query_open_and_read(const struct fence_config *cfg, struct mpathpr_ctx *ctx,
			       const uint64_t *key, struct fence_devs *devs)
{
	if (fence_devs_open(ctx, cfg->devices, cfg->n_devices, devs) < 0)
		return -ENODEV;
	if (fence_devs_run_parallel(devs, 0, query_read_keys, (void *)key)) {
		fence_devs_close(devs);
		return -EIO;
	}
	return 0;
}

/* Why a path's registration is unknown, for the per-path view. */
static const char *query_unknown_reason(int err)
{
	switch (err) {
	case -EOPNOTSUPP:
		return "the device does not support READ FULL STATUS";
	case -ENODATA:
		return "its I_T nexus could not be identified from sysfs";
	case -ENOTUNIQ:
		return "the device names the initiator of a registration without its ISID";
	case -EOVERFLOW:
		return "READ FULL STATUS was longer than one response";
	case -EPROTO:
		return "the device lists two keys for its nexus";
	default:
		return fence_errstr(err);
	}
}

/* "target port T, relative port N, initiator port I" of one path. */
static void query_nexus_name(const struct mpathpr_path_nexus *pn, char *buf, size_t len)
{
	char rtp[16] = "?";

	if (pn->rel_tgt_port_valid)
		snprintf(rtp, sizeof(rtp), "%u", pn->rel_tgt_port);
	snprintf(buf, len, "target port %s, relative port %s, initiator port %s",
		 pn->target_port[0] ? pn->target_port : "?", rtp,
		 pn->initiator_port[0] ? pn->initiator_port : "?");
}

/*
 * One path's registration against @key: logs it at info (the -v view) and,
 * when the path is usable and its nexus lacks @key, a line at @prio.
 * Return: true when that is the case.
 */
static bool query_nexus_path(const struct fence_dev *d, const struct mpathpr_path_nexus *pn,
			     uint64_t key, int prio)
{
	bool usable = pn->path.state == MPATHPR_PATH_ACTIVE;
	const char *state = usable ? "usable" : pn->path.state == MPATHPR_PATH_FAILED ?
			    "failed" : "offline";
	char kb[MPATHPR_KEY_FORMAT_LEN], other[MPATHPR_KEY_FORMAT_LEN], nexus[640];

	mpathpr_key_format(key, kb);
	query_nexus_name(pn, nexus, sizeof(nexus));
	switch (pn->reg) {
	case MPATHPR_NEXUS_REGISTERED:
		if (pn->key == key) {
			fence_info("device %s: path %s (%s, %s): key %s registered on its nexus%s",
				   d->name, pn->path.devnode, state, nexus, kb,
				   pn->holder ? ", reservation holder" : "");
			return false;
		}
		mpathpr_key_format(pn->key, other);
		if (!usable)
			break;
		fence_log(prio, "device %s: path %s (%s) is usable but its nexus is registered "
			  "with key %s, not key %s", d->name, pn->path.devnode, nexus, other, kb);
		return true;
	case MPATHPR_NEXUS_UNREGISTERED:
		if (!usable)
			break;
		fence_log(prio, "device %s: path %s (%s) is usable but its nexus has no "
			  "registration for key %s", d->name, pn->path.devnode, nexus, kb);
		return true;
	default:
		fence_info("device %s: path %s (%s, %s): registration of its nexus unknown: %s",
			   d->name, pn->path.devnode, state, nexus, query_unknown_reason(pn->error));
		return false;
	}
	fence_info("device %s: path %s (%s, %s): key %s not registered on its nexus", d->name,
		   pn->path.devnode, state, nexus, kb);
	return false;
}

/*
 * This node's @key on each of @d's paths (READ FULL STATUS).  A device that
 * cannot tell (no READ FULL STATUS, nexuses not identified) keeps what READ
 * KEYS said.  Return: how many usable paths lack @key on their nexus.
 */
static size_t query_nexus_missing(const struct fence_dev *d, uint64_t key, int prio)
{
	struct mpathpr_nexus_status *s = NULL;
	struct mpathpr_report *report = NULL;
	size_t missing = 0;
	int r;

	r = mpathpr_report_new(&report);
	if (r == 0) {
		r = mpathpr_read_nexus_status(d->dev, &s, report);
		fence_log_reset(d->name, "read full status", report);
		mpathpr_report_free(report);
	}
	if (r < 0) {
		fence_info("device %s: registrations per path not read (READ FULL STATUS: %s); "
			   "READ KEYS only", d->name, fence_errstr(r));
		return 0;
	}
	for (size_t i = 0; i < s->count; i++)
		missing += query_nexus_path(d, &s->paths[i], key, prio);
	free(s);
	return missing;
}

struct status_args {
	uint64_t key;
	bool own;		/* the key is this node's: its paths can be judged */
	atomic_size_t partial;	/* devices where a usable path lacks it */
};

static int status_device(struct fence_dev *d, void *arg)
{
	struct status_args *a = arg;
	int r = query_read_keys(d, &a->key);

	if (r < 0 || !a->own || !d->registered)
		return r;
	/* Still registered through its other nexuses: not fenced, so still "on". */
	if (query_nexus_missing(d, a->key, LOG_WARNING))
		atomic_fetch_add(&a->partial, 1);
	return 0;
}

/* Is @key one of this node's (store, key_value=hash)?  Only then are its paths ours. */
static bool status_key_is_own(const struct fence_config *cfg, uint64_t key)
{
	struct fence_store *store = NULL;
	char err[PATH_MAX + 256];
	uint64_t own[16];
	size_t n;

	if (fence_store_load_err(cfg->store_path, &store, err, sizeof(err)) < 0) {
		fence_warn("cannot read the store: %s; this node's keys are not known from it",
			   err[0] ? err : "out of memory");
		store = NULL;
	}
	n = fence_own_keys(cfg, store, own, ARRAY_SIZE(own));
	fence_store_free(store);
	for (size_t i = 0; i < n; i++)
		if (own[i] == key)
			return true;
	return false;
}

int fence_action_status(const struct fence_config *cfg, struct mpathpr_ctx *ctx)
{
	struct fence_devs devs = { 0 };
	struct status_args a = { 0 };
	char kb[MPATHPR_KEY_FORMAT_LEN];
	size_t on = 0, partial;

	if (fence_config_effective_key(cfg, &a.key) < 0) {
		fence_err("status needs the key to look for (key, plug or port)");
		return FENCE_EXIT_FAIL;
	}
	a.own = status_key_is_own(cfg, a.key);
	atomic_init(&a.partial, 0);
	if (fence_devs_open(ctx, cfg->devices, cfg->n_devices, &devs) < 0)
		return FENCE_EXIT_FAIL;
	if (fence_devs_run_parallel(&devs, 0, status_device, &a)) {
		fence_devs_close(&devs);
		return FENCE_EXIT_FAIL;
	}
	mpathpr_key_format(a.key, kb);
	partial = atomic_load(&a.partial);
	for (size_t i = 0; i < devs.count; i++) {
		if (devs.v[i].registered)
			on++;
		else
			fence_info("device %s: key %s not registered", devs.v[i].name, kb);
	}
	if (on && on < devs.count)
		fence_warn("key %s registered on %zu of %zu device(s): not completely fenced",
			   kb, on, devs.count);
	if (partial)
		fence_warn("key %s is this node's and misses on usable paths of %zu device(s): "
			   "status on (it can still write through the others); run on again",
			   kb, partial);
	fence_info("status of key %s: %s", kb, on ? "on" : "off");
	fence_devs_close(&devs);
	return on ? FENCE_EXIT_OK : FENCE_EXIT_OFF;
}

/*
 * This node's key on @d: the one the store recorded for it, else the one
 * key of the store (a node has one key; off decides the same way).
 */
static uint64_t monitor_own_key(const struct fence_store *store, const char *device)
{
	uint64_t key = 0;

	if (fence_store_lookup(store, device, &key) == 0)
		return key;
	for (size_t i = 0; store && i < store->count; i++)
		if (store->entries[i].key != store->entries[0].key)
			return 0;
	return store && store->count ? store->entries[0].key : 0;
}

static int monitor_device(struct fence_dev *d, void *arg)
{
	char kb[MPATHPR_KEY_FORMAT_LEN];
	int r = query_read_keys(d, d->own_key ? &d->own_key : NULL);

	(void)arg;
	if (r < 0 || !d->own_key)
		return r;
	if (!d->registered) {
		/* Fenced, or not unfenced yet: nothing of ours to check per path. */
		fence_info("device %s: this node's key %s is not registered", d->name,
			   mpathpr_key_format(d->own_key, kb));
		return 0;
	}
	return query_nexus_missing(d, d->own_key, LOG_ERR) ? -EKEYREJECTED : 0;
}

int fence_action_monitor(const struct fence_config *cfg, struct mpathpr_ctx *ctx)
{
	struct fence_devs devs = { 0 };
	struct fence_store *store = NULL;
	char err[PATH_MAX + 256];
	size_t failed;
	int r = fence_store_load_err(cfg->store_path, &store, err, sizeof(err));

	if (r < 0)
		fence_err("cannot read the store: %s", err[0] ? err : fence_errstr(r));
	if (fence_devs_open(ctx, cfg->devices, cfg->n_devices, &devs) < 0) {
		fence_store_free(store);
		return FENCE_EXIT_FAIL;
	}
	for (size_t i = 0; i < devs.count; i++)
		devs.v[i].own_key = r < 0 ? 0 : monitor_own_key(store, devs.v[i].name);
	fence_store_free(store);
	failed = fence_devs_run_parallel(&devs, 0, monitor_device, NULL);
	fence_devs_close(&devs);
	return r < 0 || failed ? FENCE_EXIT_FAIL : FENCE_EXIT_OK;
}

static bool query_seen_before(const struct fence_devs *devs, size_t dev, size_t idx)
{
	uint64_t key = devs->v[dev].keys->keys[idx];

	for (size_t i = 0; i <= dev; i++) {
		const struct mpathpr_keys *k = devs->v[i].keys;
		size_t end = i == dev ? idx : k->count;

		for (size_t j = 0; j < end; j++)
			if (k->keys[j] == key)
				return true;
	}
	return false;
}

static size_t query_devices_with(const struct fence_devs *devs, uint64_t key)
{
	size_t n = 0;

	for (size_t i = 0; i < devs->count; i++)
		n += fence_keys_contain(devs->v[i].keys, key) > 0;
	return n;
}

static void query_print(const struct fence_config *cfg, const struct fence_store *store,
			const struct fence_devs *devs, bool with_status, FILE *out)
{
	char kb[MPATHPR_KEY_FORMAT_LEN], name[256];

	for (size_t d = 0; d < devs->count; d++) {
		const struct mpathpr_keys *k = devs->v[d].keys;

		for (size_t j = 0; j < k->count; j++) {
			uint64_t key = k->keys[j];
			size_t n;

			if (query_seen_before(devs, d, j))
				continue;
			mpathpr_key_format(key, kb);
			fence_key_name(cfg, store, key, name, sizeof(name));
			n = query_devices_with(devs, key);
			if (n < devs->count)
				fence_warn("key %s registered on %zu of %zu device(s)", kb, n,
					   devs->count);
			if (with_status)
				fprintf(out, "%s,%s,on\n", kb, name);
			else
				fprintf(out, "%s,%s\n", kb, name);
		}
	}
	fflush(out);
}

int fence_action_list(const struct fence_config *cfg, struct mpathpr_ctx *ctx, bool with_status,
		      FILE *out)
{
	struct fence_devs devs = { 0 };
	struct fence_store *store = NULL;
	char err[PATH_MAX + 256];

	if (query_open_and_read(cfg, ctx, NULL, &devs) < 0)
		return FENCE_EXIT_FAIL;
	/* Names are a convenience: an unreadable store only loses them. */
	if (fence_store_load_err(cfg->store_path, &store, err, sizeof(err)) < 0) {
		fence_warn("cannot read the store: %s; node names not shown",
			   err[0] ? err : "out of memory");
		store = NULL;
	}
	for (size_t i = 0; i < devs.count; i++)
		fence_info("device %s: %zu registration(s)", devs.v[i].name, devs.v[i].keys->count);
	query_print(cfg, store, &devs, with_status, out);
	fence_store_free(store);
	fence_devs_close(&devs);
	return FENCE_EXIT_OK;
}

static int query_validate_device(struct fence_dev *d, void *arg)
{
	const int *type = arg;
	int r = fence_check_type_supported(d, *type);

	if (r < 0)
		return r;
	return query_read_keys(d, NULL);
}

int fence_action_validate(const struct fence_config *cfg, struct mpathpr_ctx *ctx)
{
	struct fence_devs devs = { 0 };
	int type = cfg->reservation_type;
	uint64_t key;
	size_t failed;

	if (fence_devs_open(ctx, cfg->devices, cfg->n_devices, &devs) < 0)
		return FENCE_EXIT_FAIL;
	/* multipathd's key must be this node's (when the node's key is given) */
	if (fence_config_effective_key(cfg, &key) == 0 &&
	    fence_mpconf_check_devs(cfg->mpathd ? cfg->mpathd->multipath_conf
					: FENCE_MULTIPATH_CONF, &devs, key) < 0) {
		fence_devs_close(&devs);
		return FENCE_EXIT_FAIL;
	}
	failed = fence_devs_run_parallel(&devs, 0, query_validate_device, &type);
	fence_devs_close(&devs);
	if (failed)
		return FENCE_EXIT_FAIL;
	fence_info("configuration is usable: %zu device(s)", cfg->n_devices);
	return FENCE_EXIT_OK;
}
