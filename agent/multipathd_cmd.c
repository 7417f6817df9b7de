// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * multipathd_cmd.c - one command to multipathd, never waiting past a deadline.
 *
 * The socket is non-blocking and every step polls against one deadline for
 * the whole exchange, so a multipathd that accepts and never answers (hung,
 * or busy reconfiguring) costs the caller at most @timeout_ms.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "agent/multipathd_cmd.h"

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Wait for @events on @fd until @deadline (ms, CLOCK_MONOTONIC). */
static int wait_fd(int fd, short events, int64_t deadline)
{
	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = events };
		int64_t left = deadline - now_ms();
		int n;

		if (left <= 0)
			return -ETIMEDOUT;
		n = poll(&pfd, 1, (int)left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -ETIMEDOUT;
		/* POLLHUP/POLLERR: the read or write says what happened */
		return 0;
	}
}

static int connect_abstract(const char *name, int64_t deadline, int *ret_fd)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	size_t n = strlen(name);
	socklen_t len;
	int fd, r, err = 0;
	socklen_t errlen = sizeof(err);

	if (n == 0 || n + 1 > sizeof(sa.sun_path))
		return -EINVAL;
	/* abstract: a NUL, then the name, and the length says where it ends */
	memcpy(sa.sun_path + 1, name, n);
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sa, len) == 0) {
		*ret_fd = fd;
		return 0;
	}
	r = -errno;
	/* a full listen backlog: the answer comes when multipathd accepts */
	if (r == -EAGAIN || r == -EINPROGRESS) {
		r = wait_fd(fd, POLLOUT, deadline);
		if (r == 0 && getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &errlen) < 0)
			r = -errno;
		else if (r == 0 && err)
			r = -err;
	}
	if (r < 0) {
		close(fd);
		/* no listener on an abstract name is ECONNREFUSED; ENOENT is said too */
		return r == -ENOENT ? -ECONNREFUSED : r;
	}
	*ret_fd = fd;
	return 0;
}

static int send_all(int fd, const void *buf, size_t len, int64_t deadline)
{
	const char *p = buf;

	while (len) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
		int r;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {
			r = wait_fd(fd, POLLOUT, deadline);
			if (r < 0)
				return r;
			continue;
		}
		if (n < 0)
			return -errno;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int recv_all(int fd, void *buf, size_t len, int64_t deadline)
{
	char *p = buf;

	while (len) {
		ssize_t n = recv(fd, p, len, 0);
		int r;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {
			r = wait_fd(fd, POLLIN, deadline);
			if (r < 0)
				return r;
			continue;
		}
		if (n < 0)
			return -errno;
		if (n == 0)
			return -EPROTO;	/* closed in the middle of a packet */
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int fence_multipathd_cmd(const char *socket_name, const char *cmd, unsigned int timeout_ms,
			 char *reply, size_t replylen)
{
	int64_t deadline = now_ms() + timeout_ms;
	size_t len = strlen(cmd) + 1;	/* the NUL travels too */
	int fd = -1, r;

	if (replylen == 0)
		return -EINVAL;
	reply[0] = '\0';
	r = connect_abstract(socket_name, deadline, &fd);
	if (r < 0)
		return r;
	r = send_all(fd, &len, sizeof(len), deadline);
	if (r == 0)
		r = send_all(fd, cmd, len, deadline);
	if (r == 0)
		r = recv_all(fd, &len, sizeof(len), deadline);
	if (r == 0 && (len == 0 || len > FENCE_MULTIPATHD_REPLY_MAX))
		r = -EPROTO;
	else if (r == 0 && len > replylen)
		r = -EMSGSIZE;
	if (r == 0)
		r = recv_all(fd, reply, len, deadline);
	close(fd);
	if (r < 0) {
		reply[0] = '\0';
		return r;
	}
	/* the length counts the NUL; a sender that left it out loses its last byte */
	reply[len - 1] = '\0';
	return 0;
}

bool fence_multipathd_reply_ok(const char *reply)
{
	/* what libmpathpersist checks: the answer begins with "ok" */
	return strncmp(reply, "ok", 2) == 0;
}
