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

#include <pthread.h>
#include <stdbool.h>

#include "mpathpr/mpathpr.h"
#include "mpr_log.h"
#include "transport.h"

struct mpr_topology;

#define MPR_SILENT_HOSTS_MAX	32

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
	/*
	 * SCSI hosts (an iSCSI session, an HBA port) with a path that did not
	 * answer in time, shared by the devices of this context: a session
	 * whose packets are lost is silent on every LUN, so the other devices
	 * leave its paths alone instead of each waiting for it again.
	 */
	pthread_mutex_t silent_lock;
	int silent_hosts[MPR_SILENT_HOSTS_MAX];
	size_t n_silent;
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
/* SCSI host @host did not answer (@silent) or answered: see silent_hosts. */
void mpr_ctx_note_host(struct mpathpr_ctx *ctx, int host, bool silent);
/* Has SCSI host @host a path that did not answer (and none that answered since)? */
bool mpr_ctx_host_silent(struct mpathpr_ctx *ctx, int host);
/* Replace how dm maps are suspended (tests; a resolver set above clears it). */
void mpr_ctx_set_suspend(struct mpathpr_ctx *ctx,
			 int (*fn)(void *data, const char *map, bool suspended), void *data);

#endif /* MPATHPR_CTX_H */
