/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* keys.h - reservation key text, the one format every layer prints. */
#ifndef MPATHPR_KEYS_H
#define MPATHPR_KEYS_H

#include <stdint.h>

#define MPR_KEY_FORMAT_LEN	19	/* "0x" + 16 hex digits + NUL */

/**
 * mpr_key_format() - write @key as "0x%016" PRIx64 into @buf.
 * Return: @buf, for use in printf arguments.
 */
char *mpr_key_format(uint64_t key, char buf[MPR_KEY_FORMAT_LEN]);

#endif /* MPATHPR_KEYS_H */
