/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * classic.c - the libmpathpersist API on top of the engine.
 *
 * Every call builds its own context, so concurrent calls share nothing.  The
 * classic API has no log sink parameter: messages up to the level chosen by
 * @verbose (LOG_DEBUG when @noisy) go to syslog(3).  Engine results become
 * MPATH_PR_* codes in classic_codes.c and nowhere else.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "classic.h"
#include "classic_codes.h"
#include "mpathpr/mpath_persist.h"

static void classic_syslog(void *userdata, int priority, const char *msg)
{
	syslog(priority, "mpathpr: %s", msg);
}

static int classic_threshold(int noisy, int verbose)
{
	static const int level[] = { LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG };

	if (noisy)
		return LOG_DEBUG;
	if (verbose < 0)
		return LOG_ERR;
	return level[verbose > 3 ? 3 : verbose];
}

static int classic_ctx(int noisy, int verbose, struct mpathpr_ctx **ret_ctx)
{
	struct mpathpr_ctx *ctx;
	int r = mpathpr_ctx_new(&ctx);

	if (r < 0)
		return r;
	mpathpr_ctx_set_log(ctx, classic_syslog, NULL, classic_threshold(noisy, verbose));
	*ret_ctx = ctx;
	return 0;
}

int libmpathpersist_init(void)
{
	return 0;
}

int libmpathpersist_exit(void)
{
	return 0;
}

void *mpath_alloc_prin_response(int prin_sa)
{
	switch (prin_sa) {
	case MPATH_PRIN_RKEY_SA:
	case MPATH_PRIN_RRES_SA:
	case MPATH_PRIN_RCAP_SA:
		return calloc(1, sizeof(struct prin_resp));
	case MPATH_PRIN_RFSTAT_SA:
		/* room for the descriptor pointers after private_buffer */
		return calloc(1, sizeof(struct prin_resp) +
				 MPATH_MX_TIDS * sizeof(struct prin_fulldescr *));
	default:
		return NULL;
	}
}

static bool needs_type(int sa)
{
	return sa == MPATH_PROUT_RES_SA || sa == MPATH_PROUT_REL_SA ||
	       sa == MPATH_PROUT_PREE_SA || sa == MPATH_PROUT_PREE_AB_SA ||
	       sa == MPATH_PROUT_REG_MOV_SA;
}

static bool type_valid(unsigned int type)
{
	return type < 16 && (MPR_PR_TYPE_VALID_MASK & (1u << type));
}

static uint64_t key_of(const uint8_t k[8])
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = v << 8 | k[i];
	return v;
}

/*
 * libmpathpersist callers fill iscsi_name[] with the TransportID bytes from
 * offset 2 on: a big-endian ADDITIONAL LENGTH, then the name.  A name never
 * starts with a NUL byte, so a plain string is accepted as well.
 */
static int iscsi_name_from_classic(const uint8_t *in, char *out, size_t cap)
{
	size_t max = sizeof(((struct transportid *)0)->iscsi_name), len;

	if (in[0] == 0 && in[1] != 0) {
		in += 2;
		max = in[-1] < max - 2 ? in[-1] : max - 2;
	}
	len = strnlen((const char *)in, max);
	if (!len || len == max || len >= cap)
		return -EINVAL;
	memcpy(out, in, len);
	out[len] = 0;
	return 0;
}

/* struct transportid (classic) -> struct mpr_tid (codec). */
static int tid_from_classic(const struct transportid *in, struct mpr_tid *out)
{
	memset(out, 0, sizeof(*out));
	out->protocol_id = in->protocol_id & 0x0f;
	out->format_code = (in->format_code >> 6) & 0x3;
	switch (out->protocol_id) {
	case MPATH_PROTOCOL_ID_FC:
		memcpy(out->n_port_name, in->n_port_name, 8);
		return 0;
	case MPATH_PROTOCOL_ID_SAS:
		memcpy(out->sas_address, in->sas_address, 8);
		return 0;
	case MPATH_PROTOCOL_ID_ISCSI:
		return iscsi_name_from_classic(in->iscsi_name, out->iscsi_name,
					      sizeof(out->iscsi_name));
	default:
		return -EINVAL;
	}
}

static int classic_tids(const struct prout_param_descriptor *p, struct mpr_tid **ret, size_t *ret_n)
{
	struct mpr_tid *tids;

	if (!(p->sa_flags & MPATH_F_SPEC_I_PT_MASK)) {
		*ret = NULL;
		*ret_n = 0;
		return 0;
	}
	if (!p->num_transportid || p->num_transportid > MPATH_MX_TIDS)
		return -EINVAL;
	tids = calloc(p->num_transportid, sizeof(*tids));
	if (!tids)
		return -ENOMEM;
	for (uint32_t i = 0; i < p->num_transportid; i++)
		if (!p->trnptid_list[i] || tid_from_classic(p->trnptid_list[i], &tids[i]) < 0) {
			free(tids);
			return -EINVAL;
		}
	*ret = tids;
	*ret_n = p->num_transportid;
	return 0;
}

static int classic_out(struct mpr_call *call, int sa, unsigned int type,
		       const struct prout_param_descriptor *p, const struct mpr_tid *tids,
		       size_t n_tids)
{
	uint64_t key = key_of(p->key), sa_key = key_of(p->sa_key);
	unsigned int flags = (p->sa_flags & MPATH_F_APTPL_MASK ? MPATHPR_REG_APTPL : 0) |
			     (p->sa_flags & MPATH_F_ALL_TG_PT_MASK ? MPATHPR_REG_ALL_TG_PT : 0);
	struct mpr_tid move_tid;

	switch (sa) {
	case MPATH_PROUT_REG_IGN_SA:
		flags |= MPATHPR_REG_IGNORE_EXISTING;
		/* fall through */
	case MPATH_PROUT_REG_SA:
		return mpr_do_register(call, key, sa_key, flags, tids, n_tids);
	case MPATH_PROUT_RES_SA:
		return mpr_do_reserve(call, key, type);
	case MPATH_PROUT_REL_SA:
		return mpr_do_release(call, key, type);
	case MPATH_PROUT_CLEAR_SA:
		return mpr_do_clear(call, key);
	case MPATH_PROUT_PREE_SA:
	case MPATH_PROUT_PREE_AB_SA:
		return mpr_do_preempt(call, key, sa_key, type, sa == MPATH_PROUT_PREE_AB_SA);
	case MPATH_PROUT_REG_MOV_SA:
		if (p->num_transportid != 1 || !p->trnptid_list[0] ||
		    tid_from_classic(p->trnptid_list[0], &move_tid) < 0)
			return -EINVAL;
		return mpr_do_register_move(call, key, sa_key, type,
					    p->sa_flags & MPATH_F_APTPL_MASK, false, 0, &move_tid);
	default:
		return -EINVAL;
	}
}

int mpr_classic_prout(struct mpathpr_ctx *ctx, int fd, int rq_servact, int rq_scope,
		      unsigned int rq_type, const struct prout_param_descriptor *paramp)
{
	struct mpathpr_dev *dev = NULL;
	struct mpr_tid *tids = NULL;
	struct mpr_call call;
	size_t n_tids = 0;
	int r;

	if (!paramp || rq_servact < 0 || rq_servact > MPATH_PROUT_REG_MOV_SA ||
	    rq_scope != MPATH_LU_SCOPE || (needs_type(rq_servact) && !type_valid(rq_type)))
		return MPATH_PR_SYNTAX_ERROR;
	if (classic_tids(paramp, &tids, &n_tids) < 0)
		return MPATH_PR_SYNTAX_ERROR;
	r = mpathpr_dev_open_fd(ctx, fd, &dev);
	if (r < 0) {
		free(tids);
		return mpr_classic_pr_code(r, NULL);
	}
	mpr_call_begin(&call, dev, NULL);
	r = classic_out(&call, rq_servact, rq_type, paramp, tids, n_tids);
	if (r < 0)
		mpr_logf(&ctx->log, LOG_ERR, "%s: PR OUT service action %d failed: %s",
			 mpathpr_dev_name(dev), rq_servact, mpathpr_strerror(r));
	free(tids);
	r = mpr_classic_pr_code(r, &call);
	mpathpr_dev_close(dev);
	return r;
}

int mpath_persistent_reserve_out(int fd, int rq_servact, int rq_scope, unsigned int rq_type,
				 struct prout_param_descriptor *paramp, int noisy, int verbose)
{
	struct mpathpr_ctx *ctx;
	int r = classic_ctx(noisy, verbose, &ctx);

	if (r < 0)
		return MPATH_PR_OTHER;
	r = mpr_classic_prout(ctx, fd, rq_servact, rq_scope, rq_type, paramp);
	mpathpr_ctx_free(ctx);
	return r;
}

int mpath_persistent_reserve_in(int fd, int rq_servact, struct prin_resp *resp,
				int noisy, int verbose)
{
	struct mpathpr_ctx *ctx;
	int r = classic_ctx(noisy, verbose, &ctx);

	if (r < 0)
		return MPATH_PR_OTHER;
	r = mpr_classic_prin(ctx, fd, rq_servact, resp);
	mpathpr_ctx_free(ctx);
	return r;
}
