/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * trusted_file.h - the files the agent acts on as root: the store
 * (mpath.devices), the watchdog settings (/etc/sysconfig/stonith) and the
 * debug file.  A path alone is not trusted: what is opened must be a regular
 * file (a FIFO would hang the agent, a device would feed it endless bytes),
 * never reached through a symbolic link of its own, owned by root or by the
 * user the agent runs as, and writable by nobody else; its directory must
 * not let everyone replace it (world-writable only with the sticky bit).
 *
 * Every refusal comes with one line naming the file and the problem.
 */
#ifndef FENCE_MPATHPR_TRUSTED_FILE_H
#define FENCE_MPATHPR_TRUSTED_FILE_H

#include <stddef.h>

/**
 * fence_file_read_trusted() - read all of @dir/@name, checked as above.
 * @dir:	its directory (symbolic links in it are followed: /var/run is one)
 * @name:	the file name (a symbolic link there is refused)
 * @max:	the most bytes the file may hold
 * @ret_buf:	the contents plus a terminating NUL (the file may hold NULs
 *		too: use @ret_len); free()
 * @ret_len:	bytes read
 * @err:	on failure other than -ENOENT, "PATH: problem" (one line)
 * Return: 0; -ENOENT when @dir or the file does not exist (nothing is
 * wrong: the caller decides); -ELOOP (a symbolic link), -EINVAL (not a
 * regular file), -EPERM (owner or mode, or the directory's mode), -EFBIG
 * (more than @max bytes), -ENOMEM, or the errno of open/read.  A read error
 * is an error, never the end of the file.
 */
int fence_file_read_trusted(const char *dir, const char *name, size_t max, char **ret_buf,
			    size_t *ret_len, char *err, size_t errlen);

/**
 * fence_file_open_append() - open @path to append log lines to, as the
 * agent's debug file: an absolute path; created with mode 0600 if missing;
 * O_NOFOLLOW, O_CLOEXEC; an existing file is held to the rules above.
 * @err:	on failure, "PATH: problem" (one line)
 * Return: the file descriptor, or a negative errno as fence_file_read_trusted()
 * (-EINVAL also for a relative path).
 */
int fence_file_open_append(const char *path, char *err, size_t errlen);

#endif /* FENCE_MPATHPR_TRUSTED_FILE_H */
