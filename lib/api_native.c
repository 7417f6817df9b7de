/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * api_native.c - every entry point of the native API that sends commands:
 * PR OUT, the PR IN reads (one path, or every path), the nexus checks:
 * argument checks (nothing is sent for a bad argument), then the engine.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/cleanup.h"
#include "engine.h"
#include "mpathpr/mpathpr.h"
#include "path_nexus.h"

static bool type_valid(int type)
{
	return type > 0 && type < 16 && (MPR_PR_TYPE_VALID_MASK & (1u << type));
}

int mpathpr_register(struct mpathpr_dev *dev, uint64_t old_key, uint64_t new_key,
		     unsigned int flags, struct mpathpr_report *report)
{
	struct mpr_call call;

	if (!dev || (flags & ~(MPATHPR_REG_IGNORE_EXISTING | MPATHPR_REG_APTPL |
			       MPATHPR_REG_ALL_TG_PT)))
		return -EINVAL;
	if (!old_key && !new_key)
		return -EINVAL;
	mpr_call_begin(&call, dev, report);
	return mpr_do_register(&call, old_key, new_key, flags, NULL, 0);
}

int mpathpr_reserve(struct mpathpr_dev *dev, uint64_t key, enum mpathpr_type type,
		    struct mpathpr_report *report)
{
	struct mpr_call call;

	if (!dev || !key || !type_valid(type))
		return -EINVAL;
	mpr_call_begin(&call, dev, report);
	return mpr_do_reserve(&call, key, type);
}

int mpathpr_release(struct mpathpr_dev *dev, uint64_t key, enum mpathpr_type type,
		    struct mpathpr_report *report)
{
	struct mpr_call call;

	if (!dev || !key || !type_valid(type))
		return -EINVAL;
	mpr_call_begin(&call, dev, report);
	return mpr_do_release(&call, key, type);
}

int mpathpr_clear(struct mpathpr_dev *dev, uint64_t key, struct mpathpr_report *report)
{
	struct mpr_call call;

	if (!dev || !key)
		return -EINVAL;
	mpr_call_begin(&call, dev, report);
	return mpr_do_clear(&call, key);
}

int mpathpr_preempt(struct mpathpr_dev *dev, uint64_t key, uint64_t victim_key,
		    enum mpathpr_type type, bool abort, struct mpathpr_report *report)
{
	struct mpr_call call;

	if (!dev || !key || !type_valid(type))
		return -EINVAL;
	mpr_call_begin(&call, dev, report);
	return mpr_do_preempt(&call, key, victim_key, type, abort);
}

int mpathpr_register_missing(struct mpathpr_dev *dev, uint64_t key,
			     struct mpathpr_report *report,
			     struct mpathpr_repair_result *ret_result)
{
	struct mpr_call call;

	if (!dev || !key || !ret_result)
		return -EINVAL;
	mpr_call_begin(&call, dev, report);
	return mpr_do_register_missing(&call, key, ret_result);
}

/* ---- PR IN: keys, reservation and capabilities (the first usable path that answers) ---- */

int mpathpr_read_keys(struct mpathpr_dev *dev, struct mpathpr_keys **ret_keys,
		      struct mpathpr_report *report)
{
	struct mpr_call call;
	struct mpathpr_keys *out;
	uint64_t *keys = NULL;
	uint32_t gen = 0;
	size_t n = 0;
	int r;

	if (!dev || !ret_keys)
		return -EINVAL;
	mpr_call_begin(&call, dev, report);
	r = mpr_read_keys_on(&call, SIZE_MAX, &gen, &keys, &n);
	if (r < 0)
		return r;
	out = malloc(sizeof(*out) + n * sizeof(out->keys[0]));
	if (!out) {
		free(keys);
		return -ENOMEM;
	}
	out->generation = gen;
	out->count = n;
	if (n)
		memcpy(out->keys, keys, n * sizeof(keys[0]));
	free(keys);
	*ret_keys = out;
	return 0;
}

int mpathpr_read_reservation(struct mpathpr_dev *dev, struct mpathpr_reservation *ret_res,
			     struct mpathpr_report *report)
{
	struct mpr_call call;
	struct mpr_prin_resv rv;
	int r;

	if (!dev || !ret_res)
		return -EINVAL;
	mpr_call_begin(&call, dev, report);
	r = mpr_read_resv(&call, SIZE_MAX, &rv);
	if (r < 0)
		return r;
	*ret_res = (struct mpathpr_reservation){
		.generation = rv.generation, .held = rv.held, .key = rv.key,
		.scope = rv.scope, .type = rv.type,
	};
	return 0;
}

int mpathpr_read_capabilities(struct mpathpr_dev *dev, struct mpathpr_capabilities *ret_caps,
			      struct mpathpr_report *report)
{
	struct mpr_call call;
	struct mpr_path_op op;
	struct mpr_prin_caps c;
	int r;

	if (!dev || !ret_caps)
		return -EINVAL;
	mpr_call_begin(&call, dev, report);
	r = mpr_prin_any(&call, SIZE_MAX, MPR_PRIN_REPORT_CAPABILITIES, &op);
	if (r < 0)
		return r;
	r = mpr_prin_caps_decode(op.data, op.res.transferred, &c);
	mpr_op_done(&op);
	if (r < 0)
		return -EPROTO;
	*ret_caps = (struct mpathpr_capabilities){
		.crh = c.crh, .sip_c = c.sip_c, .atp_c = c.atp_c, .ptpl_c = c.ptpl_c,
		.tmv = c.tmv, .ptpl_a = c.ptpl_a, .allow_commands_valid = c.tmv,
		.allow_commands = c.allow_commands, .type_mask = c.type_mask,
	};
	return 0;
}

/* ---- PR IN: the full status, and what each path sees ---- */

static void fs_entry(struct mpathpr_full_status_entry *e, const struct mpr_prin_fs_desc *d)
{
	memset(e, 0, sizeof(*e));
	e->key = d->key;
	e->all_tg_pt = d->all_tg_pt;
	e->holder = d->r_holder;
	e->scope = d->scope;
	e->type = d->type;
	e->rel_tgt_port = d->rel_tgt_port;
	if (d->tid_known) {
		e->protocol_id = d->tid.protocol_id;
		mpr_tid_to_text(&d->tid, e->transport_id, sizeof(e->transport_id));
	}
}

int mpathpr_read_full_status(struct mpathpr_dev *dev, struct mpathpr_full_status **ret_status,
			     struct mpathpr_report *report)
{
	struct mpr_call call;
	struct mpr_path_op op;
	struct mpr_prin_full f;
	_cleanup_free_ struct mpr_prin_fs_desc *desc = NULL;
	struct mpathpr_full_status *out;
	int r;

	if (!dev || !ret_status)
		return -EINVAL;
	mpr_call_begin(&call, dev, report);
	r = mpr_prin_full_status(&call, &op);
	if (r < 0)
		return r;
	r = mpr_prin_full_decode(op.data, op.res.transferred, NULL, 0, &f);
	if (r == 0 && !f.truncated) {
		desc = calloc(f.n_present + 1, sizeof(*desc));
		r = desc ? mpr_prin_full_decode(op.data, op.res.transferred, desc, f.n_present, &f)
			 : -ENOMEM;
	} else if (r == 0) {
		r = -EPROTO;
	}
	mpr_op_done(&op);
	if (r < 0)
		return r == -ENOMEM ? r : -EPROTO;
	out = calloc(1, sizeof(*out) + f.n_desc * sizeof(out->entries[0]));
	if (!out)
		return -ENOMEM;
	out->generation = f.generation;
	out->count = f.n_desc;
	for (size_t i = 0; i < f.n_desc; i++)
		fs_entry(&out->entries[i], &desc[i]);
	*ret_status = out;
	return 0;
}

void mpathpr_key_matrix_free(struct mpathpr_key_matrix *matrix)
{
	if (!matrix)
		return;
	for (size_t i = 0; i < matrix->count; i++)
		free(matrix->paths[i].keys);
	free(matrix);
}

int mpathpr_read_key_matrix(struct mpathpr_dev *dev, struct mpathpr_key_matrix **ret_matrix,
			    struct mpathpr_report *report)
{
	struct mpathpr_key_matrix *m;
	struct mpr_call call;
	size_t n, answered = 0;
	int r;

	if (!dev || !ret_matrix)
		return -EINVAL;
	n = dev->topo->n_paths;
	m = calloc(1, sizeof(*m) + n * sizeof(m->paths[0]));
	if (!m)
		return -ENOMEM;
	m->count = n;
	mpr_call_begin(&call, dev, report);
	r = mpr_read_keys_all(&call, m);
	for (size_t i = 0; i < n; i++)
		answered += m->paths[i].error == 0;
	/* A path that did not answer: report its present state (failed or
	 * offline since the device was opened?), which fencing decisions read. */
	if (r == 0 && answered < n && mpr_dev_refresh(dev) == 0)
		for (size_t i = 0; i < n; i++) {
			size_t now = mpr_dev_find_path(dev, m->paths[i].path.major,
						       m->paths[i].path.minor);

			if (m->paths[i].error && now != SIZE_MAX)
				m->paths[i].path = dev->info[now];
		}
	if (r < 0 || !answered) {
		int err = r < 0 ? r : m->count ? m->paths[0].error : -ENOLINK;

		mpathpr_key_matrix_free(m);
		return err ? err : -ENOLINK;
	}
	*ret_matrix = m;
	return 0;
}

static void nexus_fill(struct mpathpr_path_nexus *e, const struct mpathpr_path_info *info,
		       const struct mpr_topo_path *p, const struct mpr_path_nexus_verdict *v)
{
	memset(e, 0, sizeof(*e));
	e->path = *info;
	if (p->initiator_known &&
	    mpr_tid_to_text(&p->initiator, e->initiator_port, sizeof(e->initiator_port)) < 0)
		e->initiator_port[0] = '\0';
	snprintf(e->target_port, sizeof(e->target_port), "%s", p->target_port);
	e->rel_tgt_port_valid = p->rel_tgt_port_known;
	e->rel_tgt_port = p->rel_tgt_port;
	e->reg = v->reg;
	e->key = v->key;
	e->holder = v->holder;
	e->error = v->error;
}

int mpathpr_read_nexus_status(struct mpathpr_dev *dev, struct mpathpr_nexus_status **ret_status,
			      struct mpathpr_report *report)
{
	_cleanup_free_ struct mpr_path_nexus_verdict *v = NULL;
	struct mpathpr_nexus_status *out;
	struct mpr_call call;
	uint32_t gen = 0;
	size_t n;
	int r;

	if (!dev || !ret_status)
		return -EINVAL;
	mpr_call_begin(&call, dev, report);
	r = mpr_path_nexus_read(&call, &gen, &v);
	if (r < 0)
		return r;
	n = dev->topo->n_paths;
	out = calloc(1, sizeof(*out) + n * sizeof(out->paths[0]));
	if (!out)
		return -ENOMEM;
	out->generation = gen;
	out->count = n;
	for (size_t i = 0; i < n; i++)
		nexus_fill(&out->paths[i], &dev->info[i], &dev->topo->paths[i], &v[i]);
	*ret_status = out;
	return 0;
}

int mpathpr_dev_path_detail(const struct mpathpr_dev *dev, size_t i,
			    struct mpathpr_path_detail *ret_detail)
{
	const struct mpr_topo_path *p;

	if (!dev || !dev->topo || i >= dev->topo->n_paths || !ret_detail)
		return -EINVAL;
	p = &dev->topo->paths[i];
	memset(ret_detail, 0, sizeof(*ret_detail));
	snprintf(ret_detail->hctl, sizeof(ret_detail->hctl), "%s", p->hctl);
	snprintf(ret_detail->scsi_state, sizeof(ret_detail->scsi_state), "%s", p->scsi_state);
	ret_detail->group_state = p->group_state;
	ret_detail->fail_count = p->fail_count;
	snprintf(ret_detail->target_port, sizeof(ret_detail->target_port), "%s", p->target_port);
	return 0;
}

int mpathpr_read_prin(struct mpathpr_dev *dev, uint8_t service_action, uint16_t alloc_len,
		      void *buf, size_t *ret_len, struct mpathpr_report *report)
{
	struct mpr_cmd_result res;
	struct mpr_path_op op;
	struct mpr_call call;
	size_t n;
	int r;

	if (!dev || !buf || !ret_len || service_action > MPR_PRIN_READ_FULL_STATUS || !alloc_len)
		return -EINVAL;
	mpr_call_begin(&call, dev, report);
	r = mpr_prin_walk(&call, service_action, alloc_len, &op);
	if (r < 0)
		return r;
	if (op.outcome != MPR_OUTCOME_OK) {
		res = op.res;
		mpr_op_done(&op);
		return mpr_call_fail(&call, &res);
	}
	n = op.res.transferred < alloc_len ? op.res.transferred : alloc_len;
	memcpy(buf, op.data, n);
	*ret_len = n;
	mpr_op_done(&op);
	return 0;
}
