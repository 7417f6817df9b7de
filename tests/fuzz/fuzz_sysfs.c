/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fuzz_sysfs.c - the topology's sysfs readers where they parse text: a
 * path's H:C:T:L, SCSI state, iSCSI target name and tpgt, FC port names,
 * the iSCSI session number and initiator name (its I_T nexus), the uevent's
 * DEVNAME, device/wwid and device/vpd_pg83, and the relative symlinks they
 * follow as text (mpr_topo_path_read_sysfs(), mpr_topo_sysfs_wwid(),
 * mpr_topo_disk_wwid(), mpr_topo_blk_name(), mpr_topo_devnode()).
 *
 * Each input becomes a small sysfs tree for block device 8:16, laid out as
 * the kernel lays out an iSCSI or FC disk (tests/data/topology/sys.tar).
 * Input: fields separated by lines "--" (fuzz_split()), in this order; a
 * missing field leaves its file out:
 *    0 session or rport directory name   ("session1", "rport-4:0-0")
 *    1 H:C:T:L directory name            ("2:0:0:1")
 *    2 block/sdb/uevent
 *    3 state                             4 wwid
 *    5 vpd_pg83 (binary)
 *    6 iscsi_session/<0>/initiatorname   7 .../targetname   8 .../tpgt
 *    9 scsi_host/host2/proc_name
 *   10 fc_host/host2/port_name          11 fc_remote_ports/<0>/port_name
 *   12 target of the dev/block/8:16 link, 13 of block/sdb/device
 *      (empty: the kernel's; links that would leave the tree are not made)
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "topology.h"

enum field {
	F_SESSION, F_HCTL, F_UEVENT, F_STATE, F_WWID, F_VPD83, F_INITIATOR, F_TARGETNAME,
	F_TPGT, F_PROC_NAME, F_FC_HOST_PORT, F_FC_RPORT_PORT, F_BLOCK_LINK, F_DEVICE_LINK,
	F_COUNT
};

struct tree {
	char root[512];
	char session[65], hctl[65];
	char host[1024];	/* <root>/devices/platform/host2 */
	char scsi_dev[2048];	/* <host>/<session>/target2:0:0/<hctl> */
};

/* snprintf() into a path buffer; a path that does not fit is a bug of the target. */
static void path_fmt(char *out, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void path_fmt(char *out, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(out, len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= len)
		abort();
}

/* A directory name from field @which, or @dflt when it is missing or not a plain name. */
static void dir_name(char *out, size_t len, const struct fuzz_field *fields, size_t n,
		     enum field which, const char *dflt)
{
	const struct fuzz_field *f = &fields[which];
	size_t k;

	snprintf(out, len, "%s", dflt);
	if ((size_t)which >= n || f->size == 0 || f->size >= len)
		return;
	for (k = 0; k < f->size; k++) {
		char c = (char)f->data[k];

		if (!(c == ':' || c == '.' || c == '_' || c == '-' || (c >= '0' && c <= '9') ||
		      (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
			return;
	}
	if ((f->size == 1 && f->data[0] == '.') ||
	    (f->size == 2 && f->data[0] == '.' && f->data[1] == '.'))
		return;
	memcpy(out, f->data, f->size);
	out[f->size] = '\0';
}

/*
 * A relative link target that stays inside the tree, linked from @depth
 * levels below its root: its ".." come first (as in every sysfs link), so
 * the names after them cannot lead back up through another link.
 */
static bool link_target_ok(const char *target, int depth)
{
	bool descended = false;

	if (!*target || *target == '/' || strlen(target) > 1024)
		return false;
	for (const char *t = target; *t; t++)
		if (!(*t == '/' || *t == ':' || *t == '.' || *t == '_' || *t == '-' ||
		      (*t >= '0' && *t <= '9') || (*t >= 'a' && *t <= 'z') ||
		      (*t >= 'A' && *t <= 'Z')))
			return false;
	for (const char *c = target; *c; c += *c == '/') {
		size_t n = strcspn(c, "/");

		if (n == 2 && c[0] == '.' && c[1] == '.') {
			if (descended || --depth < 0)
				return false;
		} else if (n && !(n == 1 && c[0] == '.')) {
			descended = true;
		}
		c += n;
	}
	return true;
}

static void put_file(const char *dir, const char *name, const struct fuzz_field *fields,
		     size_t n, enum field which)
{
	char path[4096];

	if ((size_t)which >= n)
		return;
	fuzz_mkdirs(dir);
	path_fmt(path, sizeof(path), "%s/%s", dir, name);
	fuzz_write_file(path, fields[which].data, fields[which].size);
}

static void put_link(const char *dir, const char *name, const struct fuzz_field *fields,
		     size_t n, enum field which, int depth, const char *dflt)
{
	char path[4096];
	char *target = (size_t)which < n ? fuzz_strndup(fields[which].data, fields[which].size)
					 : NULL;

	const char *use = !target || !*target ? dflt
			  : link_target_ok(target, depth) ? target : NULL;

	fuzz_mkdirs(dir);
	path_fmt(path, sizeof(path), "%s/%s", dir, name);
	if (use && symlink(use, path) < 0) {
		fprintf(stderr, "fuzz: cannot create the link %s: %s\n", path, strerror(errno));
		abort();
	}
	free(target);
}

static void build_tree(struct tree *t, const struct fuzz_field *f, size_t n)
{
	char dir[4096], link[4096];

	path_fmt(t->root, sizeof(t->root), "%s/sys", fuzz_scratch_dir());
	fuzz_remove_tree(t->root);
	dir_name(t->session, sizeof(t->session), f, n, F_SESSION, "session1");
	dir_name(t->hctl, sizeof(t->hctl), f, n, F_HCTL, "2:0:0:1");
	path_fmt(t->host, sizeof(t->host), "%s/devices/platform/host2", t->root);
	path_fmt(t->scsi_dev, sizeof(t->scsi_dev), "%s/%s/target2:0:0/%s", t->host,
		 t->session, t->hctl);

	path_fmt(dir, sizeof(dir), "%s/block/sdb", t->scsi_dev);
	put_file(dir, "uevent", f, n, F_UEVENT);
	path_fmt(link, sizeof(link), "../../../%s", t->hctl);
	put_link(dir, "device", f, n, F_DEVICE_LINK, 8, link);
	put_file(t->scsi_dev, "state", f, n, F_STATE);
	put_file(t->scsi_dev, "wwid", f, n, F_WWID);
	put_file(t->scsi_dev, "vpd_pg83", f, n, F_VPD83);
	path_fmt(dir, sizeof(dir), "%s/%s/iscsi_session/%s", t->host, t->session, t->session);
	put_file(dir, "initiatorname", f, n, F_INITIATOR);
	put_file(dir, "targetname", f, n, F_TARGETNAME);
	put_file(dir, "tpgt", f, n, F_TPGT);
	path_fmt(dir, sizeof(dir), "%s/%s/fc_remote_ports/%s", t->host, t->session, t->session);
	put_file(dir, "port_name", f, n, F_FC_RPORT_PORT);
	path_fmt(dir, sizeof(dir), "%s/scsi_host/host2", t->host);
	put_file(dir, "proc_name", f, n, F_PROC_NAME);
	path_fmt(dir, sizeof(dir), "%s/fc_host/host2", t->host);
	put_file(dir, "port_name", f, n, F_FC_HOST_PORT);

	path_fmt(dir, sizeof(dir), "%s/dev/block", t->root);
	path_fmt(link, sizeof(link), "../../devices/platform/host2/%s/target2:0:0/%s/block/sdb",
		 t->session, t->hctl);
	put_link(dir, "8:16", f, n, F_BLOCK_LINK, 2, link);
}

static bool terminated(const char *s, size_t len)
{
	return memchr(s, '\0', len) != NULL;
}

static void read_path(const struct mpr_topo_env *env)
{
	struct mpr_topo_path p = { .major = 8, .minor = 16 };
	char text[4096];

	if (mpr_topo_path_read_sysfs(env, &p) == 0) {
		FUZZ_CHECK(terminated(p.devnode, sizeof(p.devnode)));
		FUZZ_CHECK(terminated(p.hctl, sizeof(p.hctl)));
		FUZZ_CHECK(terminated(p.scsi_state, sizeof(p.scsi_state)));
		FUZZ_CHECK(terminated(p.target_port, sizeof(p.target_port)));
		FUZZ_CHECK(!p.initiator_known ||
			   terminated(p.initiator.iscsi_name, sizeof(p.initiator.iscsi_name)));
		FUZZ_CHECK(!p.initiator_known || mpr_tid_to_text(&p.initiator, text,
								   sizeof(text)) == 0);
		FUZZ_CHECK(!p.rel_tgt_port_known || p.rel_tgt_port != 0);
	}
}

static void read_ids(const struct mpr_topo_env *env)
{
	static const size_t lens[] = { 1, 8, 40, 256 };
	char buf[256];

	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		if (mpr_topo_sysfs_wwid(env, 8, 16, buf, lens[i]) == 0)
			FUZZ_CHECK(terminated(buf, lens[i]));
		if (mpr_topo_disk_wwid(env, 8, 16, buf, lens[i]) == 0)
			FUZZ_CHECK(terminated(buf, lens[i]));
		if (mpr_topo_blk_name(env, 8, 16, buf, lens[i]) == 0)
			FUZZ_CHECK(terminated(buf, lens[i]));
		mpr_topo_devnode(env, 8, 16, buf, lens[i]);
		FUZZ_CHECK(terminated(buf, lens[i]));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_field fields[F_COUNT];
	size_t n = fuzz_split(data, size, fields, F_COUNT);
	static struct tree t;
	struct mpr_topo_env env = { .sysfs_root = t.root };

	build_tree(&t, fields, n);
	read_path(&env);
	read_ids(&env);
	return 0;
}
