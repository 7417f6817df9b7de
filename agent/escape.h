/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * escape.h - text from the outside (parameter values, file contents,
 * device names) made safe to echo in a message: one log line stays one
 * line, whatever the value holds.
 */
#ifndef FENCE_MPATHPR_ESCAPE_H
#define FENCE_MPATHPR_ESCAPE_H

#include <stddef.h>

/**
 * fence_escape_n() - copy @n bytes of @s into @buf with every control
 * character and DEL written as an escape: \n, \r, \t, else \xHH (a NUL
 * byte is \x00).  Text that does not fit ends in "..." (when @len allows).
 * @buf:	the result, always NUL-terminated when @len > 0
 * Return: @buf, for use in printf arguments.
 */
const char *fence_escape_n(const char *s, size_t n, char *buf, size_t len);

/** fence_escape() - fence_escape_n() of the string @s (NULL reads as ""). */
const char *fence_escape(const char *s, char *buf, size_t len);

#endif /* FENCE_MPATHPR_ESCAPE_H */
