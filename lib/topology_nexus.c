/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * topology_nexus.c - which I_T nexus a path is, in the terms READ FULL
 * STATUS uses: the initiator port's TransportID and the relative target port
 * identifier.  Read from sysfs below the path's SCSI device directory, so
 * the recorded trees of the unit tests work as the real /sys does.
 *
 * Layout (the SCSI device directory is .../hostH/X/targetH:C:T/H:C:T:L):
 *   iSCSI: X = sessionN, with iscsi_session/sessionN/initiatorname;
 *   FC:    X = rport-H:C-R, the initiator's port name in
 *          hostH/fc_host/hostH/port_name;
 *   both:  hostH/scsi_host/hostH/proc_name names the driver.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/cleanup.h"
#include "common/macro.h"
#include "topology.h"
#include "vpd_codec.h"

/* open-iscsi's ISID: its OUI-format prefix 00 02 3D, then the session number. */
#define OPEN_ISCSI_ISID_BASE	0x00023d000000ULL
#define ISID_QUALIFIER_MASK	0xffffffULL

/*
 * Drivers whose sessions iscsid logs in itself (no CAP_LOGIN_OFFLOAD), so
 * the ISID is open-iscsi's.
 */
static const char *const iscsid_login_drivers[] = {
	"iscsi_tcp", "ib_iser", "bnx2i", "cxgb3i", "cxgb4i",
};

/* @dir with its last @levels components removed, in @out. */
static int dir_up(const char *dir, int levels, char *out, size_t len)
{
	char *slash;

	if ((size_t)snprintf(out, len, "%s", dir) >= len)
		return -ENAMETOOLONG;
	for (int i = 0; i < levels; i++) {
		slash = strrchr(out, '/');
		if (!slash || slash == out)
			return -EINVAL;
		*slash = '\0';
	}
	return 0;
}

static const char *base_name(const char *dir)
{
	const char *slash = strrchr(dir, '/');

	return slash ? slash + 1 : dir;
}

/* <dir>/<class>/<base of dir>/<attr>, the way sysfs nests class devices. */
static int class_attr(const char *dir, const char *class, const char *attr, char *buf,
		      size_t len)
{
	char path[PATH_MAX];

	if ((size_t)snprintf(path, sizeof(path), "%s/%s/%s/%s", dir, class, base_name(dir),
			     attr) >= sizeof(path))
		return -ENAMETOOLONG;
	return mpr_topo_read_attr(path, buf, len);
}

static bool driver_logs_in_with_iscsid(const char *host_dir)
{
	char name[64];

	if (class_attr(host_dir, "scsi_host", "proc_name", name, sizeof(name)) < 0)
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(iscsid_login_drivers); i++)
		if (strcmp(name, iscsid_login_drivers[i]) == 0)
			return true;
	return false;
}

/* "<initiatorname>,i,0x<ISID>" for an iSCSI session directory. */
static int iscsi_initiator(const char *session_dir, const char *host_dir, struct mpr_tid *tid)
{
	char name[MPR_TID_ISCSI_NAME_MAX];
	unsigned long long sid;
	char *end;
	int n;

	if (strncmp(base_name(session_dir), "session", 7) != 0)
		return -ENOENT;
	sid = strtoull(base_name(session_dir) + 7, &end, 10);
	if (end == base_name(session_dir) + 7 || *end || sid > ISID_QUALIFIER_MASK)
		return -ENOENT;
	if (class_attr(session_dir, "iscsi_session", "initiatorname", name, sizeof(name)) < 0 ||
	    !*name || strcmp(name, "(null)") == 0 || strchr(name, ','))
		return -ENOENT;
	if (!driver_logs_in_with_iscsid(host_dir))
		return -EOPNOTSUPP;
	memset(tid, 0, sizeof(*tid));
	tid->protocol_id = MPR_TPID_ISCSI;
	tid->format_code = 1;
	n = snprintf(tid->iscsi_name, sizeof(tid->iscsi_name), "%s,i,0x%012llx", name,
		     OPEN_ISCSI_ISID_BASE + sid);
	return n < 0 || (size_t)n >= sizeof(tid->iscsi_name) ? -ENAMETOOLONG : 0;
}

/* The N_Port name of the FC host below which @rport_dir lies. */
static int fc_initiator(const char *rport_dir, const char *host_dir, struct mpr_tid *tid)
{
	char text[32];
	unsigned long long wwpn;
	char *end;

	if (strncmp(base_name(rport_dir), "rport-", 6) != 0)
		return -ENOENT;
	if (class_attr(host_dir, "fc_host", "port_name", text, sizeof(text)) < 0)
		return -ENOENT;
	wwpn = strtoull(text, &end, 16);
	if (end == text || *end || !wwpn)
		return -ENOENT;
	memset(tid, 0, sizeof(*tid));
	tid->protocol_id = MPR_TPID_FC;
	for (int i = 7; i >= 0; i--, wwpn >>= 8)
		tid->n_port_name[i] = (uint8_t)wwpn;
	return 0;
}

static void read_rel_tgt_port(const char *scsi_dev, struct mpr_topo_path *p)
{
	char path[PATH_MAX];
	uint8_t page[1024];
	struct mpr_vpd83_port port;
	ssize_t n;

	if ((size_t)snprintf(path, sizeof(path), "%s/vpd_pg83", scsi_dev) >= sizeof(path))
		return;
	n = mpr_topo_read_file(path, page, sizeof(page));
	if (n <= 0 || mpr_vpd83_port_decode(page, (size_t)n, &port) < 0 ||
	    !port.has_rel_tgt_port)
		return;
	p->rel_tgt_port_known = true;
	p->rel_tgt_port = port.rel_tgt_port;
}

void mpr_topo_path_read_nexus(const char *scsi_dev, struct mpr_topo_path *p)
{
	char link_dir[PATH_MAX], host_dir[PATH_MAX];
	struct mpr_tid tid;

	read_rel_tgt_port(scsi_dev, p);
	if (dir_up(scsi_dev, 2, link_dir, sizeof(link_dir)) < 0 ||
	    dir_up(scsi_dev, 3, host_dir, sizeof(host_dir)) < 0)
		return;
	if (iscsi_initiator(link_dir, host_dir, &tid) == 0 ||
	    fc_initiator(link_dir, host_dir, &tid) == 0) {
		p->initiator_known = true;
		p->initiator = tid;
	}
}
