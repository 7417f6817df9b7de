// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * persist_mpathd.c - multipathd's record of a map's key around a PR OUT,
 * as libmpathpersist 0.9.4 keeps it (mpath_persist_int.c).
 *
 * One difference: mpathpersist also refuses a PR OUT whose keys are not
 * the configured one ("configured reservation key doesn't match");
 * mpathpr-persist needs no reservation_key and refuses nothing for it.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>

#include "agent/mpath_conf.h"
#include "agent/prkey_sync.h"
#include "cli/persist_mpathd.h"

static bool registers(int sa)
{
	return sa == MPATH_PROUT_REG_SA || sa == MPATH_PROUT_REG_IGN_SA;
}

int persist_mpathd_before(const struct persist_args *a, const struct persist_session *s,
			  const struct mpathpr_dev *dev, int *ret_kind)
{
	struct fence_prkey_settings sys = fence_prkey_settings_system();
	const struct fence_prkey_settings *set = s->mpathd ? s->mpathd : &sys;
	struct fence_mpconf *conf = NULL;
	struct fence_mpconf_key k;
	enum fence_prkey_via via;
	char err[PATH_MAX + 256];
	int r;

	*ret_kind = FENCE_MPCONF_KEY_NONE;
	if (!registers(a->prout_sa) && a->prout_sa != MPATH_PROUT_CLEAR_SA)
		return MPATH_PR_SUCCESS;
	r = fence_mpconf_load(set->multipath_conf, &conf, err, sizeof(err));
	if (r < 0) {
		fprintf(stderr, "cannot read the multipath configuration: %s\n", err);
		return MPATH_PR_DMMP_ERROR;
	}
	fence_mpconf_key_for(conf, mpathpr_dev_wwid(dev), &k);
	*ret_kind = k.kind;
	r = 0;
	if (k.kind == FENCE_MPCONF_KEY_FILE && registers(a->prout_sa) && a->sark)
		r = fence_prkey_set_map(set, set->prkeys_file ? set->prkeys_file
				       : fence_mpconf_prkeys_file(conf), mpathpr_dev_name(dev),
				       mpathpr_dev_wwid(dev), a->sark, a->aptpl, &via, err,
				       sizeof(err));
	fence_mpconf_free(conf);
	if (r < 0) {
		fprintf(stderr, "%s: cannot record the key for multipathd: %s\n",
			mpathpr_dev_name(dev), err);
		return MPATH_PR_DMMP_ERROR;
	}
	return MPATH_PR_SUCCESS;
}

/* The prkeys file's place again: the configuration may name another. */
static int clear_record(const struct fence_prkey_settings *set, const struct mpathpr_dev *dev,
			char *err, size_t errlen)
{
	struct fence_mpconf *conf = NULL;
	enum fence_prkey_via via;
	int r = fence_mpconf_load(set->multipath_conf, &conf, err, errlen);

	if (r < 0)
		return r;
	r = fence_prkey_set_map(set, set->prkeys_file ? set->prkeys_file
				: fence_mpconf_prkeys_file(conf), mpathpr_dev_name(dev),
				mpathpr_dev_wwid(dev), 0, false, &via, err, errlen);
	fence_mpconf_free(conf);
	return r;
}

void persist_mpathd_after(const struct persist_args *a, const struct persist_session *s,
			  const struct mpathpr_dev *dev, int kind, int r)
{
	struct fence_prkey_settings sys = fence_prkey_settings_system();
	const struct fence_prkey_settings *set = s->mpathd ? s->mpathd : &sys;
	bool gone = a->prout_sa == MPATH_PROUT_CLEAR_SA || (registers(a->prout_sa) && !a->sark);
	enum fence_prkey_via via;
	char err[PATH_MAX + 256];

	if (r != MPATH_PR_SUCCESS || kind == FENCE_MPCONF_KEY_NONE ||
	    (!registers(a->prout_sa) && a->prout_sa != MPATH_PROUT_CLEAR_SA))
		return;
	if (fence_prkey_status_map(set, mpathpr_dev_name(dev), !gone, &via, err,
				   sizeof(err)) < 0 && s->verbose >= 2)
		fprintf(stderr, "%s: %s\n", mpathpr_dev_name(dev), err);
	if (gone && kind == FENCE_MPCONF_KEY_FILE && clear_record(set, dev, err, sizeof(err)) < 0 &&
	    s->verbose >= 2)
		fprintf(stderr, "%s: %s\n", mpathpr_dev_name(dev), err);
}
