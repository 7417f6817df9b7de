/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * dispatch.h - run the action a request names (actions.h lists them).
 */
#ifndef FENCE_MPATHPR_DISPATCH_H
#define FENCE_MPATHPR_DISPATCH_H

struct fence_config;
struct mpathpr_ctx;

/**
 * fence_action_run() - run the action named in @cfg against its devices.
 * @cfg:	parsed request (action, devices, keys, store path, ...)
 * @ctx:	library context (log sink and timeouts already set)
 *
 * Starts the action's time budget (off starts its own after its delay),
 * runs the action (actions.h says what each does), and lifts the budget.
 * The check mode runs with its default settings here; main() passes the
 * ones read from /etc/sysconfig/stonith (fence_action_check()).
 * Return: the exit code (FENCE_EXIT_*).
 */
int fence_action_run(const struct fence_config *cfg, struct mpathpr_ctx *ctx);

#endif /* FENCE_MPATHPR_DISPATCH_H */
