/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * pr_codec_out.c - PERSISTENT RESERVE OUT/IN CDBs, the PR OUT parameter list
 * and TransportID encoding (SPC-4).
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "byteorder.h"
#include "common/macro.h"
#include "pr_codec.h"

#define ISCSI_SEPARATOR		",i,0x"
#define ISCSI_SEPARATOR_LEN	5
#define ISCSI_NAME_LEN_MAX	223	/* iSCSI names are at most 223 bytes (RFC 3720) */
#define ISCSI_ISID_DIGITS_MAX	12	/* ISID is 6 bytes */

/* Offsets in the REGISTER AND MOVE parameter list */
#define RAM_FLAGS_OFF		17
#define RAM_RTPI_OFF		18
#define RAM_TID_LEN_OFF		20
#define RAM_TID_OFF		24
/* Offsets in the basic parameter list */
#define BASIC_FLAGS_OFF		20
#define SIP_TID_LEN_OFF		24
#define SIP_TID_OFF		28

static bool type_is_valid(uint8_t type)
{
	return type < 16 && (MPR_PR_TYPE_VALID_MASK & (1u << type));
}

static bool is_hex_digit(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* iSCSI names use a restricted character set; refusing blanks, controls and
 * commas keeps the ",i,0x" separator unambiguous. */
static bool iscsi_name_chars_ok(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] <= ' ' || s[i] > '~' || s[i] == ',')
			return false;
	return n > 0 && n <= ISCSI_NAME_LEN_MAX;
}

static int iscsi_name_check(const struct mpr_tid *tid, size_t *ret_strlen)
{
	const char *s = tid->iscsi_name;
	size_t n = strnlen(s, sizeof(tid->iscsi_name));
	const char *sep;
	size_t isid_len;

	if (n == sizeof(tid->iscsi_name))
		return -EINVAL;		/* not NUL terminated */
	sep = strstr(s, ISCSI_SEPARATOR);
	if (tid->format_code == 0) {
		if (!iscsi_name_chars_ok(s, n))
			return -EINVAL;
	} else {
		if (!sep || !iscsi_name_chars_ok(s, sep - s))
			return -EINVAL;
		isid_len = n - (sep - s) - ISCSI_SEPARATOR_LEN;
		if (isid_len == 0 || isid_len > ISCSI_ISID_DIGITS_MAX)
			return -EINVAL;
		for (size_t i = 0; i < isid_len; i++)
			if (!is_hex_digit(sep[ISCSI_SEPARATOR_LEN + i]))
				return -EINVAL;
	}
	*ret_strlen = n;
	return 0;
}

int mpr_tid_encoded_len(const struct mpr_tid *tid, size_t *ret_len)
{
	size_t n, len;
	int r;

	if (!tid || !ret_len)
		return -EINVAL;
	switch (tid->protocol_id) {
	case MPR_TPID_FC:
	case MPR_TPID_SAS:
		if (tid->format_code != 0)
			return -EINVAL;
		*ret_len = MPR_TID_FIXED_LEN;
		return 0;
	case MPR_TPID_ISCSI:
		if (tid->format_code > 1)
			return -EINVAL;
		r = iscsi_name_check(tid, &n);
		if (r < 0)
			return r;
		/* header + name + NUL, padded to a multiple of 4, at least 24 */
		len = 4 + ((n + 1 + 3) & ~(size_t)3);
		*ret_len = len < MPR_TID_FIXED_LEN ? MPR_TID_FIXED_LEN : len;
		return 0;
	default:
		return -EPROTONOSUPPORT;
	}
}

int mpr_tid_encode(const struct mpr_tid *tid, uint8_t *buf, size_t cap, size_t *ret_len)
{
	size_t len;
	int r;

	if (!buf || !ret_len)
		return -EINVAL;
	r = mpr_tid_encoded_len(tid, &len);
	if (r < 0)
		return r;
	if (cap < len)
		return -ENOSPC;

	memset(buf, 0, len);
	buf[0] = (uint8_t)(tid->format_code << 6) | tid->protocol_id;
	switch (tid->protocol_id) {
	case MPR_TPID_FC:
		memcpy(buf + 8, tid->n_port_name, 8);
		break;
	case MPR_TPID_SAS:
		memcpy(buf + 4, tid->sas_address, 8);
		break;
	default:	/* iSCSI: the length check above already vetted the name */
		mpr_put_be16(buf + 2, (uint16_t)(len - 4));
		memcpy(buf + 4, tid->iscsi_name, strlen(tid->iscsi_name));
		break;
	}
	*ret_len = len;
	return 0;
}

/* Total bytes of @req's TransportIDs, or a negative errno. */
static int tids_len(const struct mpr_prout_req *req, size_t *ret_len)
{
	size_t total = 0, one;
	int r;

	if (!req->tids)
		return -EINVAL;
	for (size_t i = 0; i < req->n_tids; i++) {
		r = mpr_tid_encoded_len(&req->tids[i], &one);
		if (r < 0)
			return -EINVAL;
		total += one;
		if (total > UINT32_MAX - SIP_TID_OFF)
			return -EINVAL;
	}
	*ret_len = total;
	return 0;
}

/* The flags and fields each service action can carry (SPC-4 "PERSISTENT
 * RESERVE OUT service actions and valid parameters"). */
static int prout_check(const struct mpr_prout_req *req)
{
	bool is_ram = req->sa == MPR_PROUT_REGISTER_AND_MOVE;

	if (req->sa > MPR_PROUT_REGISTER_AND_MOVE || req->scope != MPR_PR_SCOPE_LU)
		return -EINVAL;
	switch (req->sa) {
	case MPR_PROUT_REGISTER:
	case MPR_PROUT_CLEAR:
	case MPR_PROUT_REGISTER_IGNORE:
		if (req->type != 0 && !type_is_valid(req->type))
			return -EINVAL;
		break;
	default:
		if (!type_is_valid(req->type))
			return -EINVAL;
		break;
	}
	/* SPEC_I_PT is invalid for every service action but REGISTER. */
	if (req->spec_i_pt && req->sa != MPR_PROUT_REGISTER)
		return -EINVAL;
	if (!is_ram && (req->unreg || req->rel_tgt_port))
		return -EINVAL;
	if (is_ram && (req->all_tg_pt || req->n_tids != 1))
		return -EINVAL;
	if (!is_ram && !req->spec_i_pt && (req->tids || req->n_tids))
		return -EINVAL;
	if (req->spec_i_pt && req->n_tids == 0)
		return -EINVAL;
	return 0;
}

int mpr_prout_param_len(const struct mpr_prout_req *req, uint32_t *ret_len)
{
	size_t tlen;
	int r;

	if (!req || !ret_len)
		return -EINVAL;
	r = prout_check(req);
	if (r < 0)
		return r;
	if (req->sa == MPR_PROUT_REGISTER_AND_MOVE) {
		r = tids_len(req, &tlen);
		if (r < 0)
			return r;
		*ret_len = (uint32_t)(RAM_TID_OFF + tlen);
	} else if (req->spec_i_pt) {
		r = tids_len(req, &tlen);
		if (r < 0)
			return r;
		*ret_len = (uint32_t)(SIP_TID_OFF + tlen);
	} else {
		*ret_len = MPR_PROUT_BASIC_LEN;
	}
	return 0;
}

/* Append every TransportID of @req at @p; the caller checked the space. */
static void tids_write(const struct mpr_prout_req *req, uint8_t *p, size_t space)
{
	size_t one;

	for (size_t i = 0; i < req->n_tids; i++) {
		/* cannot fail: prout_check() and tids_len() vetted every one */
		if (mpr_tid_encode(&req->tids[i], p, space, &one) < 0)
			return;
		p += one;
		space -= one;
	}
}

static void param_write(const struct mpr_prout_req *req, uint8_t *param, uint32_t len)
{
	memset(param, 0, len);
	mpr_put_be64(param, req->key);
	mpr_put_be64(param + 8, req->sa_key);
	if (req->sa == MPR_PROUT_REGISTER_AND_MOVE) {
		param[RAM_FLAGS_OFF] = (req->unreg ? MPR_PROUT_RAM_UNREG : 0) |
				       (req->aptpl ? MPR_PROUT_APTPL : 0);
		mpr_put_be16(param + RAM_RTPI_OFF, req->rel_tgt_port);
		mpr_put_be32(param + RAM_TID_LEN_OFF, len - RAM_TID_OFF);
		tids_write(req, param + RAM_TID_OFF, len - RAM_TID_OFF);
		return;
	}
	param[BASIC_FLAGS_OFF] = (req->spec_i_pt ? MPR_PROUT_SPEC_I_PT : 0) |
				 (req->all_tg_pt ? MPR_PROUT_ALL_TG_PT : 0) |
				 (req->aptpl ? MPR_PROUT_APTPL : 0);
	if (req->spec_i_pt) {
		mpr_put_be32(param + SIP_TID_LEN_OFF, len - SIP_TID_OFF);
		tids_write(req, param + SIP_TID_OFF, len - SIP_TID_OFF);
	}
}

int mpr_prout_encode(const struct mpr_prout_req *req, uint8_t ret_cdb[MPR_PR_CDB_LEN],
		     uint8_t *param, size_t param_cap, uint32_t *ret_param_len)
{
	uint32_t len;
	int r;

	if (!ret_cdb || !param || !ret_param_len)
		return -EINVAL;
	r = mpr_prout_param_len(req, &len);
	if (r < 0)
		return r;
	if (param_cap < len)
		return -ENOSPC;

	param_write(req, param, len);
	memset(ret_cdb, 0, MPR_PR_CDB_LEN);
	ret_cdb[0] = MPR_OP_PROUT;
	ret_cdb[1] = req->sa;
	ret_cdb[2] = (uint8_t)(req->scope << 4) | req->type;
	mpr_put_be32(ret_cdb + 5, len);
	*ret_param_len = len;
	return 0;
}

int mpr_prin_cdb_build(uint8_t sa, uint16_t alloc_len, uint8_t ret_cdb[MPR_PR_CDB_LEN])
{
	if (!ret_cdb || sa > MPR_PRIN_READ_FULL_STATUS || alloc_len < 8)
		return -EINVAL;
	memset(ret_cdb, 0, MPR_PR_CDB_LEN);
	ret_cdb[0] = MPR_OP_PRIN;
	ret_cdb[1] = sa;
	mpr_put_be16(ret_cdb + 7, alloc_len);
	return 0;
}

bool mpr_pr_type_all_registrants(uint8_t type)
{
	return type == MPR_PR_TYPE_WE_AR || type == MPR_PR_TYPE_EA_AR;
}

static const char *const pr_out_names[] = {
	"PR OUT REGISTER", "PR OUT RESERVE", "PR OUT RELEASE", "PR OUT CLEAR",
	"PR OUT PREEMPT", "PR OUT PREEMPT AND ABORT",
	"PR OUT REGISTER AND IGNORE EXISTING KEY", "PR OUT REGISTER AND MOVE",
	"PR OUT REPLACE LOST RESERVATION",
};

static const char *const pr_in_names[] = {
	"PR IN READ KEYS", "PR IN READ RESERVATION", "PR IN REPORT CAPABILITIES",
	"PR IN READ FULL STATUS",
};

const char *mpr_pr_sa_name(bool pr_out, uint8_t sa)
{
	if (pr_out)
		return sa < ARRAY_SIZE(pr_out_names) ? pr_out_names[sa]
						     : "PR OUT (unknown service action)";
	return sa < ARRAY_SIZE(pr_in_names) ? pr_in_names[sa] : "PR IN (unknown service action)";
}
