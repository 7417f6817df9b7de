/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * identity.h - who this node is, as far as keys go: the keys that are its
 * own (never to be fenced by itself), and the node a key belongs to.
 * Internal to the agent.
 */
#ifndef FENCE_MPATHPR_IDENTITY_H
#define FENCE_MPATHPR_IDENTITY_H

#include <stddef.h>
#include <stdint.h>

struct fence_config;
struct fence_store;

/**
 * fence_own_keys() - this node's keys: every key in @store, and with
 * key_value=hash the key of this host's name (short and full).
 * @ret_keys:	at least @cap entries
 * Return: the number of keys stored.
 */
size_t fence_own_keys(const struct fence_config *cfg, const struct fence_store *store,
		      uint64_t *ret_keys, size_t cap);

/** fence_key_name() - a node name for @key if known ("" else). */
const char *fence_key_name(const struct fence_config *cfg, const struct fence_store *store,
			   uint64_t key, char *buf, size_t len);

#endif /* FENCE_MPATHPR_IDENTITY_H */
