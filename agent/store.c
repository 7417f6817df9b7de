// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * store.c - the mpath.devices file: load without locks (writers replace the
 * file atomically), record under an flock with temp file + fsync + rename.
 */
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

#include "cleanup.h"
#include "mpathpr/mpathpr.h"
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

static int store_join(char *buf, size_t len, const char *dir, const char *name)
{
	int n = snprintf(buf, len, "%s/%s", dir, name);

	if (n < 0 || (size_t)n >= len)
		return -ENAMETOOLONG;
	return 0;
}

void fence_store_free(struct fence_store *store)
{
	if (!store)
		return;
	for (size_t i = 0; i < store->count; i++)
		free(store->entries[i].device);
	free(store->entries);
	free(store);
}

/* Replace the key of @device's entry, or append one. */
static int store_put(struct fence_store *s, const char *device, uint64_t key)
{
	struct fence_store_entry *e;
	char *copy;

	for (size_t i = 0; i < s->count; i++) {
		if (strcmp(s->entries[i].device, device) == 0) {
			s->entries[i].key = key;
			return 0;
		}
	}
	copy = strdup(device);
	if (!copy)
		return -ENOMEM;
	e = reallocarray(s->entries, s->count + 1, sizeof(*e));
	if (!e) {
		free(copy);
		return -ENOMEM;
	}
	s->entries = e;
	s->entries[s->count].device = copy;
	s->entries[s->count].key = key;
	s->count++;
	return 0;
}

/* One "device key" line; blank lines and '#' comments are skipped. */
static int store_parse_line(struct fence_store *s, char *line)
{
	char *save = NULL, *dev, *key_text;
	uint64_t key;

	dev = strtok_r(line, " \t\r\n", &save);
	if (!dev || dev[0] == '#')
		return 0;
	key_text = strtok_r(NULL, " \t\r\n", &save);
	if (!key_text || strtok_r(NULL, " \t\r\n", &save))
		return -EBADMSG;
	if (mpathpr_key_parse(key_text, &key) < 0)
		return -EBADMSG;
	return store_put(s, dev, key);
}

static int store_parse(FILE *f, struct fence_store *s)
{
	_cleanup_free_ char *line = NULL;
	size_t cap = 0;
	int r;

	errno = 0;
	while (getline(&line, &cap, f) >= 0) {
		r = store_parse_line(s, line);
		if (r < 0)
			return r;
	}
	if (ferror(f))
		return errno ? -errno : -EIO;
	return 0;
}

int fence_store_load(const char *dir, struct fence_store **ret)
{
	char path[PATH_MAX];
	struct fence_store *s;
	FILE *f;
	int fd, r;

	if (!dir || !ret)
		return -EINVAL;
	r = store_join(path, sizeof(path), dir, FENCE_STORE_FILE);
	if (r < 0)
		return r;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		r = -errno;
		if (r == -ENOENT) {
			*ret = s;
			return 0;
		}
		free(s);
		return r;
	}
	f = fdopen(fd, "r");
	if (!f) {
		r = -errno;
		close(fd);
		free(s);
		return r;
	}
	r = store_parse(f, s);
	fclose(f);
	if (r < 0) {
		fence_store_free(s);
		return r;
	}
	*ret = s;
	return 0;
}

/* Same device: same name, or both resolve to the same node. */
static bool store_same_device(const char *a, const char *b)
{
	char ra[PATH_MAX], rb[PATH_MAX];

	if (strcmp(a, b) == 0)
		return true;
	if (!realpath(a, ra) || !realpath(b, rb))
		return false;
	return strcmp(ra, rb) == 0;
}

int fence_store_lookup(const struct fence_store *store, const char *device, uint64_t *ret_key)
{
	if (!store || !device)
		return -ENOENT;
	/* An exact name wins over one that merely resolves to the same node. */
	for (size_t i = 0; i < store->count; i++) {
		if (strcmp(store->entries[i].device, device) == 0) {
			*ret_key = store->entries[i].key;
			return 0;
		}
	}
	for (size_t i = 0; i < store->count; i++) {
		if (store_same_device(store->entries[i].device, device)) {
			*ret_key = store->entries[i].key;
			return 0;
		}
	}
	return -ENOENT;
}

bool fence_store_has_key(const struct fence_store *store, uint64_t key)
{
	for (size_t i = 0; store && i < store->count; i++)
		if (store->entries[i].key == key)
			return true;
	return false;
}

int fence_store_check_readable(const char *dir)
{
	struct fence_store *s = NULL;
	int r = fence_store_load(dir, &s);

	fence_store_free(s);
	return r;
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
	int fd, r;

	r = store_join(path, sizeof(path), dir, FENCE_STORE_LOCK);
	if (r < 0)
		return r;
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return -errno;
	while (flock(fd, LOCK_EX) < 0) {
		if (errno != EINTR) {
			r = -errno;
			close(fd);
			return r;
		}
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

static int store_write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
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

/* Write @s to a temp file in @dir and rename it over the store. */
static int store_replace(const char *dir, const struct fence_store *s)
{
	char tmp[PATH_MAX], path[PATH_MAX];
	_cleanup_free_ char *buf = NULL;
	_cleanup_close_ int dfd = -1;
	size_t len = 0;
	int fd, r;

	r = store_join(tmp, sizeof(tmp), dir, STORE_TMP_PREFIX "XXXXXX");
	if (r == 0)
		r = store_join(path, sizeof(path), dir, FENCE_STORE_FILE);
	if (r == 0)
		r = store_format(s, &buf, &len);
	if (r < 0)
		return r;
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return -errno;
	r = fchmod(fd, 0600) < 0 ? -errno : 0;
	if (r == 0)
		r = store_write_all(fd, buf, len);
	if (r == 0 && fsync(fd) < 0)
		r = -errno;
	if (close(fd) < 0 && r == 0)
		r = -errno;
	if (r == 0 && rename(tmp, path) < 0)
		r = -errno;
	if (r < 0) {
		unlink(tmp);
		return r;
	}
	/* The rename itself must survive a crash too. */
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0 || fsync(dfd) < 0)
		return -errno;
	return 0;
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

int fence_store_record(const char *dir, const char *const *devices, size_t n, uint64_t key)
{
	struct fence_store *s = NULL;
	_cleanup_close_ int lock_fd = -1;
	int r;

	if (!dir || !*dir || key == 0 || (n > 0 && !devices))
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
	r = fence_store_load(dir, &s);
	if (r < 0)
		return r;
	for (size_t i = 0; i < n && r == 0; i++)
		r = store_put(s, devices[i], key);
	if (r == 0)
		r = store_replace(dir, s);
	fence_store_free(s);
	return r;
}
