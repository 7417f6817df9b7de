/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * byteorder.h - SCSI's big-endian fields, read and written a byte at a
 * time (no alignment, no host byte order assumed), as sg3_utils'
 * sg_unaligned.h does.  The pointer comes first, then the value.
 */
#ifndef MPATHPR_BYTEORDER_H
#define MPATHPR_BYTEORDER_H

#include <stddef.h>
#include <stdint.h>

static inline uint16_t mpr_get_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t mpr_get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline uint64_t mpr_get_be64(const uint8_t *p)
{
	return (uint64_t)mpr_get_be32(p) << 32 | mpr_get_be32(p + 4);
}

/* The first @n (at most 8) bytes at @p as one big-endian number. */
static inline uint64_t mpr_get_be(const uint8_t *p, size_t n)
{
	uint64_t v = 0;

	for (size_t i = 0; i < n; i++)
		v = (v << 8) | p[i];
	return v;
}

static inline void mpr_put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void mpr_put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static inline void mpr_put_be64(uint8_t *p, uint64_t v)
{
	mpr_put_be32(p, (uint32_t)(v >> 32));
	mpr_put_be32(p + 4, (uint32_t)v);
}

#endif /* MPATHPR_BYTEORDER_H */
