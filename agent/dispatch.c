// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dispatch.c - run the action a request names, within its time budget.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>

#include "actions.h"
#include "device_set.h"
#include "dispatch.h"
#include "log.h"
#include "mpathpr/mpathpr.h"
#include "request.h"

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
		return fence_action_check(cfg, ctx, NULL);
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
