/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * request.h - Pacemaker's request on standard input, read whole before it
 * is parsed: what arrives is either taken as it is or refused, never cut.
 */
#ifndef FENCE_MPATHPR_REQUEST_H
#define FENCE_MPATHPR_REQUEST_H

#include <stddef.h>

#include "config.h"

/* The most standard input may hold (documented in the man page). */
#define FENCE_MAX_REQUEST	(256u * 1024u)

/**
 * fence_request_read() - read @fd to its end.
 * @fd:		standard input
 * @max:	the most bytes accepted (FENCE_MAX_REQUEST)
 * @ret_text:	the bytes read, plus a NUL after them (they may hold NULs:
 *		use @ret_len); free()
 * @err:	on failure, one line: standard input is closed, cannot be read
 *		(and why), is empty, or is longer than @max
 * Return: 0, -EBADF (closed), -ENODATA (empty), -E2BIG (too long), -ENOMEM,
 * or the errno of read().
 */
int fence_request_read(int fd, size_t max, char **ret_text, size_t *ret_len, char *err,
		       size_t errlen);

/**
 * fence_config_from_request() - fence_config_from_stdin() over @len bytes of
 * @text, all of them (a NUL byte is an error of its line, not the end), and
 * an error when they hold no name=value line at all.
 * Return: as fence_config_from_stdin().
 */
int fence_config_from_request(const char *text, size_t len, struct fence_config *ret,
			      char *err, size_t errlen);

#endif /* FENCE_MPATHPR_REQUEST_H */
