// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * watch.c - uevents worth a check, and inotify on the agent's store.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <dirent.h>
#include <sys/inotify.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "agent/store.h"
#include "daemon/watch.h"

enum mprd_uevent mprd_uevent_classify(const char *action, const char *sysname,
				      const char *dm_action)
{
	bool changed;

	if (!action || !sysname)
		return MPRD_UEVENT_IGNORE;
	changed = strcmp(action, "add") == 0 || strcmp(action, "change") == 0;
	if (!changed)
		return MPRD_UEVENT_IGNORE;
	if (strncmp(sysname, "dm-", 3) == 0)
		return dm_action && strcmp(dm_action, "PATH_FAILED") == 0 ? MPRD_UEVENT_IGNORE
									   : MPRD_UEVENT_MAP;
	/* sd disks only: "sdc", not the partition "sdc1" */
	if (strncmp(sysname, "sd", 2) == 0 && sysname[2] &&
	    strspn(sysname + 2, "abcdefghijklmnopqrstuvwxyz") == strlen(sysname + 2))
		return MPRD_UEVENT_SCSI;
	return MPRD_UEVENT_IGNORE;
}

size_t mprd_scsi_holders(const char *sysfs_block, const char *sysname, dev_t *ret, size_t cap)
{
	char path[PATH_MAX], line[32];
	struct dirent *e;
	size_t n = 0;
	DIR *d;

	snprintf(path, sizeof(path), "%s/%s/holders", sysfs_block, sysname);
	d = opendir(path);
	if (!d)
		return 0;
	while (n < cap && (e = readdir(d))) {
		unsigned int maj, min;
		FILE *f;

		if (strncmp(e->d_name, "dm-", 3) != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s/dev", sysfs_block, e->d_name);
		f = fopen(path, "re");
		if (!f)
			continue;
		if (fgets(line, sizeof(line), f) && sscanf(line, "%u:%u", &maj, &min) == 2)
			ret[n++] = makedev(maj, min);
		fclose(f);
	}
	closedir(d);
	return n;
}

#define STORE_EVENTS	(IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_MOVED_FROM | \
			 IN_DELETE_SELF | IN_MOVE_SELF)

/* Watch the directory, or its parent while it is missing. */
static int watch_add(struct mprd_store_watch *w)
{
	char parent[sizeof(w->dir)];
	char *slash;

	w->on_parent = false;
	w->wd = inotify_add_watch(w->fd, w->dir, STORE_EVENTS | IN_ONLYDIR);
	if (w->wd >= 0)
		return 0;
	if (errno != ENOENT)
		return -errno;
	snprintf(parent, sizeof(parent), "%s", w->dir);
	slash = strrchr(parent, '/');
	if (!slash)
		return -ENOENT;
	if (slash == parent)
		slash[1] = '\0';
	else
		*slash = '\0';
	w->wd = inotify_add_watch(w->fd, parent, IN_CREATE | IN_MOVED_TO | IN_ONLYDIR);
	if (w->wd < 0)
		return -errno;
	w->on_parent = true;
	return 0;
}

int mprd_store_watch_open(struct mprd_store_watch *w, const char *dir)
{
	size_t len = strlen(dir);
	int r;

	if (len == 0 || len >= sizeof(w->dir) || dir[0] != '/')
		return -EINVAL;
	memcpy(w->dir, dir, len + 1);
	while (len > 1 && w->dir[len - 1] == '/')
		w->dir[--len] = '\0';
	w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (w->fd < 0)
		return -errno;
	r = watch_add(w);
	if (r < 0) {
		close(w->fd);
		w->fd = -1;
	}
	return r;
}

static bool event_matters(const struct mprd_store_watch *w, const struct inotify_event *ev)
{
	const char *base = strrchr(w->dir, '/') + 1;

	if (ev->mask & IN_Q_OVERFLOW)
		return true;
	/* a watch given up (IN_IGNORED after inotify_rm_watch) says nothing */
	if (ev->wd != w->wd)
		return false;
	if (ev->mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED))
		return true;
	if (!ev->len)
		return false;
	if (w->on_parent)
		return strcmp(ev->name, base) == 0;
	return strcmp(ev->name, FENCE_STORE_FILE) == 0;
}

bool mprd_store_watch_read(struct mprd_store_watch *w)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	bool changed = false, rewatch = false;
	ssize_t n;

	while ((n = read(w->fd, buf, sizeof(buf))) > 0) {
		for (char *p = buf; p < buf + n;) {
			const struct inotify_event *ev = (const struct inotify_event *)p;

			if (event_matters(w, ev)) {
				changed = true;
				/* the directory came, went or moved: watch anew */
				rewatch |= w->on_parent ||
					   (ev->mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED));
			}
			p += sizeof(*ev) + ev->len;
		}
	}
	if (rewatch) {
		if (w->wd >= 0)
			inotify_rm_watch(w->fd, w->wd);
		watch_add(w);
	}
	return changed;
}

void mprd_store_watch_close(struct mprd_store_watch *w)
{
	if (w->fd >= 0)
		close(w->fd);
	w->fd = -1;
}
