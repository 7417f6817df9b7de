/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * prkeys_file.h - multipathd's prkeys file, where the reservation key of a
 * map configured with "reservation_key file" is kept between runs.
 *
 * One line a map: the key as "0x" and 16 hex digits ("0X" when the key was
 * registered with APTPL), a space, the map's WWID.  '#' starts a comment.
 * multipathd writes it when told setprkey/unsetprkey and reads it when it
 * sets a map up; this writes it for multipathd when multipathd is not
 * running, under the same lock (a write lock on the whole file).
 */
#ifndef FENCE_MPATHPR_PRKEYS_FILE_H
#define FENCE_MPATHPR_PRKEYS_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* multipathd's default (its prkeys_file setting) */
#define FENCE_PRKEYS_FILE	"/etc/multipath/prkeys"
/* Far above any real file: a line a map. */
#define FENCE_PRKEYS_MAX_BYTES	(1u << 20)

/**
 * fence_prkeys_file_set() - make @wwid's line say @key, or remove it.
 * @path:	the prkeys file (created 0600 if missing; its directory 0700)
 * @wwid:	the map's WWID (what its dm UUID says after "mpath-")
 * @key:	the key; 0 removes the map's line
 * @aptpl:	the key was registered with APTPL ("0X")
 * @timeout_ms:	how long to wait for another writer's lock
 * @err:	on failure, one line naming the file and the problem
 *
 * Every other line is kept as it was; the map ends with at most one line.
 * The new file is written beside the old one and renamed over it (mode
 * 0600), so a reader sees the old file or the new one, never a part.
 * Return: 0 (also when nothing had to change); -EINVAL (a WWID that cannot
 * be a line's, or @path is not a regular file), -ELOOP (@path is a symlink),
 * -EBADMSG (the file holds a NUL byte: not a prkeys file), -EFBIG,
 * -ETIMEDOUT (still locked), or the errno of a file operation.
 */
int fence_prkeys_file_set(const char *path, const char *wwid, uint64_t key, bool aptpl,
			  unsigned int timeout_ms, char *err, size_t errlen);

#endif /* FENCE_MPATHPR_PRKEYS_FILE_H */
