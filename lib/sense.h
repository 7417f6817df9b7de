/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * sense.h - sense data normalisation and the one place where a per-command
 * result (struct mpr_cmd_result) is classified: for the classic API
 * (MPATH_PR_*), for the native API (negative errno), for the multipath
 * engine's policy (enum mpr_outcome) and for logs (one line of text).
 *
 * Everything here is pure: functions over buffers and structs, no I/O.
 *
 * Order of precedence used by every classifier below (the first that
 * applies decides):
 *   1. os_error      - open/ioctl failed, no SCSI outcome exists
 *   2. timed_out     - the transport gave up; status and sense are stale
 *   3. scsi_status RESERVATION CONFLICT, whatever host_status and
 *                      driver_status say: kernels before 6.0 report a
 *                      conflict through SG_IO with host_status
 *                      DID_NEXUS_FAILURE (0x11) beside status 0x18, newer
 *                      ones with DID_OK (libmpathpersist, too, reads the
 *                      status byte first)
 *   4. host_status   - DID_* other than DID_OK: the transport failed
 *   5. driver_status - other than 0 / DRIVER_SENSE (0x08)
 *   6. scsi_status   - GOOD, CHECK CONDITION, BUSY ...
 * A CHECK CONDITION is also assumed when the status is GOOD but the driver
 * reported DRIVER_SENSE together with sense bytes (some HBAs drop the
 * status byte); the sense decides then.
 */
#ifndef MPATHPR_SENSE_H
#define MPATHPR_SENSE_H

#include <stddef.h>
#include <stdint.h>

#include "transport.h"

/* driver_status values (low nibble; sgio.c masks the "suggest" bits away) */
#define MPR_DRIVER_OK		0x00
#define MPR_DRIVER_BUSY		0x01
#define MPR_DRIVER_SOFT		0x02
#define MPR_DRIVER_MEDIA	0x03
#define MPR_DRIVER_ERROR	0x04
#define MPR_DRIVER_INVALID	0x05
#define MPR_DRIVER_TIMEOUT	0x06
#define MPR_DRIVER_HARD		0x07
#define MPR_DRIVER_SENSE	0x08

/* ILLEGAL REQUEST, INVALID COMMAND OPERATION CODE */
#define MPR_ASC_INVALID_OPCODE	0x20

/* What the multipath engine should make of one path's final result. */
enum mpr_outcome {
	MPR_OUTCOME_OK,			/* GOOD, or CHECK CONDITION / RECOVERED ERROR */
	MPR_OUTCOME_CONFLICT,		/* RESERVATION CONFLICT */
	MPR_OUTCOME_PATH_ERROR,		/* this path failed; another path may succeed */
	MPR_OUTCOME_DEVICE_ERROR,	/* the LU refused; every path will say the same */
	MPR_OUTCOME_RETRY,		/* transient (UA, BUSY, 04/07 ...); cmd_exec retries
					 * these, the caller sees it only when the retry
					 * budget ran out (treat like PATH_ERROR then) */
};

/**
 * mpr_sense_decode() - normalise fixed or descriptor format sense data.
 * @buf: sense bytes as returned by the device (may be NULL when @len is 0)
 * @len: number of valid bytes in @buf; nothing at or past @len is read
 * @ret: the normalised sense
 *
 * Recognised response codes are 0x70/0x71 (fixed) and 0x72/0x73
 * (descriptor); bit 7 of byte 0 is ignored for the code.  A truncated buffer
 * yields the fields it holds, absent ones are 0:
 *   fixed:      key needs >= 3 bytes, INFORMATION (VALID bit set) >= 7,
 *               asc >= 13, ascq >= 14; the additional sense length
 *               (byte 7, when present) shortens @len further.
 *   descriptor: key needs >= 2 bytes, asc >= 3, ascq >= 4; descriptors start
 *               at byte 8 and are bounded by @len and byte 7; an information
 *               descriptor (type 0x00) is used only when complete (12 bytes)
 *               and its VALID bit is set.
 *
 * Return: 0 with *ret filled (ret->valid true), or -EBADMSG when @buf is too
 * short to hold a sense key or its response code is not one of the above
 * (*ret untouched).
 */
int mpr_sense_decode(const uint8_t *buf, size_t len, struct mpr_sense *ret);

/*
 * What a result is, before any policy: the predicates every classifier here
 * and the MPATH_PR_* mapping (classic_codes.c) apply in the order above.
 */
/* CHECK CONDITION, or GOOD with DRIVER_SENSE and sense bytes (HBAs that drop the status). */
bool mpr_result_is_check_condition(const struct mpr_cmd_result *r);
/* RESERVATION CONFLICT answered by the device, whatever the host byte says. */
bool mpr_result_is_conflict(const struct mpr_cmd_result *r);
/* A driver status other than OK or SENSE. */
bool mpr_result_driver_failed(const struct mpr_cmd_result *r);

/**
 * mpr_result_classify() - the multipath engine's view of a result.
 * @r: the result of one command on one path
 *
 * CONFLICT: RESERVATION CONFLICT, whatever the host byte (DID_NEXUS_FAILURE
 *   from kernels before 6.0, DID_OK from newer ones) and the driver byte.
 * PATH_ERROR: os_error, timeouts, host_status (DID_NO_CONNECT, DID_TIME_OUT,
 *   DID_TRANSPORT_*, DID_RESET, DID_ABORT, DID_ERROR, DID_SOFT_ERROR ...),
 *   driver errors, CHECK CONDITION without decodable sense, NO SENSE,
 *   NOT READY other than 04/01 and 04/07 (04/0A ALUA transition, 04/0B
 *   standby, 04/0C unavailable are properties of the target port),
 *   ABORTED COMMAND, ACA ACTIVE.
 * DEVICE_ERROR: MEDIUM ERROR, HARDWARE ERROR, ILLEGAL REQUEST (incl. invalid
 *   opcode), DATA PROTECT and the other sense keys.
 * RETRY: UNIT ATTENTION, NOT READY 04/01 and 04/07, BUSY, TASK SET FULL,
 *   TASK ABORTED (another initiator aborted it; not executed), and the host
 *   statuses that mean "never reached the device": DID_BUS_BUSY,
 *   DID_IMM_RETRY, DID_REQUEUE.  Statuses after which the command may or may
 *   not have executed (DID_SOFT_ERROR, DID_RESET, timeouts) are PATH_ERROR:
 *   resending a PR OUT blindly could turn a success into a conflict.
 *
 * Return: the outcome.
 */
enum mpr_outcome mpr_result_classify(const struct mpr_cmd_result *r);

/**
 * mpr_result_to_errno() - the native API's errno for a result.
 * @r: the final result of one command on one path
 *
 * Return: 0 (GOOD, RECOVERED ERROR), -EBADE (RESERVATION CONFLICT, with any
 * host byte),
 * -EOPNOTSUPP (ILLEGAL REQUEST 20/00 invalid opcode or 24/00 invalid field
 * in CDB: the command or service action is not supported),
 * -EREMOTEIO (any other CHECK CONDITION), -EPROTO (CHECK CONDITION without
 * decodable sense), -ETIMEDOUT (timed out), -EIO (os_error, host/driver
 * error, BUSY and other statuses).
 */
int mpr_result_to_errno(const struct mpr_cmd_result *r);

/**
 * mpr_result_format() - one line describing a result, for logs.
 * @r:   the result
 * @buf: where to write (always NUL terminated when @len > 0)
 * @len: size of @buf; 128 bytes is always enough
 *
 * Examples: "GOOD", "RESERVATION CONFLICT", "RESERVATION CONFLICT
 * (host_status=DID_NEXUS_FAILURE)" (kernels before 6.0), "CHECK CONDITION sk=0x5
 * asc/ascq=0x24/0x00 ILLEGAL REQUEST", "CHECK CONDITION without valid sense
 * (0 bytes)", "host_status=DID_NO_CONNECT", "driver_status=DRIVER_ERROR",
 * "timed out after 10000 ms", "os error: No such file or directory".
 *
 * Return: @buf.
 */
char *mpr_result_format(const struct mpr_cmd_result *r, char *buf, size_t len);

/* Names for logs; never NULL ("UNKNOWN" for values without a name). */
const char *mpr_outcome_name(enum mpr_outcome outcome);
const char *mpr_sense_key_name(uint8_t key);
const char *mpr_host_status_name(uint16_t host_status);
const char *mpr_driver_status_name(uint16_t driver_status);
const char *mpr_scsi_status_name(uint8_t status);

#endif /* MPATHPR_SENSE_H */
