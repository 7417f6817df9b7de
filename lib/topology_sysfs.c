/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * topology_sysfs.c - the sysfs and libudev side of the topology: SCSI state,
 * H:C:T:L, target port, device nodes and LU identifiers, all read below
 * env->sysfs_root so tests can use recorded trees.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <libudev.h>

#include "common/cleanup.h"
#include "topology.h"

#define LOG(env) ((env) ? (env)->log : NULL)

static const char *sysfs_root(const struct mpr_topo_env *env)
{
	return env && env->sysfs_root && *env->sysfs_root ? env->sysfs_root : "/sys";
}

/* libudev always looks at the real /sys: use it only when we do too. */
bool mpr_topo_use_udev(const struct mpr_topo_env *env)
{
	return strcmp(sysfs_root(env), "/sys") == 0;
}

/* "<root>/dev/block/M:m[/rel]" */
static int blk_path(const struct mpr_topo_env *env, unsigned int major,
		    unsigned int minor, const char *rel, char *buf, size_t len)
{
	int n = snprintf(buf, len, "%s/dev/block/%u:%u%s%s", sysfs_root(env),
			 major, minor, rel ? "/" : "", rel ? rel : "");

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

static int blk_attr(const struct mpr_topo_env *env, unsigned int major,
		    unsigned int minor, const char *rel, char *buf, size_t len)
{
	char path[PATH_MAX];
	int r = blk_path(env, major, minor, rel, path, sizeof(path));

	return r < 0 ? r : mpr_topo_read_attr(path, buf, len);
}

bool mpr_topo_blk_exists(const struct mpr_topo_env *env, unsigned int major,
		       unsigned int minor, const char *rel)
{
	char path[PATH_MAX];

	return blk_path(env, major, minor, rel, path, sizeof(path)) == 0 &&
	       access(path, F_OK) == 0;
}

/* Resolved <root>/dev/block/M:m/<rel>, malloc'ed. */
static int blk_realpath(const struct mpr_topo_env *env, unsigned int major,
			unsigned int minor, const char *rel, char **ret)
{
	char path[PATH_MAX];
	char *real;
	int r = blk_path(env, major, minor, rel, path, sizeof(path));

	if (r < 0)
		return r;
	real = realpath(path, NULL);
	if (!real)
		return -errno;
	*ret = real;
	return 0;
}

static void copy_str(char *dst, size_t size, const char *src);

/*
 * @dir joined with the relative symlink target @rel, ".." and "." folded as
 * text: sysfs device directories are real directories, so this is where the
 * link leads, without realpath()'s readlink() of every component (a dozen
 * system calls per path, at every path of every device).
 */
static int join_link(const char *dir, const char *rel, char *out, size_t len)
{
	size_t n = strlen(dir);

	if (*rel == '/' || n >= len)
		return -EINVAL;
	memcpy(out, dir, n + 1);
	while (*rel) {
		size_t c = strcspn(rel, "/");

		if (c == 2 && rel[0] == '.' && rel[1] == '.') {
			char *slash = strrchr(out, '/');

			if (!slash || slash == out)
				return -EINVAL;
			*slash = '\0';
			n = (size_t)(slash - out);
		} else if (c && !(c == 1 && rel[0] == '.')) {
			if (n + 1 + c >= len)
				return -ENAMETOOLONG;
			out[n++] = '/';
			memcpy(out + n, rel, c);
			n += c;
			out[n] = '\0';
		}
		rel += c;
		rel += *rel == '/';
	}
	return 0;
}

/* Where the symlink @path leads (relative targets only), into @out. */
static int follow_link(const char *path, char *out, size_t len)
{
	char target[PATH_MAX], dir[PATH_MAX];
	ssize_t n = readlink(path, target, sizeof(target) - 1);
	char *slash;

	if (n < 0)
		return -errno;
	target[n] = '\0';
	copy_str(dir, sizeof(dir), path);
	slash = strrchr(dir, '/');
	if (!slash)
		return -EINVAL;
	*slash = '\0';
	return join_link(dir, target, out, len);
}

/* The SCSI device directory of a block device (<root>/devices/.../H:C:T:L), malloc'ed. */
static int blk_scsi_device(const struct mpr_topo_env *env, unsigned int major,
			   unsigned int minor, char **ret)
{
	char path[PATH_MAX], blk[PATH_MAX], dev[PATH_MAX];
	int r = blk_path(env, major, minor, NULL, path, sizeof(path));

	if (r == 0)
		r = follow_link(path, blk, sizeof(blk));
	if (r == 0 && (size_t)snprintf(path, sizeof(path), "%s/device", blk) >= sizeof(path))
		r = -ENAMETOOLONG;
	if (r == 0)
		r = follow_link(path, dev, sizeof(dev));
	if (r < 0)	/* not the usual layout of links: let the C library walk it */
		return blk_realpath(env, major, minor, "device", ret);
	*ret = strdup(dev);
	return *ret ? 0 : -ENOMEM;
}

static void copy_str(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src ? src : "");
}

/* DEVNAME from the uevent file: "sdb" -> "/dev/sdb". */
static int uevent_devnode(const struct mpr_topo_env *env, unsigned int major,
			  unsigned int minor, char *buf, size_t len)
{
	char text[2048];
	const char *line;
	int r = blk_attr(env, major, minor, "uevent", text, sizeof(text));

	if (r < 0)
		return r;
	for (line = text; line; line = strchr(line, '\n')) {
		line += *line == '\n';
		if (strncmp(line, "DEVNAME=", 8) == 0) {
			size_t n = strcspn(line + 8, "\n");
			int w = snprintf(buf, len, "/dev/%.*s", (int)n, line + 8);

			return w < 0 || (size_t)w >= len ? -ENAMETOOLONG : 0;
		}
	}
	return -ENOENT;
}

/*
 * Ask libudev for the device node and the first non-empty property of
 * @props (NULL-terminated); either output may be NULL.
 */
int mpr_topo_udev_lookup(unsigned int major, unsigned int minor,
		       char *devnode, size_t dlen, const char *const *props,
		       char *val, size_t vlen)
{
	struct udev *udev = udev_new();
	struct udev_device *dev;

	if (!udev)
		return -ENOMEM;
	dev = udev_device_new_from_devnum(udev, 'b', makedev(major, minor));
	if (!dev) {
		udev_unref(udev);
		return -ENODEV;
	}
	if (devnode && udev_device_get_devnode(dev))
		copy_str(devnode, dlen, udev_device_get_devnode(dev));
	for (; val && props && *props; props++) {
		const char *v = udev_device_get_property_value(dev, *props);

		if (v && *v) {
			copy_str(val, vlen, v);
			break;
		}
	}
	udev_device_unref(dev);
	udev_unref(udev);
	return 0;
}

/*
 * /dev node of a block device: /dev/ + the uevent's DEVNAME, which is where
 * libudev gets it too (udev no longer renames kernel device nodes); libudev
 * only when DEVNAME is missing.  Setting up a libudev device per path cost
 * more than the PR commands of a 1-LUN fence.
 */
void mpr_topo_devnode(const struct mpr_topo_env *env, unsigned int major,
			 unsigned int minor, char *buf, size_t len)
{
	if (uevent_devnode(env, major, minor, buf, len) == 0)
		return;
	buf[0] = '\0';
	if (mpr_topo_use_udev(env) && mpr_topo_udev_lookup(major, minor, buf, len, NULL, NULL, 0) < 0)
		buf[0] = '\0';
}

const char *mpr_path_state_name(enum mpr_path_state state)
{
	switch (state) {
	case MPR_PATH_ACTIVE:
		return "active";
	case MPR_PATH_FAILED:
		return "failed";
	case MPR_PATH_OFFLINE:
		return "offline";
	}
	return "unknown";
}

/* The session (iSCSI) or rport (FC) directory is two levels above H:C:T:L. */
static void read_target_port(const char *scsi_dev, char *buf, size_t len)
{
	char path[PATH_MAX], name[160], tpgt[32];
	_cleanup_free_ char *dir = strdup(scsi_dev);
	char *slash, *base;

	for (int i = 0; dir && i < 2; i++) {
		slash = strrchr(dir, '/');
		if (!slash)
			return;
		*slash = '\0';
	}
	if (!dir || !(base = strrchr(dir, '/')))
		return;
	base++;
	snprintf(path, sizeof(path), "%s/iscsi_session/%s/targetname", dir, base);
	if (mpr_topo_read_attr(path, name, sizeof(name)) == 0 && *name) {
		snprintf(path, sizeof(path), "%s/iscsi_session/%s/tpgt", dir, base);
		if (mpr_topo_read_attr(path, tpgt, sizeof(tpgt)) < 0)
			tpgt[0] = '\0';
		snprintf(buf, len, "%s%s%s", name, *tpgt ? ",t," : "", tpgt);
		return;
	}
	snprintf(path, sizeof(path), "%s/fc_remote_ports/%s/port_name", dir, base);
	if (mpr_topo_read_attr(path, name, sizeof(name)) == 0)
		copy_str(buf, len, name);
}

/* /dev/sgN of the SCSI device @scsi_dev (its scsi_generic child), if the node exists. */
static void read_sg_devnode(const char *scsi_dev, char *buf, size_t len)
{
	char path[PATH_MAX], node[64];
	struct dirent *e;
	struct stat st;
	DIR *d;

	buf[0] = '\0';
	if ((size_t)snprintf(path, sizeof(path), "%s/scsi_generic", scsi_dev) >= sizeof(path))
		return;
	d = opendir(path);
	if (!d)
		return;
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, "sg", 2) != 0)
			continue;
		if ((size_t)snprintf(node, sizeof(node), "/dev/%s", e->d_name) < sizeof(node) &&
		    stat(node, &st) == 0 && S_ISCHR(st.st_mode))
			copy_str(buf, len, node);
		break;
	}
	closedir(d);
}

int mpr_topo_path_read_sysfs(const struct mpr_topo_env *env, struct mpr_topo_path *p)
{
	_cleanup_free_ char *scsi_dev = NULL;
	unsigned int h, c, t, l;
	const char *base;
	char extra;

	if (!mpr_topo_blk_exists(env, p->major, p->minor, NULL))
		return -ENOENT;
	if (blk_scsi_device(env, p->major, p->minor, &scsi_dev) < 0)
		return -EMEDIUMTYPE;
	base = strrchr(scsi_dev, '/');
	base = base ? base + 1 : scsi_dev;
	if (sscanf(base, "%u:%u:%u:%u%c", &h, &c, &t, &l, &extra) != 4)
		return -EMEDIUMTYPE;
	copy_str(p->hctl, sizeof(p->hctl), base);
	if (blk_attr(env, p->major, p->minor, "device/state", p->scsi_state,
		     sizeof(p->scsi_state)) < 0)
		p->scsi_state[0] = '\0';
	if (*p->scsi_state && strcmp(p->scsi_state, "running") != 0)
		p->state = MPR_PATH_OFFLINE;
	read_target_port(scsi_dev, p->target_port, sizeof(p->target_port));
	read_sg_devnode(scsi_dev, p->sg_devnode, sizeof(p->sg_devnode));
	mpr_topo_path_read_nexus(scsi_dev, p);
	if (!*p->devnode)
		mpr_topo_devnode(env, p->major, p->minor, p->devnode, sizeof(p->devnode));
	return 0;
}

int mpr_topo_sysfs_wwid(const struct mpr_topo_env *env, unsigned int major,
			unsigned int minor, char *buf, size_t len)
{
	char text[512];
	uint8_t page[1024];
	char path[PATH_MAX];
	ssize_t n;
	int r;

	r = blk_attr(env, major, minor, "device/wwid", text, sizeof(text));
	if (r == 0 && *text) {
		if (strlen(text) >= len)
			return -ENAMETOOLONG;
		copy_str(buf, len, text);
		return 0;
	}
	r = blk_path(env, major, minor, "device/vpd_pg83", path, sizeof(path));
	if (r < 0)
		return r;
	n = mpr_topo_read_file(path, page, sizeof(page));
	if (n <= 0)
		return -ENOENT;
	r = mpr_vpd83_wwid(page, (size_t)n, buf, len);
	return r == -EINVAL ? -ENOENT : r;
}

/* A text designator of NUL padding and blanks only names nothing. */
static bool text_designator_blank(const uint8_t *d)
{
	for (unsigned int i = 0; i < d[3]; i++)
		if (d[4 + i] != 0 && d[4 + i] != ' ')
			return false;
	return true;
}

/* Designator preference among LU-associated designators (higher wins). */
static int designator_rank(const uint8_t *d)
{
	unsigned int code_set = d[0] & 0x0f, type = d[1] & 0x0f;
	bool binary = code_set == 1, text = code_set == 2 || code_set == 3;

	if (((d[1] >> 4) & 0x3) != 0 || d[3] == 0 || (text && text_designator_blank(d)))
		return 0;
	if (type == 3 && binary)
		return 4;	/* NAA */
	if (type == 2 && binary)
		return 3;	/* EUI-64 */
	if (type == 8 && text)
		return 2;	/* SCSI name string */
	if (type == 1 && text)
		return 1;	/* T10 vendor id */
	return 0;
}

static int format_designator(const uint8_t *d, char *out, size_t outlen)
{
	unsigned int type = d[1] & 0x0f, dlen = d[3];
	const uint8_t *v = d + 4;
	size_t pos;
	int n;

	if (type == 3 || type == 2) {
		n = snprintf(out, outlen, "%s", type == 3 ? "naa." : "eui.");
		pos = (size_t)n;
		for (unsigned int i = 0; i < dlen; i++, pos += 2)
			if (pos + 3 > outlen)
				return -ENAMETOOLONG;
			else
				snprintf(out + pos, 3, "%02x", v[i]);
		return 0;
	}
	pos = type == 1 ? (size_t)snprintf(out, outlen, "t10.") : 0;
	/* text designators: stop at NUL padding, drop trailing blanks */
	while (dlen > 0 && (v[dlen - 1] == 0 || v[dlen - 1] == ' '))
		dlen--;
	if (pos + dlen + 1 > outlen)
		return -ENAMETOOLONG;
	for (unsigned int i = 0; i < dlen; i++)
		out[pos++] = v[i] >= 0x20 && v[i] < 0x7f ? (char)v[i] : '_';
	out[pos] = '\0';
	return 0;
}

int mpr_vpd83_wwid(const uint8_t *buf, size_t len, char *out, size_t outlen)
{
	const uint8_t *best = NULL;
	int best_rank = 0;
	size_t end, off;

	if (!buf || len < 4 || buf[1] != 0x83 || !out || outlen < 8)
		return -EINVAL;
	end = 4 + (((size_t)buf[2] << 8) | buf[3]);
	if (end > len)
		return -EINVAL;
	for (off = 4; off < end; off += 4 + (size_t)buf[off + 3]) {
		int rank;

		if (off + 4 > end || off + 4 + buf[off + 3] > end)
			return -EINVAL;
		rank = designator_rank(buf + off);
		if (rank > best_rank) {
			best = buf + off;
			best_rank = rank;
		}
	}
	if (!best)
		return -ENOENT;
	return format_designator(best, out, outlen);
}

/*
 * Bring a kernel-style wwid ("naa.600140..", "eui.00..") into the form
 * scsi_id, udev's ID_SERIAL and multipath's dm UUIDs use ("3600140..",
 * "200.."), so ids from either source compare equal.
 */
static void wwid_normalize(char *w)
{
	char lead = 0;

	if (strncmp(w, "naa.", 4) == 0)
		lead = '3';
	else if (strncmp(w, "eui.", 4) == 0)
		lead = '2';
	if (!lead)
		return;
	w[0] = lead;
	memmove(w + 1, w + 4, strlen(w + 4) + 1);
}

/* A disk's LU id: udev ID_SERIAL / ID_WWN, else sysfs device/wwid, vpd_pg83. */
int mpr_topo_disk_wwid(const struct mpr_topo_env *env, unsigned int major,
		     unsigned int minor, char *buf, size_t len)
{
	static const char *const props[] = { "ID_SERIAL", "ID_WWN", NULL };
	int r;

	buf[0] = '\0';
	if (mpr_topo_use_udev(env))
		mpr_topo_udev_lookup(major, minor, NULL, 0, props, buf, len);
	if (*buf)
		return 0;
	r = mpr_topo_sysfs_wwid(env, major, minor, buf, len);
	if (r == 0)
		wwid_normalize(buf);
	/* An empty identifier is none: it must not order devices (off's tie-break). */
	if (r == 0 && !*buf)
		r = -ENOENT;
	return r;
}

int mpr_topo_blk_name(const struct mpr_topo_env *env, unsigned int major,
		      unsigned int minor, char *buf, size_t len)
{
	_cleanup_free_ char *real = NULL;
	const char *base;
	int r = blk_realpath(env, major, minor, NULL, &real);

	if (r < 0)
		return r;
	base = strrchr(real, '/');
	copy_str(buf, len, base ? base + 1 : real);
	return 0;
}
