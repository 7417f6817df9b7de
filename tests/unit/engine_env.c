/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <cmocka.h>

#include "ctx.h"
#include "engine_env.h"

#define ENG_INITIATOR	"iqn.2026-11.test:host%d"
#define ENG_SESSION_ISID	",i,0x23d000000001"
#define ENG_RELOGIN_ISID	",i,0x23d000000002"

const char *eng_path(int h, int p, char *buf, size_t len)
{
	snprintf(buf, len, "/dev/h%dp%d", h, p);
	return buf;
}

/* The node path @p of host @h is now, after a re-login or not. */
static const char *eng_path_now(const struct eng_env *e, int h, int p, char *buf, size_t len)
{
	snprintf(buf, len, "/dev/h%dp%d%s", h, p, e->relogged[h][p] ? "r" : "");
	return buf;
}

/* Who the path is, as sysfs would tell the library. */
static void eng_path_nexus(const struct eng_env *e, int h, int p, struct mpr_topo_path *tp)
{
	tp->initiator_known = true;
	tp->initiator.protocol_id = MPR_TPID_ISCSI;
	tp->initiator.format_code = e->relogged[h][p] || e->sessions ? 1 : 0;
	snprintf(tp->initiator.iscsi_name, sizeof(tp->initiator.iscsi_name), ENG_INITIATOR "%s",
		 h, e->relogged[h][p] ? ENG_RELOGIN_ISID : e->sessions ? ENG_SESSION_ISID : "");
	tp->rel_tgt_port_known = true;
	tp->rel_tgt_port = (uint16_t)(p + 1);
}

void eng_relogin(struct eng_env *e, int h, int p)
{
	char dev[32], ini[96];

	e->relogged[h][p] = true;
	snprintf(ini, sizeof(ini), ENG_INITIATOR ENG_RELOGIN_ISID, h);
	if (spc4_model_add_path(e->m, eng_path_now(e, h, p, dev, sizeof(dev)), e->lu, ini,
				(uint16_t)(p + 1)) < 0)
		abort();
}

static int eng_resolve(void *data, const char *path, int fd, struct mpr_topology **ret)
{
	const struct eng_host *host = data;
	const struct eng_env *e = host->env;
	struct mpr_topology *t;
	char want[32];

	snprintf(want, sizeof(want), "/dev/mapper/h%d", host->index);
	/* by fd (classic API tests): any fd stands for this host's map */
	if (path && strcmp(path, want))
		return -ENOENT;
	(void)fd;
	t = calloc(1, sizeof(*t));
	if (!t || !(t->paths = calloc((size_t)e->n_paths, sizeof(*t->paths)))) {
		free(t);
		return -ENOMEM;
	}
	t->kind = MPR_DEV_MULTIPATH;
	snprintf(t->name, sizeof(t->name), "h%d", host->index);
	snprintf(t->devnode, sizeof(t->devnode), "%s", want);
	snprintf(t->wwid, sizeof(t->wwid), "36001405engine0");
	t->major = 253;
	t->minor = (unsigned int)host->index;
	t->n_groups = 1;
	t->active_group = 1;
	t->n_paths = (size_t)e->n_paths;
	for (int p = 0; p < e->n_paths; p++) {
		struct mpr_topo_path *tp = &t->paths[p];

		eng_path_now(e, host->index, p, tp->devnode, sizeof(tp->devnode));
		eng_path_nexus(e, host->index, p, tp);
		tp->major = 8;
		tp->minor = (unsigned int)(16 * host->index + p);
		tp->group = 1;
		tp->group_state = 'A';
		tp->group_active = true;
		tp->state = e->state[host->index][p];
		/* one SCSI host (an iSCSI session) per host and path, as in the lab */
		snprintf(tp->hctl, sizeof(tp->hctl), "%d:0:0:0", 10 * host->index + p);
	}
	*ret = t;
	return 0;
}

static struct eng_env *env_new(int n_hosts, int n_paths, bool sessions)
{
	struct eng_env *e = calloc(1, sizeof(*e));
	char dev[32], ini[64];

	if (!e || !(e->m = spc4_model_new()))
		abort();
	e->n_hosts = n_hosts;
	e->n_paths = n_paths;
	e->sessions = sessions;
	e->lu = spc4_model_add_lu(e->m, "36001405engine0");
	spc4_model_transport(e->m, &e->tr);
	for (int h = 0; h < n_hosts; h++) {
		snprintf(ini, sizeof(ini), ENG_INITIATOR "%s", h, sessions ? ENG_SESSION_ISID : "");
		for (int p = 0; p < n_paths; p++)
			if (spc4_model_add_path(e->m, eng_path(h, p, dev, sizeof(dev)), e->lu, ini,
						(uint16_t)(p + 1)) < 0)
				abort();
		e->host[h] = (struct eng_host){ .env = e, .index = h };
		if (mpathpr_ctx_new(&e->ctx[h]) < 0)
			abort();
		mpr_ctx_set_backend(e->ctx[h], &e->tr, eng_resolve, &e->host[h]);
	}
	return e;
}

struct eng_env *eng_env_new(int n_hosts, int n_paths)
{
	return env_new(n_hosts, n_paths, false);
}

struct eng_env *eng_env_new_sessions(int n_hosts, int n_paths)
{
	return env_new(n_hosts, n_paths, true);
}

void eng_env_set_waits(struct eng_env *e, unsigned int io_timeout_ms, unsigned int budget_ms,
		       unsigned int path_wait_ms)
{
	for (int h = 0; h < e->n_hosts; h++) {
		mpathpr_ctx_set_timeouts(e->ctx[h], io_timeout_ms, budget_ms);
		mpathpr_ctx_set_path_wait(e->ctx[h], path_wait_ms);
	}
}

uint64_t eng_wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

void eng_env_free(struct eng_env *e)
{
	if (!e)
		return;
	for (int h = 0; h < e->n_hosts; h++)
		mpathpr_ctx_free(e->ctx[h]);
	spc4_model_free(e->m);
	free(e);
}

static int eng_setup(void **state, int n_paths, bool sessions)
{
	struct eng_env *e = env_new(2, n_paths, sessions);

	eng_env_set_waits(e, ENG_IO_TIMEOUT_MS, ENG_BUDGET_MS, ENG_PATH_WAIT_MS);
	*state = e;
	return 0;
}

int eng_setup_2x2(void **state)
{
	return eng_setup(state, 2, false);
}

int eng_setup_2x4(void **state)
{
	return eng_setup(state, 4, false);
}

int eng_setup_sessions_2x2(void **state)
{
	return eng_setup(state, 2, true);
}

int eng_setup_sessions_2x4(void **state)
{
	return eng_setup(state, 4, true);
}

int eng_teardown(void **state)
{
	eng_env_free(*state);
	return 0;
}

struct mpathpr_dev *eng_open(struct eng_env *e, int h)
{
	struct mpathpr_dev *dev = NULL;
	char map[32];

	snprintf(map, sizeof(map), "/dev/mapper/h%d", h);
	if (mpathpr_dev_open(e->ctx[h], map, &dev) < 0)
		abort();
	return dev;
}

uint64_t eng_key(struct eng_env *e, int h, int p)
{
	uint64_t key = 0;
	char dev[32];

	if (!spc4_model_path_registered(e->m, eng_path_now(e, h, p, dev, sizeof(dev)), &key))
		return 0;
	return key;
}

void eng_fault(struct eng_env *e, int h, int p, enum spc4_fault_kind kind, unsigned int count)
{
	struct spc4_fault f = SPC4_FAULT_INIT(kind);
	char dev[32];

	f.count = count;
	if (spc4_model_path_fault(e->m, eng_path_now(e, h, p, dev, sizeof(dev)), &f) < 0)
		abort();
}

uint8_t eng_write(struct eng_env *e, int h, int p)
{
	uint8_t block[512] = { 0 };
	struct mpr_cmd cmd = { .cdb = { 0x2a, 0, 0, 0, 0, 0, 0, 0, 1, 0 }, .cdb_len = 10,
			       .dir = MPR_DIR_TO_DEV, .data = block, .data_len = sizeof(block) };
	struct mpr_cmd_result res = { 0 };
	char dev[32];
	int handle;

	if (e->tr.ops->open(e->tr.priv, eng_path_now(e, h, p, dev, sizeof(dev)), &handle) < 0)
		abort();
	/* like the kernel: a pending UNIT ATTENTION (e.g. registrations
	 * preempted) comes first; resend until the real answer */
	for (int i = 0; i < 4; i++) {
		e->tr.ops->submit(e->tr.priv, handle, &cmd, &res);
		if (!(res.scsi_status == 0x02 && res.sense.key == 0x6))
			break;
	}
	e->tr.ops->close(e->tr.priv, handle);
	return res.scsi_status;
}

size_t eng_prout_count(struct eng_env *e, int sa)
{
	return spc4_model_command_count(e->m, NULL, 0x5f, sa);
}

void eng_unfence(struct eng_env *e, int h, uint64_t key, bool reserve)
{
	struct mpathpr_dev *dev = eng_open(e, h);

	assert_int_equal(mpathpr_register(dev, 0, key, MPATHPR_REG_IGNORE_EXISTING, NULL), 0);
	if (reserve)
		assert_int_equal(mpathpr_reserve(dev, key, MPATHPR_TYPE_WE_RO, NULL), 0);
	mpathpr_dev_close(dev);
}
