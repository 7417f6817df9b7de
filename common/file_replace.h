/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * file_replace.h - a small file's whole new contents, written so that a
 * reader (or a crash) sees the old file or the new one, never a part.
 */
#ifndef MPATHPR_COMMON_FILE_REPLACE_H
#define MPATHPR_COMMON_FILE_REPLACE_H

#include <stddef.h>

/*
 * What a failed fsync of the directory means, once the file itself is on
 * disk and renamed: a crash may still bring the old file back, whole; nothing
 * is torn.  The agent's store makes it an error (agent/store_record.c); the
 * writer of multipathd's prkeys file ignores it (agent/prkeys_file.c), as
 * multipathd, which edits that file in place, syncs no directory either.
 */
enum mpr_dir_sync {
	MPR_DIR_SYNC_REQUIRED,		/* a failure is the call's error */
	MPR_DIR_SYNC_BEST_EFFORT,	/* tried, a failure ignored */
};

/**
 * mpr_file_replace() - replace @path by a new file holding @data.
 * @path:		the file to replace (or create)
 * @tmp_template:	the temp file's name, ending in "XXXXXX" (mkostemp()),
 *			in @path's directory: a rename does not cross file
 *			systems.  Callers that clean up temp files left by a
 *			killed writer choose a prefix they can recognise.
 * @data, @len:		the new contents
 * @dir_sync:		what a failed fsync of @path's directory means
 *
 * The temp file is created, made 0600 (whatever the umask), written,
 * fsynced and closed, then renamed over @path; then @path's directory is
 * fsynced.  On a failure before the rename the temp file is removed and
 * @path is as it was.
 * Return: 0; -ENAMETOOLONG (@tmp_template longer than PATH_MAX); the
 * negative errno of the first failed step.  With MPR_DIR_SYNC_REQUIRED, a
 * negative errno from opening or fsyncing the directory too: @path is then
 * already the new file.
 */
int mpr_file_replace(const char *path, const char *tmp_template, const void *data, size_t len,
		     enum mpr_dir_sync dir_sync);

#endif /* MPATHPR_COMMON_FILE_REPLACE_H */
