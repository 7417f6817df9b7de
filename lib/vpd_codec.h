/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * vpd_codec.h - what INQUIRY VPD page 0x83 (Device Identification, SPC-4
 * 7.8.6) says about the target port a path reaches its logical unit through.
 *
 * A registration belongs to one I_T nexus, and READ FULL STATUS names the
 * target port of each by its RELATIVE TARGET PORT IDENTIFIER.  The same
 * number is in page 0x83 as the device returns it through that path (the
 * kernel keeps a copy per SCSI device in sysfs, device/vpd_pg83), so a path
 * can be matched with its registration.
 *
 * Pure functions over caller-owned bytes, like pr_codec.h: no I/O, no
 * allocation, ret_* untouched on failure.
 */
#ifndef MPATHPR_VPD_CODEC_H
#define MPATHPR_VPD_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MPR_VPD_DEVICE_ID		0x83
#define MPR_DESIG_REL_TGT_PORT		0x4	/* designator type */
#define MPR_DESIG_TGT_PORT_GROUP	0x5
#define MPR_DESIG_ASSOC_TGT_PORT	0x1	/* association: the target port */

/*
 * The target port designators of one page 0x83.
 * @has_rel_tgt_port, @rel_tgt_port: the relative target port identifier
 *		(designator type 4 with target port association; 0, which
 *		SPC-4 reserves, counts as absent)
 * @has_tpg, @tpg: the target port group (type 5), for ALUA
 * @protocol_id: PROTOCOL IDENTIFIER of the relative target port designator
 *		when its PIV bit is set, else 0xff (not given)
 * @truncated:	the page is longer than the bytes given: designators past
 *		them were not seen
 */
struct mpr_vpd83_port {
	bool has_rel_tgt_port;
	uint16_t rel_tgt_port;
	bool has_tpg;
	uint16_t tpg;
	uint8_t protocol_id;
	bool truncated;
};

/**
 * mpr_vpd83_port_decode() - read the target port designators of page 0x83.
 * @buf:	the page as INQUIRY returned it (4-byte header included)
 * @len:	bytes in @buf
 * @ret:	what the page says; fields of designators it lacks are false/0
 *
 * The first designator of each kind counts.  A page cut short decodes to
 * the designators that are complete in @buf (->truncated set).
 * Return: 0, -EINVAL (NULL arguments), -EPROTO (not page 0x83, shorter than
 * its header, a designator running past the page length, or a relative
 * target port designator whose length is not 4).
 */
int mpr_vpd83_port_decode(const uint8_t *buf, size_t len, struct mpr_vpd83_port *ret);

#endif /* MPATHPR_VPD_CODEC_H */
