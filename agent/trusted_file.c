// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * trusted_file.c - open the agent's files by descriptor and judge what was
 * opened, not the path (trusted_file.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/cleanup.h"
#include "escape.h"
#include "trusted_file.h"

__attribute__((format(printf, 5, 6)))
static int tf_fail(char *err, size_t errlen, int r, const char *path, const char *fmt, ...)
{
	char what[256], esc[PATH_MAX];
	va_list ap;

	if (!err || errlen == 0)
		return r;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	snprintf(err, errlen, "%s: %s", fence_escape(path, esc, sizeof(esc)), what);
	return r;
}

static const char *tf_kind(mode_t mode)
{
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISSOCK(mode))
		return "a socket";
	if (S_ISCHR(mode))
		return "a character device";
	if (S_ISBLK(mode))
		return "a block device";
	if (S_ISLNK(mode))
		return "a symbolic link";
	return "not a regular file";
}

/* Owned by root or by us, writable by nobody else. */
static int tf_check_file(const struct stat *st, const char *path, char *err, size_t errlen)
{
	uid_t me = geteuid();

	if (!S_ISREG(st->st_mode))
		return tf_fail(err, errlen, -EINVAL, path, "is %s, not a regular file",
			       tf_kind(st->st_mode));
	if (st->st_uid != 0 && st->st_uid != me)
		return tf_fail(err, errlen, -EPERM, path, "is owned by uid %u, neither root nor "
			       "the user the agent runs as (uid %u): not trusted",
			       (unsigned int)st->st_uid, (unsigned int)me);
	if (st->st_mode & (S_IWGRP | S_IWOTH))
		return tf_fail(err, errlen, -EPERM, path, "is writable by %s (mode %04o): not "
			       "trusted", (st->st_mode & S_IWGRP) && (st->st_mode & S_IWOTH) ?
			       "group and others" : st->st_mode & S_IWGRP ? "its group" : "others",
			       (unsigned int)(st->st_mode & 07777));
	return 0;
}

/* @dir opened: everyone may replace files in it only with the sticky bit set. */
static int tf_open_dir(const char *dir, char *err, size_t errlen)
{
	struct stat st;
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (dfd < 0) {
		int r = -errno;

		if (r == -ENOENT)
			return r;
		if (r == -ENOTDIR)
			return tf_fail(err, errlen, r, dir, "is not a directory");
		return tf_fail(err, errlen, r, dir, "cannot open the directory: %s", strerror(-r));
	}
	if (fstat(dfd, &st) < 0) {
		int r = -errno;

		close(dfd);
		return tf_fail(err, errlen, r, dir, "cannot stat the directory: %s", strerror(-r));
	}
	if ((st.st_mode & S_IWOTH) && !(st.st_mode & S_ISVTX)) {
		close(dfd);
		return tf_fail(err, errlen, -EPERM, dir, "directory is writable by everyone without "
			       "the sticky bit (mode %04o): anyone could replace its files",
			       (unsigned int)(st.st_mode & 07777));
	}
	return dfd;
}

static int tf_join(char *buf, size_t len, const char *dir, const char *name)
{
	size_t n = strlen(dir);
	int k = snprintf(buf, len, "%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/", name);

	return k < 0 || (size_t)k >= len ? -ENAMETOOLONG : 0;
}

/* Why openat() of @name failed, with the kind of file when it is not one. */
static int tf_open_failed(int dfd, const char *name, const char *path, int r, char *err,
			  size_t errlen)
{
	struct stat st;

	if (r == -ENOENT)
		return r;
	if (r == -ELOOP)
		return tf_fail(err, errlen, r, path, "is a symbolic link: not followed");
	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISREG(st.st_mode))
		return tf_fail(err, errlen, -EINVAL, path, "is %s, not a regular file",
			       tf_kind(st.st_mode));
	return tf_fail(err, errlen, r, path, "cannot open: %s", strerror(-r));
}

/* Read until end of file, at most @max bytes: one more is an error. */
static int tf_read_all(int fd, size_t size_hint, size_t max, const char *path, char **ret_buf,
		       size_t *ret_len, char *err, size_t errlen)
{
	size_t cap = (size_hint < max ? size_hint : max) + 1, len = 0;
	_cleanup_free_ char *buf = malloc(cap + 1);

	if (!buf)
		return -ENOMEM;
	for (;;) {
		ssize_t n;

		if (len == cap) {
			size_t bigger = cap * 2 > max + 1 ? max + 1 : cap * 2;
			char *p;

			if (bigger == cap)
				break;
			p = realloc(buf, bigger + 1);
			if (!p)
				return -ENOMEM;
			buf = p;
			cap = bigger;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return tf_fail(err, errlen, -errno, path, "cannot read: %s", strerror(errno));
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (len > max)
		return tf_fail(err, errlen, -EFBIG, path, "is larger than %zu bytes: refused", max);
	buf[len] = '\0';
	*ret_buf = TAKE_PTR(buf);
	*ret_len = len;
	return 0;
}

int fence_file_read_trusted(const char *dir, const char *name, size_t max, char **ret_buf,
			    size_t *ret_len, char *err, size_t errlen)
{
	_cleanup_close_ int dfd = -1, fd = -1;
	char path[PATH_MAX];
	struct stat st;
	int r;

	if (!dir || !name || !ret_buf || !ret_len)
		return -EINVAL;
	r = tf_join(path, sizeof(path), dir, name);
	if (r < 0)
		return tf_fail(err, errlen, r, dir, "path too long");
	dfd = tf_open_dir(dir, err, errlen);
	if (dfd < 0)
		return dfd;
	fd = openat(dfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return tf_open_failed(dfd, name, path, -errno, err, errlen);
	if (fstat(fd, &st) < 0)
		return tf_fail(err, errlen, -errno, path, "cannot stat: %s", strerror(errno));
	r = tf_check_file(&st, path, err, errlen);
	if (r < 0)
		return r;
	if (st.st_size < 0 || (unsigned long long)st.st_size > max)
		return tf_fail(err, errlen, -EFBIG, path, "is larger than %zu bytes (%lld): refused",
			       max, (long long)st.st_size);
	return tf_read_all(fd, (size_t)st.st_size, max, path, ret_buf, ret_len, err, errlen);
}

int fence_file_open_append(const char *path, char *err, size_t errlen)
{
	char dir[PATH_MAX];
	const char *slash, *name;
	_cleanup_close_ int dfd = -1;
	struct stat st;
	int fd, r;

	if (!path || path[0] != '/')
		return tf_fail(err, errlen, -EINVAL, path ? path : "", "is not an absolute path");
	slash = strrchr(path, '/');
	name = slash + 1;
	if (!*name || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return tf_fail(err, errlen, -EINVAL, path, "names no file");
	if ((size_t)(slash - path) >= sizeof(dir))
		return tf_fail(err, errlen, -ENAMETOOLONG, path, "path too long");
	memcpy(dir, path, (size_t)(slash - path));
	dir[slash == path ? 1 : slash - path] = '\0';
	if (slash == path)
		dir[0] = '/';
	dfd = tf_open_dir(dir, err, errlen);
	if (dfd == -ENOENT)
		return tf_fail(err, errlen, dfd, dir, "directory does not exist");
	if (dfd < 0)
		return dfd;
	fd = openat(dfd, name, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW |
		    O_NONBLOCK | O_NOCTTY, 0600);
	if (fd < 0)
		return tf_open_failed(dfd, name, path, -errno, err, errlen);
	r = fstat(fd, &st) < 0 ? tf_fail(err, errlen, -errno, path, "cannot stat: %s",
					  strerror(errno)) : tf_check_file(&st, path, err, errlen);
	if (r == 0 && fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) < 0)
		r = tf_fail(err, errlen, -errno, path, "cannot set blocking mode: %s",
			    strerror(errno));
	if (r < 0) {
		close(fd);
		return r;
	}
	return fd;
}
