/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/cleanup.h"
#include "dev.h"
#include "mpathpr/mpathpr.h"
#include "waiter.h"

static enum mpathpr_path_state public_state(enum mpr_path_state s)
{
	switch (s) {
	case MPR_PATH_ACTIVE:
		return MPATHPR_PATH_ACTIVE;
	case MPR_PATH_FAILED:
		return MPATHPR_PATH_FAILED;
	case MPR_PATH_OFFLINE:
	default:
		return MPATHPR_PATH_OFFLINE;
	}
}

static void fill_info(struct mpathpr_path_info *info, const struct mpr_topo_path *p)
{
	memset(info, 0, sizeof(*info));
	snprintf(info->devnode, sizeof(info->devnode), "%s", p->devnode);
	info->major = p->major;
	info->minor = p->minor;
	info->path_group = p->group;
	info->state = public_state(p->state);
}

/* Index of @p's device in the current topology, SIZE_MAX if it is new. */
static size_t index_of(const struct mpathpr_dev *dev, const struct mpr_topo_path *p)
{
	if (!dev->topo)
		return SIZE_MAX;
	return mpr_dev_find_path(dev, p->major, p->minor);
}

static void close_unmatched(struct mpathpr_dev *dev, const struct mpr_topology *next)
{
	const struct mpr_transport *t = &dev->ctx->transport;

	if (!dev->topo)
		return;
	for (size_t i = 0; i < dev->topo->n_paths; i++) {
		bool kept = false;

		for (size_t j = 0; next && j < next->n_paths; j++)
			if (next->paths[j].major == dev->topo->paths[i].major &&
			    next->paths[j].minor == dev->topo->paths[i].minor)
				kept = true;
		if (!kept && dev->handles[i] >= 0 && t->ops->close)
			t->ops->close(t->priv, dev->handles[i]);
	}
}

/* Take @topo as the device's topology, carrying over open handles. */
static int dev_adopt(struct mpathpr_dev *dev, struct mpr_topology *topo)
{
	size_t n = topo->n_paths;
	_cleanup_free_ int *handles = calloc(n ? n : 1, sizeof(*handles));
	_cleanup_free_ struct mpathpr_path_info *info = calloc(n ? n : 1, sizeof(*info));
	_cleanup_free_ bool *unanswered = calloc(n ? n : 1, sizeof(*unanswered));

	if (!handles || !info || !unanswered)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		size_t was = index_of(dev, &topo->paths[i]);

		handles[i] = was == SIZE_MAX ? -1 : dev->handles[was];
		unanswered[i] = was != SIZE_MAX && dev->unanswered[was];
		fill_info(&info[i], &topo->paths[i]);
	}
	close_unmatched(dev, topo);
	mpr_topology_free(dev->topo);
	free(dev->handles);
	free(dev->info);
	free(dev->unanswered);
	dev->topo = topo;
	dev->handles = TAKE_PTR(handles);
	dev->unanswered = TAKE_PTR(unanswered);
	dev->info = TAKE_PTR(info);
	return 0;
}

static int dev_resolve(struct mpathpr_dev *dev, struct mpr_topology **ret)
{
	return dev->ctx->resolve(dev->ctx->resolve_data, dev->path, dev->fd, ret);
}

static int dev_new(struct mpathpr_ctx *ctx, const char *path, int fd,
		   struct mpathpr_dev **ret_dev)
{
	struct mpathpr_dev *dev;
	struct mpr_topology *topo = NULL;
	int r;

	if (!ctx || !ret_dev || (!path && fd < 0) || (path && !*path))
		return -EINVAL;
	dev = calloc(1, sizeof(*dev));
	if (!dev)
		return -ENOMEM;
	dev->ctx = ctx;
	dev->fd = -1;
	r = mpr_waiter_new(&dev->waiter);
	if (r < 0) {
		free(dev);
		return r;
	}
	if (path && !(dev->path = strdup(path))) {
		r = -ENOMEM;
		goto fail;
	}
	if (!path && (dev->fd = fcntl(fd, F_DUPFD_CLOEXEC, 3)) < 0) {
		r = errno == EBADF ? -EBADF : -errno;
		goto fail;
	}
	r = dev_resolve(dev, &topo);
	if (r < 0)
		goto fail;
	r = dev_adopt(dev, topo);
	if (r < 0) {
		mpr_topology_free(topo);
		goto fail;
	}
	mpr_debug(&ctx->log, "%s: %s %s (wwid %s), %zu path(s)",
		  path ? path : "fd", topo->kind == MPR_DEV_MULTIPATH ? "multipath map" : "SCSI disk",
		  topo->name, topo->wwid, topo->n_paths);
	*ret_dev = dev;
	return 0;
fail:
	mpathpr_dev_close(dev);
	return r;
}

int mpathpr_dev_open(struct mpathpr_ctx *ctx, const char *path, struct mpathpr_dev **ret_dev)
{
	if (!path)
		return -EINVAL;
	return dev_new(ctx, path, -1, ret_dev);
}

int mpathpr_dev_open_fd(struct mpathpr_ctx *ctx, int fd, struct mpathpr_dev **ret_dev)
{
	if (fd < 0)
		return -EBADF;
	return dev_new(ctx, NULL, fd, ret_dev);
}

void mpathpr_dev_close(struct mpathpr_dev *dev)
{
	if (!dev)
		return;
	close_unmatched(dev, NULL);
	mpr_topology_free(dev->topo);
	free(dev->handles);
	free(dev->info);
	free(dev->unanswered);
	mpr_waiter_unref(dev->waiter);
	free(dev->path);
	if (dev->fd >= 0)
		close(dev->fd);
	free(dev);
}

int mpr_dev_refresh(struct mpathpr_dev *dev)
{
	struct mpr_topology *topo = NULL;
	int r = dev_resolve(dev, &topo);

	if (r < 0)
		return r;
	r = dev_adopt(dev, topo);
	if (r < 0)
		mpr_topology_free(topo);
	return r;
}

/* The SCSI host number of path @i ("2" of "2:0:0:1"), -1 if unknown. */
static int path_host(const struct mpathpr_dev *dev, size_t i)
{
	const char *hctl = dev->topo->paths[i].hctl;
	char *end;
	long h;

	if (!*hctl)
		return -1;
	h = strtol(hctl, &end, 10);
	return *end == ':' && h >= 0 && h <= 0x7fffffff ? (int)h : -1;
}

bool mpr_dev_path_usable(const struct mpathpr_dev *dev, size_t i)
{
	const struct mpr_topo_path *p = &dev->topo->paths[i];

	/* A path of a SCSI host that went silent through this context is left
	 * alone like one that did not answer itself: its session is dead. */
	return p->state == MPR_PATH_ACTIVE && p->devnode[0] && !dev->unanswered[i] &&
	       !mpr_ctx_host_silent(dev->ctx, path_host(dev, i));
}

void mpr_dev_path_set_unanswered(struct mpathpr_dev *dev, size_t i)
{
	dev->unanswered[i] = true;
	mpr_ctx_note_host(dev->ctx, path_host(dev, i), true);
	mpr_debug(&dev->ctx->log, "%s: path %s did not answer in time; not used again",
		  dev->topo->name, dev->topo->paths[i].devnode);
}

void mpr_dev_path_set_session_failed(struct mpathpr_dev *dev, size_t i)
{
	mpr_ctx_note_host(dev->ctx, path_host(dev, i), true);
}

void mpr_dev_path_answered(struct mpathpr_dev *dev, size_t i)
{
	dev->last_major = dev->topo->paths[i].major;
	dev->last_minor = dev->topo->paths[i].minor;
	mpr_ctx_note_host(dev->ctx, path_host(dev, i), false);
}

/* Lower is tried earlier: see mpr_dev_path_order(). */
static int path_rank(const struct mpathpr_dev *dev, size_t i)
{
	const struct mpr_topo_path *p = &dev->topo->paths[i];

	if ((dev->last_major || dev->last_minor) && p->major == dev->last_major &&
	    p->minor == dev->last_minor)
		return 0;
	return p->group_active || dev->topo->kind != MPR_DEV_MULTIPATH ? 1 : 2;
}

size_t mpr_dev_path_order(const struct mpathpr_dev *dev, size_t *ret_order)
{
	size_t n = 0;

	for (int rank = 0; rank <= 2; rank++)
		for (size_t i = 0; i < dev->topo->n_paths; i++)
			if (mpr_dev_path_usable(dev, i) && path_rank(dev, i) == rank)
				ret_order[n++] = i;
	return n;
}

size_t mpr_dev_find_path(const struct mpathpr_dev *dev, unsigned int major, unsigned int minor)
{
	for (size_t i = 0; i < dev->topo->n_paths; i++)
		if (dev->topo->paths[i].major == major && dev->topo->paths[i].minor == minor)
			return i;
	return SIZE_MAX;
}

size_t mpr_dev_usable_count(const struct mpathpr_dev *dev)
{
	size_t n = 0;

	for (size_t i = 0; i < dev->topo->n_paths; i++)
		n += mpr_dev_path_usable(dev, i);
	return n;
}

const char *mpathpr_dev_name(const struct mpathpr_dev *dev)
{
	return dev ? dev->topo->name : "";
}

const char *mpathpr_dev_wwid(const struct mpathpr_dev *dev)
{
	return dev ? dev->topo->wwid : "";
}

bool mpathpr_dev_is_multipath(const struct mpathpr_dev *dev)
{
	return dev && dev->topo->kind == MPR_DEV_MULTIPATH;
}

size_t mpathpr_dev_path_count(const struct mpathpr_dev *dev)
{
	return dev ? dev->topo->n_paths : 0;
}

const struct mpathpr_path_info *mpathpr_dev_path(const struct mpathpr_dev *dev, size_t i)
{
	if (!dev || i >= dev->topo->n_paths)
		return NULL;
	return &dev->info[i];
}
