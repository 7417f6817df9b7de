/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * vpd_codec.c - the target port designators of VPD page 0x83.
 *
 * Every read is bounded by both the bytes given and the page length the
 * device wrote; a designator is only looked at when all of it is there.
 */
#include "config.h"

#include <errno.h>

#include "byteorder.h"
#include "vpd_codec.h"

#define VPD_HDR_LEN	4
#define DESIG_HDR_LEN	4

/* One designator @d (header and @dlen bytes present) into @port. */
static int designator(const uint8_t *d, size_t dlen, struct mpr_vpd83_port *port)
{
	unsigned int assoc = (d[1] >> 4) & 0x3, type = d[1] & 0x0f;
	bool piv = d[1] & 0x80;

	if (assoc != MPR_DESIG_ASSOC_TGT_PORT)
		return 0;
	if (type == MPR_DESIG_REL_TGT_PORT) {
		/* SPC-4 table 482: 2 reserved bytes, then the identifier */
		if (dlen != 4)
			return -EPROTO;
		if (port->has_rel_tgt_port || mpr_get_be16(d + DESIG_HDR_LEN + 2) == 0)
			return 0;
		port->has_rel_tgt_port = true;
		port->rel_tgt_port = mpr_get_be16(d + DESIG_HDR_LEN + 2);
		port->protocol_id = piv ? d[0] >> 4 : 0xff;
	} else if (type == MPR_DESIG_TGT_PORT_GROUP && dlen == 4 && !port->has_tpg) {
		port->has_tpg = true;
		port->tpg = mpr_get_be16(d + DESIG_HDR_LEN + 2);
	}
	return 0;
}

int mpr_vpd83_port_decode(const uint8_t *buf, size_t len, struct mpr_vpd83_port *ret)
{
	struct mpr_vpd83_port port = { .protocol_id = 0xff };
	size_t page_end, avail, off, dlen;
	int r;

	if (!buf || !ret)
		return -EINVAL;
	if (len < VPD_HDR_LEN || buf[1] != MPR_VPD_DEVICE_ID)
		return -EPROTO;
	page_end = VPD_HDR_LEN + mpr_get_be16(buf + 2);
	port.truncated = len < page_end;
	avail = port.truncated ? len : page_end;
	for (off = VPD_HDR_LEN; off < page_end; off += DESIG_HDR_LEN + dlen) {
		if (off + DESIG_HDR_LEN > page_end)
			return -EPROTO;
		if (off + DESIG_HDR_LEN > avail)
			break;
		dlen = buf[off + 3];
		if (off + DESIG_HDR_LEN + dlen > page_end)
			return -EPROTO;
		if (off + DESIG_HDR_LEN + dlen > avail)
			break;
		r = designator(buf + off, dlen, &port);
		if (r < 0)
			return r;
	}
	*ret = port;
	return 0;
}
