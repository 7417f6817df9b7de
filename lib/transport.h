/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * transport.h - how a SCSI command reaches a path, and what came back.
 *
 * The engine never calls the kernel directly: it goes through a
 * struct mpr_transport (a function table plus its private data).  Production
 * uses the SG_IO transport (sgio.c, the only ioctl(SG_IO) in the tree); the
 * unit tests install the SPC-4 model (tests/model) or scripted fakes.
 *
 * Convention for the whole library: functions return 0 or a negative errno.
 * A SCSI-level outcome (CHECK CONDITION, RESERVATION CONFLICT, ...) is not an
 * error of the submit call: submit returns 0 and the outcome is in
 * struct mpr_cmd_result, with OS error, transport status, SCSI status and
 * sense kept apart.
 */
#ifndef MPATHPR_TRANSPORT_H
#define MPATHPR_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MPR_SENSE_MAX		252
#define MPR_CDB_MAX		16

/* SAM status codes */
#define MPR_SAM_GOOD			0x00
#define MPR_SAM_CHECK_CONDITION		0x02
#define MPR_SAM_CONDITION_MET		0x04
#define MPR_SAM_BUSY			0x08
#define MPR_SAM_RESERVATION_CONFLICT	0x18
#define MPR_SAM_TASK_SET_FULL		0x28
#define MPR_SAM_ACA_ACTIVE		0x30
#define MPR_SAM_TASK_ABORTED		0x40

/* Linux SCSI host_status (DID_*) values the policy cares about */
#define MPR_DID_OK		0x00
#define MPR_DID_NO_CONNECT	0x01
#define MPR_DID_BUS_BUSY	0x02
#define MPR_DID_TIME_OUT	0x03
#define MPR_DID_BAD_TARGET	0x04
#define MPR_DID_ABORT		0x05
#define MPR_DID_ERROR		0x07
#define MPR_DID_RESET		0x08
#define MPR_DID_SOFT_ERROR	0x0b
#define MPR_DID_IMM_RETRY	0x0c
#define MPR_DID_REQUEUE		0x0d
#define MPR_DID_TRANSPORT_DISRUPTED 0x0e
#define MPR_DID_TRANSPORT_FAILFAST  0x0f
/* Kernels before 6.0 add it to a RESERVATION CONFLICT status (sense.c) */
#define MPR_DID_NEXUS_FAILURE	0x11

/* Sense keys */
#define MPR_SK_NO_SENSE		0x0
#define MPR_SK_RECOVERED_ERROR	0x1
#define MPR_SK_NOT_READY	0x2
#define MPR_SK_MEDIUM_ERROR	0x3
#define MPR_SK_HARDWARE_ERROR	0x4
#define MPR_SK_ILLEGAL_REQUEST	0x5
#define MPR_SK_UNIT_ATTENTION	0x6
#define MPR_SK_DATA_PROTECT	0x7
#define MPR_SK_ABORTED_COMMAND	0xb

/* Sense data normalised from fixed (0x70/0x71) or descriptor (0x72/0x73) format. */
struct mpr_sense {
	bool valid;		/* a recognised response code was present */
	bool descriptor;	/* came in descriptor format */
	bool deferred;		/* 0x71/0x73: about an earlier command */
	uint8_t response_code;	/* 0x70..0x73 */
	uint8_t key;		/* masked with 0x0f */
	uint8_t asc;
	uint8_t ascq;
	bool info_valid;
	uint64_t info;		/* INFORMATION field / descriptor */
};

enum mpr_dir {
	MPR_DIR_NONE,
	MPR_DIR_TO_DEV,		/* PR OUT parameter list */
	MPR_DIR_FROM_DEV,	/* PR IN response */
};

/* One command for one path.  The caller owns every buffer. */
struct mpr_cmd {
	uint8_t cdb[MPR_CDB_MAX];
	uint8_t cdb_len;
	enum mpr_dir dir;
	void *data;		/* TO_DEV: read; FROM_DEV: written */
	uint32_t data_len;
	uint32_t timeout_ms;	/* per attempt; 0 means the transport's default */
};

/* What one command did on one path (the last attempt, plus the attempt count). */
struct mpr_cmd_result {
	int os_error;		/* positive errno of open/ioctl, 0 if the command was issued */
	uint8_t scsi_status;	/* SAM status byte (masked) */
	uint16_t host_status;	/* DID_* */
	uint16_t driver_status;	/* DRIVER_* (0x06 = DRIVER_TIMEOUT, 0x08 = DRIVER_SENSE) */
	uint8_t sense_raw[MPR_SENSE_MAX];
	uint8_t sense_len;
	struct mpr_sense sense;	/* decoded from sense_raw */
	uint32_t transferred;	/* data_len - residual, for FROM_DEV */
	uint64_t duration_us;	/* wall time of all attempts */
	unsigned int attempts;
	bool timed_out;		/* the transport gave up waiting (host or driver timeout, ETIMEDOUT) */
	bool no_answer;		/* the engine stopped waiting: the path did not answer in time */
};

/*
 * The transport function table.  @priv is the implementation's state; every
 * function must be safe to call from several threads at once with different
 * handles (the engine talks to paths in parallel).
 */
struct mpr_transport_ops {
	/* Open the path device node @devnode; *ret_handle identifies it for submit. */
	int (*open)(void *priv, const char *devnode, int *ret_handle);
	/* Send one command once (no retries).  Returns 0 when the outcome is in
	 * *ret (including SCSI errors), negative errno when the call itself
	 * could not be made (then ret->os_error holds the errno as well). */
	int (*submit)(void *priv, int handle, const struct mpr_cmd *cmd,
		      struct mpr_cmd_result *ret);
	void (*close)(void *priv, int handle);
	/* Sleep between retries; NULL means nanosleep.  Fakes make it instant. */
	void (*sleep_us)(void *priv, uint64_t usec);
	/* Monotonic clock in microseconds; NULL means CLOCK_MONOTONIC.  Fakes
	 * make time deterministic. */
	uint64_t (*now_us)(void *priv);
	/* Keep @priv alive while a path job holds a copy of this table, and let
	 * it go when the job ends (NULL: @priv needs no keeping).  A job the
	 * engine abandoned outlives the context, so a transport with state of
	 * its own must not free it before the last release. */
	void (*hold)(void *priv);
	void (*release)(void *priv);
};

struct mpr_transport {
	const struct mpr_transport_ops *ops;
	void *priv;
};

#endif /* MPATHPR_TRANSPORT_H */
