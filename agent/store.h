/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * store.h - what this node registered, kept across agent runs (read in
 * store.c, written in store_record.c).
 *
 * The store is the file <dir>/mpath.devices, one "device<TAB>key" line per
 * device, the file fence_mpath keeps: `on` records the devices it registered
 * this node's key on; `off` takes this node's key from it to preempt with and
 * to refuse fencing itself; the watchdog checks read it to know what to
 * watch -- fence_mpathpr_check, and fence-agents' own fence_mpath_check and
 * fence_mpath_check_hardreboot left from a fence_mpath setup.
 *
 * Keys are written the way fence_mpath writes them: lowercase hex without
 * "0x" and without leading zeros ("a1" for 0xa1), because fence_mpath_check
 * compares that text with what follows "0x" in mpathpersist's READ KEYS
 * output and reboots the node when it finds no match.  Reading accepts any
 * spelling mpathpr_key_parse() accepts: fence_mpath's, and the "0x" + 16
 * digits earlier fence_mpathpr versions wrote (a record rewrites those).
 *
 * Writers take an exclusive flock on <dir>/mpath.devices.lock, write a temp
 * file in the same directory (mode 0600), fsync it, rename it over the store
 * and fsync the directory: a reader sees the old or the new file, never a
 * torn one, even when a writer is killed half way.  Readers take no lock.
 *
 * A missing directory or file is an empty store, not an error: a node that
 * was never unfenced has nothing recorded.  A file that exists but cannot be
 * read or parsed is an error (-EACCES, -EBADMSG, ...), and so is one the
 * agent must not trust (trusted_file.h: not a regular file, a symbolic link,
 * owned by another user, writable by others, in a directory anyone may
 * write to without the sticky bit), one larger than FENCE_STORE_MAX_BYTES or
 * with more than FENCE_STORE_MAX_ENTRIES entries, one holding a NUL byte, and
 * one whose last line does not end with a newline (a write cut short: the
 * key it ends with may be another key cut).  A read error is an error, never
 * the end of the file.  Loading is linear in the size of the file.
 */
#ifndef FENCE_MPATHPR_STORE_H
#define FENCE_MPATHPR_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifndef FENCE_STORE_FILE
#define FENCE_STORE_FILE	"mpath.devices"
#endif
#define FENCE_STORE_LOCK	"mpath.devices.lock"
/* Far above any real store (one line per LUN), low enough to load at once. */
#define FENCE_STORE_MAX_BYTES	(16u << 20)
#define FENCE_STORE_MAX_ENTRIES	262144u

struct fence_store_entry {
	char *device;		/* as recorded (the name `on` was given) */
	uint64_t key;
};

struct fence_store {
	size_t count;
	struct fence_store_entry *entries;
};

/**
 * fence_store_load() - read the store of directory @dir.
 * @dir:	store directory
 * @ret:	the entries (empty when the directory or file does not exist);
 *		free with fence_store_free()
 * Return: 0, -EBADMSG for a malformed line, -ENOMEM, or as
 * fence_file_read_trusted() (-ELOOP, -EINVAL, -EPERM, -EFBIG, errno of
 * open/read).
 */
int fence_store_load(const char *dir, struct fence_store **ret);

/**
 * fence_store_load_err() - fence_store_load(), saying why it failed.
 * @err:	on failure, one line naming the file and, for a malformed
 *		entry, the line: "/var/run/cluster/mpath.devices line 3: ..."
 *		(empty for -ENOMEM and -EINVAL arguments)
 */
int fence_store_load_err(const char *dir, struct fence_store **ret, char *err, size_t errlen);

/** fence_store_free() - release a store; NULL is fine. */
void fence_store_free(struct fence_store *store);

/**
 * fence_store_lookup() - the key recorded for @device.
 * @store:	loaded store
 * @device:	device as named in the configuration; it matches an entry with
 *		the same name or resolving (realpath) to the same node
 * @ret_key:	the key
 * Return: 0 or -ENOENT.
 */
int fence_store_lookup(const struct fence_store *store, const char *device, uint64_t *ret_key);

/** fence_store_has_key() - whether any entry holds @key. */
bool fence_store_has_key(const struct fence_store *store, uint64_t key);

/**
 * fence_store_merge() - set @key for each of @devices in the loaded @s (an
 * entry with the same name gets the key, others are appended), in memory.
 * Return: 0, -ENOMEM, or -E2BIG past FENCE_STORE_MAX_ENTRIES.
 */
int fence_store_merge(struct fence_store *s, const char *const *devices, size_t n, uint64_t key);

/** fence_store_path() - "@dir/@name" into @buf.  Return: 0 or -ENAMETOOLONG. */
int fence_store_path(char *buf, size_t len, const char *dir, const char *name);

/**
 * fence_store_record() - record @key for each of @devices, atomically.
 * @dir:	store directory, created (0700) if missing
 * @devices:	device names; an existing entry for the same device is replaced,
 *		entries for other devices are kept
 * @n:		number of devices
 * @key:	this node's key (non-zero)
 * Return: 0, -EINVAL, -EBADMSG if the existing store is malformed (it is
 * left alone), -E2BIG past FENCE_STORE_MAX_ENTRIES, an error of
 * fence_store_load(), or the errno of the failing file operation.
 */
int fence_store_record(const char *dir, const char *const *devices, size_t n, uint64_t key);

/** fence_store_record_err() - fence_store_record(); @err as fence_store_load_err(). */
int fence_store_record_err(const char *dir, const char *const *devices, size_t n, uint64_t key,
			   char *err, size_t errlen);

/**
 * fence_store_check_readable() - what `monitor` asks of the store.
 * @dir:	store directory
 * Return: 0 when the store loads (or does not exist yet), else as
 * fence_store_load().
 */
int fence_store_check_readable(const char *dir);

#endif /* FENCE_MPATHPR_STORE_H */
