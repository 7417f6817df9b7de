/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ctx.h - library context internals shared by the native and classic APIs.
 *
 * A context carries the log sink, the time limits and the two things tests
 * substitute: the transport (SG_IO in production, the SPC-4 model in tests)
 * and the resolver that turns a device path into a topology (libdevmapper +
 * libudev in production, a table built from the model in tests).
 */
#ifndef MPATHPR_CTX_H
#define MPATHPR_CTX_H

#include "mpathpr/mpathpr.h"
#include "mpr_log.h"
#include "transport.h"

struct mpr_topology;

/*
 * Resolve a device given by @path (or, when @path is NULL, by the open file
 * descriptor @fd) into a newly allocated topology.  Returns 0 or a negative
 * errno (-ENOENT, -ENOTBLK, -EMEDIUMTYPE, ...).
 */
typedef int (*mpr_resolve_fn)(void *data, const char *path, int fd,
			      struct mpr_topology **ret_topology);

struct mpathpr_ctx {
	struct mpr_log log;
	unsigned int io_timeout_ms;
	unsigned int call_budget_ms;
	unsigned int path_wait_ms;	/* hedge: see mpathpr_ctx_set_path_wait() */
	uint64_t deadline_wall_us;	/* CLOCK_MONOTONIC; 0: none (mpathpr_ctx_set_deadline()) */
	struct mpr_transport transport;
	mpr_resolve_fn resolve;
	void *resolve_data;
	/* Suspend (true) or resume a dm map by name; NULL: nothing to suspend. */
	int (*suspend)(void *data, const char *map, bool suspended);
	void *suspend_data;
};

/**
 * mpr_ctx_set_backend() - replace the transport and the resolver (tests).
 * @ctx:     context
 * @t:       transport to copy into the context
 * @resolve: resolver, or NULL to keep the production one
 * @data:    resolver data
 */
void mpr_ctx_set_backend(struct mpathpr_ctx *ctx, const struct mpr_transport *t,
			 mpr_resolve_fn resolve, void *data);
/* Replace how dm maps are suspended (tests; a resolver set above clears it). */
void mpr_ctx_set_suspend(struct mpathpr_ctx *ctx,
			 int (*fn)(void *data, const char *map, bool suspended), void *data);

#endif /* MPATHPR_CTX_H */
