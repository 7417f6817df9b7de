/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fuzz_prin_full.c - PERSISTENT RESERVE IN / READ FULL STATUS responses
 * (mpr_prin_full_decode(), and through it mpr_tid_decode()); every decoded
 * TransportID is rendered with mpr_tid_to_text() and, when it is one this
 * codec can send, encoded and decoded again.
 */
#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "pr_codec.h"

static void check_desc(const struct mpr_prin_fs_desc *d)
{
	char text[MPR_TID_TEXT_MAX];
	uint8_t wire[512];
	struct mpr_tid again;
	size_t n, consumed;

	if (!d->tid_known)
		return;
	FUZZ_CHECK(memchr(d->tid.iscsi_name, '\0', sizeof(d->tid.iscsi_name)) != NULL);
	FUZZ_CHECK(mpr_tid_to_text(&d->tid, text, sizeof(text)) == 0);
	FUZZ_CHECK(memchr(text, '\0', sizeof(text)) != NULL);
	mpr_tid_to_text(&d->tid, text, 8);	/* -ENOSPC or a short name, never overflow */
	if (mpr_tid_encode(&d->tid, wire, sizeof(wire), &n) < 0)
		return;
	/* what the codec sends, it reads back as the same TransportID */
	FUZZ_CHECK(n >= MPR_TID_FIXED_LEN && n <= sizeof(wire));
	FUZZ_CHECK(mpr_tid_decode(wire, n, &again, &consumed) == 0 && consumed == n);
	FUZZ_CHECK(again.protocol_id == d->tid.protocol_id &&
		   again.format_code == d->tid.format_code);
	FUZZ_CHECK(memcmp(again.n_port_name, d->tid.n_port_name, 8) == 0 &&
		   memcmp(again.sas_address, d->tid.sas_address, 8) == 0 &&
		   strcmp(again.iscsi_name, d->tid.iscsi_name) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t caps[] = { 0, 1, 16 };
	struct mpr_prin_fs_desc desc[16];

	for (size_t i = 0; i < sizeof(caps) / sizeof(caps[0]); i++) {
		struct mpr_prin_full r;

		if (mpr_prin_full_decode(data, size, caps[i] ? desc : NULL, caps[i], &r) < 0)
			continue;
		FUZZ_CHECK(r.needed_len == 8 + (uint64_t)r.additional_length);
		FUZZ_CHECK(r.truncated == (size < r.needed_len));
		FUZZ_CHECK(r.n_desc <= caps[i] && r.n_desc <= r.n_present);
		/* a descriptor is at least 24 bytes */
		FUZZ_CHECK(8 + r.n_present * 24 <= size);
		for (size_t k = 0; k < r.n_desc; k++)
			check_desc(&desc[k]);
	}
	return 0;
}
