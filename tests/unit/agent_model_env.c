// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * agent_model_env.c - two nodes, three LUNs, two paths each, on the SPC-4
 * model; the resolver hands the library a topology built from that table.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/actions.h"
#include "agent/dispatch.h"
#include "agent/log.h"
#include "agent_model_env.h"
#include "ctx.h"

static const char *const env_wwids[3] = {
	"36001405cccc000000000000000000000",	/* lun0: last in WWID order */
	"36001405aaaa000000000000000000000",	/* lun1: first */
	"36001405bbbb000000000000000000000",	/* lun2 */
};

static const char env_names[ENV_HOSTS] = { 'a', 'b' };

static void env_wwid(int lun, char *buf, size_t len)
{
	if (lun < 3)
		snprintf(buf, len, "%s", env_wwids[lun]);
	else
		snprintf(buf, len, "36001405dddd%08d", ENV_LUNS_MAX - lun);
}

const char *env_map(int host, int lun, char *buf, size_t len)
{
	snprintf(buf, len, "/dev/mapper/%c-lun%d", env_names[host], lun);
	return buf;
}

const char *env_path(const struct env *e, int host, int lun, int p, char *buf, size_t len)
{
	const char *re = e->host[host].relogin[lun][p];

	if (re[0])
		snprintf(buf, len, "%s", re);
	else
		snprintf(buf, len, "/dev/%c-lun%d-p%d", env_names[host], lun, p);
	return buf;
}

static int env_parse_map(const struct env_host *h, const char *path, int *ret_lun)
{
	char prefix[32];
	int lun;

	if (strncmp(path, "/dev/mapper/", 12) != 0)
		return strncmp(path, "/dev/", 5) == 0 ? -EMEDIUMTYPE : -ENOENT;
	snprintf(prefix, sizeof(prefix), "/dev/mapper/%c-lun", env_names[h->index]);
	if (strncmp(path, prefix, strlen(prefix)) != 0)
		return -ENOENT;
	if (sscanf(path + strlen(prefix), "%d", &lun) != 1 || lun < 0 ||
	    lun >= h->env->n_luns)
		return -ENOENT;
	*ret_lun = lun;
	return 0;
}

/*
 * Who path @p is, as sysfs would tell the library: the model's nexus of that
 * path (the initiator name, with the new ISID after a re-login; target port
 * p + 1), unless the test made it unidentifiable.
 */
static void env_path_nexus(const struct env_host *h, int lun, int p, struct mpr_topo_path *tp)
{
	snprintf(tp->target_port, sizeof(tp->target_port), "iqn.2026-01.test:san,t,%d", p + 1);
	if (h->unidentified[lun][p])
		return;
	tp->initiator_known = true;
	tp->initiator.protocol_id = MPR_TPID_ISCSI;
	if (h->relogin[lun][p][0]) {
		tp->initiator.format_code = 1;
		snprintf(tp->initiator.iscsi_name, sizeof(tp->initiator.iscsi_name), "%s%s",
			 h->initiator, ENV_RELOGIN_ISID);
	} else {
		snprintf(tp->initiator.iscsi_name, sizeof(tp->initiator.iscsi_name), "%s",
			 h->initiator);
	}
	tp->rel_tgt_port_known = true;
	tp->rel_tgt_port = (uint16_t)(p + 1);
}

static int env_resolve(void *data, const char *path, int fd, struct mpr_topology **ret)
{
	const struct env_host *h = data;
	struct mpr_topology *t;
	char wwid[64];
	int lun, r;

	if (!path)
		return -ENOTBLK;
	r = env_parse_map(h, path, &lun);
	if (r < 0)
		return r;
	t = calloc(1, sizeof(*t));
	if (!t || !(t->paths = calloc(ENV_PATHS, sizeof(*t->paths)))) {
		free(t);
		return -ENOMEM;
	}
	t->kind = MPR_DEV_MULTIPATH;
	snprintf(t->name, sizeof(t->name), "%c-lun%d", env_names[h->index], lun);
	snprintf(t->devnode, sizeof(t->devnode), "%s", path);
	env_wwid(lun, wwid, sizeof(wwid));
	snprintf(t->wwid, sizeof(t->wwid), "%s", wwid);
	snprintf(t->dm_uuid, sizeof(t->dm_uuid), "mpath-%s", wwid);
	t->major = 253;
	t->minor = (unsigned int)(h->index * ENV_LUNS_MAX + lun);
	t->n_groups = 1;
	t->active_group = 1;
	t->n_paths = ENV_PATHS;
	for (int p = 0; p < ENV_PATHS; p++) {
		struct mpr_topo_path *tp = &t->paths[p];

		env_path(h->env, h->index, lun, p, tp->devnode, sizeof(tp->devnode));
		tp->major = 8;
		/* A re-logged-in path is a new SCSI device: a new minor. */
		tp->minor = (unsigned int)(4 * (ENV_LUNS_MAX * h->index + lun) + p +
					   (h->relogin[lun][p][0] ? 2 : 0));
		tp->group = 1;
		tp->group_state = 'A';
		tp->group_active = true;
		tp->state = h->state[lun][p];
		snprintf(tp->scsi_state, sizeof(tp->scsi_state), "running");
		env_path_nexus(h, lun, p, tp);
	}
	*ret = t;
	return 0;
}

static int env_add_paths(struct env *e)
{
	char dev[64];

	for (int h = 0; h < ENV_HOSTS; h++)
		for (int l = 0; l < e->n_luns; l++)
			for (int p = 0; p < ENV_PATHS; p++)
				if (spc4_model_add_path(e->m, env_path(e, h, l, p, dev, sizeof(dev)),
							e->lu[l], e->host[h].initiator,
							(uint16_t)(p + 1)) < 0)
					return -1;
	return 0;
}

static int env_host_init(struct env *e, int h)
{
	struct env_host *host = &e->host[h];

	host->env = e;
	host->index = h;
	host->key = h == 0 ? ENV_KEY_A : ENV_KEY_B;
	snprintf(host->initiator, sizeof(host->initiator), "iqn.2026-01.test:node-%c",
		 env_names[h]);
	snprintf(host->store_dir, sizeof(host->store_dir), "%s/store-%c", e->tmpdir,
		 env_names[h]);
	if (mpathpr_ctx_new(&host->ctx) < 0)
		return -1;
	mpathpr_ctx_set_log(host->ctx, fence_log_lib_sink, NULL, LOG_DEBUG);
	mpathpr_ctx_set_timeouts(host->ctx, ENV_IO_TIMEOUT_MS,
				 FENCE_ACTION_BUDGET_MS(ENV_IO_TIMEOUT_MS));
	mpathpr_ctx_set_path_wait(host->ctx, ENV_IO_TIMEOUT_MS);
	mpr_ctx_set_backend(host->ctx, &e->tr, env_resolve, host);
	return 0;
}

struct env *env_new(void)
{
	return env_new_luns(ENV_LUNS);
}

/* The actions' multipath.conf and multipathd: the test's own (struct env). */
static int env_mpathd_init(struct env *e)
{
	FILE *f;

	snprintf(e->mpathd_conf, sizeof(e->mpathd_conf), "%s/multipath.conf", e->tmpdir);
	snprintf(e->mpathd_prkeys, sizeof(e->mpathd_prkeys), "%s/prkeys", e->tmpdir);
	snprintf(e->mpathd_socket, sizeof(e->mpathd_socket), "/mpathpr-test/multipathd%s",
		 e->tmpdir);
	f = fopen(e->mpathd_conf, "w");
	if (!f)
		return -1;
	fprintf(f, "defaults {\n\tconfig_dir %s/conf.d\n}\n", e->tmpdir);
	if (fclose(f) != 0)
		return -1;
	e->mpathd = (struct fence_prkey_settings){
		.multipath_conf = e->mpathd_conf,
		.socket_name = e->mpathd_socket,
		.prkeys_file = e->mpathd_prkeys,
		.timeout_ms = 2000,
	};
	return 0;
}

struct env *env_new_luns(int n)
{
	struct env *e = calloc(1, sizeof(*e));
	char wwid[64];

	if (!e || n < 1 || n > ENV_LUNS_MAX) {
		free(e);
		return NULL;
	}
	e->n_luns = n;
	snprintf(e->tmpdir, sizeof(e->tmpdir), "/tmp/test_agent_actions.XXXXXX");
	e->m = spc4_model_new();
	if (!e->m || !mkdtemp(e->tmpdir))
		goto fail;
	for (int l = 0; l < n; l++) {
		env_wwid(l, wwid, sizeof(wwid));
		if ((e->lu[l] = spc4_model_add_lu(e->m, wwid)) < 0)
			goto fail;
	}
	if (env_mpathd_init(e) < 0)
		goto fail;
	spc4_model_transport(e->m, &e->tr);
	for (int h = 0; h < ENV_HOSTS; h++)
		if (env_host_init(e, h) < 0)
			goto fail;
	if (env_add_paths(e) < 0)
		goto fail;
	return e;
fail:
	env_free(e);
	return NULL;
}

void env_free(struct env *e)
{
	char cmd[PATH_MAX + 16];

	if (!e)
		return;
	for (int h = 0; h < ENV_HOSTS; h++)
		mpathpr_ctx_free(e->host[h].ctx);
	spc4_model_free(e->m);
	if (e->tmpdir[0] && strstr(e->tmpdir, "XXXXXX") == NULL) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", e->tmpdir);
		if (system(cmd) != 0)
			fprintf(stderr, "cannot remove %s\n", e->tmpdir);
	}
	free(e);
}

int env_setup(void **state)
{
	struct env *e = env_new();

	*state = e;
	return e ? 0 : -1;
}

int env_teardown(void **state)
{
	env_free(*state);
	return 0;
}

struct fence_config *env_config(struct env *e, int host, enum fence_action action, uint64_t key)
{
	struct fence_config *cfg = calloc(1, sizeof(*cfg));
	char map[64];

	if (!cfg || fence_config_init(cfg) < 0)
		abort();
	cfg->action = action;
	cfg->devices = calloc((size_t)e->n_luns, sizeof(char *));
	for (int l = 0; l < e->n_luns; l++)
		cfg->devices[l] = strdup(env_map(host, l, map, sizeof(map)));
	cfg->n_devices = (size_t)e->n_luns;
	cfg->have_key = key != 0;
	cfg->key = key;
	free(cfg->store_path);
	cfg->store_path = strdup(e->host[host].store_dir);
	cfg->io_timeout_ms = ENV_IO_TIMEOUT_MS;
	cfg->mpathd = &e->mpathd;
	return cfg;
}

void env_config_free(struct fence_config *cfg)
{
	fence_config_free(cfg);
	free(cfg);
}

int env_run(struct env *e, int host, enum fence_action action, uint64_t key)
{
	struct fence_config *cfg = env_config(e, host, action, key);
	int code = fence_action_run(cfg, e->host[host].ctx);

	env_config_free(cfg);
	return code;
}

bool env_key_on_lun(struct env *e, int lun, uint64_t key)
{
	uint64_t keys[32];
	size_t n = spc4_model_keys(e->m, e->lu[lun], keys, 32);

	for (size_t i = 0; i < n && i < 32; i++)
		if (keys[i] == key)
			return true;
	return false;
}

bool env_host_registered(struct env *e, int host, int lun)
{
	char dev[64];

	for (int p = 0; p < ENV_PATHS; p++) {
		uint64_t key = 0;

		env_path(e, host, lun, p, dev, sizeof(dev));
		if (!spc4_model_path_registered(e->m, dev, &key) || key != e->host[host].key)
			return false;
	}
	return true;
}

uint8_t env_write(struct env *e, int host, int lun, int p)
{
	struct mpr_cmd cmd = { .cdb = { 0x2a, 0, 0, 0, 0, 0, 0, 0, 1, 0 }, .cdb_len = 10,
			       .dir = MPR_DIR_TO_DEV, .data_len = 512 };
	struct mpr_cmd_result res = { 0 };
	uint8_t block[512] = { 0 };
	char dev[64];
	int handle;

	cmd.data = block;
	env_path(e, host, lun, p, dev, sizeof(dev));
	if (e->tr.ops->open(e->tr.priv, dev, &handle) < 0)
		return 0xff;
	/* A preempted nexus first hears about it as a UNIT ATTENTION: write again. */
	for (int i = 0; i < 4; i++) {
		e->tr.ops->submit(e->tr.priv, handle, &cmd, &res);
		if (res.scsi_status != MPR_SAM_CHECK_CONDITION || res.sense_len < 3 ||
		    (res.sense_raw[0] & 0x7f) != 0x70 || (res.sense_raw[2] & 0x0f) != MPR_SK_UNIT_ATTENTION)
			break;
	}
	e->tr.ops->close(e->tr.priv, handle);
	return res.scsi_status;
}

void env_fault_host_paths(struct env *e, int host, int lun, enum spc4_fault_kind kind)
{
	struct spc4_fault f = SPC4_FAULT_INIT(kind);
	char dev[64];

	for (int l = 0; l < e->n_luns; l++) {
		if (lun >= 0 && l != lun)
			continue;
		for (int p = 0; p < ENV_PATHS; p++)
			spc4_model_path_fault(e->m, env_path(e, host, l, p, dev, sizeof(dev)), &f);
	}
}

void env_relogin(struct env *e, int host, int lun, int p)
{
	struct env_host *h = &e->host[host];
	char init[96], *dev = h->relogin[lun][p];

	snprintf(dev, sizeof(h->relogin[lun][p]), "/dev/%c-lun%d-p%d-relogin",
		 env_names[host], lun, p);
	/* A new session: same initiator name, new ISID, so a new I_T nexus. */
	snprintf(init, sizeof(init), "%s%s", h->initiator, ENV_RELOGIN_ISID);
	spc4_model_add_path(e->m, dev, e->lu[lun], init, (uint16_t)(p + 1));
}

int env_unfence_both(struct env *e)
{
	if (env_run(e, 0, FENCE_ACT_ON, ENV_KEY_A) != FENCE_EXIT_OK)
		return -1;
	return env_run(e, 1, FENCE_ACT_ON, ENV_KEY_B) == FENCE_EXIT_OK ? 0 : -1;
}

void env_fault_pr_unsupported(struct env *e, int host, int lun, int opcode)
{
	struct spc4_fault f = SPC4_FAULT_INIT(SPC4_FAULT_SENSE);
	char dev[64];

	f.opcode = opcode;
	f.sk = 0x5;	/* ILLEGAL REQUEST, INVALID COMMAND OPERATION CODE */
	f.asc = 0x20;
	for (int p = 0; p < ENV_PATHS; p++)
		spc4_model_path_fault(e->m, env_path(e, host, lun, p, dev, sizeof(dev)), &f);
}
