/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * read_back.h - the checks every action trusts more than a command's
 * status: keys and reservation read back through every path, and the
 * reservation types a device reports.  Internal to the agent.
 */
#ifndef FENCE_MPATHPR_READ_BACK_H
#define FENCE_MPATHPR_READ_BACK_H

#include <stddef.h>
#include <stdint.h>

#include "mpathpr/mpathpr.h"

struct fence_dev;

/** fence_keys_contain() - how many times @key appears in @keys (NULL: 0). */
size_t fence_keys_contain(const struct mpathpr_keys *keys, uint64_t key);

enum fence_expect {
	FENCE_EXPECT_PRESENT,		/* every active path answered and the key is registered
					 * at least once per active path */
	FENCE_EXPECT_ABSENT,		/* no answering path sees the key */
};

/**
 * fence_verify_key() - read the keys through every path and check @key.
 * @d:		device
 * @key:	the key
 * @expect:	what must hold
 *
 * A path that failed and is down (not active in the map, or the transport
 * says no connection / device gone) is skipped and reported; any other
 * failure on a usable path is an error.  At least one path must answer.
 * Return: 0 when it holds, -EKEYREJECTED when the keys say otherwise,
 * -ENOLINK when no path answered, or the error of a usable path.
 */
int fence_verify_key(struct fence_dev *d, uint64_t key, enum fence_expect expect);

/**
 * fence_ensure_reservation() - make sure @d has a reservation: read it and,
 * when there is none, reserve with @key and @type and read again.
 * Return: 0 when a reservation is held, else a negative errno.
 */
int fence_ensure_reservation(struct fence_dev *d, uint64_t key, int type);

/**
 * fence_check_type_supported() - REPORT CAPABILITIES says @type is usable.
 * Return: 0 (also when the device cannot report capabilities, an SPC-3
 * device), -EOPNOTSUPP when it says the type is not supported.
 */
int fence_check_type_supported(struct fence_dev *d, int type);

#endif /* FENCE_MPATHPR_READ_BACK_H */
