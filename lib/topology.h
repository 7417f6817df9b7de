/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * topology.h - what a block device is, and which SCSI paths reach its LU.
 *
 * A device is either a device-mapper map with exactly one target of type
 * "multipath" (its paths come from the dm TABLE, their states from the dm
 * STATUS) or a whole SCSI disk (sd), which is its own single path.  Anything
 * else is refused:
 *   -ENOENT       the path does not exist
 *   -ENOTBLK      not a block device (regular file, /dev/null, ...)
 *   -EMEDIUMTYPE  a block device that is neither: dm map of another target
 *                 type or without a table, loop, nvme, ... and partitions
 *                 (sda1, kpartx maps): persistent reservations belong to
 *                 the whole logical unit, so the caller must name the disk
 *                 or the map, not a slice of it.
 * The classic API maps -ENOENT/-ENOTBLK to MPATH_PR_FILE_ERROR and
 * -EMEDIUMTYPE to MPATH_PR_DMMP_ERROR.
 *
 * Everything read directly from sysfs goes through env->sysfs_root so tests
 * can point it at recorded trees (tests/data/topology/sys/).  libudev always
 * reads the real /sys, so with a non-default root libudev is not used at all:
 * device nodes then come from <root>/dev/block/M:m/uevent (DEVNAME) and disk
 * WWIDs from device/wwid or device/vpd_pg83.
 *
 * WWIDs are given in the form scsi_id, udev's ID_SERIAL and multipath's dm
 * UUIDs use ("36001405..." for an NAA designator, "2..." for EUI-64); a
 * kernel-style "naa.6001405..." read from sysfs is converted to it, so a map
 * and its path disks report the same string.
 *
 * The header of the topology's files: the device-mapper part and the entry
 * points live in topology_dm.c, the sysfs/libudev part in topology_sysfs.c,
 * the I_T nexus of a path in topology_nexus.c, reading a sysfs file in
 * topology_file.c.
 */
#ifndef MPATHPR_TOPOLOGY_H
#define MPATHPR_TOPOLOGY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "mpr_log.h"
#include "pr_codec.h"

enum mpr_dev_kind {
	MPR_DEV_MULTIPATH,
	MPR_DEV_SCSI_DISK,
};

enum mpr_path_state {
	MPR_PATH_ACTIVE,	/* dm says active (or a plain disk that is running) */
	MPR_PATH_FAILED,	/* dm says failed */
	MPR_PATH_OFFLINE,	/* sysfs device/state is not "running" */
};

struct mpr_topo_path {
	char devnode[64];	/* "/dev/sdb"; "" if it could not be found */
	/*
	 * The same SCSI device's sg node, "/dev/sg3", "" without the sg
	 * driver.  Commands go there: SG_IO on an sg node waits
	 * interruptibly, so a process can exit with a command still stuck on
	 * a dead path; on the block node the wait is uninterruptible and
	 * exit waits for it (up to the iSCSI replacement timeout).
	 */
	char sg_devnode[64];
	unsigned int major, minor;
	int group;		/* dm path group, 1-based; 0 for a plain disk */
	char group_state;	/* 'A' active, 'E' enabled, 'D' disabled; 0 for a plain disk */
	bool group_active;	/* group_state == 'A' */
	enum mpr_path_state state;
	unsigned int fail_count; /* dm fail count; 0 for a plain disk */
	char hctl[32];		/* "2:0:0:1"; "" if unknown */
	char scsi_state[16];	/* sysfs device/state: "running", "offline", ...; "" if unknown */
	char target_port[224];	/* iSCSI "iqn...,tpgt" or FC "0x50..." if known, else "" */
	/*
	 * The path's I_T nexus as the device names it in READ FULL STATUS,
	 * where known (see mpr_topo_path_read_nexus()): the initiator port's
	 * TransportID and the relative target port identifier.
	 */
	bool initiator_known;
	struct mpr_tid initiator;
	bool rel_tgt_port_known;
	uint16_t rel_tgt_port;
};

struct mpr_topology {
	enum mpr_dev_kind kind;
	char name[128];		/* dm map name, or the kernel name "sdb" */
	char devnode[256];	/* /dev/mapper/<name> or /dev/sdb */
	char dm_uuid[256];	/* "mpath-<wwid>" for maps, "" for disks */
	char wwid[256];		/* LU identity, see mpr_topology_from_path() */
	unsigned int major, minor;
	size_t n_groups;	/* dm path groups; 0 for a plain disk */
	unsigned int active_group; /* dm's current/next group, 1-based; 0 if none */
	size_t n_paths;
	struct mpr_topo_path *paths;
};

struct mpr_topo_env {
	const struct mpr_log *log;	/* may be NULL */
	const char *sysfs_root;		/* NULL or "" means "/sys" */
};

/**
 * mpr_topology_from_path() - resolve a device node to its topology.
 * @env:	log sink and sysfs root (may be NULL: no log, "/sys")
 * @path:	device node, e.g. /dev/mapper/mpatha, /dev/dm-3, /dev/sdb
 * @ret:	newly allocated topology, free with mpr_topology_free()
 *
 * The WWID: for a map the part after "mpath-" in its dm UUID (else udev
 * DM_UUID / ID_SERIAL); for a disk udev ID_SERIAL / ID_WWN, else sysfs
 * device/wwid, else the designator parsed from device/vpd_pg83.  Two paths or
 * maps with equal WWIDs are the same LU; callers also sort by it.
 *
 * Return: 0, or -ENOENT, -ENOTBLK, -EMEDIUMTYPE (see above), -ENOMEM, or
 * another negative errno from libdevmapper/libudev/sysfs.
 */
int mpr_topology_from_path(const struct mpr_topo_env *env, const char *path,
			   struct mpr_topology **ret);

/**
 * mpr_topology_from_fd() - like mpr_topology_from_path() for an open fd.
 * @env:	as for mpr_topology_from_path()
 * @fd:		any open fd (O_PATH is fine); it is only fstat()ed
 * @ret:	newly allocated topology
 *
 * Return: as mpr_topology_from_path(); -EBADF for a bad fd.
 */
int mpr_topology_from_fd(const struct mpr_topo_env *env, int fd,
			 struct mpr_topology **ret);

/**
 * mpr_topology_from_devnum() - like mpr_topology_from_path() for a block dev_t.
 * @env:	as for mpr_topology_from_path()
 * @major:	block device major
 * @minor:	block device minor
 * @ret:	newly allocated topology
 *
 * Return: as mpr_topology_from_path().
 */
int mpr_topology_from_devnum(const struct mpr_topo_env *env, unsigned int major,
			     unsigned int minor, struct mpr_topology **ret);

/* Free a topology; NULL is fine. */
void mpr_topology_free(struct mpr_topology *t);

/* Printable name of a path state: "active", "failed", "offline". */
const char *mpr_path_state_name(enum mpr_path_state state);

/*
 * Building blocks, exposed for the unit tests (fixtures instead of a kernel).
 */

/**
 * mpr_topology_from_dm_strings() - build a multipath topology from dm output.
 * @env:	as above; path details are read below env->sysfs_root
 * @name:	map name
 * @uuid:	dm UUID ("mpath-<wwid>"), may be NULL or ""
 * @major:	the map's major
 * @minor:	the map's minor
 * @table:	multipath TABLE params
 * @status:	multipath STATUS params
 * @ret:	newly allocated topology
 *
 * Return: 0, -EINVAL for unparsable strings, -ESTALE if they disagree, -ENOMEM.
 */
int mpr_topology_from_dm_strings(const struct mpr_topo_env *env, const char *name,
				 const char *uuid, unsigned int major,
				 unsigned int minor, const char *table,
				 const char *status, struct mpr_topology **ret);

/**
 * mpr_topo_path_read_sysfs() - fill a path's SCSI details from sysfs.
 * @env:	sysfs root
 * @p:		path with major/minor set; hctl, scsi_state, target_port, the
 *		nexus identity (mpr_topo_path_read_nexus()) and, if the device
 *		is not running, state (OFFLINE) are filled in; devnode too when
 *		empty and the uevent file names it
 *
 * Return: 0 if <root>/dev/block/M:m/device is a SCSI device, -ENOENT if
 * the block device is unknown, -EMEDIUMTYPE if it has no SCSI device.
 */
int mpr_topo_path_read_sysfs(const struct mpr_topo_env *env, struct mpr_topo_path *p);

/**
 * mpr_topo_path_read_nexus() - the identity of a path's I_T nexus from sysfs.
 * @scsi_dev:	the path's SCSI device directory (<root>/devices/.../H:C:T:L)
 * @p:		initiator_known/initiator and rel_tgt_port_known/rel_tgt_port
 *		are set for what sysfs tells; the rest is left alone
 *
 * The relative target port comes from the device's own page 0x83
 * (<scsi_dev>/vpd_pg83).  The initiator port:
 *  - FC: the N_Port name of the SCSI host (fc_host/hostN/port_name), a
 *    TransportID of format 0 as SPC-4 has FC devices report it;
 *  - iSCSI: "<session initiatorname>,i,0x<ISID>" (format 1).  The kernel
 *    does not show a software session's ISID; open-iscsi's iscsid, which
 *    logs in for iscsi_tcp, ib_iser, bnx2i and cxgb3i/cxgb4i sessions, makes
 *    it 0x00023d000000 + the session number (usr/initiator.c), and LIO
 *    reports exactly that.  Sessions of other drivers (qla4xxx logs in in
 *    firmware, with an ISID of its own) are left unknown rather than
 *    guessed;
 *  - SAS and anything else: unknown.
 */
void mpr_topo_path_read_nexus(const char *scsi_dev, struct mpr_topo_path *p);

/* A sysfs attribute, trailing blanks dropped; 0 or negative errno. */
int mpr_topo_read_attr(const char *path, char *buf, size_t len);
/* Up to @len bytes of a file; the count or a negative errno. */
ssize_t mpr_topo_read_file(const char *path, void *buf, size_t len);

/**
 * mpr_topo_sysfs_wwid() - the kernel's WWID of a SCSI disk from sysfs.
 * @env:	sysfs root
 * @major:	block device major
 * @minor:	block device minor
 * @buf:	receives e.g. "naa.6001405abcdef..." (device/wwid, trimmed) or,
 *		failing that, the best designator of device/vpd_pg83
 * @len:	size of @buf
 *
 * Return: 0, -ENOENT if neither file gives an id, -ENAMETOOLONG.
 */
int mpr_topo_sysfs_wwid(const struct mpr_topo_env *env, unsigned int major,
			unsigned int minor, char *buf, size_t len);

/**
 * mpr_vpd83_wwid() - pick an LU designator from a VPD page 0x83 and format it
 * the way the kernel's device/wwid does ("naa.<hex>", "eui.<hex>",
 * "t10.<ascii>", a SCSI name string as it is).  Preference: NAA, then
 * EUI-64, then SCSI name string, then T10 vendor id, only LU-associated
 * designators; a text designator of blanks and NUL padding only names
 * nothing and is skipped (an empty WWID would order devices in off's
 * tie-break).
 * @buf:	the page as returned by INQUIRY (4-byte header included)
 * @len:	bytes in @buf
 * @out:	output string
 * @outlen:	size of @out
 *
 * Return: 0, -EINVAL if the page is malformed, -ENOENT if it has no usable
 * designator, -ENAMETOOLONG.
 */
int mpr_vpd83_wwid(const uint8_t *buf, size_t len, char *out, size_t outlen);

/*
 * The sysfs/udev layer (topology_sysfs.c) as used by topology_dm.c.
 */

/* True when env's sysfs root is the real /sys, i.e. libudev may be asked. */
bool mpr_topo_use_udev(const struct mpr_topo_env *env);

/* Does <root>/dev/block/M:m[/rel] exist?  @rel may be NULL. */
bool mpr_topo_blk_exists(const struct mpr_topo_env *env, unsigned int major,
			 unsigned int minor, const char *rel);

/* Kernel name ("sdb", "dm-3") of a block device; 0 or negative errno. */
int mpr_topo_blk_name(const struct mpr_topo_env *env, unsigned int major,
		      unsigned int minor, char *buf, size_t len);

/* /dev node of a block device (libudev, else uevent DEVNAME); "" if unknown. */
void mpr_topo_devnode(const struct mpr_topo_env *env, unsigned int major,
		      unsigned int minor, char *buf, size_t len);

/*
 * libudev: device node (if @devnode) and the first non-empty property of the
 * NULL-terminated @props (if @val).  Returns 0, -ENODEV, -ENOMEM.
 */
int mpr_topo_udev_lookup(unsigned int major, unsigned int minor,
			 char *devnode, size_t dlen, const char *const *props,
			 char *val, size_t vlen);

/* A SCSI disk's WWID: udev ID_SERIAL / ID_WWN, else sysfs (normalised); never empty on 0. */
int mpr_topo_disk_wwid(const struct mpr_topo_env *env, unsigned int major,
		       unsigned int minor, char *buf, size_t len);

/**
 * mpr_dm_set_suspended() - suspend the dm map @name without flushing (I/O is
 * queued, not failed) or resume it.
 * Return: 0 or a negative errno from device-mapper.
 */
int mpr_dm_set_suspended(const char *name, bool suspended);

#endif /* MPATHPR_TOPOLOGY_H */
