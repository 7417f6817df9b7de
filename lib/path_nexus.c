/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * path_nexus.c - READ FULL STATUS matched with the I_T nexus of each path.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/cleanup.h"
#include "path_nexus.h"

#define ISCSI_ISID_SEP		",i,0x"
#define ISCSI_ISID_SEP_LEN	5

/* An iSCSI initiator port: the name, and the ISID if the TransportID has one. */
struct iscsi_port {
	const char *name;
	size_t name_len;
	bool has_isid;
	uint64_t isid;
};

static const char *find_isid_sep(const char *s)
{
	for (; *s; s++)
		if (strncasecmp(s, ISCSI_ISID_SEP, ISCSI_ISID_SEP_LEN) == 0)
			return s;
	return NULL;
}

/* False for an ISID that is not 1..12 hex digits (then the port is unusable). */
static bool iscsi_port_parse(const char *text, struct iscsi_port *ret)
{
	const char *sep = find_isid_sep(text), *hex;
	size_t digits;

	*ret = (struct iscsi_port){ .name = text, .name_len = strlen(text) };
	if (!sep)
		return true;
	ret->name_len = (size_t)(sep - text);
	hex = sep + ISCSI_ISID_SEP_LEN;
	digits = strspn(hex, "0123456789abcdefABCDEF");
	if (digits == 0 || digits > 12 || hex[digits])
		return false;
	ret->has_isid = true;
	ret->isid = strtoull(hex, NULL, 16);
	return true;
}

static enum mpr_port_match iscsi_match(const char *a, const char *b)
{
	struct iscsi_port pa, pb;

	if (!iscsi_port_parse(a, &pa) || !iscsi_port_parse(b, &pb))
		return MPR_PORT_OTHER;
	if (pa.name_len != pb.name_len || strncasecmp(pa.name, pb.name, pa.name_len) != 0)
		return MPR_PORT_OTHER;
	if (pa.has_isid != pb.has_isid)
		return MPR_PORT_NAME_ONLY;
	return !pa.has_isid || pa.isid == pb.isid ? MPR_PORT_SAME : MPR_PORT_OTHER;
}

enum mpr_port_match mpr_initiator_port_match(const struct mpr_tid *a, const struct mpr_tid *b)
{
	if (a->protocol_id != b->protocol_id)
		return MPR_PORT_OTHER;
	switch (a->protocol_id) {
	case MPR_TPID_FC:
		return memcmp(a->n_port_name, b->n_port_name, 8) ? MPR_PORT_OTHER : MPR_PORT_SAME;
	case MPR_TPID_SAS:
		return memcmp(a->sas_address, b->sas_address, 8) ? MPR_PORT_OTHER : MPR_PORT_SAME;
	case MPR_TPID_ISCSI:
		return iscsi_match(a->iscsi_name, b->iscsi_name);
	default:
		return MPR_PORT_OTHER;
	}
}

static struct mpr_path_nexus_verdict unknown(int error)
{
	return (struct mpr_path_nexus_verdict){ .reg = MPATHPR_NEXUS_UNKNOWN, .error = error };
}

static struct mpr_path_nexus_verdict judge_path(const struct mpr_topo_path *p,
						const struct mpr_prin_fs_desc *desc,
						size_t n_desc, bool complete)
{
	struct mpr_path_nexus_verdict v = { .reg = MPATHPR_NEXUS_UNREGISTERED };
	bool found = false, name_only = false;

	if (!p->initiator_known || !p->rel_tgt_port_known)
		return unknown(-ENODATA);
	for (size_t i = 0; i < n_desc; i++) {
		const struct mpr_prin_fs_desc *d = &desc[i];

		/* With ALL_TG_PT the registration holds on every target port. */
		if (!d->tid_known || (!d->all_tg_pt && d->rel_tgt_port != p->rel_tgt_port))
			continue;
		switch (mpr_initiator_port_match(&p->initiator, &d->tid)) {
		case MPR_PORT_SAME:
			if (found && d->key != v.key)
				return unknown(-EPROTO);
			found = true;
			v.key = d->key;
			v.holder |= d->r_holder;
			break;
		case MPR_PORT_NAME_ONLY:
			name_only = true;
			break;
		default:
			break;
		}
	}
	if (found) {
		v.reg = MPATHPR_NEXUS_REGISTERED;
		return v;
	}
	if (name_only)
		return unknown(-ENOTUNIQ);
	return complete ? v : unknown(-EOVERFLOW);
}

void mpr_path_nexus_judge(const struct mpr_topology *topo, const struct mpr_prin_fs_desc *desc,
			  size_t n_desc, bool complete, struct mpr_path_nexus_verdict *ret)
{
	for (size_t i = 0; i < topo->n_paths; i++)
		ret[i] = judge_path(&topo->paths[i], desc, n_desc, complete);
}

/* The registrations in @op's response, allocated into *ret_desc. */
static int decode_all(const struct mpr_path_op *op, struct mpr_prin_full *ret_f,
		      struct mpr_prin_fs_desc **ret_desc)
{
	struct mpr_prin_full f;
	struct mpr_prin_fs_desc *desc;
	int r = mpr_prin_full_decode(op->data, op->res.transferred, NULL, 0, &f);

	if (r < 0)
		return -EPROTO;
	desc = calloc(f.n_present + 1, sizeof(*desc));
	if (!desc)
		return -ENOMEM;
	r = mpr_prin_full_decode(op->data, op->res.transferred, desc, f.n_present, &f);
	if (r < 0) {
		free(desc);
		return -EPROTO;
	}
	*ret_f = f;
	*ret_desc = desc;
	return 0;
}

/* Registrations of @key in @desc (any nexus, a path of this device or not). */
static size_t key_count(const struct mpr_prin_fs_desc *desc, size_t n_desc, uint64_t key)
{
	size_t c = 0;

	for (size_t i = 0; i < n_desc; i++)
		c += desc[i].key == key;
	return c;
}

/* READ FULL STATUS judged for every path; with @ret_count, also count @key. */
static int nexus_read(struct mpr_call *call, uint64_t key, size_t *ret_count, uint32_t *ret_gen,
		      struct mpr_path_nexus_verdict **ret_v)
{
	struct mpathpr_dev *dev = call->dev;
	_cleanup_free_ struct mpr_prin_fs_desc *desc = NULL;
	struct mpr_path_nexus_verdict *v;
	struct mpr_prin_full f = { 0 };
	struct mpr_path_op op;
	int r = mpr_prin_full_status(call, &op);

	if (r < 0 && (r != -EOPNOTSUPP || ret_count))
		return r;
	if (r == 0) {
		r = decode_all(&op, &f, &desc);
		mpr_op_done(&op);
		if (r < 0)
			return mpr_call_fail_errno(call, r);
	}
	/* A list cut short may hold the key in the part not returned. */
	if (ret_count && f.truncated && !key_count(desc, f.n_desc, key))
		return mpr_call_fail_errno(call, -EOVERFLOW);
	/* after the command: the path list is the one the answer is matched with */
	v = calloc(dev->topo->n_paths + 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	if (!desc) {
		for (size_t i = 0; i < dev->topo->n_paths; i++)
			v[i] = unknown(-EOPNOTSUPP);
	} else {
		mpr_path_nexus_judge(dev->topo, desc, f.n_desc, !f.truncated, v);
	}
	mpr_debug(&dev->ctx->log, "%s: READ FULL STATUS: %zu registration(s)%s",
		  dev->topo->name, f.n_desc, desc ? (f.truncated ? ", cut short" : "") :
		  ", not supported by the device");
	if (ret_count)
		*ret_count = key_count(desc, f.n_desc, key);
	if (ret_gen)
		*ret_gen = f.generation;
	*ret_v = v;
	return 0;
}

int mpr_path_nexus_read(struct mpr_call *call, uint32_t *ret_gen,
			struct mpr_path_nexus_verdict **ret_v)
{
	return nexus_read(call, 0, NULL, ret_gen, ret_v);
}

int mpr_path_nexus_read_key(struct mpr_call *call, uint64_t key, size_t *ret_count,
			    struct mpr_path_nexus_verdict **ret_v)
{
	return nexus_read(call, key, ret_count, NULL, ret_v);
}
