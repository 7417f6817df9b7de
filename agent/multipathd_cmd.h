/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * multipathd_cmd.h - one command to multipathd over its control socket,
 * within a deadline.
 *
 * The socket is multipathd's abstract unix stream socket (its name has no
 * file behind it).  A packet, either way, is the length as a native size_t
 * followed by that many bytes of text ending in a NUL; multipathd answers
 * "ok\n" to a command that succeeded with nothing to say, "fail\n" when it
 * failed, "timeout\n" when it could not take its lock in time.
 */
#ifndef FENCE_MPATHPR_MULTIPATHD_CMD_H
#define FENCE_MPATHPR_MULTIPATHD_CMD_H

#include <stdbool.h>
#include <stddef.h>

/* multipathd's socket name (after the leading NUL of an abstract address). */
#define FENCE_MULTIPATHD_SOCKET		"/org/kernel/linux/storage/multipathd"
/* As long as libmpathpersist waits for multipathd's answer. */
#define FENCE_MULTIPATHD_TIMEOUT_MS	4000u
/* Far above any answer to the commands the agent sends. */
#define FENCE_MULTIPATHD_REPLY_MAX	4096u

/**
 * fence_multipathd_cmd() - send @cmd to multipathd and wait for its answer.
 * @socket_name: abstract socket name (FENCE_MULTIPATHD_SOCKET; tests their own)
 * @cmd:	the command, e.g. "setprkey map mpatha key 1a2b"
 * @timeout_ms:	the whole exchange (connect, send, answer) ends by then
 * @reply:	multipathd's answer, NUL-terminated
 * @replylen:	its size (an answer that does not fit is -EMSGSIZE)
 *
 * Return: 0 with @reply set; -ECONNREFUSED when nothing listens on the
 * socket (multipathd is not running); -ETIMEDOUT; -EPROTO for a packet that
 * is not multipathd's (length 0 or above FENCE_MULTIPATHD_REPLY_MAX, closed
 * early); -EMSGSIZE; or the errno of a socket call.
 */
int fence_multipathd_cmd(const char *socket_name, const char *cmd, unsigned int timeout_ms,
			 char *reply, size_t replylen);

/** fence_multipathd_reply_ok() - multipathd's answer says the command succeeded. */
bool fence_multipathd_reply_ok(const char *reply);

#endif /* FENCE_MPATHPR_MULTIPATHD_CMD_H */
