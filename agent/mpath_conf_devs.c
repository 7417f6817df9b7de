// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mpath_conf_devs.c - multipath.conf against the devices of an action.
 *
 * A failed setprkey fails `on` before anything is sent, as it fails
 * mpathpersist's REGISTER: with "reservation_key file" the administrator
 * asked multipathd to repair paths with the recorded key, and a node whose
 * key multipathd does not know would get no repair from it (and
 * mpathpersist, with another key recorded, refuses this node's PR OUT).
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "agent/device_set.h"
#include "agent/log.h"
#include "agent/mpath_conf.h"
#include "agent/mpath_conf_devs.h"
#include "agent/prkey_sync.h"
#include "mpathpr/mpathpr.h"

int fence_mpconf_check_devs(const char *conf_path, const struct fence_devs *devs, uint64_t key)
{
	struct fence_mpconf *conf = NULL;
	struct fence_mpconf_key k;
	char err[PATH_MAX + 128], ours[MPATHPR_KEY_FORMAT_LEN], theirs[MPATHPR_KEY_FORMAT_LEN];
	int r = fence_mpconf_load(conf_path, &conf, err, sizeof(err));

	if (r < 0) {
		fence_err("cannot read the multipath configuration: %s",
			  err[0] ? err : strerror(-r));
		return r;
	}
	for (size_t i = 0; i < devs->count; i++) {
		fence_mpconf_key_for(conf, mpathpr_dev_wwid(devs->v[i].dev), &k);
		if (k.kind != FENCE_MPCONF_KEY_FIXED || k.key == key)
			continue;
		fence_err("device %s: %s: reservation_key %s differs from this node's key %s: "
			  "multipathd would register %s on the paths it reinstates (use this "
			  "node's key there, or reservation_key file)", devs->v[i].name, k.where,
			  mpathpr_key_format(k.key, theirs), mpathpr_key_format(key, ours), theirs);
		r = -EKEYREJECTED;
	}
	fence_mpconf_free(conf);
	return r;
}

static int record_one(const struct fence_prkey_settings *s, const char *prkeys_file,
		      const struct fence_dev *d, uint64_t key, bool aptpl)
{
	char err[PATH_MAX + 256], kb[MPATHPR_KEY_FORMAT_LEN];
	const char *map = mpathpr_dev_name(d->dev);
	enum fence_prkey_via via;
	int r;

	r = fence_prkey_set_map(s, prkeys_file, map, mpathpr_dev_wwid(d->dev), key, aptpl,
				&via, err, sizeof(err));
	if (r < 0) {
		fence_err("device %s: reservation_key file: cannot record key %s for multipathd: "
			  "%s", d->name, mpathpr_key_format(key, kb), err);
		return r;
	}
	fence_info("device %s: key %s recorded for multipathd (%s)", d->name,
		   mpathpr_key_format(key, kb),
		   via == FENCE_PRKEY_VIA_FILE ? prkeys_file : "setprkey");
	return 0;
}

int fence_prkey_record_devs(const struct fence_prkey_settings *s, const struct fence_devs *devs,
			    uint64_t key, bool aptpl, bool *told)
{
	struct fence_mpconf *conf = NULL;
	struct fence_mpconf_key k;
	char err[PATH_MAX + 128];
	const char *prkeys_file;
	int r = fence_mpconf_load(s->multipath_conf, &conf, err, sizeof(err));

	if (r < 0) {
		fence_err("cannot read the multipath configuration: %s",
			  err[0] ? err : strerror(-r));
		return r;
	}
	prkeys_file = s->prkeys_file ? s->prkeys_file : fence_mpconf_prkeys_file(conf);
	for (size_t i = 0; i < devs->count && r != -ETIMEDOUT; i++) {
		told[i] = false;
		/* a plain disk is no map of multipathd's: nothing to tell it */
		if (!mpathpr_dev_is_multipath(devs->v[i].dev))
			continue;
		fence_mpconf_key_for(conf, mpathpr_dev_wwid(devs->v[i].dev), &k);
		if (k.kind == FENCE_MPCONF_KEY_FILE) {
			int one = record_one(s, prkeys_file, &devs->v[i], key, aptpl);

			if (one < 0 && r == 0)
				r = one;
			if (one == -ETIMEDOUT)
				r = one;
		}
		told[i] = k.kind != FENCE_MPCONF_KEY_NONE;
	}
	fence_mpconf_free(conf);
	return r;
}

void fence_prkey_registered_devs(const struct fence_prkey_settings *s,
				 const struct fence_devs *devs, const bool *told)
{
	char err[PATH_MAX + 128];
	enum fence_prkey_via via;

	for (size_t i = 0; i < devs->count; i++) {
		int r;

		if (!told[i] || devs->v[i].result != 0)
			continue;
		r = fence_prkey_status_map(s, mpathpr_dev_name(devs->v[i].dev), true, &via, err,
					   sizeof(err));
		if (r < 0)
			fence_warn("device %s: the key is registered, but multipathd was not told "
				   "so (it repairs reinstated paths only once it has checked, "
				   "at its next reconfigure): %s", devs->v[i].name, err);
		if (r == -ETIMEDOUT)
			return;		/* hung: the others would wait as long */
	}
}
