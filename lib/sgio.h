/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * sgio.h - the production transport: SG_IO on a path's block device node.
 *
 * sgio.c is the only file in the tree that calls ioctl(fd, SG_IO, ...).  It
 * sends each command exactly once: retrying is cmd_exec.c's job, classifying
 * the outcome is sense.c's.
 */
#ifndef MPATHPR_SGIO_H
#define MPATHPR_SGIO_H

#include "transport.h"

/* Per-attempt timeout used when a command carries timeout_ms == 0. */
#define MPR_SGIO_DEFAULT_TIMEOUT_MS	10000

/**
 * mpr_sgio_transport_init() - point @ret at the SG_IO transport.
 * @ret: the transport to fill (ops: open/submit/close; sleep_us and now_us are
 *       NULL, i.e. nanosleep and CLOCK_MONOTONIC)
 */
void mpr_sgio_transport_init(struct mpr_transport *ret);

/**
 * mpr_sgio_open() - open a path device for SG_IO.
 * @devnode: e.g. "/dev/sdc"
 * @ret_fd:  the file descriptor (the transport's handle)
 *
 * Opens O_RDWR|O_NONBLOCK|O_CLOEXEC, one mode for PR IN and OUT, as
 * sg_persist does unless told --readonly.  The open mode does not unlock PR
 * commands: the kernel's SG_IO command filter (scsi_cmd_allowed) lists
 * neither PERSISTENT RESERVE IN nor OUT, so both need CAP_SYS_RAWIO and fail
 * with EPERM otherwise, whatever the mode.  Read-write still matters for
 * the commands the filter does list and keeps one code path.  O_NONBLOCK
 * lets the open succeed on a device that is not ready.
 *
 * Return: 0 or the negative errno of open(2) (-ENOENT, -ENXIO, -EACCES ...).
 */
int mpr_sgio_open(const char *devnode, int *ret_fd);

/**
 * mpr_sgio_submit() - send one command with one SG_IO ioctl.
 * @fd:  from mpr_sgio_open() (or any descriptor supporting SG_IO)
 * @cmd: the command; timeout_ms 0 means MPR_SGIO_DEFAULT_TIMEOUT_MS
 * @ret: the outcome; always written (zeroed first, attempts = 1)
 *
 * Note the block layer raises timeouts below 7 s (BLK_MIN_SG_TIMEOUT) to
 * 7 s, so a short @cmd->timeout_ms is a wish, not a bound.
 *
 * scsi_status is the SAM status byte (hdr.status & 0x7e), driver_status the
 * driver byte without the "suggest" bits (& 0x0f), sense is copied
 * (sb_len_wr bytes) and decoded, transferred is dxfer_len - resid clamped
 * to [0, data_len], duration measured with CLOCK_MONOTONIC; timed_out is set
 * for DID_TIME_OUT, DRIVER_TIMEOUT or ETIMEDOUT.  EINTR restarts the ioctl.
 *
 * Return: 0 when the command was issued (whatever its SCSI outcome), or a
 * negative errno (-EINVAL for a malformed @cmd, the ioctl's errno such as
 * -ENOTTY for a descriptor that is no SCSI device); ret->os_error holds the
 * same errno, positive.
 */
int mpr_sgio_submit(int fd, const struct mpr_cmd *cmd, struct mpr_cmd_result *ret);

/** mpr_sgio_close() - close a descriptor from mpr_sgio_open(); negative @fd is ignored. */
void mpr_sgio_close(int fd);

#endif /* MPATHPR_SGIO_H */
