// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * action_on.c - unfence this node: register its key on every path of every
 * device, make sure a reservation exists, verify, record in the store.
 *
 * REGISTER AND IGNORE EXISTING KEY is idempotent per I_T nexus: a nexus
 * already carrying the key keeps it (no window without a key after an iSCSI
 * re-login, where the old nexus still holds it and the new one does not),
 * and registrations multipathd made with the same key (reservation_key in
 * multipath.conf) are left as they are; the read-back decides.
 *
 * With "reservation_key file" in multipath.conf, multipathd repairs paths
 * with the key recorded for the map: that is made this node's key before
 * anything is sent (prkey_sync.h), as mpathpersist does.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>

#include "actions.h"
#include "device_set.h"
#include "log.h"
#include "mpathpr/mpathpr.h"
#include "mpath_conf.h"
#include "mpath_conf_devs.h"
#include "prkey_sync.h"
#include "read_back.h"
#include "request.h"
#include "store.h"

struct on_args {
	uint64_t key;
	int type;
	unsigned int reg_flags;
};

static int on_register(struct fence_dev *d, const struct on_args *a)
{
	struct mpathpr_report *report = NULL;
	char what[48], kb[MPATHPR_KEY_FORMAT_LEN];
	int r;

	r = mpathpr_report_new(&report);
	if (r < 0)
		return r;
	snprintf(what, sizeof(what), "sark=%s", mpathpr_key_format(a->key, kb));
	r = mpathpr_register(d->dev, 0, a->key, a->reg_flags, report);
	fence_log_reset(d->name, what, report);
	mpathpr_report_free(report);
	if (r == -EOPNOTSUPP) {
		fence_err("device %s rejected PERSISTENT RESERVE OUT REGISTER AND IGNORE EXISTING "
			  "KEY as unsupported", d->name);
		return r;
	}
	/* Trust the read-back, not the status: down paths fail here and are fine. */
	if (r < 0)
		fence_warn("device %s: register returned %s; checking what is registered",
			   d->name, fence_errstr(r));
	return 0;
}

static int on_device(struct fence_dev *d, void *arg)
{
	const struct on_args *a = arg;
	int r;

	r = fence_check_type_supported(d, a->type);
	if (r < 0)
		return r;
	r = on_register(d, a);
	if (r < 0)
		return r;
	r = fence_verify_key(d, a->key, FENCE_EXPECT_PRESENT);
	if (r < 0)
		return r;
	return fence_ensure_reservation(d, a->key, a->type);
}

/* Record the devices that were unfenced, so off and the watchdog find them. */
static int on_record(const struct fence_config *cfg, const struct fence_devs *devs, uint64_t key)
{
	const char **names = calloc(devs->count ? devs->count : 1, sizeof(*names));
	char err[PATH_MAX + 256] = "";
	size_t n = 0;
	int r;

	if (!names)
		return -ENOMEM;
	for (size_t i = 0; i < devs->count; i++)
		if (devs->v[i].result == 0)
			names[n++] = devs->v[i].name;
	r = n ? fence_store_record_err(cfg->store_path, names, n, key, err, sizeof(err)) : 0;
	free(names);
	if (r < 0 && err[0])
		fence_err("cannot record the devices in the store: %s", err);
	else if (r < 0)
		fence_err("cannot record the devices in %s/%s: %s", cfg->store_path,
			  FENCE_STORE_FILE, fence_errstr(r));
	return r;
}

int fence_action_on(const struct fence_config *cfg, struct mpathpr_ctx *ctx)
{
	struct on_args a = {
		.type = cfg->reservation_type,
		.reg_flags = MPATHPR_REG_IGNORE_EXISTING | (cfg->aptpl ? MPATHPR_REG_APTPL : 0),
	};
	struct fence_prkey_settings mpd = cfg->mpathd ? *cfg->mpathd
						      : fence_prkey_settings_system();
	struct fence_devs devs = { 0 };
	char kb[MPATHPR_KEY_FORMAT_LEN];
	bool *told = NULL;
	size_t failed;
	int r;

	if (fence_config_effective_key(cfg, &a.key) < 0) {
		fence_err("on needs this node's key (key, plug or port, or key_value=hash with "
			  "nodename)");
		return FENCE_EXIT_FAIL;
	}
	if (fence_devs_open(ctx, cfg->devices, cfg->n_devices, &devs) < 0)
		return FENCE_EXIT_FAIL;
	/* Two daemons registering two keys of one node: refused before anything is sent. */
	if (fence_mpconf_check_devs(mpd.multipath_conf, &devs, a.key) < 0) {
		fence_devs_close(&devs);
		return FENCE_EXIT_FAIL;
	}
	/* as mpathpersist: multipathd's key first, and no registration without it */
	told = calloc(devs.count ? devs.count : 1, sizeof(*told));
	if (!told || fence_prkey_record_devs(&mpd, &devs, a.key, cfg->aptpl, told) < 0) {
		if (!told)
			fence_err("out of memory");
		free(told);
		fence_devs_close(&devs);
		return FENCE_EXIT_FAIL;
	}
	failed = fence_devs_run_parallel(&devs, 0, on_device, &a);
	fence_prkey_registered_devs(&mpd, &devs, told);
	free(told);
	r = on_record(cfg, &devs, a.key);
	for (size_t i = 0; i < devs.count; i++)
		if (devs.v[i].result)
			fence_err("device %s: key %s not registered: %s", devs.v[i].name,
				  mpathpr_key_format(a.key, kb), fence_errstr(devs.v[i].result));
	if (!failed && r == 0)
		fence_notice("key %s registered on %zu device(s)", mpathpr_key_format(a.key, kb),
			     devs.count);
	fence_devs_close(&devs);
	return failed || r < 0 ? FENCE_EXIT_FAIL : FENCE_EXIT_OK;
}
