/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * mpathpr.h - native API of libmpathpr.
 *
 * Open a device once (a dm-multipath map or a plain SCSI disk), then send
 * persistent-reservation commands to it.  The library decides which paths a
 * command goes to (registrations on every usable path, the rest on one path
 * with fallback) and reports what happened on each path.
 *
 * Error convention: every function returning int returns 0 on success or a
 * negative errno.  The errnos that carry a SCSI meaning:
 *   -EBADE        the device answered RESERVATION CONFLICT
 *   -EKEYREVOKED  a conflict because the caller's key is registered nowhere
 *                 on the LU (it was preempted: this node has been fenced);
 *                 nothing else was sent, the key is never registered again
 *   -EOPNOTSUPP   the device rejected the command as an invalid opcode / field
 *   -EREMOTEIO    the device answered CHECK CONDITION (see the report's sense)
 *   -ETIMEDOUT    a command or the call's time budget ran out
 *   -EIO          transport or driver failure on the paths that mattered
 *   -ENOLINK      no usable path to the device
 *   -EPROTO       the device's response was malformed
 *   -EINVAL       bad argument (nothing was sent)
 *   -ENOTBLK      not a block device; -EMEDIUMTYPE: a block device that is
 *                 neither a dm-multipath map nor a SCSI disk
 * Output parameters are named ret_* and come last; they are untouched on
 * failure.  Objects are not shared between threads unless stated; distinct
 * contexts and devices may be used from different threads freely.
 */
#ifndef MPATHPR_MPATHPR_H
#define MPATHPR_MPATHPR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct mpathpr_ctx;
struct mpathpr_dev;
struct mpathpr_report;

/* Log sink: @priority is a syslog priority (LOG_DEBUG ...). */
typedef void (*mpathpr_log_fn)(void *userdata, int priority, const char *msg);

/* Reservation types (SPC-4 table "persistent reservation type codes"). */
enum mpathpr_type {
	MPATHPR_TYPE_WE = 1,	/* write exclusive */
	MPATHPR_TYPE_EA = 3,	/* exclusive access */
	MPATHPR_TYPE_WE_RO = 5,	/* write exclusive, registrants only */
	MPATHPR_TYPE_EA_RO = 6,	/* exclusive access, registrants only */
	MPATHPR_TYPE_WE_AR = 7,	/* write exclusive, all registrants */
	MPATHPR_TYPE_EA_AR = 8,	/* exclusive access, all registrants */
};

/* Flags for mpathpr_register() */
#define MPATHPR_REG_IGNORE_EXISTING	0x01	/* REGISTER AND IGNORE EXISTING KEY */
#define MPATHPR_REG_APTPL		0x02	/* persist through power loss */
#define MPATHPR_REG_ALL_TG_PT		0x04	/* one path per target port suffices */

enum mpathpr_path_state {
	MPATHPR_PATH_ACTIVE,	/* usable according to device-mapper */
	MPATHPR_PATH_FAILED,	/* failed in the multipath map */
	MPATHPR_PATH_OFFLINE,	/* the SCSI device is offline / gone */
};

/* One path of an open device. */
struct mpathpr_path_info {
	char devnode[64];	/* /dev/sdX */
	unsigned int major, minor;
	int path_group;		/* index in the multipath table, 0 for plain disks */
	enum mpathpr_path_state state;
};

/* What one command did on one path. */
struct mpathpr_path_result {
	char devnode[64];
	uint8_t service_action;	/* PR OUT / PR IN service action */
	bool pr_out;		/* PR OUT (else PR IN) */
	int os_error;		/* positive errno from open/ioctl, 0 if issued */
	uint16_t host_status;
	uint16_t driver_status;
	uint8_t scsi_status;
	uint8_t sense_key, asc, ascq;
	bool timed_out;
	unsigned int attempts;
	uint64_t duration_us;
	int mpath_pr;		/* the same outcome as an MPATH_PR_* code */
	bool no_answer;		/* no answer by the path's deadline: not waited for */
};

/* ---- context ---- */

/**
 * mpathpr_ctx_new() - create a library context (log sink, timeouts).
 * @ret_ctx: the new context
 * Return: 0 or -ENOMEM.
 */
int mpathpr_ctx_new(struct mpathpr_ctx **ret_ctx);
/** mpathpr_ctx_free() - release a context; devices opened with it must be closed first. NULL is fine. */
void mpathpr_ctx_free(struct mpathpr_ctx *ctx);
/** mpathpr_ctx_set_log() - route library messages up to @max_priority to @fn. */
void mpathpr_ctx_set_log(struct mpathpr_ctx *ctx, mpathpr_log_fn fn, void *userdata,
			 int max_priority);
/**
 * mpathpr_ctx_set_timeouts() - bound the time spent talking to devices.
 * @io_timeout_ms: per SCSI command attempt (default 10000)
 * @call_budget_ms: per API call on one device, retries included (default 60000)
 */
void mpathpr_ctx_set_timeouts(struct mpathpr_ctx *ctx, unsigned int io_timeout_ms,
			      unsigned int call_budget_ms);
/**
 * mpathpr_ctx_set_path_wait() - how long a command for one path (RESERVE,
 * RELEASE, PREEMPT, CLEAR, REGISTER AND MOVE, PR IN) waits for that path
 * before the same command also goes to the next usable path (a hedged send).
 * @path_wait_ms: milliseconds, 0 for the default (1000)
 *
 * A path that has not answered by then is not waited for: whichever path
 * answers first decides (a late answer is checked, never trusted blindly),
 * and a path still silent when the call ends is reported as not answering
 * ("no_answer") and not used again by that device.  REGISTER on every path
 * waits for each path at most the io timeout, READ KEYS on every path at most
 * the path wait.  Budget arithmetic: man 3 mpathpr, "Time budget".
 */
void mpathpr_ctx_set_path_wait(struct mpathpr_ctx *ctx, unsigned int path_wait_ms);
/**
 * mpathpr_ctx_set_deadline() - every call through @ctx ends by @ms_from_now
 * milliseconds from now (CLOCK_MONOTONIC), whatever its own budget: what is
 * still unanswered then is a timeout.  0 removes the deadline.  Set it
 * before the context is used from several threads.
 */
void mpathpr_ctx_set_deadline(struct mpathpr_ctx *ctx, unsigned int ms_from_now);

/* ---- devices ---- */

/**
 * mpathpr_dev_open() - resolve @path (a dm-multipath map or a SCSI disk) to its paths.
 * Return: 0, -ENOENT, -ENOTBLK, -EMEDIUMTYPE, -ENOLINK (a map without paths) ...
 */
int mpathpr_dev_open(struct mpathpr_ctx *ctx, const char *path, struct mpathpr_dev **ret_dev);
/** mpathpr_dev_open_fd() - like mpathpr_dev_open() for an open file descriptor (not taken over). */
int mpathpr_dev_open_fd(struct mpathpr_ctx *ctx, int fd, struct mpathpr_dev **ret_dev);
/** mpathpr_dev_close() - release a device. NULL is fine. */
void mpathpr_dev_close(struct mpathpr_dev *dev);
/** mpathpr_dev_name() - the map name (or disk name) the device resolved to. */
const char *mpathpr_dev_name(const struct mpathpr_dev *dev);
/** mpathpr_dev_wwid() - the LUN's identity (VPD 0x83 / udev ID_WWN), "" if unknown. */
const char *mpathpr_dev_wwid(const struct mpathpr_dev *dev);
/** mpathpr_dev_is_multipath() - true for a dm-multipath map. */
bool mpathpr_dev_is_multipath(const struct mpathpr_dev *dev);
/** mpathpr_dev_path_count() - number of paths. */
size_t mpathpr_dev_path_count(const struct mpathpr_dev *dev);
/** mpathpr_dev_path() - path @i (0-based), NULL past the end. */
const struct mpathpr_path_info *mpathpr_dev_path(const struct mpathpr_dev *dev, size_t i);

/* More of what the system says about one path (sysfs and the dm table). */
struct mpathpr_path_detail {
	char hctl[32];		/* SCSI address "host:channel:target:lun", "" if unknown */
	char scsi_state[24];	/* sysfs device/state: "running", "offline",
				 * "transport-offline", "blocked" ...; "" if unknown */
	char group_state;	/* its dm path group: 'A' active, 'E' enabled,
				 * 'D' disabled; 0 for a plain disk */
	unsigned int fail_count; /* dm's failure count; 0 for a plain disk */
	char target_port[224];	/* iSCSI "iqn...,t,<tpgt>", FC "0x<WWPN>"; "" if unknown */
};

/**
 * mpathpr_dev_path_detail() - what sysfs and device-mapper said about path
 * @i when the device was opened (or last re-read).
 * @dev:	the device
 * @i:		path index, as for mpathpr_dev_path()
 * @ret_detail:	filled in
 * Return: 0, or -EINVAL (no device, @i past the end, no @ret_detail).
 */
int mpathpr_dev_path_detail(const struct mpathpr_dev *dev, size_t i,
			    struct mpathpr_path_detail *ret_detail);

/* ---- per-path reports ---- */

/** mpathpr_report_new() - an empty report to pass to the command functions. */
int mpathpr_report_new(struct mpathpr_report **ret_report);
/** mpathpr_report_free() - NULL is fine. */
void mpathpr_report_free(struct mpathpr_report *report);
/** mpathpr_report_reset() - forget the entries, keep the allocation. */
void mpathpr_report_reset(struct mpathpr_report *report);
size_t mpathpr_report_count(const struct mpathpr_report *report);
const struct mpathpr_path_result *mpathpr_report_entry(const struct mpathpr_report *report, size_t i);

/**
 * mpathpr_path_result_command() - the command of @result, for logs.
 * Return: a constant string: "PR OUT REGISTER", "PR IN READ KEYS", ...
 */
const char *mpathpr_path_result_command(const struct mpathpr_path_result *result);

/**
 * mpathpr_path_result_failure() - whether the path, not the logical unit,
 * failed the command of @result: it timed out, could not be issued (an OS
 * error) or the transport or driver failed it.  A RESERVATION CONFLICT is
 * the logical unit's answer, whatever the host status says (kernels before
 * 6.0 add DID_NEXUS_FAILURE).
 * Return: NULL when the logical unit answered, else a constant text that
 * names the failure ("timed out", "no connection (DID_NO_CONNECT)", the OS
 * error's text, ...).
 */
const char *mpathpr_path_result_failure(const struct mpathpr_path_result *result);

/**
 * mpathpr_path_result_gone() - the command of @result says the path or its
 * device node is gone: the device node vanished (ENXIO, ENODEV, ENOENT) or
 * the transport has no connection to the target (DID_NO_CONNECT,
 * DID_BAD_TARGET, DID_TRANSPORT_DISRUPTED, DID_TRANSPORT_FAILFAST).  A path
 * that is gone cannot carry a registration; one that merely failed may.
 */
bool mpathpr_path_result_gone(const struct mpathpr_path_result *result);

/* ---- PR OUT ----
 * @report may be NULL; otherwise every command sent is appended to it, on
 * success and failure alike. */

/**
 * mpathpr_register() - register @new_key on every usable path (@new_key 0 unregisters).
 * @old_key: the key currently registered (ignored with MPATHPR_REG_IGNORE_EXISTING)
 * @flags:   MPATHPR_REG_*
 */
int mpathpr_register(struct mpathpr_dev *dev, uint64_t old_key, uint64_t new_key,
		     unsigned int flags, struct mpathpr_report *report);
/** mpathpr_reserve() - take a reservation of @type with @key (success if already held so). */
int mpathpr_reserve(struct mpathpr_dev *dev, uint64_t key, enum mpathpr_type type,
		    struct mpathpr_report *report);
/** mpathpr_release() - release the reservation held with @key, even if its path is down. */
int mpathpr_release(struct mpathpr_dev *dev, uint64_t key, enum mpathpr_type type,
		    struct mpathpr_report *report);
/** mpathpr_clear() - remove every registration and the reservation. */
int mpathpr_clear(struct mpathpr_dev *dev, uint64_t key, struct mpathpr_report *report);
/**
 * mpathpr_preempt() - remove @victim_key's registrations (PREEMPT, or PREEMPT AND ABORT when @abort).
 * If @victim_key holds the reservation it moves to @key with @type.
 */
int mpathpr_preempt(struct mpathpr_dev *dev, uint64_t key, uint64_t victim_key,
		    enum mpathpr_type type, bool abort, struct mpathpr_report *report);

/* ---- PR IN ---- */

struct mpathpr_keys {
	uint32_t generation;
	size_t count;
	uint64_t keys[];	/* as reported, duplicates kept (one per I_T nexus) */
};

struct mpathpr_reservation {
	uint32_t generation;
	bool held;
	uint64_t key;
	uint8_t scope;
	uint8_t type;
};

struct mpathpr_capabilities {
	bool crh, sip_c, atp_c, ptpl_c, tmv, ptpl_a, allow_commands_valid;
	uint8_t allow_commands;
	uint16_t type_mask;	/* bit (1 << type) set when the type is supported */
};

struct mpathpr_full_status_entry {
	uint64_t key;
	bool all_tg_pt;
	bool holder;
	uint8_t scope, type;
	uint16_t rel_tgt_port;
	uint8_t protocol_id;
	char transport_id[264];	/* iSCSI name, or hex WWN for FC/SAS */
};

struct mpathpr_full_status {
	uint32_t generation;
	size_t count;
	struct mpathpr_full_status_entry entries[];
};

/* One path's view in a registration matrix. */
struct mpathpr_path_keys {
	struct mpathpr_path_info path;
	int error;		/* 0, or why this path could not be read */
	uint32_t generation;
	size_t count;
	uint64_t *keys;
};

struct mpathpr_key_matrix {
	size_t count;
	struct mpathpr_path_keys paths[];
};

/** mpathpr_read_keys() - READ KEYS; free *ret_keys with free(). */
int mpathpr_read_keys(struct mpathpr_dev *dev, struct mpathpr_keys **ret_keys,
		      struct mpathpr_report *report);
/** mpathpr_read_reservation() - READ RESERVATION into *ret_res. */
int mpathpr_read_reservation(struct mpathpr_dev *dev, struct mpathpr_reservation *ret_res,
			     struct mpathpr_report *report);
/** mpathpr_read_capabilities() - REPORT CAPABILITIES into *ret_caps. */
int mpathpr_read_capabilities(struct mpathpr_dev *dev, struct mpathpr_capabilities *ret_caps,
			      struct mpathpr_report *report);
/** mpathpr_read_full_status() - READ FULL STATUS; free *ret_status with free(). */
int mpathpr_read_full_status(struct mpathpr_dev *dev, struct mpathpr_full_status **ret_status,
			     struct mpathpr_report *report);
/**
 * mpathpr_read_key_matrix() - READ KEYS through every path (all in parallel).
 * A path that cannot be read has its error set; the call succeeds if any path answered.
 * Free with mpathpr_key_matrix_free().
 */
int mpathpr_read_key_matrix(struct mpathpr_dev *dev, struct mpathpr_key_matrix **ret_matrix,
			    struct mpathpr_report *report);
void mpathpr_key_matrix_free(struct mpathpr_key_matrix *matrix);

/**
 * mpathpr_read_prin() - one PERSISTENT RESERVE IN with the caller's
 * allocation length, its answer as the device sent it.
 * @dev:		the device
 * @service_action:	0 READ KEYS, 1 READ RESERVATION, 2 REPORT CAPABILITIES,
 *			3 READ FULL STATUS
 * @alloc_len:		the ALLOCATION LENGTH of the CDB (1-65535); @buf holds as many bytes
 * @buf:		the response bytes, undecoded
 * @ret_len:		how many bytes the device sent
 * @report:		may be NULL
 *
 * Sent through the first usable path that answers, like the other reads.
 * Unlike them it never asks again with a larger length: a device answers a
 * short allocation length in its own way (a list of whole descriptors, or
 * just the header), and tools that reproduce another program's output for
 * a given length (mpathpersist -l) need exactly that answer.
 * Return: 0, -EINVAL, or the errors of the other reads.
 */
int mpathpr_read_prin(struct mpathpr_dev *dev, uint8_t service_action, uint16_t alloc_len,
		      void *buf, size_t *ret_len, struct mpathpr_report *report);

/* What READ FULL STATUS says about one path's own I_T nexus. */
enum mpathpr_nexus_reg {
	MPATHPR_NEXUS_UNKNOWN = 0,	/* cannot tell; ->error says why */
	MPATHPR_NEXUS_UNREGISTERED,	/* the device lists no registration for it */
	MPATHPR_NEXUS_REGISTERED,	/* registered, with ->key */
};

/* One path and the registration of its I_T nexus. */
struct mpathpr_path_nexus {
	struct mpathpr_path_info path;
	char initiator_port[264];	/* TransportID as text: "iqn...,i,0x<ISID>",
					 * "0x<WWPN>"; "" if not identified */
	char target_port[224];		/* as sysfs names it: "iqn...,t,1", "0x<WWPN>"; "" */
	bool rel_tgt_port_valid;
	uint16_t rel_tgt_port;		/* relative target port identifier (VPD 0x83) */
	enum mpathpr_nexus_reg reg;
	uint64_t key;			/* REGISTERED: the nexus's reservation key */
	bool holder;			/* REGISTERED: the nexus holds the reservation */
	int error;			/* UNKNOWN: why, see mpathpr_read_nexus_status() */
};

struct mpathpr_nexus_status {
	uint32_t generation;
	size_t count;			/* every path of the device, in mpathpr_dev_path() order */
	struct mpathpr_path_nexus paths[];
};

/**
 * mpathpr_read_nexus_status() - the registration of each path's own I_T nexus.
 * @dev:	the device
 * @ret_status:	one entry per path; free with free()
 * @report:	may be NULL
 *
 * READ KEYS lists the keys of every nexus of the LU and cannot tell which
 * path is registered: a path that came back after the registration has a
 * nexus without a key, and PR OUT commands through it (a PREEMPT that
 * fences) get RESERVATION CONFLICT.
 * This sends one READ FULL STATUS (through the first usable path that
 * answers) and matches each registration's TransportID and relative target
 * port with the identity of each path's nexus, which the library reads from
 * sysfs when the device is opened (iSCSI: the session's initiator name and
 * open-iscsi's ISID; FC: the host's port name; the relative target port from
 * the path's VPD page 0x83).  Whether a path is registered with a given key
 * is reg == MPATHPR_NEXUS_REGISTERED && key == that key.  It never guesses;
 * a path is MPATHPR_NEXUS_UNKNOWN with ->error:
 *   -EOPNOTSUPP  the device rejected READ FULL STATUS (every path)
 *   -ENODATA     the path's nexus could not be identified from sysfs (SAS,
 *                iSCSI offload logging in in firmware, no page 0x83)
 *   -ENOTUNIQ    the device names only the initiator of a registration (an
 *                iSCSI TransportID without ISID) where the path has one, or
 *                the other way round: it may be another session's
 *   -EOVERFLOW   the response was longer than 65535 bytes: the path's
 *                registration may be in the part not returned
 *   -EPROTO      the device lists two different keys for the nexus
 * Return: 0 (also when some or all paths are unknown), -EINVAL, -ENOMEM, or
 * the error of READ FULL STATUS other than -EOPNOTSUPP (see the top of this
 * file).
 */
int mpathpr_read_nexus_status(struct mpathpr_dev *dev, struct mpathpr_nexus_status **ret_status,
			      struct mpathpr_report *report);

/* ---- following the paths ---- */

/* What mpathpr_register_missing() did. */
struct mpathpr_repair_result {
	size_t registered;	/* usable paths whose nexus it registered the key on */
	size_t present;		/* usable paths whose nexus already had the key */
	size_t unknown;		/* usable paths whose nexus could not be judged
				 * (see mpathpr_read_nexus_status()): left alone */
};

/**
 * mpathpr_register_missing() - register @key on every usable path whose
 * I_T nexus lacks it, as long as this node is not fenced.
 * @dev:	the device (its paths as of mpathpr_dev_open())
 * @key:	this node's key
 * @report:	may be NULL
 * @ret_result:	what was done
 *
 * A path that comes back after the registration (a cable, a re-login with a
 * new ISID, a new target port) joins without the key: its writes and the
 * PREEMPT of a fence sent through it get RESERVATION CONFLICT.  This reads
 * READ FULL STATUS (see mpathpr_read_nexus_status()) and sends REGISTER AND
 * IGNORE EXISTING KEY, in parallel, on each usable path the device lists no
 * registration for, only if @key is still registered on the LU through
 * another nexus, keeping persistence through power loss as the LU has it.
 * A READ FULL STATUS afterwards must still show @key on a nexus other than
 * those just registered; if not, the node was fenced meanwhile, the new
 * registrations are removed again and the call fails with -EKEYREVOKED.
 * Paths whose nexus holds another key or cannot be identified are left
 * alone.  The call ends by the context's deadline or call budget; a path
 * that does not answer its REGISTER costs at most the io timeout.
 * Return: 0 when every usable path lacking the key got it, -EKEYREVOKED
 * when @key is registered nowhere on the LU (the node was fenced: nothing
 * is sent), -EOPNOTSUPP when the device rejects READ FULL STATUS (nothing is
 * sent: READ KEYS cannot tell which nexus lacks the key), -EOVERFLOW when
 * its answer was cut short, -EINVAL, -ENOMEM, or the error of the first path
 * whose REGISTER failed (the others are registered; the report names it).
 */
int mpathpr_register_missing(struct mpathpr_dev *dev, uint64_t key,
			     struct mpathpr_report *report,
			     struct mpathpr_repair_result *ret_result);

/* ---- helpers ---- */

/**
 * mpathpr_key_parse() - parse a key: 1-16 hex digits, optional 0x, any case,
 * leading zeros ignored, zero refused.  Return: 0 or -EINVAL.
 */
int mpathpr_key_parse(const char *text, uint64_t *ret_key);

#define MPATHPR_KEY_FORMAT_LEN	19	/* "0x" + 16 hex digits + NUL */
/**
 * mpathpr_key_format() - @key as "0x" and 16 lowercase hex digits, the way
 * sg_persist and fence_mpath print keys, into @buf.  Return: @buf.
 */
char *mpathpr_key_format(uint64_t key, char buf[MPATHPR_KEY_FORMAT_LEN]);
/** mpathpr_strerror() - a short text for a negative errno returned by this library. */
const char *mpathpr_strerror(int err);
/** mpathpr_version() - the library's version string. */
const char *mpathpr_version(void);

#ifdef __cplusplus
}
#endif

#endif /* MPATHPR_MPATHPR_H */
