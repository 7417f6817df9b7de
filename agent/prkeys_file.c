// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * prkeys_file.c - write a map's line of multipathd's prkeys file.
 *
 * multipathd edits the file in place under a write lock (fcntl, whole
 * file).  This takes the same lock, then writes a new file and renames it
 * over the old one: the lock is on the old inode, so after taking it the
 * path is checked to still name that inode (a writer that renamed meanwhile
 * means start again), and a crash leaves the old file or the new one.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "agent/prkeys_file.h"
#include "common/file_replace.h"

#define LOCK_RETRY_NS	(10 * 1000 * 1000)

/* The comment a new file starts with, for whoever opens it. */
static const char new_file_head[] =
	"# Persistent reservation keys of the maps with \"reservation_key file\"\n"
	"# (multipath.conf): multipathd registers a map's key on the paths it adds\n"
	"# or reinstates.  Written by multipathd, mpathpersist and fence_mpathpr.\n"
	"# One line a map: 0x<16 hex digits> <wwid> (0X: registered with APTPL).\n";

struct text {
	char *p;
	size_t len;
};

static bool wwid_usable(const char *wwid)
{
	size_t n = strlen(wwid);

	return n > 0 && n < 256 && strcspn(wwid, " \t\r\n#") == n;
}

/* Is @line (without its newline) a line about @wwid: its last field is it? */
static bool line_is_for(const char *line, size_t len, const char *wwid)
{
	size_t n = strlen(wwid);

	while (len && (line[len - 1] == ' ' || line[len - 1] == '\t' || line[len - 1] == '\r'))
		len--;
	if (len < n + 1 || memcmp(line + len - n, wwid, n) != 0)
		return false;
	return line[len - n - 1] == ' ' || line[len - n - 1] == '\t';
}

static int read_fd(int fd, struct text *ret)
{
	char *buf = malloc(FENCE_PRKEYS_MAX_BYTES + 1);
	size_t n = 0;
	ssize_t got;

	if (!buf)
		return -ENOMEM;
	while ((got = pread(fd, buf + n, FENCE_PRKEYS_MAX_BYTES + 1 - n, (off_t)n)) > 0) {
		n += (size_t)got;
		if (n > FENCE_PRKEYS_MAX_BYTES)
			break;
	}
	if (got < 0 || n > FENCE_PRKEYS_MAX_BYTES) {
		int r = got < 0 ? -errno : -EFBIG;

		free(buf);
		return r;
	}
	if (memchr(buf, '\0', n)) {
		free(buf);
		return -EBADMSG;
	}
	ret->p = buf;
	ret->len = n;
	return 0;
}

/* @old without @wwid's lines, then @wwid's new line (if @key). */
static int rewrite(const struct text *old, const char *wwid, uint64_t key, bool aptpl,
		   struct text *ret)
{
	char *out = malloc(old->len + sizeof(new_file_head) + 300);
	size_t n = 0;

	if (!out)
		return -ENOMEM;
	if (old->len == 0) {
		memcpy(out, new_file_head, sizeof(new_file_head) - 1);
		n = sizeof(new_file_head) - 1;
	}
	for (size_t i = 0; i < old->len;) {
		const char *line = old->p + i, *nl = memchr(line, '\n', old->len - i);
		size_t len = nl ? (size_t)(nl - line) : old->len - i;

		i += len + (nl ? 1 : 0);
		if (line_is_for(line, len, wwid))
			continue;
		memcpy(out + n, line, len);
		n += len;
		out[n++] = '\n';	/* a last line without one gets it */
	}
	if (key)
		n += (size_t)sprintf(out + n, "%s%016" PRIx64 " %s\n", aptpl ? "0X" : "0x", key, wwid);
	ret->p = out;
	ret->len = n;
	return 0;
}

/*
 * Beside the old file, renamed over it.  A failed fsync of the directory
 * after the rename is ignored: a crash then leaves the old file or the new
 * one, both whole, and multipathd, which edits the file in place, never
 * syncs a directory for it either.
 */
static int write_new(const char *path, const struct text *t)
{
	char tmp[PATH_MAX];

	if (snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	return mpr_file_replace(path, tmp, t->p, t->len, MPR_DIR_SYNC_BEST_EFFORT);
}

/* Open @path and take its write lock, the inode still being the path's. */
static int open_locked(const char *path, bool create, unsigned int timeout_ms, int *ret_fd)
{
	struct timespec pause = { .tv_nsec = LOCK_RETRY_NS };
	long waited_ms = 0;

	for (;;) {
		struct flock lk = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
		struct stat fst, pst;
		int fd = open(path, O_RDWR | (create ? O_CREAT : 0) | O_CLOEXEC | O_NOFOLLOW |
			      O_NOCTTY | O_NONBLOCK, 0600);
		int r = 0;

		if (fd < 0)
			return errno == EISDIR ? -EINVAL : -errno;
		if (fstat(fd, &fst) < 0)
			r = -errno;
		else if (!S_ISREG(fst.st_mode))
			r = -EINVAL;
		if (r < 0) {
			close(fd);
			return r;
		}
		if (fcntl(fd, F_SETLK, &lk) == 0) {
			if (stat(path, &pst) == 0 && pst.st_dev == fst.st_dev &&
			    pst.st_ino == fst.st_ino) {
				*ret_fd = fd;
				return 0;
			}
			close(fd);	/* replaced while we waited: the new one */
			continue;
		}
		close(fd);
		if (errno != EAGAIN && errno != EACCES)
			return -errno;
		if (waited_ms >= (long)timeout_ms)
			return -ETIMEDOUT;
		nanosleep(&pause, NULL);
		waited_ms += LOCK_RETRY_NS / 1000000;
	}
}

static void ensure_dir(const char *path)
{
	char dir[PATH_MAX];

	snprintf(dir, sizeof(dir), "%s", path);
	/* as multipathd: its directory 0700 when it has to make it; one level */
	if (mkdir(dirname(dir), 0700) < 0 && errno != EEXIST)
		return;	/* open() says why */
}

static const char *why(int r)
{
	switch (r) {
	case -EINVAL:	return "not a regular file";
	case -ELOOP:	return "a symbolic link (not followed)";
	case -EBADMSG:	return "holds a NUL byte: not a prkeys file, left as it is";
	case -EFBIG:	return "too large for a prkeys file";
	case -ETIMEDOUT: return "still locked by another writer";
	default:	return strerror(-r);
	}
}

int fence_prkeys_file_set(const char *path, const char *wwid, uint64_t key, bool aptpl,
			  unsigned int timeout_ms, char *err, size_t errlen)
{
	struct text old = { 0 }, new = { 0 };
	int fd = -1, r;

	err[0] = '\0';
	if (!wwid_usable(wwid)) {
		snprintf(err, errlen, "%s: WWID \"%s\" cannot be a line of it", path, wwid);
		return -EINVAL;
	}
	if (key)
		ensure_dir(path);
	r = open_locked(path, key != 0, timeout_ms, &fd);
	/* nothing recorded where there is no file */
	if (r == -ENOENT && !key)
		return 0;
	if (r == 0)
		r = read_fd(fd, &old);
	if (r == 0)
		r = rewrite(&old, wwid, key, aptpl, &new);
	if (r == 0 && (new.len != old.len || memcmp(new.p, old.p, new.len) != 0))
		r = write_new(path, &new);
	if (fd >= 0)
		close(fd);	/* and with it the lock */
	free(old.p);
	free(new.p);
	if (r < 0)
		snprintf(err, errlen, "%s: %s", path, why(r));
	return r;
}
