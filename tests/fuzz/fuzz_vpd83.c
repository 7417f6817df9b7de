/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fuzz_vpd83.c - INQUIRY VPD page 0x83 (Device Identification) as the
 * kernel's device/vpd_pg83 holds it: the LU's WWID (mpr_vpd83_wwid(), into
 * outputs of several sizes) and the target port designators
 * (mpr_vpd83_port_decode()).
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "fuzz.h"
#include "topology.h"
#include "vpd_codec.h"

static void check_wwid(const uint8_t *data, size_t size, size_t outlen)
{
	char out[512];
	int r = mpr_vpd83_wwid(data, size, out, outlen);

	FUZZ_CHECK(r == 0 || r == -EINVAL || r == -ENOENT || r == -ENAMETOOLONG);
	if (r < 0)
		return;
	FUZZ_CHECK(memchr(out, '\0', outlen) != NULL);
	/* the WWID names the LU (and orders the mutual-fencing tie-break) */
	FUZZ_CHECK(out[0] != '\0');
	for (const char *c = out; *c; c++)
		FUZZ_CHECK(*c >= 0x20 && *c < 0x7f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t outlens[] = { 8, 12, 21, 64, 512 };
	struct mpr_vpd83_port port;

	for (size_t i = 0; i < sizeof(outlens) / sizeof(outlens[0]); i++)
		check_wwid(data, size, outlens[i]);
	if (mpr_vpd83_port_decode(data, size, &port) == 0) {
		FUZZ_CHECK(!port.has_rel_tgt_port || port.rel_tgt_port != 0);
		FUZZ_CHECK(port.has_rel_tgt_port || port.protocol_id == 0xff);
		FUZZ_CHECK(port.protocol_id == 0xff || port.protocol_id <= 0x0f);
	}
	return 0;
}
