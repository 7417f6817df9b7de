/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ctx.h"
#include "sgio.h"
#include "topology.h"
#include "waiter.h"

#define DEFAULT_IO_TIMEOUT_MS	10000
#define DEFAULT_CALL_BUDGET_MS	60000
#define DEFAULT_PATH_WAIT_MS	1000

/* Production resolver: libdevmapper + libudev + sysfs under /sys. */
static int resolve_system(void *data, const char *path, int fd,
			  struct mpr_topology **ret_topology)
{
	const struct mpathpr_ctx *ctx = data;
	struct mpr_topo_env env = { .log = &ctx->log, .sysfs_root = NULL };

	if (path)
		return mpr_topology_from_path(&env, path, ret_topology);
	return mpr_topology_from_fd(&env, fd, ret_topology);
}

static int suspend_system(void *data, const char *map, bool suspended)
{
	return mpr_dm_set_suspended(map, suspended);
}

int mpathpr_ctx_new(struct mpathpr_ctx **ret_ctx)
{
	struct mpathpr_ctx *ctx;

	if (!ret_ctx)
		return -EINVAL;
	ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return -ENOMEM;
	ctx->log.max_priority = LOG_DEBUG;
	ctx->io_timeout_ms = DEFAULT_IO_TIMEOUT_MS;
	ctx->call_budget_ms = DEFAULT_CALL_BUDGET_MS;
	ctx->path_wait_ms = DEFAULT_PATH_WAIT_MS;
	pthread_mutex_init(&ctx->silent_lock, NULL);
	mpr_sgio_transport_init(&ctx->transport);
	ctx->resolve = resolve_system;
	ctx->resolve_data = ctx;
	ctx->suspend = suspend_system;
	*ret_ctx = ctx;
	return 0;
}

void mpathpr_ctx_free(struct mpathpr_ctx *ctx)
{
	if (!ctx)
		return;
	pthread_mutex_destroy(&ctx->silent_lock);
	free(ctx);
}

void mpr_ctx_note_host(struct mpathpr_ctx *ctx, int host, bool silent)
{
	size_t i;

	if (host < 0)
		return;
	pthread_mutex_lock(&ctx->silent_lock);
	for (i = 0; i < ctx->n_silent && ctx->silent_hosts[i] != host; i++)
		;
	if (silent && i == ctx->n_silent && i < MPR_SILENT_HOSTS_MAX)
		ctx->silent_hosts[ctx->n_silent++] = host;
	else if (!silent && i < ctx->n_silent)
		ctx->silent_hosts[i] = ctx->silent_hosts[--ctx->n_silent];
	pthread_mutex_unlock(&ctx->silent_lock);
}

bool mpr_ctx_host_silent(struct mpathpr_ctx *ctx, int host)
{
	bool found = false;

	if (host < 0)
		return false;
	pthread_mutex_lock(&ctx->silent_lock);
	for (size_t i = 0; i < ctx->n_silent && !found; i++)
		found = ctx->silent_hosts[i] == host;
	pthread_mutex_unlock(&ctx->silent_lock);
	return found;
}

void mpathpr_ctx_set_log(struct mpathpr_ctx *ctx, mpathpr_log_fn fn, void *userdata,
			 int max_priority)
{
	if (!ctx)
		return;
	ctx->log.fn = fn;
	ctx->log.userdata = userdata;
	ctx->log.max_priority = max_priority;
}

void mpathpr_ctx_set_timeouts(struct mpathpr_ctx *ctx, unsigned int io_timeout_ms,
			      unsigned int call_budget_ms)
{
	if (!ctx)
		return;
	ctx->io_timeout_ms = io_timeout_ms ? io_timeout_ms : DEFAULT_IO_TIMEOUT_MS;
	ctx->call_budget_ms = call_budget_ms ? call_budget_ms : DEFAULT_CALL_BUDGET_MS;
}

void mpathpr_ctx_set_path_wait(struct mpathpr_ctx *ctx, unsigned int path_wait_ms)
{
	if (!ctx)
		return;
	ctx->path_wait_ms = path_wait_ms ? path_wait_ms : DEFAULT_PATH_WAIT_MS;
}

void mpathpr_ctx_set_deadline(struct mpathpr_ctx *ctx, unsigned int ms_from_now)
{
	if (!ctx)
		return;
	ctx->deadline_wall_us = ms_from_now ? mpr_wall_now_us() + (uint64_t)ms_from_now * 1000 : 0;
}

void mpr_ctx_set_backend(struct mpathpr_ctx *ctx, const struct mpr_transport *t,
			 mpr_resolve_fn resolve, void *data)
{
	if (t)
		ctx->transport = *t;
	if (resolve) {
		ctx->resolve = resolve;
		ctx->resolve_data = data;
		/* the maps of a test resolver are not device-mapper's */
		ctx->suspend = NULL;
	}
}

void mpr_ctx_set_suspend(struct mpathpr_ctx *ctx,
			 int (*fn)(void *data, const char *map, bool suspended), void *data)
{
	ctx->suspend = fn;
	ctx->suspend_data = data;
}

const char *mpathpr_strerror(int err)
{
	switch (err) {
	case 0:
		return "success";
	case -EBADE:
		return "reservation conflict";
	case -EKEYREVOKED:
		return "this node's key is registered nowhere on the device: it has been fenced";
	case -EOPNOTSUPP:
		return "the device does not support this persistent reservation command";
	case -EREMOTEIO:
		return "the device refused the command (check condition)";
	case -ETIMEDOUT:
		return "timed out";
	case -EIO:
		return "transport or driver error";
	case -ENOLINK:
		return "no usable path to the device";
	case -EPROTO:
		return "malformed response from the device";
	case -EINVAL:
		return "invalid argument";
	case -ENOTBLK:
		return "not a block device";
	case -EMEDIUMTYPE:
		return "neither a dm-multipath map nor a SCSI disk";
	default:
		return strerror(err < 0 ? -err : err);
	}
}

const char *mpathpr_version(void)
{
	return PACKAGE_VERSION;
}
