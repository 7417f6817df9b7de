/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * dev.h - an open device: its topology and one transport handle per path.
 *
 * Path handles are opened lazily by the job that first talks to the path
 * and handed to the device when its answer is collected (engine_job.c).
 */
#ifndef MPATHPR_DEV_H
#define MPATHPR_DEV_H

#include <stdbool.h>
#include <stddef.h>

#include "ctx.h"
#include "topology.h"

struct mpr_waiter;

struct mpathpr_dev {
	struct mpathpr_ctx *ctx;
	char *path;			/* as opened; NULL when opened by fd */
	int fd;				/* our dup of the caller's fd, else -1 */
	struct mpr_topology *topo;
	struct mpathpr_path_info *info;	/* public view, topo->n_paths entries */
	int *handles;			/* transport handle per path, -1 if closed */
	/* Paths that did not answer in time: their command may still be
	 * blocked in the kernel, so this device sends them nothing more. */
	bool *unanswered;
	/* The path that answered last (0:0 none): tried first next time. */
	unsigned int last_major, last_minor;
	struct mpr_waiter *waiter;	/* where path operations report back */
};

/* True when device-mapper and sysfs both consider path @i usable, and
 * neither it nor another path of its SCSI host failed to answer in time. */
bool mpr_dev_path_usable(const struct mpathpr_dev *dev, size_t i);
/* Index of the path with device number @major:@minor, SIZE_MAX if none. */
size_t mpr_dev_find_path(const struct mpathpr_dev *dev, unsigned int major, unsigned int minor);
/* Path @i did not answer in time: leave it alone from now on. */
void mpr_dev_path_set_unanswered(struct mpathpr_dev *dev, size_t i);
/* Path @i's transport failed (no connection, disrupted): its SCSI host
 * (iSCSI session) is left alone by the context's devices, like a silent one. */
void mpr_dev_path_set_session_failed(struct mpathpr_dev *dev, size_t i);
/* Path @i answered: it is the first to try next time. */
void mpr_dev_path_answered(struct mpathpr_dev *dev, size_t i);
/*
 * The usable paths in the order a single-path command tries them: the path
 * that answered last, then paths of dm's active group, then the others,
 * each in index order.  @ret_order has room for n_paths entries; returns how many.
 */
size_t mpr_dev_path_order(const struct mpathpr_dev *dev, size_t *ret_order);
/* Number of usable paths. */
size_t mpr_dev_usable_count(const struct mpathpr_dev *dev);
/*
 * Resolve the device again so path states reflect the present (a path that
 * failed a command may since have been failed by multipathd or taken offline).
 * Handles of paths that are still there are kept.
 */
int mpr_dev_refresh(struct mpathpr_dev *dev);

#endif /* MPATHPR_DEV_H */
