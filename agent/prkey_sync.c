// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * prkey_sync.c - this node's key for multipathd, over its socket or, when
 * it is not running, in its prkeys file.
 *
 * A failed setprkey fails `on` before anything is sent, as it fails
 * mpathpersist's REGISTER: with "reservation_key file" the administrator
 * asked multipathd to repair paths with the recorded key, and a node whose
 * key multipathd does not know would get no repair from it (and
 * mpathpersist, with the wrong key recorded, refuses this node's PR OUT).
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "agent/device_set.h"
#include "agent/log.h"
#include "agent/mpath_conf.h"
#include "agent/multipathd_cmd.h"
#include "agent/prkey_sync.h"
#include "agent/prkeys_file.h"
#include "mpathpr/mpathpr.h"

struct fence_prkey_settings fence_prkey_settings_system(void)
{
	return (struct fence_prkey_settings){
		.multipath_conf = FENCE_MULTIPATH_CONF,
		.socket_name = FENCE_MULTIPATHD_SOCKET,
		.timeout_ms = FENCE_MULTIPATHD_TIMEOUT_MS,
	};
}

/* @cmd to multipathd; 0 only for an "ok" answer. */
static int tell(const struct fence_prkey_settings *s, const char *cmd, char *err, size_t errlen)
{
	char reply[FENCE_MULTIPATHD_REPLY_MAX];
	int r = fence_multipathd_cmd(s->socket_name, cmd, s->timeout_ms, reply, sizeof(reply));

	if (r == -ETIMEDOUT)
		snprintf(err, errlen, "multipathd: \"%s\": no answer within %u ms", cmd,
			 s->timeout_ms);
	else if (r < 0)
		snprintf(err, errlen, "multipathd: \"%s\": %s", cmd, strerror(-r));
	else if (!fence_multipathd_reply_ok(reply)) {
		reply[strcspn(reply, "\n")] = '\0';
		snprintf(err, errlen, "multipathd: \"%s\" answered \"%s\"", cmd, reply);
		r = -ECANCELED;
	}
	return r;
}

int fence_prkey_set_map(const struct fence_prkey_settings *s, const char *prkeys_file,
			const char *map, const char *wwid, uint64_t key, bool aptpl,
			enum fence_prkey_via *ret_via, char *err, size_t errlen)
{
	char cmd[PATH_MAX];
	int r;

	err[0] = '\0';
	*ret_via = FENCE_PRKEY_VIA_NONE;
	/* the key as libmpathpersist sends it: hex without 0x or leading zeros */
	if (key)
		snprintf(cmd, sizeof(cmd), "setprkey map %s key %" PRIx64 "%s", map, key,
			 aptpl ? ":aptpl" : "");
	else
		snprintf(cmd, sizeof(cmd), "unsetprkey map %s", map);
	r = tell(s, cmd, err, errlen);
	if (r == 0)
		*ret_via = FENCE_PRKEY_VIA_MULTIPATHD;
	if (r != -ECONNREFUSED)
		return r;
	/* not running: it reads the file when it starts */
	r = fence_prkeys_file_set(prkeys_file, wwid, key, aptpl, s->timeout_ms, err, errlen);
	if (r == 0)
		*ret_via = FENCE_PRKEY_VIA_FILE;
	return r;
}

int fence_prkey_status_map(const struct fence_prkey_settings *s, const char *map,
			   bool registered, enum fence_prkey_via *ret_via, char *err,
			   size_t errlen)
{
	char cmd[PATH_MAX];
	int r;

	err[0] = '\0';
	*ret_via = FENCE_PRKEY_VIA_NONE;
	snprintf(cmd, sizeof(cmd), "%s map %s", registered ? "setprstatus" : "unsetprstatus", map);
	r = tell(s, cmd, err, errlen);
	if (r == 0)
		*ret_via = FENCE_PRKEY_VIA_MULTIPATHD;
	/* not running: when it starts it reads which keys are registered */
	return r == -ECONNREFUSED ? 0 : r;
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
