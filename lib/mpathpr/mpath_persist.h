/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * mpath_persist.h - the classic multipath persistent-reservation API.
 *
 * Source and binary layout compatible with the header of the same name that
 * multipath-tools installs for libmpathpersist, so programs written against
 * that library build and run against libmpathpr unchanged.  Every structure
 * size, member offset and constant is checked against the system header by
 * tests/unit/test_classic_abi.c.
 */
#ifndef MPATHPR_MPATH_PERSIST_H
#define MPATHPR_MPATH_PERSIST_H

#include <inttypes.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MPATH_MAX_PARAM_LEN	8192
#define MPATH_MX_TIDS		32
#define MPATH_MX_TID_LEN	256

/* PERSISTENT RESERVE IN service actions */
#define MPATH_PRIN_RKEY_SA	0x00	/* READ KEYS */
#define MPATH_PRIN_RRES_SA	0x01	/* READ RESERVATION */
#define MPATH_PRIN_RCAP_SA	0x02	/* REPORT CAPABILITIES */
#define MPATH_PRIN_RFSTAT_SA	0x03	/* READ FULL STATUS */

/* PERSISTENT RESERVE OUT service actions */
#define MPATH_PROUT_REG_SA	0x00	/* REGISTER */
#define MPATH_PROUT_RES_SA	0x01	/* RESERVE */
#define MPATH_PROUT_REL_SA	0x02	/* RELEASE */
#define MPATH_PROUT_CLEAR_SA	0x03	/* CLEAR */
#define MPATH_PROUT_PREE_SA	0x04	/* PREEMPT */
#define MPATH_PROUT_PREE_AB_SA	0x05	/* PREEMPT AND ABORT */
#define MPATH_PROUT_REG_IGN_SA	0x06	/* REGISTER AND IGNORE EXISTING KEY */
#define MPATH_PROUT_REG_MOV_SA	0x07	/* REGISTER AND MOVE */

#define MPATH_LU_SCOPE		0x00

/* Reservation types */
#define MPATH_PRTPE_WE		0x01	/* write exclusive */
#define MPATH_PRTPE_EA		0x03	/* exclusive access */
#define MPATH_PRTPE_WE_RO	0x05	/* write exclusive, registrants only */
#define MPATH_PRTPE_EA_RO	0x06	/* exclusive access, registrants only */
#define MPATH_PRTPE_WE_AR	0x07	/* write exclusive, all registrants */
#define MPATH_PRTPE_EA_AR	0x08	/* exclusive access, all registrants */

/* Return codes of mpath_persistent_reserve_in/out */
#define MPATH_PR_SKIP			-1	/* internal: path skipped */
#define MPATH_PR_SUCCESS		0
#define MPATH_PR_SYNTAX_ERROR		1	/* invalid parameter */
#define MPATH_PR_SENSE_NOT_READY	2	/* sense key 0x2 */
#define MPATH_PR_SENSE_MEDIUM_ERROR	3	/* sense key 0x3 */
#define MPATH_PR_SENSE_HARDWARE_ERROR	4	/* sense key 0x4 */
#define MPATH_PR_ILLEGAL_REQ		5	/* sense key 0x5, except 20/00 */
#define MPATH_PR_SENSE_UNIT_ATTENTION	6	/* sense key 0x6 */
#define MPATH_PR_SENSE_INVALID_OP	7	/* sense key 0x5, asc/ascq 20/00 */
#define MPATH_PR_SENSE_ABORTED_COMMAND	8	/* sense key 0xb */
#define MPATH_PR_NO_SENSE		9	/* sense key 0x0 */
#define MPATH_PR_SENSE_MALFORMED	10	/* response malformed */
#define MPATH_PR_RESERV_CONFLICT	11	/* status RESERVATION CONFLICT */
#define MPATH_PR_FILE_ERROR		12	/* device node problem */
#define MPATH_PR_DMMP_ERROR		13	/* device-mapper problem */
#define MPATH_PR_THREAD_ERROR		14	/* could not start a worker */
#define MPATH_PR_OTHER			15	/* transport or driver error */

/* sa_flags of struct prout_param_descriptor */
#define MPATH_F_APTPL_MASK		0x01
#define MPATH_F_ALL_TG_PT_MASK		0x04
#define MPATH_F_SPEC_I_PT_MASK		0x08

#define MPATH_PR_TYPE_MASK		0x0f
#define MPATH_PR_SCOPE_MASK		0xf0

#define MPATH_PROTOCOL_ID_FC		0x00
#define MPATH_PROTOCOL_ID_ISCSI		0x05
#define MPATH_PROTOCOL_ID_SAS		0x06

#define MPATH_WWUI_DEVICE_NAME		0x00
#define MPATH_WWUI_PORT_IDENTIFIER	0x40

/* READ KEYS: generation and additional_length in host order; key_list holds
 * additional_length bytes of 8-byte big-endian keys as the device sent them. */
struct prin_readdescr {
	uint32_t prgeneration;
	uint32_t additional_length;
	uint8_t key_list[MPATH_MAX_PARAM_LEN];
};

/* READ RESERVATION: additional_length is 0 (none held) or 0x10. */
struct prin_resvdescr {
	uint32_t prgeneration;
	uint32_t additional_length;
	uint8_t key[8];
	uint32_t _obsolete;
	uint8_t _reserved;
	uint8_t scope_type;
	uint16_t _obsolete1;
};

/* REPORT CAPABILITIES: length and pr_type_mask in host order. */
struct prin_capdescr {
	uint16_t length;
	uint8_t flags[2];
	uint16_t pr_type_mask;
	uint16_t _reserved;
};

struct transportid {
	uint8_t format_code;
	uint8_t protocol_id;
	union {
		uint8_t n_port_name[8];
		uint8_t sas_address[8];
		uint8_t iscsi_name[256];
	};
};

struct prin_fulldescr {
	uint8_t key[8];
	uint8_t flag;		/* bit 1: ALL_TG_PT, bit 0: reservation holder */
	uint8_t scope_type;
	uint16_t rtpi;
	struct transportid trnptid;
};

struct print_fulldescr_list {
	uint32_t prgeneration;
	uint32_t number_of_descriptor;
	uint8_t private_buffer[MPATH_MAX_PARAM_LEN];
	struct prin_fulldescr *descriptors[];
};

struct prin_resp {
	union {
		struct prin_readdescr prin_readkeys;
		struct prin_resvdescr prin_readresv;
		struct prin_capdescr prin_readcap;
		struct print_fulldescr_list prin_readfd;
	} prin_descriptor;
};

struct prout_param_descriptor {
	uint8_t key[8];
	uint8_t sa_key[8];
	uint32_t _obsolete;
	uint8_t sa_flags;
	uint8_t _reserved;
	uint16_t _obsolete1;
	uint8_t private_buffer[MPATH_MAX_PARAM_LEN];
	uint32_t num_transportid;
	struct transportid *trnptid_list[];
};

/**
 * libmpathpersist_init() - prepare the library for use.
 *
 * libmpathpr keeps no global state, so this only exists for source
 * compatibility; calling it is optional and any number of times is fine.
 * Return: 0.
 */
int libmpathpersist_init(void);

/**
 * libmpathpersist_exit() - counterpart of libmpathpersist_init().
 * Return: 0.
 */
int libmpathpersist_exit(void);

/**
 * mpath_persistent_reserve_in() - send PERSISTENT RESERVE IN to a multipath device.
 * @fd:         open file descriptor of a dm-multipath map (or a SCSI disk)
 * @rq_servact: MPATH_PRIN_*_SA
 * @resp:       filled with the decoded response (see mpath_alloc_prin_response())
 * @noisy:      non-zero: trace every command at debug level
 * @verbose:    0..3, log threshold (0 errors, 1 warnings, 2 info, 3 debug)
 *
 * Asks the first usable path, falling back to the next on transport errors.
 * Return: one of the MPATH_PR_* codes.
 */
int mpath_persistent_reserve_in(int fd, int rq_servact, struct prin_resp *resp,
				int noisy, int verbose);

/**
 * mpath_persistent_reserve_out() - send PERSISTENT RESERVE OUT across a multipath device.
 * @fd:         open file descriptor of a dm-multipath map (or a SCSI disk)
 * @rq_servact: MPATH_PROUT_*_SA
 * @rq_scope:   MPATH_LU_SCOPE (anything else is MPATH_PR_SYNTAX_ERROR)
 * @rq_type:    MPATH_PRTPE_* for the actions that take a type
 * @paramp:     keys, sa_flags and transport IDs
 * @noisy:      non-zero: trace every command at debug level
 * @verbose:    0..3, log threshold
 *
 * Registrations go to every active path; the other actions to one path with
 * fallback.  See mpathpr(3) for the multipath semantics.
 * Return: one of the MPATH_PR_* codes.
 */
int mpath_persistent_reserve_out(int fd, int rq_servact, int rq_scope,
				 unsigned int rq_type,
				 struct prout_param_descriptor *paramp,
				 int noisy, int verbose);

/**
 * mpath_alloc_prin_response() - allocate a zeroed response buffer.
 * @prin_sa: MPATH_PRIN_*_SA the buffer is for
 *
 * Return: a buffer large enough for @prin_sa, to be released with free(), or
 * NULL for an unknown service action or when out of memory.
 */
void *mpath_alloc_prin_response(int prin_sa);

#ifdef __cplusplus
}
#endif

#endif /* MPATHPR_MPATH_PERSIST_H */
