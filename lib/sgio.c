/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * sgio.c - the SG_IO transport (see sgio.h).  The only ioctl(SG_IO) in the
 * tree: one command, one ioctl, no retries, no classification.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <scsi/sg.h>
#include <sys/ioctl.h>

#include "sense.h"
#include "sgio.h"

static uint64_t monotonic_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

int mpr_sgio_open(const char *devnode, int *ret_fd)
{
	int fd;

	if (!devnode || !ret_fd)
		return -EINVAL;
	fd = open(devnode, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	*ret_fd = fd;
	return 0;
}

void mpr_sgio_close(int fd)
{
	if (fd >= 0)
		close(fd);
}

static int dxfer_direction(enum mpr_dir dir)
{
	switch (dir) {
	case MPR_DIR_TO_DEV:
		return SG_DXFER_TO_DEV;
	case MPR_DIR_FROM_DEV:
		return SG_DXFER_FROM_DEV;
	default:
		return SG_DXFER_NONE;
	}
}

static bool cmd_is_valid(const struct mpr_cmd *cmd)
{
	if (cmd->cdb_len < 6 || cmd->cdb_len > MPR_CDB_MAX)
		return false;
	if (cmd->dir == MPR_DIR_NONE)
		return true;
	if (cmd->dir != MPR_DIR_TO_DEV && cmd->dir != MPR_DIR_FROM_DEV)
		return false;
	return cmd->data_len == 0 || cmd->data;
}

/* Copy what the ioctl reported into @ret (which the caller zeroed). */
static void fill_result(const sg_io_hdr_t *hdr, const uint8_t *sense,
			const struct mpr_cmd *cmd, struct mpr_cmd_result *ret)
{
	int resid = hdr->resid;

	/* SAM status byte; bit 0 and the top bit are reserved/vendor */
	ret->scsi_status = hdr->status & 0x7e;
	/* as the kernel reports it: before 6.0 a RESERVATION CONFLICT comes
	 * with DID_NEXUS_FAILURE here, and sense.c reads the status first */
	ret->host_status = hdr->host_status;
	/* the high nibble holds obsolete "suggest" bits */
	ret->driver_status = hdr->driver_status & 0x0f;
	ret->sense_len = hdr->sb_len_wr < MPR_SENSE_MAX ? hdr->sb_len_wr : MPR_SENSE_MAX;
	memcpy(ret->sense_raw, sense, ret->sense_len);
	if (mpr_sense_decode(ret->sense_raw, ret->sense_len, &ret->sense) < 0)
		memset(&ret->sense, 0, sizeof(ret->sense));
	if (cmd->dir != MPR_DIR_NONE) {
		/* some drivers report nonsense residuals; stay within the buffer */
		if (resid < 0)
			resid = 0;
		if ((uint32_t)resid > cmd->data_len)
			resid = cmd->data_len;
		ret->transferred = cmd->data_len - (uint32_t)resid;
	}
	ret->timed_out = ret->host_status == MPR_DID_TIME_OUT ||
			 ret->driver_status == MPR_DRIVER_TIMEOUT;
}

int mpr_sgio_submit(int fd, const struct mpr_cmd *cmd, struct mpr_cmd_result *ret)
{
	uint8_t cdb[MPR_CDB_MAX];
	uint8_t sense[MPR_SENSE_MAX] = {};
	sg_io_hdr_t hdr = {};
	uint64_t start;
	int r;

	if (!ret)
		return -EINVAL;
	memset(ret, 0, sizeof(*ret));
	ret->attempts = 1;
	if (!cmd || !cmd_is_valid(cmd)) {
		ret->os_error = EINVAL;
		return -EINVAL;
	}
	/* the kernel takes a non-const cdb pointer */
	memcpy(cdb, cmd->cdb, cmd->cdb_len);
	hdr.interface_id = 'S';
	hdr.dxfer_direction = dxfer_direction(cmd->dir);
	hdr.cmd_len = cmd->cdb_len;
	hdr.cmdp = cdb;
	hdr.mx_sb_len = sizeof(sense);
	hdr.sbp = sense;
	hdr.dxfer_len = cmd->dir == MPR_DIR_NONE ? 0 : cmd->data_len;
	hdr.dxferp = cmd->dir == MPR_DIR_NONE ? NULL : cmd->data;
	hdr.timeout = cmd->timeout_ms ? cmd->timeout_ms : MPR_SGIO_DEFAULT_TIMEOUT_MS;

	start = monotonic_us();
	/* On a block device node SG_IO waits uninterruptibly, so EINTR means
	 * the command was never queued and reissuing it is safe.  (An sg char
	 * device would orphan an interrupted command; we never open those.) */
	do
		r = ioctl(fd, SG_IO, &hdr);
	while (r < 0 && errno == EINTR);
	ret->duration_us = monotonic_us() - start;
	if (r < 0) {
		ret->os_error = errno;
		ret->timed_out = errno == ETIMEDOUT;
		return -ret->os_error;
	}
	fill_result(&hdr, sense, cmd, ret);
	return 0;
}

static int sgio_open_op(void *priv, const char *devnode, int *ret_handle)
{
	(void)priv;
	return mpr_sgio_open(devnode, ret_handle);
}

static int sgio_submit_op(void *priv, int handle, const struct mpr_cmd *cmd,
			  struct mpr_cmd_result *ret)
{
	(void)priv;
	return mpr_sgio_submit(handle, cmd, ret);
}

static void sgio_close_op(void *priv, int handle)
{
	(void)priv;
	mpr_sgio_close(handle);
}

static const struct mpr_transport_ops sgio_ops = {
	.open = sgio_open_op,
	.submit = sgio_submit_op,
	.close = sgio_close_op,
};

void mpr_sgio_transport_init(struct mpr_transport *ret)
{
	ret->ops = &sgio_ops;
	ret->priv = NULL;
}
