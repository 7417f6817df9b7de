/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * pr_codec_in.c - decoding what devices send: PERSISTENT RESERVE IN
 * responses and TransportIDs (SPC-4), plus TransportIDs as text.
 *
 * Nothing here trusts a length the device wrote: every read is bounded by
 * the number of bytes actually transferred.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "byteorder.h"
#include "pr_codec.h"

#define PRIN_HDR_LEN		8
#define RESV_DESC_LEN		16	/* READ RESERVATION descriptor */
#define FS_DESC_HDR_LEN		24	/* READ FULL STATUS descriptor before its TransportID */
#define CAPS_MIN_LEN		8

static int tid_decode_iscsi(const uint8_t *buf, size_t len, struct mpr_tid *tid,
			    size_t *ret_consumed)
{
	size_t field, n;

	if (len < 4)
		return -EPROTO;
	field = mpr_get_be16(buf + 2);
	if (field > len - 4)
		return -EPROTO;
	/* The name ends at its NUL; padding after it is not looked at. */
	n = strnlen((const char *)buf + 4, field);
	if (n == 0 || n >= sizeof(tid->iscsi_name))
		return -EPROTO;
	for (size_t i = 0; i < n; i++)
		if (buf[4 + i] <= ' ' || buf[4 + i] > '~')
			return -EPROTO;
	memcpy(tid->iscsi_name, buf + 4, n);
	*ret_consumed = 4 + field;
	return 0;
}

int mpr_tid_decode(const uint8_t *buf, size_t len, struct mpr_tid *ret_tid,
		   size_t *ret_consumed)
{
	struct mpr_tid tid = {};
	size_t consumed = MPR_TID_FIXED_LEN;
	int r;

	if ((!buf && len) || !ret_tid || !ret_consumed)
		return -EINVAL;
	if (len == 0)
		return -EPROTO;
	tid.protocol_id = buf[0] & 0x0f;
	tid.format_code = buf[0] >> 6;
	switch (tid.protocol_id) {
	case MPR_TPID_FC:
	case MPR_TPID_SAS:
		if (len < MPR_TID_FIXED_LEN || tid.format_code != 0)
			return -EPROTO;
		if (tid.protocol_id == MPR_TPID_FC)
			memcpy(tid.n_port_name, buf + 8, 8);
		else
			memcpy(tid.sas_address, buf + 4, 8);
		break;
	case MPR_TPID_ISCSI:
		if (tid.format_code > 1)
			return -EPROTO;
		r = tid_decode_iscsi(buf, len, &tid, &consumed);
		if (r < 0)
			return r;
		break;
	default:
		return -EPROTONOSUPPORT;
	}
	*ret_tid = tid;
	*ret_consumed = consumed;
	return 0;
}

static void hex64(char *out, const uint8_t bytes[8])
{
	static const char digits[] = "0123456789abcdef";

	out[0] = '0';
	out[1] = 'x';
	for (size_t i = 0; i < 8; i++) {
		out[2 + 2 * i] = digits[bytes[i] >> 4];
		out[3 + 2 * i] = digits[bytes[i] & 0x0f];
	}
	out[18] = '\0';
}

int mpr_tid_to_text(const struct mpr_tid *tid, char *buf, size_t cap)
{
	char wwn[19];
	const char *text;
	size_t n;

	if (!tid || !buf)
		return -EINVAL;
	switch (tid->protocol_id) {
	case MPR_TPID_FC:
		hex64(wwn, tid->n_port_name);
		text = wwn;
		break;
	case MPR_TPID_SAS:
		hex64(wwn, tid->sas_address);
		text = wwn;
		break;
	case MPR_TPID_ISCSI:
		text = tid->iscsi_name;
		break;
	default:
		return -EINVAL;
	}
	n = strnlen(text, MPR_TID_ISCSI_NAME_MAX);
	if (n == MPR_TID_ISCSI_NAME_MAX)
		return -EINVAL;
	if (cap <= n)
		return -ENOSPC;
	memcpy(buf, text, n + 1);
	return 0;
}

/* The 8-byte header every PR IN response but REPORT CAPABILITIES starts with. */
struct prin_hdr {
	uint32_t generation;
	uint32_t additional_length;
	uint64_t needed_len;
	size_t avail;		/* bytes that are both transferred and within the length */
	bool truncated;
};

static int prin_hdr_decode(const uint8_t *buf, size_t len, struct prin_hdr *h)
{
	if (!buf || len < PRIN_HDR_LEN)
		return -EPROTO;
	h->generation = mpr_get_be32(buf);
	h->additional_length = mpr_get_be32(buf + 4);
	h->needed_len = PRIN_HDR_LEN + (uint64_t)h->additional_length;
	h->truncated = len < h->needed_len;
	h->avail = h->truncated ? len : (size_t)h->needed_len;
	return 0;
}

int mpr_prin_keys_decode(const uint8_t *buf, size_t len, uint64_t *keys, size_t cap,
			 struct mpr_prin_keys *ret)
{
	struct prin_hdr h;
	size_t n_present, n_keys;
	int r;

	if (!ret || (cap && !keys))
		return -EINVAL;
	r = prin_hdr_decode(buf, len, &h);
	if (r < 0)
		return r;
	if (h.additional_length % 8)
		return -EPROTO;
	n_present = (h.avail - PRIN_HDR_LEN) / 8;
	n_keys = n_present < cap ? n_present : cap;
	for (size_t i = 0; i < n_keys; i++)
		keys[i] = mpr_get_be64(buf + PRIN_HDR_LEN + 8 * i);
	*ret = (struct mpr_prin_keys){
		.generation = h.generation,
		.additional_length = h.additional_length,
		.needed_len = h.needed_len,
		.truncated = h.truncated,
		.n_total = h.additional_length / 8,
		.n_present = n_present,
		.n_keys = n_keys,
	};
	return 0;
}

int mpr_prin_resv_decode(const uint8_t *buf, size_t len, struct mpr_prin_resv *ret)
{
	struct prin_hdr h;
	struct mpr_prin_resv res = {};
	int r;

	if (!ret)
		return -EINVAL;
	r = prin_hdr_decode(buf, len, &h);
	if (r < 0)
		return r;
	/* 0: no reservation; SPC-4 says 16 otherwise, longer is tolerated. */
	if (h.additional_length != 0 && h.additional_length < RESV_DESC_LEN)
		return -EPROTO;
	res.generation = h.generation;
	res.additional_length = h.additional_length;
	res.needed_len = h.needed_len;
	res.truncated = h.truncated;
	if (h.additional_length && h.avail >= PRIN_HDR_LEN + RESV_DESC_LEN) {
		res.held = true;
		res.key = mpr_get_be64(buf + 8);
		res.scope = buf[21] >> 4;
		res.type = buf[21] & 0x0f;
	}
	*ret = res;
	return 0;
}

int mpr_prin_caps_decode(const uint8_t *buf, size_t len, struct mpr_prin_caps *ret)
{
	struct mpr_prin_caps caps = {};

	if (!ret)
		return -EINVAL;
	if (!buf || len < CAPS_MIN_LEN)
		return -EPROTO;
	caps.length = mpr_get_be16(buf);
	if (caps.length < CAPS_MIN_LEN)
		return -EPROTO;
	caps.rlr_c = buf[2] & 0x80;
	caps.crh = buf[2] & 0x10;
	caps.sip_c = buf[2] & 0x08;
	caps.atp_c = buf[2] & 0x04;
	caps.ptpl_c = buf[2] & 0x01;
	caps.tmv = buf[3] & 0x80;
	caps.allow_commands = (buf[3] >> 4) & 0x07;
	caps.ptpl_a = buf[3] & 0x01;
	if (caps.tmv) {
		/* PERSISTENT RESERVATION TYPE MASK: one bit per type code. */
		if (buf[4] & 0x80)
			caps.type_mask |= 1u << MPR_PR_TYPE_WE_AR;
		if (buf[4] & 0x40)
			caps.type_mask |= 1u << MPR_PR_TYPE_EA_RO;
		if (buf[4] & 0x20)
			caps.type_mask |= 1u << MPR_PR_TYPE_WE_RO;
		if (buf[4] & 0x08)
			caps.type_mask |= 1u << MPR_PR_TYPE_EA;
		if (buf[4] & 0x02)
			caps.type_mask |= 1u << MPR_PR_TYPE_WE;
		if (buf[5] & 0x01)
			caps.type_mask |= 1u << MPR_PR_TYPE_EA_AR;
	}
	*ret = caps;
	return 0;
}

/* Decode the descriptor at @p (its header and @adl bytes of TransportID are
 * known to be present) into @d, which may be NULL to only validate it. */
static int fs_desc_decode(const uint8_t *p, uint32_t adl, struct mpr_prin_fs_desc *d)
{
	struct mpr_tid tid;
	size_t consumed;
	int r;

	r = mpr_tid_decode(p + FS_DESC_HDR_LEN, adl, &tid, &consumed);
	if (r < 0 && r != -EPROTONOSUPPORT)
		return -EPROTO;
	if (!d)
		return 0;
	memset(d, 0, sizeof(*d));
	d->key = mpr_get_be64(p);
	d->all_tg_pt = p[12] & 0x02;
	d->r_holder = p[12] & 0x01;
	d->scope = p[13] >> 4;
	d->type = p[13] & 0x0f;
	d->rel_tgt_port = mpr_get_be16(p + 18);
	d->tid_known = r == 0;
	if (d->tid_known)
		d->tid = tid;
	else
		d->tid.protocol_id = p[FS_DESC_HDR_LEN] & 0x0f;
	return 0;
}

/*
 * Walk the descriptors of a READ FULL STATUS response.  A descriptor that
 * runs past the transferred bytes but not past the additional length ends
 * the walk (truncation); one that runs past the additional length is
 * malformed.  With @desc NULL only validates and counts.
 */
static int fs_walk(const uint8_t *buf, const struct prin_hdr *h,
		   struct mpr_prin_fs_desc *desc, size_t cap, size_t *ret_n)
{
	uint64_t off = PRIN_HDR_LEN, end;
	size_t n = 0;
	uint32_t adl;
	int r;

	while (off < h->avail) {
		if (off + FS_DESC_HDR_LEN > h->needed_len)
			return -EPROTO;
		if (off + FS_DESC_HDR_LEN > h->avail)
			break;
		adl = mpr_get_be32(buf + off + 20);
		end = off + FS_DESC_HDR_LEN + adl;
		if (end > h->needed_len)
			return -EPROTO;
		if (end > h->avail)
			break;
		r = fs_desc_decode(buf + off, adl, desc && n < cap ? &desc[n] : NULL);
		if (r < 0)
			return r;
		n++;
		off = end;
	}
	*ret_n = n;
	return 0;
}

int mpr_prin_full_decode(const uint8_t *buf, size_t len, struct mpr_prin_fs_desc *desc,
			 size_t cap, struct mpr_prin_full *ret)
{
	struct prin_hdr h;
	size_t n_present;
	int r;

	if (!ret || (cap && !desc))
		return -EINVAL;
	r = prin_hdr_decode(buf, len, &h);
	if (r < 0)
		return r;
	/* Validate everything first so @desc stays untouched on -EPROTO. */
	r = fs_walk(buf, &h, NULL, 0, &n_present);
	if (r < 0)
		return r;
	if (cap)
		fs_walk(buf, &h, desc, cap, &n_present);
	*ret = (struct mpr_prin_full){
		.generation = h.generation,
		.additional_length = h.additional_length,
		.needed_len = h.needed_len,
		.truncated = h.truncated,
		.n_present = n_present,
		.n_desc = n_present < cap ? n_present : cap,
	};
	return 0;
}
