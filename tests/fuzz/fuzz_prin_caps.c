/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fuzz_prin_caps.c - PERSISTENT RESERVE IN / REPORT CAPABILITIES responses
 * (mpr_prin_caps_decode()).
 */
#include "config.h"

#include "fuzz.h"
#include "pr_codec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mpr_prin_caps c;

	if (mpr_prin_caps_decode(data, size, &c) < 0)
		return 0;
	FUZZ_CHECK(size >= 8 && c.length >= 8);
	FUZZ_CHECK(c.tmv || c.type_mask == 0);
	FUZZ_CHECK(c.allow_commands <= 7);
	return 0;
}
