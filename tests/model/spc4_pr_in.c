/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * spc4_pr_in.c - PERSISTENT RESERVE IN, INQUIRY and the data commands that
 * fencing checks use (READ/WRITE answer RESERVATION CONFLICT when fenced).
 *
 * Model lock held throughout.
 */
#include <stdlib.h>
#include <string.h>

#include "spc4_model_int.h"

/*
 * Copy the full response @buf (@len bytes) to the initiator, cut at the
 * allocation length and at its buffer; length fields inside keep the full
 * size so the initiator can ask again with more room.
 */
static void respond(struct spc4_req *r, const uint8_t *buf, uint32_t len, uint32_t alloc)
{
	const struct mpr_cmd *cmd = r->cmd;
	uint32_t n = len;

	if (cmd->dir != MPR_DIR_FROM_DEV || !cmd->data)
		return;
	if (n > alloc)
		n = alloc;
	if (n > cmd->data_len)
		n = cmd->data_len;
	memcpy(cmd->data, buf, n);
	r->res->transferred = n;
}

/*
 * An iSCSI TransportID for @name at @p; returns its length.  A name with an
 * ISID ("iqn...,i,0x<ISID>", an initiator port) goes out in format 1, as LIO
 * writes it; a bare name in format 0.
 */
static uint32_t tid_put(uint8_t *p, const char *name)
{
	uint32_t addl = ((uint32_t)strlen(name) + 1 + 3) & ~3u;

	if (addl < 20)
		addl = 20;
	memset(p, 0, 4 + addl);
	p[0] = strstr(name, ",i,0x") ? 0x45 : 0x05;
	spc4_put_be(p + 2, addl, 2);
	memcpy(p + 4, name, strlen(name));
	return 4 + addl;
}

static void read_keys(struct spc4_req *r, uint8_t *buf, uint32_t *len)
{
	struct spc4_lu *lu = r->lu;

	spc4_put_be(buf, lu->generation, 4);
	spc4_put_be(buf + 4, lu->nregs * 8, 4);
	for (size_t i = 0; i < lu->nregs; i++)
		spc4_put_be(buf + 8 + 8 * i, lu->regs[i].key, 8);
	*len = 8 + 8 * (uint32_t)lu->nregs;
}

static void read_reservation(struct spc4_req *r, uint8_t *buf, uint32_t *len)
{
	struct spc4_lu *lu = r->lu;
	struct spc4_nexus hn = { lu->holder_initiator, lu->holder_rtp };
	struct spc4_reg *holder = spc4_reg_find(lu, &hn);

	spc4_put_be(buf, lu->generation, 4);
	*len = 8;
	if (!lu->reserved)
		return;
	spc4_put_be(buf + 4, 16, 4);
	/* all-registrants reservations have no single holder: key 0 */
	if (!spc4_type_all_registrants(lu->type) && holder)
		spc4_put_be(buf + 8, holder->key, 8);
	buf[21] = lu->type & 0x0f;	/* scope 0: LU_SCOPE */
	*len = 24;
}

static void report_capabilities(struct spc4_req *r, uint8_t *buf, uint32_t *len)
{
	spc4_put_be(buf, 8, 2);
	buf[2] = 0x08 | 0x04 | 0x01;	/* SIP_C, ATP_C, PTPL_C */
	buf[3] = 0x80 | (r->lu->aptpl ? 0x01 : 0);	/* TMV, PTPL_A */
	buf[4] = 0x80 | 0x40 | 0x20 | 0x08 | 0x02;	/* WR_EX_AR EX_AC_RO WR_EX_RO EX_AC WR_EX */
	buf[5] = 0x01;					/* EX_AC_AR */
	*len = 8;
}

static void read_full_status(struct spc4_req *r, uint8_t *buf, uint32_t *len)
{
	struct spc4_lu *lu = r->lu;
	uint32_t off = 8;

	spc4_put_be(buf, lu->generation, 4);
	for (size_t i = 0; i < lu->nregs; i++) {
		struct spc4_reg *reg = &lu->regs[i];
		uint8_t *d = buf + off;
		uint32_t tlen;

		memset(d, 0, 24);
		spc4_put_be(d, reg->key, 8);
		d[12] = (reg->all_tg_pt ? 0x02 : 0) | (spc4_is_holder(lu, reg) ? 0x01 : 0);
		if (spc4_is_holder(lu, reg))
			d[13] = lu->type & 0x0f;
		spc4_put_be(d + 18, reg->rtp, 2);
		tlen = tid_put(d + 24, reg->initiator);
		spc4_put_be(d + 20, tlen, 4);
		off += 24 + tlen;
	}
	spc4_put_be(buf + 4, off - 8, 4);
	*len = off;
}

void spc4_pr_in(struct spc4_req *r)
{
	const uint8_t *cdb = r->cmd->cdb;
	uint32_t alloc, len = 0;
	uint8_t *buf;

	if (r->cmd->cdb_len < 10)
		return spc4_illegal(r, 0x24, 0x00);
	alloc = (uint32_t)spc4_get_be(cdb + 7, 2);
	/* worst case: READ FULL STATUS, 24 + a 228-byte TransportID per registration */
	buf = calloc(1, 8 + r->lu->nregs * (24 + 4 + SPC4_NAME_MAX));
	if (!buf)
		return spc4_check_condition(r, MPR_SK_HARDWARE_ERROR, 0x44, 0x00);
	switch (cdb[1] & 0x1f) {
	case SPC4_SA_READ_KEYS:
		read_keys(r, buf, &len);
		break;
	case SPC4_SA_READ_RESERVATION:
		read_reservation(r, buf, &len);
		break;
	case SPC4_SA_REPORT_CAPS:
		report_capabilities(r, buf, &len);
		break;
	case SPC4_SA_READ_FULL_STATUS:
		read_full_status(r, buf, &len);
		break;
	default:
		free(buf);
		return spc4_illegal(r, 0x24, 0x00);
	}
	respond(r, buf, len, alloc);
	free(buf);
}

/* VPD 0x83: the LU's designator and the relative port the command came in on. */
static uint32_t vpd_device_id(struct spc4_req *r, uint8_t *buf)
{
	const char *wwid = r->lu->wwid;
	uint32_t off = 4, n = (uint32_t)strlen(wwid);

	buf[1] = 0x83;
	/* T10 vendor ID designator, ASCII, LU association */
	buf[off] = 0x02;
	buf[off + 1] = 0x01;
	buf[off + 3] = (uint8_t)(8 + n);
	memcpy(buf + off + 4, "MPATHPR ", 8);
	memcpy(buf + off + 12, wwid, n);
	off += 12 + n;
	/* relative target port designator, binary, target port association, PIV */
	buf[off] = 0x01;
	buf[off + 1] = 0x80 | 0x10 | 0x04;
	buf[off + 3] = 4;
	spc4_put_be(buf + off + 6, r->nexus.rtp, 2);
	off += 8;
	spc4_put_be(buf + 2, off - 4, 2);
	return off;
}

void spc4_inquiry(struct spc4_req *r)
{
	const uint8_t *cdb = r->cmd->cdb;
	uint8_t buf[512] = { 0 };
	uint32_t len;

	if (r->cmd->cdb_len < 6)
		return spc4_illegal(r, 0x24, 0x00);
	if (!(cdb[1] & 0x01)) {
		if (cdb[2])
			return spc4_illegal(r, 0x24, 0x00);
		buf[2] = 0x06;		/* SPC-4 */
		buf[3] = 0x02;		/* response data format */
		buf[4] = 31;
		buf[7] = 0x02;		/* CMDQUE */
		memcpy(buf + 8, "MPATHPR SPC4 MODEL      0001", 28);
		len = 36;
	} else if (cdb[2] == 0x00) {
		buf[3] = 2;
		buf[5] = 0x83;
		len = 6;
	} else if (cdb[2] == 0x83) {
		len = vpd_device_id(r, buf);
	} else {
		return spc4_illegal(r, 0x24, 0x00);
	}
	respond(r, buf, len, (uint32_t)spc4_get_be(cdb + 3, 2));
}

/* SPC-4 table of commands allowed under each reservation type. */
static bool access_allowed(struct spc4_req *r, bool write)
{
	struct spc4_lu *lu = r->lu;
	struct spc4_reg *reg = spc4_reg_find(lu, &r->nexus);

	if (!lu->reserved || spc4_is_holder(lu, reg))
		return true;
	switch (lu->type) {
	case 1:
		return !write;
	case 3:
		return false;
	case 5:
	case 7:
		return reg || !write;
	default:	/* 6, 8 */
		return reg != NULL;
	}
}

void spc4_data_command(struct spc4_req *r, bool write)
{
	const struct mpr_cmd *cmd = r->cmd;

	if (!access_allowed(r, write))
		return spc4_conflict(r);
	if (!write && cmd->dir == MPR_DIR_FROM_DEV && cmd->data) {
		/* the medium is all zeroes */
		memset(cmd->data, 0, cmd->data_len);
		r->res->transferred = cmd->data_len;
	}
}
