/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * pr_codec.h - SPC-4 PERSISTENT RESERVE OUT / IN: CDBs, parameter lists,
 * TransportIDs and PR IN response decoders.
 *
 * Pure functions over caller-owned byte buffers with explicit lengths: no I/O,
 * no allocation, no logging.  Every function returns 0 or a negative errno and
 * leaves its ret_* outputs untouched on failure.
 *
 * Encoders refuse what SPC-4 calls invalid (-EINVAL) and a buffer that is too
 * small (-ENOSPC).  Decoders take the number of bytes the device actually
 * transferred and never read past it nor trust the lengths inside the
 * response: a response cut short by the allocation length decodes to the
 * complete entries it holds, with ->truncated set and ->needed_len telling
 * how much to ask for next time; a response contradicting itself is -EPROTO.
 */
#ifndef MPATHPR_PR_CODEC_H
#define MPATHPR_PR_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MPR_OP_PRIN		0x5e
#define MPR_OP_PROUT		0x5f
#define MPR_PR_CDB_LEN		10

/* PERSISTENT RESERVE OUT service actions */
#define MPR_PROUT_REGISTER		0x00
#define MPR_PROUT_RESERVE		0x01
#define MPR_PROUT_RELEASE		0x02
#define MPR_PROUT_CLEAR			0x03
#define MPR_PROUT_PREEMPT		0x04
#define MPR_PROUT_PREEMPT_AND_ABORT	0x05
#define MPR_PROUT_REGISTER_IGNORE	0x06	/* REGISTER AND IGNORE EXISTING KEY */
#define MPR_PROUT_REGISTER_AND_MOVE	0x07

/* PERSISTENT RESERVE IN service actions */
#define MPR_PRIN_READ_KEYS		0x00
#define MPR_PRIN_READ_RESERVATION	0x01
#define MPR_PRIN_REPORT_CAPABILITIES	0x02
#define MPR_PRIN_READ_FULL_STATUS	0x03

/* Reservation scope and types (same values as enum mpathpr_type) */
#define MPR_PR_SCOPE_LU		0x0
#define MPR_PR_TYPE_WE		0x1	/* write exclusive */
#define MPR_PR_TYPE_EA		0x3	/* exclusive access */
#define MPR_PR_TYPE_WE_RO	0x5	/* write exclusive, registrants only */
#define MPR_PR_TYPE_EA_RO	0x6	/* exclusive access, registrants only */
#define MPR_PR_TYPE_WE_AR	0x7	/* write exclusive, all registrants */
#define MPR_PR_TYPE_EA_AR	0x8	/* exclusive access, all registrants */
/* bit (1 << type) for every valid type */
#define MPR_PR_TYPE_VALID_MASK	0x01ea

/**
 * mpr_pr_type_all_registrants() - @type is one of the all-registrants types
 * (0x7, 0x8): every registrant holds the reservation, whose key field reads 0.
 */
bool mpr_pr_type_all_registrants(uint8_t type);

/**
 * mpr_pr_sa_name() - "PR OUT REGISTER", "PR IN READ KEYS", ... for service
 * action @sa of a PR OUT (@pr_out) or PR IN, for logs; a constant string,
 * "PR OUT (unknown service action)" or its PR IN twin for others.
 */
const char *mpr_pr_sa_name(bool pr_out, uint8_t sa);

/* Basic PR OUT parameter list (SPC-4 "PERSISTENT RESERVE OUT parameter list") */
#define MPR_PROUT_BASIC_LEN		24
#define MPR_PROUT_SPEC_I_PT		0x08	/* byte 20 */
#define MPR_PROUT_ALL_TG_PT		0x04	/* byte 20 */
#define MPR_PROUT_APTPL			0x01	/* byte 20; byte 17 in REGISTER AND MOVE */
#define MPR_PROUT_RAM_UNREG		0x02	/* byte 17 of REGISTER AND MOVE */

/* SCSI protocol identifiers (SPC-4) with TransportID support here */
#define MPR_TPID_FC		0x0
#define MPR_TPID_ISCSI		0x5
#define MPR_TPID_SAS		0x6

#define MPR_TID_FIXED_LEN	24	/* FC and SAS TransportIDs; iSCSI minimum */
#define MPR_TID_ISCSI_NAME_MAX	256	/* buffer, NUL included (name <= 223 + ",i,0x" + ISID) */
#define MPR_TID_TEXT_MAX	MPR_TID_ISCSI_NAME_MAX	/* enough for mpr_tid_to_text() */

/*
 * One TransportID.  @format_code is the two-bit FORMAT CODE value (0 or 1),
 * not the raw byte 0 bits.  Which of the other fields counts depends on
 * @protocol_id:
 *   FC:    @n_port_name (format 0)
 *   SAS:   @sas_address (format 0)
 *   iSCSI: @iscsi_name, NUL terminated; format 0 is the iSCSI name alone,
 *          format 1 is "<iSCSI name>,i,0x<ISID in hex>" (the separator and
 *          ISID are part of the string, as on the wire).
 */
struct mpr_tid {
	uint8_t protocol_id;
	uint8_t format_code;
	uint8_t n_port_name[8];
	uint8_t sas_address[8];
	char iscsi_name[MPR_TID_ISCSI_NAME_MAX];
};

/*
 * A PERSISTENT RESERVE OUT request.
 * @sa:        MPR_PROUT_*
 * @scope:     must be MPR_PR_SCOPE_LU
 * @type:      MPR_PR_TYPE_*; required for RESERVE, RELEASE, PREEMPT,
 *             PREEMPT AND ABORT and REGISTER AND MOVE; for REGISTER, CLEAR and
 *             REGISTER AND IGNORE EXISTING KEY it may be 0 or a valid type and
 *             is sent as given (the device ignores it)
 * @key:       RESERVATION KEY
 * @sa_key:    SERVICE ACTION RESERVATION KEY
 * @aptpl:     activate persist through power loss (byte 17 for REGISTER AND
 *             MOVE, byte 20 otherwise)
 * @all_tg_pt: register on all target ports; refused for REGISTER AND MOVE,
 *             whose list has no such bit
 *             (@aptpl and @all_tg_pt only mean something to REGISTER and
 *             REGISTER AND IGNORE EXISTING KEY; other service actions send
 *             them as given and SPC-4 has the device ignore them)
 * @spec_i_pt: @tids lists further initiator ports to register (REGISTER only,
 *             as SPC-4 and the Linux target require; at least one TransportID)
 * @unreg:     REGISTER AND MOVE only: unregister the source I_T nexus
 * @rel_tgt_port: REGISTER AND MOVE only: RELATIVE TARGET PORT IDENTIFIER
 * @tids, @n_tids: the SPEC_I_PT list, or exactly one TransportID for
 *             REGISTER AND MOVE; NULL/0 otherwise
 */
struct mpr_prout_req {
	uint8_t sa, scope, type;
	uint64_t key, sa_key;
	bool aptpl, all_tg_pt, spec_i_pt, unreg;
	uint16_t rel_tgt_port;
	const struct mpr_tid *tids;
	size_t n_tids;
};

/**
 * mpr_prout_encode() - build a PERSISTENT RESERVE OUT CDB and parameter list.
 * @req:           what to send
 * @ret_cdb:       the 10-byte CDB (PARAMETER LIST LENGTH = *ret_param_len)
 * @param:         where the parameter list goes
 * @param_cap:     size of @param
 * @ret_param_len: bytes of @param used
 *
 * The list is the basic 24 bytes, followed for SPEC_I_PT by the TRANSPORTID
 * PARAMETER DATA LENGTH and the TransportIDs; REGISTER AND MOVE uses its own
 * layout (key, service action key, UNREG/APTPL, relative target port,
 * TransportID length, TransportID).
 * Return: 0, -EINVAL (invalid request), -ENOSPC (@param_cap too small).
 */
int mpr_prout_encode(const struct mpr_prout_req *req, uint8_t ret_cdb[MPR_PR_CDB_LEN],
		     uint8_t *param, size_t param_cap, uint32_t *ret_param_len);

/**
 * mpr_prout_param_len() - the parameter list length @req would need.
 * Return: 0 or -EINVAL (same checks as mpr_prout_encode()).
 */
int mpr_prout_param_len(const struct mpr_prout_req *req, uint32_t *ret_len);

/**
 * mpr_prin_cdb_build() - build a PERSISTENT RESERVE IN CDB.
 * @sa:        MPR_PRIN_*
 * @alloc_len: ALLOCATION LENGTH, at least 8 (every response has an 8-byte header)
 * Return: 0 or -EINVAL.
 */
int mpr_prin_cdb_build(uint8_t sa, uint16_t alloc_len, uint8_t ret_cdb[MPR_PR_CDB_LEN]);

/**
 * mpr_tid_encode() - write @tid as a TransportID.
 * @tid:     FC/SAS format 0, iSCSI format 0 or 1 (iSCSI names must be
 *           printable ASCII without spaces, at most 223 bytes before any
 *           ",i,0x" separator; format 1 needs the separator and 1..12 hex digits)
 * @buf, @cap: output buffer
 * @ret_len: bytes written: 24 for FC/SAS, for iSCSI 4 + name + NUL padded to
 *           a multiple of 4, at least 24
 * Return: 0, -EINVAL, -EPROTONOSUPPORT (other protocol), -ENOSPC.
 */
int mpr_tid_encode(const struct mpr_tid *tid, uint8_t *buf, size_t cap, size_t *ret_len);

/**
 * mpr_tid_encoded_len() - bytes mpr_tid_encode() would write for @tid.
 * Return: 0, -EINVAL or -EPROTONOSUPPORT.
 */
int mpr_tid_encoded_len(const struct mpr_tid *tid, size_t *ret_len);

/**
 * mpr_tid_decode() - read one TransportID from @buf.
 * @buf, @len:    the bytes available (never read past @len)
 * @ret_tid:      the decoded TransportID
 * @ret_consumed: its length on the wire (24, or 4 + ADDITIONAL LENGTH for iSCSI)
 *
 * Decoding is lenient where it is harmless (iSCSI padding and minimum length)
 * and strict where it matters: the name must be printable ASCII, fit
 * struct mpr_tid, and lie within the TransportID.
 * Return: 0, -EPROTO (malformed or shorter than its length says),
 * -EPROTONOSUPPORT (a protocol other than FC, SAS, iSCSI).
 */
int mpr_tid_decode(const uint8_t *buf, size_t len, struct mpr_tid *ret_tid,
		   size_t *ret_consumed);

/**
 * mpr_tid_to_text() - render @tid for display: the iSCSI name as stored
 * ("iqn...,i,0x..." for format 1), "0x" and 16 hex digits for FC/SAS.
 * @buf, @cap: output, NUL terminated (MPR_TID_TEXT_MAX always suffices)
 * Return: 0, -EINVAL (unknown protocol), -ENOSPC.
 */
int mpr_tid_to_text(const struct mpr_tid *tid, char *buf, size_t cap);

/* ---- PR IN responses ----
 * Common fields of every decoded response:
 * @generation:  PRGENERATION
 * @additional_length: ADDITIONAL LENGTH as the device reported it
 * @needed_len:  8 + @additional_length: the allocation length that would
 *               return everything (may exceed the 16-bit ALLOCATION LENGTH)
 * @truncated:   fewer bytes were transferred than @needed_len
 */

/*
 * READ KEYS.  @n_total keys exist (additional length / 8), @n_present of them
 * were complete in the transferred bytes, the first @n_keys (at most the
 * caller's capacity) were copied to the caller's array.
 */
struct mpr_prin_keys {
	uint32_t generation;
	uint32_t additional_length;
	uint64_t needed_len;
	bool truncated;
	size_t n_total;
	size_t n_present;
	size_t n_keys;
};

/**
 * mpr_prin_keys_decode() - decode a READ KEYS response.
 * @buf, @len:  the response, @len = bytes transferred
 * @keys, @cap: where the keys go (may be NULL if @cap is 0)
 * @ret:        counts and header
 * Return: 0, -EPROTO (shorter than the header, additional length not a
 * multiple of 8), -EINVAL (NULL arguments).
 */
int mpr_prin_keys_decode(const uint8_t *buf, size_t len, uint64_t *keys, size_t cap,
			 struct mpr_prin_keys *ret);

/* READ RESERVATION.  @held is false when additional length is 0 (and when
 * the descriptor was truncated away: check @truncated). */
struct mpr_prin_resv {
	uint32_t generation;
	uint32_t additional_length;
	uint64_t needed_len;
	bool truncated;
	bool held;
	uint64_t key;
	uint8_t scope, type;
};

/**
 * mpr_prin_resv_decode() - decode a READ RESERVATION response.
 * Return: 0, -EPROTO (shorter than the header, additional length neither 0
 * nor at least 16), -EINVAL.
 */
int mpr_prin_resv_decode(const uint8_t *buf, size_t len, struct mpr_prin_resv *ret);

/* REPORT CAPABILITIES.  @type_mask has bit (1 << type) for every supported
 * reservation type; it is 0 unless @tmv (type mask valid). */
struct mpr_prin_caps {
	uint16_t length;	/* LENGTH field */
	bool rlr_c, crh, sip_c, atp_c, ptpl_c;
	bool tmv, ptpl_a;
	uint8_t allow_commands;	/* 3-bit ALLOW COMMANDS */
	uint16_t type_mask;
};

/**
 * mpr_prin_caps_decode() - decode a REPORT CAPABILITIES response.
 * Return: 0, -EPROTO (fewer than 8 bytes, LENGTH below 8), -EINVAL.
 */
int mpr_prin_caps_decode(const uint8_t *buf, size_t len, struct mpr_prin_caps *ret);

/* One READ FULL STATUS descriptor.  @tid_known is false for a TransportID of
 * a protocol this codec does not decode (then only @tid.protocol_id is set). */
struct mpr_prin_fs_desc {
	uint64_t key;
	bool all_tg_pt;
	bool r_holder;
	uint8_t scope, type;
	uint16_t rel_tgt_port;
	bool tid_known;
	struct mpr_tid tid;
};

/* READ FULL STATUS.  @n_present complete descriptors were in the transferred
 * bytes; the first @n_desc (at most the caller's capacity) were copied. */
struct mpr_prin_full {
	uint32_t generation;
	uint32_t additional_length;
	uint64_t needed_len;
	bool truncated;
	size_t n_present;
	size_t n_desc;
};

/**
 * mpr_prin_full_decode() - decode a READ FULL STATUS response.
 * @buf, @len:  the response, @len = bytes transferred
 * @desc, @cap: where the descriptors go (may be NULL if @cap is 0)
 * @ret:        counts and header
 * Return: 0, -EPROTO (shorter than the header, a descriptor or its
 * TransportID running past the additional length, a malformed TransportID),
 * -EINVAL.
 */
int mpr_prin_full_decode(const uint8_t *buf, size_t len, struct mpr_prin_fs_desc *desc,
			 size_t cap, struct mpr_prin_full *ret);

#endif /* MPATHPR_PR_CODEC_H */
