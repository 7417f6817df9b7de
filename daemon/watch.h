/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * watch.h - what wakes mpathprd up: uevents of block devices (dm-multipath
 * maps reinstating a path or reloading their table, SCSI disks added or
 * changed) and changes of the agent's store file.  No timer polls anything.
 */
#ifndef MPATHPRD_WATCH_H
#define MPATHPRD_WATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct udev_device;

enum mprd_uevent {
	MPRD_UEVENT_IGNORE,	/* nothing a path joined through */
	MPRD_UEVENT_MAP,	/* a dm map may have a path usable again: check it */
	MPRD_UEVENT_SCSI,	/* a SCSI disk came or changed: check the maps holding it */
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
 * is IGNORE.  (A disk that is in no map yet needs nothing: the reload that
 * adds it to its map is a MAP event.)
 */
enum mprd_uevent mprd_uevent_classify(const char *action, const char *sysname,
				      const char *dm_action);

/**
 * mprd_scsi_holders() - the dm devices holding SCSI disk @sysname (the maps
 * it is a path of), from @sysfs_block ("/sys/block").
 * Return: how many device numbers were stored in @ret (at most @cap).
 */
size_t mprd_scsi_holders(const char *sysfs_block, const char *sysname, dev_t *ret, size_t cap);

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
