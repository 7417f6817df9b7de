/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * classic_fx.h - fixture for the classic API tests: the engine test
 * environment (2 hosts x 2 paths of one model LU), an fd that stands for the
 * host's map, a parameter list and a response buffer.
 */
#ifndef CLASSIC_FX_H
#define CLASSIC_FX_H

#include <stdbool.h>
#include <stdint.h>

#include "classic.h"
#include "engine_env.h"

#define KEY_A 0xaaaa000000000001ULL
#define KEY_B 0xbbbb000000000002ULL
#define KEY_WRONG 0x0bad0bad0bad0badULL
#define OP_PR_IN 0x5e
#define OP_PR_OUT 0x5f

struct fx {
	struct eng_env *e;
	int fd;				/* any fd: the resolver maps it to the host */
	struct prout_param_descriptor *p;	/* room for MPATH_MX_TIDS IDs */
	struct prin_resp *resp;		/* big enough for READ FULL STATUS */
};

int fx_setup(void **state);
int fx_teardown(void **state);
void fx_put_be64(uint8_t *b, uint64_t v);
uint64_t fx_get_be64(const uint8_t *b);
/* Reset the parameter list to @key, @sa_key, @flags, no transport IDs. */
struct prout_param_descriptor *fx_param(struct fx *f, uint64_t key, uint64_t sa_key,
					uint8_t flags);
/* Classic PR OUT from host @h, LU scope; the MPATH_PR_* code. */
int fx_prout(struct fx *f, int h, int sa, unsigned int type, uint64_t key, uint64_t sa_key);
/* Classic PR IN from host @h into f->resp (zeroed first). */
int fx_prin(struct fx *f, int h, int sa);
/* Host @h registers @key on all its paths (REGISTER AND IGNORE), asserting success. */
void fx_reg(struct fx *f, int h, uint64_t key);
/* Add @rule to every path of host @h / remove all rules there. */
void fx_fault_all(struct fx *f, int h, struct spc4_fault rule);
void fx_clear_faults(struct fx *f, int h);
/* Commands with CDB @opcode (-1: any) the model received since its log was cleared. */
size_t fx_sent(struct fx *f, int opcode);

#endif /* CLASSIC_FX_H */
