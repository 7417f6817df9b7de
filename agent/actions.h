/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * actions.h - what fence_mpathpr does for each FenceAgentAPI action: one
 * entry point per action, each defined in its action_*.c (dispatch.c picks
 * the one a request names).
 *
 * Every action returns the process exit code (FenceAgentAPI): 0 success,
 * 1 failure, 2 for status/check "off".  Reasons go to the log (stderr,
 * syslog, debug file) naming the device at fault.
 *
 * on: register this node's key on every path of every device (REGISTER AND
 * IGNORE EXISTING KEY), reserve where no reservation exists, verify every
 * active path carries the key, record the devices in the store.  Where
 * multipath.conf says "reservation_key file", the key is first recorded for
 * multipathd (setprkey, or its prkeys file when it is not running: `on`
 * fails, nothing sent, when that fails) and multipathd told it is
 * registered afterwards (setprstatus).
 * off: refuse when the victim is this node; preempt-and-abort the victim on
 * the first device (in WWID order) alone, then on the rest in parallel;
 * verify through every path that answers (one at least; a path that does not
 * answer in time is named and skipped).
 * Time: every action that talks to devices ends within 1.5 io timeouts (its
 * budget, fence_action_budget_start(); off's starts after its delay): what
 * has not answered by then is a failure, never a success.
 * status: 0 when the key is registered on the devices (a partial
 * registration counts as on, with a warning), 2 when on none, 1 when a device
 * cannot be read; for this node's own key, a usable path whose I_T nexus
 * lacks it (READ FULL STATUS) is named, and status stays 0.  monitor: every
 * device answers READ KEYS through some path and the store loads (a missing
 * store is fine: not unfenced yet); where this node's key is registered, the
 * nexus of every usable path must carry it (exit 1 naming device and path),
 * unless READ FULL STATUS cannot tell.
 * list: one "key,node" line per registered key (node known for this node's
 * own key and for key_value=hash with nodename, else empty); list-status
 * adds ",on".  validate-all: devices open, support persistent reservations
 * and, per REPORT CAPABILITIES, the reservation type.  reboot is refused.
 */
#ifndef FENCE_MPATHPR_ACTIONS_H
#define FENCE_MPATHPR_ACTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct fence_check_settings;
struct fence_config;
struct mpathpr_ctx;

#define FENCE_EXIT_OK		0
#define FENCE_EXIT_FAIL		1
#define FENCE_EXIT_OFF		2

/* action_on.c */
int fence_action_on(const struct fence_config *cfg, struct mpathpr_ctx *ctx);
/* action_off.c */
int fence_action_off(const struct fence_config *cfg, struct mpathpr_ctx *ctx);
/* action_query.c: status, monitor, list and list-status (to @out), validate-all */
int fence_action_status(const struct fence_config *cfg, struct mpathpr_ctx *ctx);
int fence_action_monitor(const struct fence_config *cfg, struct mpathpr_ctx *ctx);
int fence_action_list(const struct fence_config *cfg, struct mpathpr_ctx *ctx, bool with_status,
		      FILE *out);
int fence_action_validate(const struct fence_config *cfg, struct mpathpr_ctx *ctx);

/* action_check.c: the watchdog check (fence_mpathpr_check[_hardreboot]). */

/**
 * fence_check_settings_load() - the check mode's settings: the defaults, and
 * for FENCE_ACT_CHECK what /etc/sysconfig/stonith says (check_settings.h).
 * Return: 0, or a negative errno with @err set (to be logged once logging is up).
 */
int fence_check_settings_load(const struct fence_config *cfg, struct fence_check_settings *cs,
			      char *err, size_t errlen);

/**
 * fence_action_check() - fence_check_run() over @cfg's store with the
 * retries of @cs (NULL: the defaults, fence_check_settings_init()).
 */
int fence_action_check(const struct fence_config *cfg, struct mpathpr_ctx *ctx,
		       const struct fence_check_settings *cs);

/**
 * fence_check_run() - the watchdog check (fence_mpathpr_check).
 * @store_dir:	store directory
 * @ctx:	library context
 * @retries:	extra READ KEYS rounds before concluding the key is gone
 * @retry_sleep_ms: pause between rounds
 *
 * Reads the store and asks each recorded device, with one PR IN READ KEYS
 * each, whether this node's key is still registered.
 * Return: 0 while the key is registered on at least one recorded device (or
 * nothing is recorded yet), 2 when it is gone from every device or no
 * device answers at all (all paths lost means fenced).
 */
int fence_check_run(const char *store_dir, struct mpathpr_ctx *ctx, unsigned int retries,
		    unsigned int retry_sleep_ms);

#endif /* FENCE_MPATHPR_ACTIONS_H */
