/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * spc4_test_util.h - hand-written CDBs and parameter lists for the model's
 * own tests.  Deliberately byte by byte, sharing nothing with lib/'s codec.
 */
#ifndef MPATHPR_SPC4_TEST_UTIL_H
#define MPATHPR_SPC4_TEST_UTIL_H

#include <stdlib.h>
#include <string.h>

#include "spc4_model.h"

#define T_INIT1 "iqn.2026-01.test:host1"
#define T_INIT2 "iqn.2026-01.test:host2"

/* One LU seen through four paths: two initiators times two target ports. */
struct t_env {
	struct spc4_model *m;
	struct mpr_transport tr;
	const char *devs[4];
	int handles[4];
};

static inline void t_env_init(struct t_env *e)
{
	static const char *const devs[4] = { "/dev/sda", "/dev/sdb", "/dev/sdc", "/dev/sdd" };
	static const char *const inits[4] = { T_INIT1, T_INIT1, T_INIT2, T_INIT2 };

	e->m = spc4_model_new();
	spc4_model_add_lu(e->m, "36001405aaaabbbbccccdddd00000001");
	for (int i = 0; i < 4; i++) {
		e->devs[i] = devs[i];
		spc4_model_add_path(e->m, devs[i], 0, inits[i], (uint16_t)(1 + i % 2));
	}
	spc4_model_transport(e->m, &e->tr);
	for (int i = 0; i < 4; i++)
		e->tr.ops->open(e->tr.priv, devs[i], &e->handles[i]);
}

static inline void t_env_fini(struct t_env *e)
{
	for (int i = 0; i < 4; i++)
		e->tr.ops->close(e->tr.priv, e->handles[i]);
	spc4_model_free(e->m);
}

/* Send one command on path @path (index into devs). */
static inline struct mpr_cmd_result t_send(struct t_env *e, int path, const uint8_t *cdb,
					   uint8_t cdb_len, enum mpr_dir dir, void *data,
					   uint32_t data_len)
{
	struct mpr_cmd cmd = { .cdb_len = cdb_len, .dir = dir, .data = data, .data_len = data_len };
	struct mpr_cmd_result res;

	memcpy(cmd.cdb, cdb, cdb_len);
	e->tr.ops->submit(e->tr.priv, e->handles[path], &cmd, &res);
	return res;
}

static inline void t_put_be64(uint8_t *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		p[i] = v & 0xff;
}

/* PR OUT with the basic 24-byte parameter list; @flags is byte 20 (SPEC_I_PT 8, ALL_TG_PT 4, APTPL 1). */
static inline struct mpr_cmd_result t_pr_out(struct t_env *e, int path, uint8_t sa, uint8_t type,
					     uint64_t key, uint64_t sa_key, uint8_t flags)
{
	uint8_t cdb[10] = { 0x5f, sa, type, 0, 0, 0, 0, 0, 24, 0 };
	uint8_t param[24] = { 0 };

	t_put_be64(param, key);
	t_put_be64(param + 8, sa_key);
	param[20] = flags;
	return t_send(e, path, cdb, 10, MPR_DIR_TO_DEV, param, 24);
}

static inline struct mpr_cmd_result t_pr_in(struct t_env *e, int path, uint8_t sa, uint8_t *buf,
					    uint16_t alloc)
{
	uint8_t cdb[10] = { 0x5e, sa, 0, 0, 0, 0, 0, (uint8_t)(alloc >> 8), (uint8_t)alloc, 0 };

	return t_send(e, path, cdb, 10, MPR_DIR_FROM_DEV, buf, alloc);
}

static inline struct mpr_cmd_result t_tur(struct t_env *e, int path)
{
	uint8_t cdb[6] = { 0 };

	return t_send(e, path, cdb, 6, MPR_DIR_NONE, NULL, 0);
}

static inline struct mpr_cmd_result t_write10(struct t_env *e, int path)
{
	uint8_t cdb[10] = { 0x2a, 0, 0, 0, 0, 0, 0, 0, 1, 0 };
	uint8_t block[512] = { 0 };

	return t_send(e, path, cdb, 10, MPR_DIR_TO_DEV, block, sizeof(block));
}

static inline struct mpr_cmd_result t_read10(struct t_env *e, int path)
{
	uint8_t cdb[10] = { 0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0 };
	uint8_t block[512];

	return t_send(e, path, cdb, 10, MPR_DIR_FROM_DEV, block, sizeof(block));
}

static inline uint32_t t_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline uint64_t t_be64(const uint8_t *p)
{
	return (uint64_t)t_be32(p) << 32 | t_be32(p + 4);
}

/* Fixed-format sense fields, read by hand.  Each macro evaluates @res once. */
#define assert_sense(res, sk, asc_, ascq_)                                    \
	do {                                                                  \
		struct mpr_cmd_result r_ = (res);                             \
		assert_int_equal(r_.scsi_status, MPR_SAM_CHECK_CONDITION);    \
		assert_int_equal(r_.sense_raw[0], 0x70);                      \
		assert_int_equal(r_.sense_raw[2] & 0x0f, (sk));               \
		assert_int_equal(r_.sense_raw[12], (asc_));                   \
		assert_int_equal(r_.sense_raw[13], (ascq_));                  \
	} while (0)

#define assert_good(res)                                                      \
	do {                                                                  \
		struct mpr_cmd_result r_ = (res);                             \
		assert_int_equal(r_.host_status, MPR_DID_OK);                 \
		assert_int_equal(r_.scsi_status, MPR_SAM_GOOD);               \
	} while (0)

#define assert_conflict(res)                                                  \
	do {                                                                  \
		struct mpr_cmd_result r_ = (res);                             \
		assert_int_equal(r_.scsi_status, MPR_SAM_RESERVATION_CONFLICT); \
	} while (0)

#endif /* MPATHPR_SPC4_TEST_UTIL_H */
