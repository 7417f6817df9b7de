/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* classic_codes.h - results and errnos as libmpathpersist's MPATH_PR_* codes. */
#ifndef MPATHPR_CLASSIC_CODES_H
#define MPATHPR_CLASSIC_CODES_H

struct mpr_call;
struct mpr_cmd_result;

/**
 * mpr_result_to_mpath_pr() - the classic API's MPATH_PR_* code for a result.
 * @r: the final result of one command on one path
 *
 * os_error ENOENT, ENXIO, ENODEV, EACCES, EPERM, ENOTBLK -> MPATH_PR_FILE_ERROR
 * (the device node is missing or unusable; libmpathpersist reports failed
 * opens that way), any other os_error -> MPATH_PR_OTHER.  RESERVATION
 * CONFLICT -> RESERV_CONFLICT, with any host byte (DID_NEXUS_FAILURE from
 * kernels before 6.0).  Timeouts, host and driver errors -> MPATH_PR_OTHER.
 * CHECK CONDITION maps by sense key (0 NO_SENSE, 1 SUCCESS, 2 NOT_READY,
 * 3 MEDIUM_ERROR, 4 HARDWARE_ERROR, 5 ILLEGAL_REQ or INVALID_OP for 20/00,
 * 6 UNIT_ATTENTION, 0xb ABORTED_COMMAND, others OTHER), without decodable
 * sense -> SENSE_MALFORMED.  GOOD / CONDITION MET -> SUCCESS.  BUSY, TASK SET
 * FULL, TASK ABORTED, ACA ACTIVE and unknown statuses -> MPATH_PR_OTHER (the
 * classic API has no "busy" code; they are only seen after retries ran out).
 *
 * Return: an MPATH_PR_* code.
 */
int mpr_result_to_mpath_pr(const struct mpr_cmd_result *r);

/**
 * mpr_classic_pr_code() - the MPATH_PR_* code of a classic call that
 * returned @err: the code of @call's decisive result when a device answer
 * decided it (never SUCCESS for a failed call), else @err's: -EINVAL
 * SYNTAX_ERROR, a missing or unusable device FILE_ERROR, not multipath or
 * no usable path DMMP_ERROR, -EPROTO SENSE_MALFORMED, a conflict or a
 * revoked key RESERV_CONFLICT, anything else OTHER.
 */
int mpr_classic_pr_code(int err, const struct mpr_call *call);

#endif /* MPATHPR_CLASSIC_CODES_H */
