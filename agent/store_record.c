// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * store_record.c - the mpath.devices file written: under an flock, the
 * store loaded, the devices merged in, written to a temp file, fsynced and
 * renamed over the store (store.h says why).
 */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/cleanup.h"
#include "common/file_replace.h"
#include "store.h"

#define STORE_TMP_PREFIX "." FENCE_STORE_FILE "."
#define STORE_KEY_LEN 17	/* 16 hex digits + NUL */

/*
 * A key as fence_mpath writes it: lowercase hex, no "0x", no leading zeros.
 * fence_mpath_check and fence_mpath_check_hardreboot compare this text with
 * what follows "0x" in mpathpersist's READ KEYS output (PRIx64): any other
 * spelling makes them believe the node was fenced.
 */
static char *store_key_text(uint64_t key, char buf[STORE_KEY_LEN])
{
	snprintf(buf, STORE_KEY_LEN, "%" PRIx64, key);
	return buf;
}

/* mkdir -p with mode 0700 for what we create; existing directories are kept. */
static int store_mkdirs(const char *dir)
{
	char buf[PATH_MAX];
	size_t len = strlen(dir);

	if (len == 0 || len >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, dir, len + 1);
	for (char *p = buf + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char saved = *p;

		*p = '\0';
		if (mkdir(buf, 0700) < 0 && errno != EEXIST)
			return -errno;
		*p = saved;
		if (saved == '\0')
			break;
	}
	return 0;
}

static int store_lock(const char *dir, int *ret_fd)
{
	char path[PATH_MAX];
	struct stat st;
	int fd, r;

	r = fence_store_path(path, sizeof(path), dir, FENCE_STORE_LOCK);
	if (r < 0)
		return r;
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY, 0600);
	if (fd < 0)
		return -errno;
	r = fstat(fd, &st) < 0 ? -errno : S_ISREG(st.st_mode) ? 0 : -EINVAL;
	while (r == 0 && flock(fd, LOCK_EX) < 0)
		if (errno != EINTR)
			r = -errno;
	if (r < 0) {
		close(fd);
		return r;
	}
	*ret_fd = fd;
	return 0;
}

/*
 * Temp files left by a writer that was killed.  Only called with the lock
 * held, and a writer holds the lock for as long as its temp file exists, so
 * every temp file seen here is stale.
 */
static void store_remove_stale(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d)))
		if (strncmp(de->d_name, STORE_TMP_PREFIX, strlen(STORE_TMP_PREFIX)) == 0)
			unlinkat(dirfd(d), de->d_name, 0);
	closedir(d);
}

static int store_format(const struct fence_store *s, char **ret_buf, size_t *ret_len)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return -ENOMEM;
	for (size_t i = 0; i < s->count; i++) {
		char key[STORE_KEY_LEN];

		fprintf(f, "%s\t%s\n", s->entries[i].device, store_key_text(s->entries[i].key, key));
	}
	if (fclose(f) != 0) {
		free(buf);
		return -ENOMEM;
	}
	*ret_buf = buf;
	*ret_len = len;
	return 0;
}

/*
 * Write @s to a temp file in @dir and rename it over the store.  A failed
 * fsync of @dir is an error here: `on` then fails rather than report devices
 * recorded in a rename that a crash could still undo (off and the watchdog
 * checks read the store).
 */
static int store_replace(const char *dir, const struct fence_store *s)
{
	char tmp[PATH_MAX], path[PATH_MAX];
	_cleanup_free_ char *buf = NULL;
	size_t len = 0;
	int r;

	r = fence_store_path(tmp, sizeof(tmp), dir, STORE_TMP_PREFIX "XXXXXX");
	if (r == 0)
		r = fence_store_path(path, sizeof(path), dir, FENCE_STORE_FILE);
	if (r == 0)
		r = store_format(s, &buf, &len);
	if (r < 0)
		return r;
	return mpr_file_replace(path, tmp, buf, len, MPR_DIR_SYNC_REQUIRED);
}

static bool store_device_name_ok(const char *dev)
{
	if (!dev || !*dev || dev[0] == '#')
		return false;
	for (const char *p = dev; *p; p++)
		if (isspace((unsigned char)*p))
			return false;
	return true;
}

int fence_store_record_err(const char *dir, const char *const *devices, size_t n, uint64_t key,
			   char *err, size_t errlen)
{
	struct fence_store *s = NULL;
	_cleanup_close_ int lock_fd = -1;
	int r;

	if (err && errlen)
		err[0] = '\0';
	if (!dir || !*dir || key == 0 || (n > 0 && !devices) || n > FENCE_STORE_MAX_ENTRIES)
		return -EINVAL;
	for (size_t i = 0; i < n; i++)
		if (!store_device_name_ok(devices[i]))
			return -EINVAL;
	r = store_mkdirs(dir);
	if (r == 0)
		r = store_lock(dir, &lock_fd);
	if (r < 0)
		return r;
	store_remove_stale(dir);
	r = fence_store_load_err(dir, &s, err, errlen);
	if (r < 0)
		return r;
	r = fence_store_merge(s, devices, n, key);
	if (r == 0)
		r = store_replace(dir, s);
	fence_store_free(s);
	return r;
}

int fence_store_record(const char *dir, const char *const *devices, size_t n, uint64_t key)
{
	return fence_store_record_err(dir, devices, n, key, NULL, 0);
}
