/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fuzz_prin_resv.c - PERSISTENT RESERVE IN / READ RESERVATION responses
 * (mpr_prin_resv_decode()).
 */
#include "config.h"

#include "fuzz.h"
#include "pr_codec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mpr_prin_resv r;

	if (mpr_prin_resv_decode(data, size, &r) < 0)
		return 0;
	FUZZ_CHECK(r.needed_len == 8 + (uint64_t)r.additional_length);
	FUZZ_CHECK(r.truncated == (size < r.needed_len));
	/* a reservation is only reported from a complete descriptor */
	FUZZ_CHECK(!r.held || (r.additional_length >= 16 && size >= 24));
	return 0;
}
