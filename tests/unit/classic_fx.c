/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "classic_fx.h"

int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->e = eng_env_new(2, 2);
	f->fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	assert_true(f->fd >= 0);
	f->p = calloc(1, sizeof(*f->p) + MPATH_MX_TIDS * sizeof(struct transportid *));
	f->resp = mpath_alloc_prin_response(MPATH_PRIN_RFSTAT_SA);
	assert_non_null(f->p);
	assert_non_null(f->resp);
	*state = f;
	return 0;
}

int fx_teardown(void **state)
{
	struct fx *f = *state;

	close(f->fd);
	free(f->p);
	free(f->resp);
	eng_env_free(f->e);
	free(f);
	return 0;
}

void fx_put_be64(uint8_t *b, uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		b[i] = v & 0xff;
}

uint64_t fx_get_be64(const uint8_t *b)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = v << 8 | b[i];
	return v;
}

struct prout_param_descriptor *fx_param(struct fx *f, uint64_t key, uint64_t sa_key,
					uint8_t flags)
{
	memset(f->p, 0, sizeof(*f->p));
	fx_put_be64(f->p->key, key);
	fx_put_be64(f->p->sa_key, sa_key);
	f->p->sa_flags = flags;
	return f->p;
}

int fx_prout(struct fx *f, int h, int sa, unsigned int type, uint64_t key, uint64_t sa_key)
{
	return mpr_classic_prout(f->e->ctx[h], f->fd, sa, MPATH_LU_SCOPE, type,
				 fx_param(f, key, sa_key, 0));
}

int fx_prin(struct fx *f, int h, int sa)
{
	memset(f->resp, 0, sizeof(*f->resp));
	return mpr_classic_prin(f->e->ctx[h], f->fd, sa, f->resp);
}

void fx_reg(struct fx *f, int h, uint64_t key)
{
	assert_int_equal(fx_prout(f, h, MPATH_PROUT_REG_IGN_SA, 0, 0, key), MPATH_PR_SUCCESS);
}

void fx_fault_all(struct fx *f, int h, struct spc4_fault rule)
{
	char dev[32];

	for (int p = 0; p < f->e->n_paths; p++)
		assert_int_equal(spc4_model_path_fault(f->e->m, eng_path(h, p, dev, sizeof(dev)),
						       &rule), 0);
}

void fx_clear_faults(struct fx *f, int h)
{
	char dev[32];

	for (int p = 0; p < f->e->n_paths; p++)
		spc4_model_path_clear_faults(f->e->m, eng_path(h, p, dev, sizeof(dev)));
}

size_t fx_sent(struct fx *f, int opcode)
{
	return spc4_model_command_count(f->e->m, NULL, opcode, -1);
}
