/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * actions.h - what fence_mpathpr does for each FenceAgentAPI action.
 *
 * Every action returns the process exit code (FenceAgentAPI): 0 success,
 * 1 failure, 2 for status/check "off".  Reasons go to the log (stderr,
 * syslog, debug file) naming the device at fault.
 */
#ifndef FENCE_MPATHPR_ACTIONS_H
#define FENCE_MPATHPR_ACTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct fence_config;
struct mpathpr_ctx;

#define FENCE_EXIT_OK		0
#define FENCE_EXIT_FAIL		1
#define FENCE_EXIT_OFF		2

/**
 * fence_action_run() - run the action named in @cfg against its devices.
 * @cfg:	parsed configuration (action, devices, keys, store path, ...)
 * @ctx:	library context (log sink and timeouts already set)
 *
 * on: register this node's key on every path of every device (REGISTER AND
 * IGNORE EXISTING KEY), reserve where no reservation exists, verify every
 * active path carries the key, record the devices in the store.
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
 *
 * Return: the exit code.
 */
int fence_action_run(const struct fence_config *cfg, struct mpathpr_ctx *ctx);

/**
 * fence_action_budget_start() - from now on, every library call through
 * @ctx ends within FENCE_ACTION_BUDGET_MS() of @cfg's io timeout.
 */
void fence_action_budget_start(const struct fence_config *cfg, struct mpathpr_ctx *ctx);

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
