// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * action_query.c - the actions that only read: status, monitor, list,
 * list-status and validate-all.
 */
#include <errno.h>
#include <stdlib.h>

#include "action_common.h"
#include "actions.h"
#include "config.h"
#include "keys.h"
#include "log.h"
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

int fence_action_status(const struct fence_config *cfg, struct mpathpr_ctx *ctx)
{
	struct fence_devs devs = { 0 };
	char kb[MPR_KEY_FORMAT_LEN];
	size_t on = 0;
	uint64_t key;

	if (fence_config_effective_key(cfg, &key) < 0) {
		fence_err("status needs the key to look for (key, plug or port)");
		return FENCE_EXIT_FAIL;
	}
	if (query_open_and_read(cfg, ctx, &key, &devs) < 0)
		return FENCE_EXIT_FAIL;
	mpr_key_format(key, kb);
	for (size_t i = 0; i < devs.count; i++) {
		if (devs.v[i].registered)
			on++;
		else
			fence_info("device %s: key %s not registered", devs.v[i].name, kb);
	}
	if (on && on < devs.count)
		fence_warn("key %s registered on %zu of %zu device(s): not completely fenced",
			   kb, on, devs.count);
	fence_info("status of key %s: %s", kb, on ? "on" : "off");
	fence_devs_close(&devs);
	return on ? FENCE_EXIT_OK : FENCE_EXIT_OFF;
}

int fence_action_monitor(const struct fence_config *cfg, struct mpathpr_ctx *ctx)
{
	struct fence_devs devs = { 0 };
	int r = fence_store_check_readable(cfg->store_path);

	if (r < 0)
		fence_err("store %s/%s is not readable: %s", cfg->store_path, FENCE_STORE_FILE,
			  fence_errstr(r));
	if (query_open_and_read(cfg, ctx, NULL, &devs) < 0)
		return FENCE_EXIT_FAIL;
	fence_devs_close(&devs);
	return r < 0 ? FENCE_EXIT_FAIL : FENCE_EXIT_OK;
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
	char kb[MPR_KEY_FORMAT_LEN], name[256];

	for (size_t d = 0; d < devs->count; d++) {
		const struct mpathpr_keys *k = devs->v[d].keys;

		for (size_t j = 0; j < k->count; j++) {
			uint64_t key = k->keys[j];
			size_t n;

			if (query_seen_before(devs, d, j))
				continue;
			mpr_key_format(key, kb);
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

	if (query_open_and_read(cfg, ctx, NULL, &devs) < 0)
		return FENCE_EXIT_FAIL;
	/* Names are a convenience: an unreadable store only loses them. */
	if (fence_store_load(cfg->store_path, &store) < 0)
		store = NULL;
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
	size_t failed;

	if (fence_devs_open(ctx, cfg->devices, cfg->n_devices, &devs) < 0)
		return FENCE_EXIT_FAIL;
	failed = fence_devs_run_parallel(&devs, 0, query_validate_device, &type);
	fence_devs_close(&devs);
	if (failed)
		return FENCE_EXIT_FAIL;
	fence_info("configuration is usable: %zu device(s)", cfg->n_devices);
	return FENCE_EXIT_OK;
}
