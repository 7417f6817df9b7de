/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * mpath_conf.h - what multipath.conf (and its config_dir, conf.d) says
 * about reservation keys: multipathd registers a map's reservation_key on
 * the paths it reinstates, so a fixed key there that is not this node's
 * would put two keys of one node on the LU.
 *
 * Only what decides the key of a map is read: reservation_key in the
 * defaults, overrides and multipaths/multipath sections (with that entry's
 * wwid), and config_dir and prkeys_file in defaults.  Precedence as
 * multipathd's: overrides, then the map's multipaths entry, then defaults;
 * a later file (conf.d, in name order, after multipath.conf) wins over an
 * earlier one.
 */
#ifndef FENCE_MPATHPR_MPATH_CONF_H
#define FENCE_MPATHPR_MPATH_CONF_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#ifndef FENCE_MULTIPATH_CONF
#define FENCE_MULTIPATH_CONF	"/etc/multipath.conf"
#endif
#define FENCE_MULTIPATH_CONF_DIR "/etc/multipath/conf.d"
/* Far above any real configuration. */
#define FENCE_MPCONF_MAX_BYTES	(1u << 20)

enum fence_mpconf_key_kind {
	FENCE_MPCONF_KEY_NONE,	/* no reservation_key: multipathd registers nothing */
	FENCE_MPCONF_KEY_FIXED,	/* reservation_key 0x...: that key */
	FENCE_MPCONF_KEY_FILE,	/* reservation_key file: the key mpathpersist recorded */
};

struct fence_mpconf_key {
	enum fence_mpconf_key_kind kind;
	uint64_t key;			/* FIXED */
	char where[PATH_MAX + 32];	/* "FILE line N" of the setting that decides */
};

struct fence_mpconf;

/**
 * fence_mpconf_load() - read multipath.conf and the files of its config_dir.
 * @path:	multipath.conf (FENCE_MULTIPATH_CONF); a missing file is an
 *		empty configuration
 * @ret:	free with fence_mpconf_free()
 * @err:	on failure, one line naming the file and the problem
 * Return: 0, -ENOMEM, -EFBIG (larger than FENCE_MPCONF_MAX_BYTES), -EBADMSG
 * (an unbalanced brace), or the errno of reading a file.
 */
int fence_mpconf_load(const char *path, struct fence_mpconf **ret, char *err, size_t errlen);
/** fence_mpconf_free() - NULL is fine. */
void fence_mpconf_free(struct fence_mpconf *conf);
/**
 * fence_mpconf_key_for() - the reservation key multipathd uses for the map
 * of LU @wwid ("" when unknown: only overrides and defaults apply).
 */
void fence_mpconf_key_for(const struct fence_mpconf *conf, const char *wwid,
			  struct fence_mpconf_key *ret);

/**
 * fence_mpconf_prkeys_file() - where multipathd keeps the keys of maps with
 * "reservation_key file": the defaults' prkeys_file, else FENCE_PRKEYS_FILE.
 */
const char *fence_mpconf_prkeys_file(const struct fence_mpconf *conf);

#endif /* FENCE_MPATHPR_MPATH_CONF_H */
