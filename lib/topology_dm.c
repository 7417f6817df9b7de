/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * topology_dm.c - resolve a block device to a dm-multipath map or SCSI disk
 * and its paths (the topology's entry points): libdevmapper TABLE/STATUS
 * ioctls here, sysfs/libudev details in topology_sysfs.c.
 *
 * libdevmapper logging: its default log function writes errors to stderr.
 * Replacing it (dm_log_with_errno_init) is process-global and would silence
 * or redirect the messages of every other libdevmapper user in the process,
 * so the library leaves it alone; we stat() and check dm_is_dm_major()
 * before any ioctl so the usual failures never reach libdevmapper.  A program
 * that wants silence (the fence agent) can install its own dm log function.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <libdevmapper.h>

#include "common/cleanup.h"
#include "dm_multipath_parse.h"
#include "topology.h"

#define LOG(env) ((env) ? (env)->log : NULL)

/*
 * libdevmapper opens its control fd lazily into a static on the first
 * dm_task_run(), without locking; two threads racing there can leak an fd
 * or see a half-initialised library.  This lock serialises only our own
 * libdevmapper calls: it guards the library's state, we keep none.
 */
static pthread_mutex_t dm_lock = PTHREAD_MUTEX_INITIALIZER;

static void copy_str(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src ? src : "");
}
void mpr_topology_free(struct mpr_topology *t)
{
	if (!t)
		return;
	free(t->paths);
	free(t);
}

static struct mpr_topology *topology_new(size_t n_paths)
{
	struct mpr_topology *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->n_paths = n_paths;
	if (n_paths && !(t->paths = calloc(n_paths, sizeof(*t->paths)))) {
		free(t);
		return NULL;
	}
	return t;
}

static void map_wwid(const struct mpr_topo_env *env, struct mpr_topology *t)
{
	static const char *const uuid_prop[] = { "DM_UUID", NULL };
	static const char *const serial_prop[] = { "ID_SERIAL", NULL };
	char uuid[sizeof(t->wwid)] = "";

	if (strncmp(t->dm_uuid, "mpath-", 6) == 0 && t->dm_uuid[6]) {
		copy_str(t->wwid, sizeof(t->wwid), t->dm_uuid + 6);
		return;
	}
	if (mpr_topo_use_udev(env)) {
		mpr_topo_udev_lookup(t->major, t->minor, NULL, 0, uuid_prop, uuid, sizeof(uuid));
		if (strncmp(uuid, "mpath-", 6) == 0 && uuid[6]) {
			copy_str(t->wwid, sizeof(t->wwid), uuid + 6);
			return;
		}
		mpr_topo_udev_lookup(t->major, t->minor, NULL, 0, serial_prop, t->wwid,
			    sizeof(t->wwid));
	}
	/* Last resort: what the first path itself says. */
	for (size_t i = 0; !*t->wwid && i < t->n_paths; i++)
		if (mpr_topo_disk_wwid(env, t->paths[i].major, t->paths[i].minor,
			      t->wwid, sizeof(t->wwid)) < 0)
			t->wwid[0] = '\0';
}

static void map_fill_paths(const struct mpr_topo_env *env, const struct mpr_dm_mpath *m,
			   struct mpr_topology *t)
{
	for (size_t i = 0; i < m->n_paths; i++) {
		const struct mpr_dm_mpath_path *dp = &m->paths[i];
		struct mpr_topo_path *p = &t->paths[i];
		int r;

		p->major = dp->major;
		p->minor = dp->minor;
		p->group = (int)dp->group;
		p->group_state = m->groups[dp->group - 1].state;
		p->group_active = p->group_state == MPR_DM_PG_ACTIVE;
		p->state = dp->state == MPR_DM_PATH_FAILED ? MPR_PATH_FAILED : MPR_PATH_ACTIVE;
		p->fail_count = dp->fail_count;
		mpr_topo_devnode(env, p->major, p->minor, p->devnode, sizeof(p->devnode));
		r = mpr_topo_path_read_sysfs(env, p);
		if (r < 0)
			mpr_debug(LOG(env), "topology: %s path %u:%u: no SCSI details in sysfs (%s)",
				  t->name, p->major, p->minor, strerror(-r));
	}
}

int mpr_topology_from_dm_strings(const struct mpr_topo_env *env, const char *name,
				 const char *uuid, unsigned int major,
				 unsigned int minor, const char *table,
				 const char *status, struct mpr_topology **ret)
{
	struct mpr_dm_mpath *mt = NULL, *ms = NULL;
	struct mpr_topology *t = NULL;
	int r;

	r = mpr_dm_mpath_parse_table(table, &mt);
	if (r == 0)
		r = mpr_dm_mpath_parse_status(status, &ms);
	if (r == 0)
		r = mpr_dm_mpath_merge_status(mt, ms);
	if (r == 0 && !(t = topology_new(mt->n_paths)))
		r = -ENOMEM;
	if (r < 0) {
		mpr_debug(LOG(env), "topology: map %s: cannot use table/status (%s)",
			  name ? name : "?", strerror(-r));
		goto out;
	}
	t->kind = MPR_DEV_MULTIPATH;
	copy_str(t->name, sizeof(t->name), name);
	snprintf(t->devnode, sizeof(t->devnode), "/dev/mapper/%s", t->name);
	copy_str(t->dm_uuid, sizeof(t->dm_uuid), uuid);
	t->major = major;
	t->minor = minor;
	t->n_groups = mt->n_groups;
	t->active_group = mt->pg_number;
	map_fill_paths(env, mt, t);
	map_wwid(env, t);
	*ret = t;
out:
	mpr_dm_mpath_free(mt);
	mpr_dm_mpath_free(ms);
	return r;
}

static int disk_topology(const struct mpr_topo_env *env, unsigned int major,
			 unsigned int minor, struct mpr_topology **ret)
{
	struct mpr_topology *t;
	int r;

	if (!mpr_topo_blk_exists(env, major, minor, NULL))
		return -ENOENT;
	if (mpr_topo_blk_exists(env, major, minor, "partition")) {
		mpr_debug(LOG(env), "topology: %u:%u is a partition; reservations apply to the whole LU",
			  major, minor);
		return -EMEDIUMTYPE;
	}
	if (!mpr_topo_blk_exists(env, major, minor, "device/scsi_disk")) {
		mpr_debug(LOG(env), "topology: %u:%u is neither a dm map nor a SCSI disk",
			  major, minor);
		return -EMEDIUMTYPE;
	}
	t = topology_new(1);
	if (!t)
		return -ENOMEM;
	t->kind = MPR_DEV_SCSI_DISK;
	t->major = t->paths[0].major = major;
	t->minor = t->paths[0].minor = minor;
	t->paths[0].state = MPR_PATH_ACTIVE;
	r = mpr_topo_path_read_sysfs(env, &t->paths[0]);
	if (r < 0) {
		mpr_topology_free(t);
		return r;
	}
	if (mpr_topo_blk_name(env, major, minor, t->name, sizeof(t->name)) < 0)
		t->name[0] = '\0';
	copy_str(t->devnode, sizeof(t->devnode), t->paths[0].devnode);
	if (mpr_topo_disk_wwid(env, major, minor, t->wwid, sizeof(t->wwid)) < 0)
		mpr_debug(LOG(env), "topology: %s: no WWID found", t->name);
	*ret = t;
	return 0;
}

/* What one DM_DEVICE_TABLE or DM_DEVICE_STATUS ioctl said about a map. */
struct dm_answer {
	char name[128];
	char uuid[256];
	char type[32];		/* of the first target */
	unsigned int n_targets;
	char *params;		/* of the first target, malloc'ed */
};

static int dm_run(struct dm_task *dmt, unsigned int major, unsigned int minor,
		  struct dm_answer *a)
{
	uint64_t start, length;
	char *type, *params;
	struct dm_info info;
	void *next = NULL;

	if (!dm_task_set_major_minor(dmt, (int)major, (int)minor, 0) ||
	    !dm_task_no_open_count(dmt))
		return -ENOMEM;
	if (!dm_task_run(dmt))
		return dm_task_get_errno(dmt) > 0 ? -dm_task_get_errno(dmt) : -EIO;
	if (!dm_task_get_info(dmt, &info) || !info.exists)
		return -ENOENT;
	copy_str(a->name, sizeof(a->name), dm_task_get_name(dmt));
	copy_str(a->uuid, sizeof(a->uuid), dm_task_get_uuid(dmt));
	do {
		type = params = NULL;
		next = dm_get_next_target(dmt, next, &start, &length, &type, &params);
		if (!type)
			break;
		if (a->n_targets++ == 0) {
			copy_str(a->type, sizeof(a->type), type);
			a->params = strdup(params ? params : "");
			if (!a->params)
				return -ENOMEM;
		}
	} while (next);
	return 0;
}

static int dm_query(int task, unsigned int major, unsigned int minor,
		    struct dm_answer *a)
{
	struct dm_task *dmt;
	int r;

	memset(a, 0, sizeof(*a));
	pthread_mutex_lock(&dm_lock);
	dmt = dm_task_create(task);
	r = dmt ? dm_run(dmt, major, minor, a) : -ENOMEM;
	if (dmt)
		dm_task_destroy(dmt);
	pthread_mutex_unlock(&dm_lock);
	if (r < 0) {
		free(a->params);
		a->params = NULL;
	}
	return r;
}

/* -EMEDIUMTYPE unless @a describes exactly one multipath target. */
static int dm_check_multipath(const struct mpr_topo_env *env, const struct dm_answer *a)
{
	if (a->n_targets == 1 && strcmp(a->type, "multipath") == 0)
		return 0;
	if (a->n_targets == 0)
		mpr_debug(LOG(env), "topology: dm map %s has no table", a->name);
	else if (strncmp(a->uuid, "part", 4) == 0)
		mpr_debug(LOG(env), "topology: dm map %s is a partition (%s); reservations apply to the whole LU",
			  a->name, a->uuid);
	else
		mpr_debug(LOG(env), "topology: dm map %s has %u target(s), first of type %s, not one multipath target",
			  a->name, a->n_targets, a->type);
	return -EMEDIUMTYPE;
}

/* The map can be reloaded between the two ioctls: then try again. */
#define DM_STALE_RETRIES 3

static int dm_topology(const struct mpr_topo_env *env, unsigned int major,
		       unsigned int minor, struct mpr_topology **ret)
{
	struct dm_answer table, status;
	int r = -ESTALE;

	for (int i = 0; r == -ESTALE && i < DM_STALE_RETRIES; i++) {
		r = dm_query(DM_DEVICE_TABLE, major, minor, &table);
		if (r < 0)
			return r;
		r = dm_check_multipath(env, &table);
		if (r == 0)
			r = dm_query(DM_DEVICE_STATUS, major, minor, &status);
		if (r == 0) {
			r = dm_check_multipath(env, &status);
			if (r == 0)
				r = mpr_topology_from_dm_strings(env, table.name, table.uuid,
								 major, minor, table.params,
								 status.params, ret);
			free(status.params);
		}
		free(table.params);
	}
	return r;
}

int mpr_topology_from_devnum(const struct mpr_topo_env *env, unsigned int major,
			     unsigned int minor, struct mpr_topology **ret)
{
	int is_dm;

	if (!ret)
		return -EINVAL;
	/* dm_is_dm_major() caches /proc/devices in libdevmapper's statics */
	pthread_mutex_lock(&dm_lock);
	is_dm = dm_is_dm_major(major);
	pthread_mutex_unlock(&dm_lock);
	if (is_dm)
		return dm_topology(env, major, minor, ret);
	return disk_topology(env, major, minor, ret);
}

static int topology_from_stat(const struct mpr_topo_env *env, const struct stat *st,
			      const char *what, struct mpr_topology **ret)
{
	if (!S_ISBLK(st->st_mode)) {
		mpr_debug(LOG(env), "topology: %s is not a block device", what);
		return -ENOTBLK;
	}
	return mpr_topology_from_devnum(env, major(st->st_rdev), minor(st->st_rdev), ret);
}

int mpr_topology_from_path(const struct mpr_topo_env *env, const char *path,
			   struct mpr_topology **ret)
{
	struct stat st;

	if (!path || !*path || !ret)
		return -EINVAL;
	if (stat(path, &st) < 0) {
		int r = errno == ENOTDIR ? -ENOENT : -errno;

		mpr_debug(LOG(env), "topology: stat %s: %s", path, strerror(-r));
		return r;
	}
	return topology_from_stat(env, &st, path, ret);
}

int mpr_topology_from_fd(const struct mpr_topo_env *env, int fd,
			 struct mpr_topology **ret)
{
	struct stat st;
	char what[32];

	if (!ret)
		return -EINVAL;
	if (fstat(fd, &st) < 0)
		return -errno;
	snprintf(what, sizeof(what), "fd %d", fd);
	return topology_from_stat(env, &st, what, ret);
}

int mpr_dm_set_suspended(const char *name, bool suspended)
{
	struct dm_task *dmt;
	int r = 0;

	if (!name || !*name)
		return -EINVAL;
	pthread_mutex_lock(&dm_lock);
	dmt = dm_task_create(suspended ? DM_DEVICE_SUSPEND : DM_DEVICE_RESUME);
	if (!dmt)
		r = -ENOMEM;
	/* noflush: queued and in-flight I/O waits instead of failing */
	else if (!dm_task_set_name(dmt, name) || (suspended && !dm_task_no_flush(dmt)) ||
		 !dm_task_no_open_count(dmt))
		r = -ENOMEM;
	else if (!dm_task_run(dmt))
		r = dm_task_get_errno(dmt) > 0 ? -dm_task_get_errno(dmt) : -EIO;
	if (dmt)
		dm_task_destroy(dmt);
	pthread_mutex_unlock(&dm_lock);
	return r;
}
