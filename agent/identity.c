// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * identity.c - who this node is, as far as keys go (identity.h).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

#include "identity.h"
#include "request.h"
#include "store.h"

static size_t own_add(uint64_t *keys, size_t n, size_t cap, uint64_t key)
{
	for (size_t i = 0; i < n; i++)
		if (keys[i] == key)
			return n;
	if (n < cap)
		keys[n++] = key;
	return n;
}

size_t fence_own_keys(const struct fence_config *cfg, const struct fence_store *store,
		      uint64_t *ret_keys, size_t cap)
{
	struct utsname u;
	size_t n = 0;

	for (size_t i = 0; store && i < store->count; i++)
		n = own_add(ret_keys, n, cap, store->entries[i].key);
	if (cfg->key_value != FENCE_KEY_HASH || uname(&u) < 0)
		return n;
	n = own_add(ret_keys, n, cap, fence_key_from_name(u.nodename));
	char *dot = strchr(u.nodename, '.');

	if (dot) {
		*dot = '\0';
		n = own_add(ret_keys, n, cap, fence_key_from_name(u.nodename));
	}
	return n;
}

const char *fence_key_name(const struct fence_config *cfg, const struct fence_store *store,
			   uint64_t key, char *buf, size_t len)
{
	struct utsname u;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	if (fence_store_has_key(store, key) && uname(&u) == 0)
		snprintf(buf, len, "%s", u.nodename);
	else if (cfg->key_value == FENCE_KEY_HASH && cfg->nodename &&
		 fence_key_from_name(cfg->nodename) == key)
		snprintf(buf, len, "%s", cfg->nodename);
	return buf;
}
