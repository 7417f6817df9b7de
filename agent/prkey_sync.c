// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * prkey_sync.c - a map's key for multipathd, over its socket or, when it
 * is not running, in its prkeys file.  Nothing here logs: the agent and
 * mpathpr-persist say what went wrong their own way.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

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
