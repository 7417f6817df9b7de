/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * prkey_sync.h - tell multipathd this node's key, as libmpathpersist does,
 * so that multipathd's repair (it registers a map's reservation_key on the
 * paths it adds or reinstates, where the key is registered already) uses
 * the key fence_mpathpr registered.
 *
 * With "reservation_key file", a map's key is whatever was recorded for it:
 * "setprkey map MAP key HEX[:aptpl]" to a running multipathd (it writes its
 * prkeys file), else the prkeys file itself.  After a registration,
 * "setprstatus map MAP" tells a running multipathd the key is registered
 * (it checks that itself when it starts).  Removal: "unsetprkey" and
 * "unsetprstatus", or the file's line removed.
 */
#ifndef FENCE_MPATHPR_PRKEY_SYNC_H
#define FENCE_MPATHPR_PRKEY_SYNC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Where multipathd is: the defaults are the system's, tests give their own. */
struct fence_prkey_settings {
	const char *multipath_conf;	/* FENCE_MULTIPATH_CONF */
	const char *socket_name;	/* FENCE_MULTIPATHD_SOCKET */
	const char *prkeys_file;	/* NULL: multipath.conf's prkeys_file */
	unsigned int timeout_ms;	/* one exchange with multipathd, or the file's lock */
};

/** fence_prkey_settings_system() - the running system's multipathd. */
struct fence_prkey_settings fence_prkey_settings_system(void);

enum fence_prkey_via {
	FENCE_PRKEY_VIA_NONE,		/* nothing told (multipathd not running) */
	FENCE_PRKEY_VIA_MULTIPATHD,	/* multipathd answered ok */
	FENCE_PRKEY_VIA_FILE,		/* multipathd not running: the prkeys file */
};

/**
 * fence_prkey_set_map() - record @key as map @map's reservation key for
 * multipathd; @key 0 removes it.
 * @s:		where multipathd is
 * @prkeys_file: the prkeys file when multipathd is not running
 * @map:	the map's name (multipathd's alias)
 * @wwid:	the map's WWID (the prkeys file's)
 * @aptpl:	registered with APTPL (":aptpl", "0X")
 * @ret_via:	how it was recorded
 * @err:	on failure, one line saying what multipathd or the file said
 * Return: 0; -ECANCELED when multipathd answered something but "ok"; what
 * fence_multipathd_cmd() or fence_prkeys_file_set() return.
 */
int fence_prkey_set_map(const struct fence_prkey_settings *s, const char *prkeys_file,
			const char *map, const char *wwid, uint64_t key, bool aptpl,
			enum fence_prkey_via *ret_via, char *err, size_t errlen);

/**
 * fence_prkey_status_map() - "setprstatus" (@registered) or "unsetprstatus"
 * for @map; multipathd not running is 0 with FENCE_PRKEY_VIA_NONE.
 * Return: as fence_prkey_set_map().
 */
int fence_prkey_status_map(const struct fence_prkey_settings *s, const char *map,
			   bool registered, enum fence_prkey_via *ret_via, char *err,
			   size_t errlen);

#endif /* FENCE_MPATHPR_PRKEY_SYNC_H */
