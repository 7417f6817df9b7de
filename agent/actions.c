// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * actions.c - dispatch of FenceAgentAPI actions, and who this node is.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/utsname.h>

#include "action_common.h"
#include "actions.h"
#include "log.h"
#include "request.h"
#include "store.h"

static size_t own_add(uint64_t *keys, size_t n, size_t cap, uint64_t key)
{
	for (size_t i = 0; i < n; i++)
		if (keys[i] == key)
			return n;
	if (n < cap)
		keys[n++] = key;
	return n;
}

size_t fence_own_keys(const struct fence_config *cfg, const struct fence_store *store,
		      uint64_t *ret_keys, size_t cap)
{
	struct utsname u;
	size_t n = 0;

	for (size_t i = 0; store && i < store->count; i++)
		n = own_add(ret_keys, n, cap, store->entries[i].key);
	if (cfg->key_value != FENCE_KEY_HASH || uname(&u) < 0)
		return n;
	n = own_add(ret_keys, n, cap, fence_key_from_name(u.nodename));
	char *dot = strchr(u.nodename, '.');

	if (dot) {
		*dot = '\0';
		n = own_add(ret_keys, n, cap, fence_key_from_name(u.nodename));
	}
	return n;
}

const char *fence_key_name(const struct fence_config *cfg, const struct fence_store *store,
			   uint64_t key, char *buf, size_t len)
{
	struct utsname u;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	if (fence_store_has_key(store, key) && uname(&u) == 0)
		snprintf(buf, len, "%s", u.nodename);
	else if (cfg->key_value == FENCE_KEY_HASH && cfg->nodename &&
		 fence_key_from_name(cfg->nodename) == key)
		snprintf(buf, len, "%s", cfg->nodename);
	return buf;
}

void fence_action_budget_start(const struct fence_config *cfg, struct mpathpr_ctx *ctx)
{
	unsigned int io_ms = cfg->io_timeout_ms ? cfg->io_timeout_ms : FENCE_DEFAULT_IO_TIMEOUT_MS;

	mpathpr_ctx_set_deadline(ctx, FENCE_ACTION_BUDGET_MS(io_ms));
}

static int action_dispatch(const struct fence_config *cfg, struct mpathpr_ctx *ctx)
{
	/* off starts its budget after its delay */
	if (cfg->action != FENCE_ACT_OFF && cfg->action != FENCE_ACT_NONE &&
	    cfg->action != FENCE_ACT_CHECK)
		fence_action_budget_start(cfg, ctx);
	switch (cfg->action) {
	case FENCE_ACT_ON:
		return fence_action_on(cfg, ctx);
	case FENCE_ACT_NONE:
	case FENCE_ACT_OFF:
		return fence_action_off(cfg, ctx);
	case FENCE_ACT_STATUS:
		return fence_action_status(cfg, ctx);
	case FENCE_ACT_MONITOR:
		return fence_action_monitor(cfg, ctx);
	case FENCE_ACT_LIST:
		return fence_action_list(cfg, ctx, false, stdout);
	case FENCE_ACT_LIST_STATUS:
		return fence_action_list(cfg, ctx, true, stdout);
	case FENCE_ACT_VALIDATE_ALL:
		return fence_action_validate(cfg, ctx);
	case FENCE_ACT_CHECK:
		return fence_check_run(cfg->store_path, ctx, 1, 1000);
	case FENCE_ACT_REBOOT:
		fence_err("reboot is not supported: fence_mpathpr cuts a node off its storage "
			  "(off) and lets it back (on), it cannot restart it");
		return FENCE_EXIT_FAIL;
	default:
		fence_err("action %s is not handled here", fence_action_name(cfg->action));
		return FENCE_EXIT_FAIL;
	}
}

int fence_action_run(const struct fence_config *cfg, struct mpathpr_ctx *ctx)
{
	int code = action_dispatch(cfg, ctx);

	mpathpr_ctx_set_deadline(ctx, 0);
	return code;
}
