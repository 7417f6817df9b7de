/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz_agent_store.c - the store loader (fence_store_load_err()): the input
 * is the content of <store_path>/mpath.devices, "device<TAB>key" lines as
 * fence_mpath and fence_mpathpr write them.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "agent/store.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char dir[512], file[600];
	struct fence_store *s = NULL;
	char err[512] = "";
	uint64_t key;

	if (!*dir) {
		snprintf(dir, sizeof(dir), "%s/store", fuzz_scratch_dir());
		snprintf(file, sizeof(file), "%s/%s", dir, FENCE_STORE_FILE);
		fuzz_mkdirs(dir);
	}
	fuzz_write_file(file, data, size);
	if (fence_store_load_err(dir, &s, err, sizeof(err)) < 0) {
		/* every refusal names the file */
		FUZZ_CHECK(strstr(err, FENCE_STORE_FILE) != NULL);
		return 0;
	}
	for (size_t i = 0; i < s->count; i++) {
		const char *dev = s->entries[i].device;

		FUZZ_CHECK(dev && dev[0] != '\0' && dev[0] != '#');
		FUZZ_CHECK(!strpbrk(dev, " \t\r\n"));
		FUZZ_CHECK(s->entries[i].key != 0);
		for (size_t k = 0; k < i; k++)
			FUZZ_CHECK(strcmp(dev, s->entries[k].device) != 0);
	}
	/* an exact name is found without resolving any path */
	if (s->count) {
		FUZZ_CHECK(fence_store_lookup(s, s->entries[0].device, &key) == 0);
		FUZZ_CHECK(key == s->entries[0].key && fence_store_has_key(s, key));
	}
	fence_store_free(s);
	return 0;
}
