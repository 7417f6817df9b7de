/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * classic_in.c - mpath_persistent_reserve_in(): PR IN through the engine,
 * the response laid out in struct prin_resp as libmpathpersist does
 * (counts and generations in host order, keys as the device sent them).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "byteorder.h"
#include "classic_codes.h"
#include "classic_in.h"
#include "common/cleanup.h"
#include "engine.h"
#include "mpathpr/mpath_persist.h"

static int fill_keys(const struct mpr_path_op *op, struct prin_readdescr *out)
{
	struct mpr_prin_keys k;
	size_t cap = MPATH_MAX_PARAM_LEN / 8;
	_cleanup_free_ uint64_t *keys = calloc(cap, sizeof(*keys));

	if (!keys)
		return -ENOMEM;
	if (mpr_prin_keys_decode(op->data, op->res.transferred, keys, cap, &k) < 0)
		return -EPROTO;
	out->prgeneration = k.generation;
	out->additional_length = (uint32_t)(k.n_keys * 8);
	for (size_t i = 0; i < k.n_keys; i++)
		mpr_put_be64(&out->key_list[i * 8], keys[i]);
	return 0;
}

static int fill_resv(const struct mpr_path_op *op, struct prin_resvdescr *out)
{
	struct mpr_prin_resv rv;

	if (mpr_prin_resv_decode(op->data, op->res.transferred, &rv) < 0)
		return -EPROTO;
	out->prgeneration = rv.generation;
	out->additional_length = rv.held ? 0x10 : 0;
	if (rv.held) {
		mpr_put_be64(out->key, rv.key);
		out->scope_type = (uint8_t)(rv.scope << 4 | rv.type);
	}
	return 0;
}

static int fill_caps(const struct mpr_path_op *op, struct prin_capdescr *out)
{
	const uint8_t *b = op->data;
	struct mpr_prin_caps c;

	if (mpr_prin_caps_decode(op->data, op->res.transferred, &c) < 0 || op->res.transferred < 6)
		return -EPROTO;
	out->length = c.length;
	out->flags[0] = b[2];
	out->flags[1] = b[3];
	out->pr_type_mask = (uint16_t)(b[4] << 8 | b[5]);
	return 0;
}

static void fulldescr_from(struct prin_fulldescr *d, const struct mpr_prin_fs_desc *s)
{
	memset(d, 0, sizeof(*d));
	mpr_put_be64(d->key, s->key);
	d->flag = (s->all_tg_pt ? 0x02 : 0) | (s->r_holder ? 0x01 : 0);
	d->scope_type = (uint8_t)(s->scope << 4 | s->type);
	d->rtpi = s->rel_tgt_port;
	if (!s->tid_known)
		return;
	d->trnptid.protocol_id = s->tid.protocol_id;
	/* the FORMAT CODE as a number (0 name, 1 name,i,ISID): what
	 * libmpathpersist stores there and mpathpersist prints from */
	d->trnptid.format_code = s->tid.format_code;
	if (s->tid.protocol_id == MPATH_PROTOCOL_ID_FC)
		memcpy(d->trnptid.n_port_name, s->tid.n_port_name, 8);
	else if (s->tid.protocol_id == MPATH_PROTOCOL_ID_SAS)
		memcpy(d->trnptid.sas_address, s->tid.sas_address, 8);
	else
		snprintf((char *)d->trnptid.iscsi_name, sizeof(d->trnptid.iscsi_name), "%s",
			 s->tid.iscsi_name);
}

static int fill_full(const struct mpr_path_op *op, struct print_fulldescr_list *out)
{
	size_t fit = MPATH_MAX_PARAM_LEN / sizeof(struct prin_fulldescr);
	struct mpr_prin_full f;
	_cleanup_free_ struct mpr_prin_fs_desc *desc = NULL;

	if (fit > MPATH_MX_TIDS)
		fit = MPATH_MX_TIDS;
	desc = calloc(fit, sizeof(*desc));
	if (!desc)
		return -ENOMEM;
	if (mpr_prin_full_decode(op->data, op->res.transferred, desc, fit, &f) < 0)
		return -EPROTO;
	out->prgeneration = f.generation;
	out->number_of_descriptor = (uint32_t)f.n_desc;
	for (size_t i = 0; i < f.n_desc; i++) {
		struct prin_fulldescr *d =
			(struct prin_fulldescr *)(out->private_buffer + i * sizeof(*d));

		fulldescr_from(d, &desc[i]);
		out->descriptors[i] = d;
	}
	return 0;
}

static int classic_fill(int sa, const struct mpr_path_op *op, struct prin_resp *resp)
{
	switch (sa) {
	case MPATH_PRIN_RKEY_SA:
		return fill_keys(op, &resp->prin_descriptor.prin_readkeys);
	case MPATH_PRIN_RRES_SA:
		return fill_resv(op, &resp->prin_descriptor.prin_readresv);
	case MPATH_PRIN_RCAP_SA:
		return fill_caps(op, &resp->prin_descriptor.prin_readcap);
	default:
		return fill_full(op, &resp->prin_descriptor.prin_readfd);
	}
}

int mpr_classic_prin(struct mpathpr_ctx *ctx, int fd, int rq_servact, struct prin_resp *resp)
{
	struct mpathpr_dev *dev = NULL;
	struct mpr_path_op op;
	struct mpr_call call;
	int r;

	if (!resp || rq_servact < MPATH_PRIN_RKEY_SA || rq_servact > MPATH_PRIN_RFSTAT_SA)
		return MPATH_PR_SYNTAX_ERROR;
	r = mpathpr_dev_open_fd(ctx, fd, &dev);
	if (r < 0)
		return mpr_classic_pr_code(r, NULL);
	mpr_call_begin(&call, dev, NULL);
	r = mpr_prin_any(&call, SIZE_MAX, (uint8_t)rq_servact, &op);
	if (r == 0) {
		/* a response cut short (device lying about lengths) is malformed */
		if (rq_servact != MPATH_PRIN_RCAP_SA &&
		    (op.res.transferred < 8 || mpr_get_be32(op.data + 4) + 8ULL > op.res.transferred))
			r = -EPROTO;
		else
			r = classic_fill(rq_servact, &op, resp);
		mpr_op_done(&op);
	}
	r = mpr_classic_pr_code(r, &call);
	mpathpr_dev_close(dev);
	return r;
}
