/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fuzz_prin_keys.c - PERSISTENT RESERVE IN / READ KEYS responses
 * (mpr_prin_keys_decode()): the input is the data the device transferred.
 */
#include "config.h"

#include "fuzz.h"
#include "pr_codec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t caps[] = { 0, 1, 3, 64 };
	uint64_t keys[64];

	for (size_t i = 0; i < sizeof(caps) / sizeof(caps[0]); i++) {
		struct mpr_prin_keys r;

		if (mpr_prin_keys_decode(data, size, caps[i] ? keys : NULL, caps[i], &r) < 0)
			continue;
		FUZZ_CHECK(r.needed_len == 8 + (uint64_t)r.additional_length);
		FUZZ_CHECK(r.truncated == (size < r.needed_len));
		FUZZ_CHECK(r.n_keys <= caps[i] && r.n_keys <= r.n_present);
		FUZZ_CHECK(r.n_present <= r.n_total);
		FUZZ_CHECK(8 + r.n_present * 8 <= size);
	}
	return 0;
}
