// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * store.c - the mpath.devices file read: loaded without locks (writers
 * replace the file atomically, store_record.c), indexed by device so that
 * loading and merging stay linear, looked up.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/cleanup.h"
#include "escape.h"
#include "mpathpr/mpathpr.h"
#include "store.h"
#include "trusted_file.h"


int fence_store_path(char *buf, size_t len, const char *dir, const char *name)
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

/*
 * Device name -> entry, so that loading and recording stay linear in the
 * number of entries: open addressing over a power-of-two table holding
 * entry index + 1 (0: free slot), at most half full.
 */
struct store_index {
	size_t *slot;
	size_t mask;
};

static uint64_t store_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ull;
	}
	/* FNV's low bits, the ones the mask keeps, see only low bits: mix the high ones in */
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	return h;
}

static int store_index_init(struct store_index *ix, size_t entries)
{
	size_t size = 16;

	while (size < entries * 2 + 1)
		size *= 2;
	ix->slot = calloc(size, sizeof(*ix->slot));
	ix->mask = size - 1;
	return ix->slot ? 0 : -ENOMEM;
}

/* The slot of @device: the one holding it, or the free one it would take. */
static size_t *store_index_slot(const struct store_index *ix, const struct fence_store *s,
				const char *device)
{
	size_t i = (size_t)store_hash(device) & ix->mask;

	while (ix->slot[i] && strcmp(s->entries[ix->slot[i] - 1].device, device) != 0)
		i = (i + 1) & ix->mask;
	return &ix->slot[i];
}

/* Replace the key of @device's entry, or append one (room is reserved by the caller). */
static int store_put(struct fence_store *s, const struct store_index *ix, const char *device,
		     uint64_t key)
{
	size_t *slot = store_index_slot(ix, s, device);
	char *copy;

	if (*slot) {
		s->entries[*slot - 1].key = key;
		return 0;
	}
	copy = strdup(device);
	if (!copy)
		return -ENOMEM;
	s->entries[s->count].device = copy;
	s->entries[s->count].key = key;
	*slot = ++s->count;
	return 0;
}

/* Room for @more entries past the current ones, and an index of all of them. */
static int store_reserve(struct fence_store *s, size_t more, struct store_index *ix)
{
	struct fence_store_entry *e = reallocarray(s->entries, s->count + more + 1, sizeof(*e));

	if (!e)
		return -ENOMEM;
	s->entries = e;
	if (store_index_init(ix, s->count + more) < 0)
		return -ENOMEM;
	for (size_t i = 0; i < s->count; i++)
		*store_index_slot(ix, s, s->entries[i].device) = i + 1;
	return 0;
}

__attribute__((format(printf, 5, 6)))
static int store_fail(char *err, size_t errlen, const char *path, unsigned int lineno,
		      const char *fmt, ...)
{
	char what[512], esc[PATH_MAX];
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(what, sizeof(what), fmt, ap);
		va_end(ap);
		snprintf(err, errlen, "%s line %u: %s", fence_escape(path, esc, sizeof(esc)),
			 lineno, what);
	}
	return -EBADMSG;
}

/* One "device key" line (NUL-terminated); blank lines and '#' comments are skipped. */
static int store_parse_line(struct fence_store *s, const struct store_index *ix, char *line,
			    const char *path, unsigned int lineno, char *err, size_t errlen)
{
	char *save = NULL, *dev, *key_text, *extra, esc[96];
	uint64_t key;

	dev = strtok_r(line, " \t\r", &save);
	if (!dev || dev[0] == '#')
		return 0;
	key_text = strtok_r(NULL, " \t\r", &save);
	if (!key_text)
		return store_fail(err, errlen, path, lineno, "device %s has no key",
				  fence_escape(dev, esc, sizeof(esc)));
	extra = strtok_r(NULL, " \t\r", &save);
	if (extra)
		return store_fail(err, errlen, path, lineno, "'%s' after the key: expected "
				  "\"device<TAB>key\"", fence_escape(extra, esc, sizeof(esc)));
	if (mpathpr_key_parse(key_text, &key) < 0)
		return store_fail(err, errlen, path, lineno, "'%s' is not a reservation key (1 to "
				  "16 hex digits, optional 0x, not zero)",
				  fence_escape(key_text, esc, sizeof(esc)));
	if (s->count >= FENCE_STORE_MAX_ENTRIES)
		return store_fail(err, errlen, path, lineno, "more than %u entries: refused",
				  FENCE_STORE_MAX_ENTRIES);
	return store_put(s, ix, dev, key);
}

/* Lines ending at or before @len; an upper bound of the entries. */
static size_t store_count_lines(const char *buf, size_t len)
{
	size_t n = 1;

	for (const char *p = buf; (p = memchr(p, '\n', len - (size_t)(p - buf))); p++)
		n++;
	return n;
}

/* Every line of @buf (@len bytes, NUL after them) into @s, in one pass. */
static int store_parse(char *buf, size_t len, struct fence_store *s, const char *path,
		       char *err, size_t errlen)
{
	struct store_index ix = { 0 };
	size_t lines = store_count_lines(buf, len), pos = 0;
	unsigned int lineno = 0;
	int r;

	r = store_reserve(s, lines < FENCE_STORE_MAX_ENTRIES ? lines : FENCE_STORE_MAX_ENTRIES,
			  &ix);
	while (r == 0 && pos < len) {
		char *line = buf + pos, *nl = memchr(line, '\n', len - pos), first;
		size_t n = nl ? (size_t)(nl - line) : len - pos;

		lineno++;
		pos += n + 1;
		if (memchr(line, '\0', n)) {
			r = store_fail(err, errlen, path, lineno, "holds a NUL byte: the file is "
				       "corrupt");
			break;
		}
		line[n] = '\0';
		first = line[strspn(line, " \t\r")];
		if (!nl && first != '\0' && first != '#') {
			r = store_fail(err, errlen, path, lineno, "does not end with a newline: the "
				       "file was cut short (a cut key would read as another key)");
			break;
		}
		r = store_parse_line(s, &ix, line, path, lineno, err, errlen);
	}
	free(ix.slot);
	return r;
}

int fence_store_load_err(const char *dir, struct fence_store **ret, char *err, size_t errlen)
{
	char path[PATH_MAX];
	_cleanup_free_ char *buf = NULL;
	struct fence_store *s;
	size_t len = 0;
	int r;

	if (err && errlen)
		err[0] = '\0';
	if (!dir || !ret)
		return -EINVAL;
	r = fence_store_path(path, sizeof(path), dir, FENCE_STORE_FILE);
	if (r < 0)
		return r;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	r = fence_file_read_trusted(dir, FENCE_STORE_FILE, FENCE_STORE_MAX_BYTES, &buf, &len,
				    err, errlen);
	if (r == -ENOENT) {
		*ret = s;
		return 0;
	}
	if (r == 0)
		r = store_parse(buf, len, s, path, err, errlen);
	if (r < 0) {
		fence_store_free(s);
		return r;
	}
	*ret = s;
	return 0;
}

int fence_store_load(const char *dir, struct fence_store **ret)
{
	return fence_store_load_err(dir, ret, NULL, 0);
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

int fence_store_merge(struct fence_store *s, const char *const *devices, size_t n, uint64_t key)
{
	struct store_index ix = { 0 };
	int r = store_reserve(s, n, &ix);

	for (size_t i = 0; i < n && r == 0; i++)
		r = store_put(s, &ix, devices[i], key);
	free(ix.slot);
	if (r == 0 && s->count > FENCE_STORE_MAX_ENTRIES)
		r = -E2BIG;
	return r;
}
