/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * mpr-topology - print what libmpathpr's topology layer makes of devices.
 *
 * Usage: mpr-topology [-v] [-n] [-s SYSFS_ROOT] DEVICE...
 *   -v   library debug messages on stderr
 *   -n   DEVICE arguments are block device numbers MAJ:MIN, not paths
 *   -s   read sysfs below SYSFS_ROOT instead of /sys (recorded trees, e.g.
 *        tests/data/topology/sys with -n 8:16)
 *
 * Output, one line per record, fields separated by single spaces; values
 * contain no spaces (except a T10 vendor-id wwid) and empty ones print "-":
 *   device ARG kind=multipath|scsi-disk name=N devnode=D dev=MAJ:MIN
 *          wwid=W dm_uuid=U groups=G active_group=A paths=P
 *   path ARG index=I devnode=D dev=MAJ:MIN group=G group_state=A|E|D|-
 *        state=active|failed|offline fail_count=F hctl=H:C:T:L
 *        scsi_state=S target_port=T
 *   error ARG errno=NAME(-N) message
 * (device and path records are each printed on one line.)
 * Exit status: 0 if every DEVICE resolved, 1 otherwise, 2 on usage errors.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>

#include "topology.h"

static void log_stderr(void *userdata, int priority, const char *msg)
{
	(void)userdata;
	fprintf(stderr, "<%d> %s\n", priority, msg);
}

static const char *dash(const char *s)
{
	return s && *s ? s : "-";
}

static void print_path(const char *arg, size_t i, const struct mpr_topo_path *p)
{
	char gs[2] = { p->group_state ? p->group_state : '-', '\0' };

	printf("path %s index=%zu devnode=%s dev=%u:%u group=%d group_state=%s state=%s fail_count=%u hctl=%s scsi_state=%s target_port=%s\n",
	       arg, i, dash(p->devnode), p->major, p->minor, p->group, gs,
	       mpr_path_state_name(p->state), p->fail_count, dash(p->hctl),
	       dash(p->scsi_state), dash(p->target_port));
}

static void print_topology(const char *arg, const struct mpr_topology *t)
{
	printf("device %s kind=%s name=%s devnode=%s dev=%u:%u wwid=%s dm_uuid=%s groups=%zu active_group=%u paths=%zu\n",
	       arg, t->kind == MPR_DEV_MULTIPATH ? "multipath" : "scsi-disk",
	       dash(t->name), dash(t->devnode), t->major, t->minor, dash(t->wwid),
	       dash(t->dm_uuid), t->n_groups, t->active_group, t->n_paths);
	for (size_t i = 0; i < t->n_paths; i++)
		print_path(arg, i, &t->paths[i]);
}

/* Resolve one argument: a path, or with @by_devnum "MAJ:MIN". */
static int resolve(const struct mpr_topo_env *env, bool by_devnum, const char *arg,
		   struct mpr_topology **ret)
{
	unsigned int major, minor;
	char extra;

	if (!by_devnum)
		return mpr_topology_from_path(env, arg, ret);
	if (sscanf(arg, "%u:%u%c", &major, &minor, &extra) != 2)
		return -EINVAL;
	return mpr_topology_from_devnum(env, major, minor, ret);
}

static const char *errno_name(int e)
{
	switch (e) {
	case ENOENT: return "ENOENT";
	case ENOTBLK: return "ENOTBLK";
	case EMEDIUMTYPE: return "EMEDIUMTYPE";
	case EACCES: return "EACCES";
	case EPERM: return "EPERM";
	case ENOMEM: return "ENOMEM";
	case ESTALE: return "ESTALE";
	case EINVAL: return "EINVAL";
	default: return "E?";
	}
}

int main(int argc, char **argv)
{
	struct mpr_log log = { .fn = log_stderr, .max_priority = LOG_DEBUG };
	struct mpr_topo_env env = { 0 };
	bool by_devnum = false;
	int opt, failed = 0;

	while ((opt = getopt(argc, argv, "vns:")) != -1) {
		if (opt == 'v')
			env.log = &log;
		else if (opt == 'n')
			by_devnum = true;
		else if (opt == 's')
			env.sysfs_root = optarg;
		else
			return 2;
	}
	if (optind >= argc) {
		fprintf(stderr, "usage: %s [-v] [-n] [-s SYSFS_ROOT] DEVICE...\n", argv[0]);
		return 2;
	}
	for (int i = optind; i < argc; i++) {
		struct mpr_topology *t = NULL;
		int r = resolve(&env, by_devnum, argv[i], &t);

		if (r < 0) {
			printf("error %s errno=%s(%d) %s\n", argv[i], errno_name(-r), r,
			       strerror(-r));
			failed = 1;
			continue;
		}
		print_topology(argv[i], t);
		mpr_topology_free(t);
	}
	return failed;
}
