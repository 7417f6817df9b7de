/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * watch.h - what wakes mpathprd up: uevents of block devices (dm-multipath
 * maps reinstating a path or reloading their table, SCSI disks added or
 * changed) and changes of the agent's store file.  No timer polls anything.
 */
#ifndef MPATHPRD_WATCH_H
#define MPATHPRD_WATCH_H

#include <stdbool.h>
#include <sys/types.h>

struct udev_device;

enum mprd_uevent {
	MPRD_UEVENT_IGNORE,	/* nothing a path joined through */
	MPRD_UEVENT_MAP,	/* a dm map may have a path usable again: check it */
	MPRD_UEVENT_SCSI,	/* a SCSI disk came or changed: check every map */
};

/**
 * mprd_uevent_classify() - what a uevent of the block subsystem means here.
 * @action:	"add", "change", "remove", ...
 * @sysname:	"dm-3", "sdc", ...
 * @dm_action:	the DM_ACTION property of a dm uevent ("PATH_REINSTATED",
 *		"PATH_FAILED"), NULL if none
 *
 * A dm map's change (a path reinstated, a table reload that may add one) is
 * MAP, except PATH_FAILED (a path going away needs nothing); an added or
 * changed sd disk is SCSI; the rest (removals, partitions, loop devices)
 * is IGNORE.
 */
enum mprd_uevent mprd_uevent_classify(const char *action, const char *sysname,
				      const char *dm_action);

struct mprd_store_watch {
	int fd;			/* inotify */
	int wd;			/* the store directory, or its parent while it is missing */
	bool on_parent;
	char dir[4096];
};

/**
 * mprd_store_watch_open() - watch the store file in @dir (or, while @dir
 * does not exist, its parent for @dir to appear).
 * Return: 0 or a negative errno.
 */
int mprd_store_watch_open(struct mprd_store_watch *w, const char *dir);
/**
 * mprd_store_watch_read() - consume the pending inotify events.
 * Return: true when the store may have changed (read it again).
 */
bool mprd_store_watch_read(struct mprd_store_watch *w);
void mprd_store_watch_close(struct mprd_store_watch *w);

#endif /* MPATHPRD_WATCH_H */
