/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * spc4_pr_out.c - PERSISTENT RESERVE OUT as SPC-4 describes it.
 *
 * Everything runs with the model lock held; the CDB and the parameter list
 * are read from the raw bytes the initiator sent.
 */
#include <stdio.h>
#include <string.h>

#include "spc4_model_int.h"

#define PR_OUT_BASIC_LEN	24
#define SPC4_TIDS_MAX		16

/* Parameter list fields shared by the service actions */
struct pr_out_params {
	uint8_t sa, type, scope;
	uint64_t key, sa_key;
	bool spec_i_pt, all_tg_pt, aptpl;
	const uint8_t *data;
	uint32_t len;
};

static bool type_valid(uint8_t type)
{
	return type == 1 || type == 3 || type == 5 || type == 6 || type == 7 || type == 8;
}

/* Read one iSCSI TransportID at @p (@avail bytes); its length in *ret_len. */
static bool tid_parse(const uint8_t *p, uint32_t avail, char *name, uint32_t *ret_len)
{
	uint32_t addl, n;
	const char *sep;

	if (avail < 4)
		return false;
	addl = (uint32_t)spc4_get_be(p + 2, 2);
	/* iSCSI: protocol 5, format 0 (name) or 1 (name,i,0x<isid>) */
	if ((p[0] & 0x0f) != 5 || (p[0] >> 6) > 1 || addl % 4 || addl < 4 || 4 + addl > avail)
		return false;
	n = strnlen((const char *)p + 4, addl);
	if (n == addl || n == 0 || n >= SPC4_NAME_MAX)
		return false;
	memcpy(name, p + 4, n + 1);
	sep = strstr(name, ",i,0x");
	if ((p[0] >> 6) == 1) {
		if (!sep)
			return false;
		name[sep - name] = '\0';
	}
	*ret_len = 4 + addl;
	return true;
}

static bool lu_has_port(struct spc4_model *m, int lu, uint16_t rtp)
{
	for (size_t i = 0; i < m->npaths; i++)
		if (m->paths[i].lu == lu && m->paths[i].rtp == rtp)
			return true;
	return false;
}

static int reg_add(struct spc4_lu *lu, const char *initiator, uint16_t rtp, uint64_t key,
		   bool all_tg_pt)
{
	struct spc4_reg *reg;

	if (spc4_grow(&lu->regs, &lu->capregs, lu->nregs, sizeof(*lu->regs)))
		return -1;
	reg = &lu->regs[lu->nregs++];
	memset(reg, 0, sizeof(*reg));
	strcpy(reg->initiator, initiator);
	reg->rtp = rtp;
	reg->key = key;
	reg->all_tg_pt = all_tg_pt;
	return 0;
}

/* Register @initiator on @rtp, or on every target port of the LU with ALL_TG_PT. */
static int reg_add_ports(struct spc4_req *r, const char *initiator, uint64_t key, bool all_tg_pt)
{
	struct spc4_model *m = r->m;
	struct spc4_nexus n = { initiator, r->nexus.rtp };

	if (!spc4_reg_find(r->lu, &n) && reg_add(r->lu, initiator, n.rtp, key, all_tg_pt))
		return -1;
	for (size_t i = 0; all_tg_pt && i < m->npaths; i++) {
		n.rtp = m->paths[i].rtp;
		if (m->paths[i].lu != r->lu_index || spc4_reg_find(r->lu, &n))
			continue;
		if (reg_add(r->lu, initiator, n.rtp, key, true))
			return -1;
	}
	return 0;
}

static void reg_remove(struct spc4_lu *lu, struct spc4_reg *reg)
{
	size_t i = (size_t)(reg - lu->regs);

	memmove(reg, reg + 1, (lu->nregs - i - 1) * sizeof(*reg));
	lu->nregs--;
}

/* Queue @asc/@ascq on every registered nexus except the one issuing @r. */
static void ua_registrants(struct spc4_req *r, uint8_t asc, uint8_t ascq)
{
	for (size_t i = 0; i < r->lu->nregs; i++) {
		struct spc4_nexus n = { r->lu->regs[i].initiator, r->lu->regs[i].rtp };

		if (!spc4_nexus_eq(&r->nexus, n.initiator, n.rtp))
			spc4_ua_queue(r->m, r->lu_index, &n, asc, ascq);
	}
}

static void reservation_set(struct spc4_req *r, uint8_t type)
{
	r->lu->reserved = true;
	r->lu->type = type;
	snprintf(r->lu->holder_initiator, SPC4_NAME_MAX, "%s", r->nexus.initiator);
	r->lu->holder_rtp = r->nexus.rtp;
}

/*
 * An ALL_TG_PT registration is undone as a whole: the same initiator's other
 * ALL_TG_PT registrations with the same key go too (as LIO does).  The
 * all-registrants holder question is settled by the caller.
 */
static void unregister_siblings(struct spc4_lu *lu, const struct spc4_reg *reg)
{
	char initiator[SPC4_NAME_MAX];
	uint64_t key = reg->key;
	uint16_t rtp = reg->rtp;

	snprintf(initiator, sizeof(initiator), "%s", reg->initiator);
	for (size_t i = 0; i < lu->nregs;) {
		struct spc4_reg *o = &lu->regs[i];

		if (o->all_tg_pt && o->key == key && o->rtp != rtp &&
		    strcmp(o->initiator, initiator) == 0)
			reg_remove(lu, o);
		else
			i++;
	}
}

/* Unregister the issuing nexus; a holder's departure may end the reservation. */
static void unregister(struct spc4_req *r, struct spc4_reg *reg)
{
	struct spc4_lu *lu = r->lu;
	struct spc4_nexus hn = { lu->holder_initiator, lu->holder_rtp };

	if (reg->all_tg_pt)
		unregister_siblings(lu, reg);
	reg_remove(lu, spc4_reg_find(lu, &r->nexus));
	if (!lu->reserved)
		return;
	if (spc4_type_all_registrants(lu->type)) {
		/* all-registrants: the reservation lives while anyone is registered */
		lu->reserved = lu->nregs > 0;
		return;
	}
	if (spc4_reg_find(lu, &hn))
		return;		/* the holder is still registered */
	lu->reserved = false;
	if (lu->type == 5 || lu->type == 6)
		ua_registrants(r, 0x2a, 0x04);
}

/* SPEC_I_PT: register every listed initiator as well, all or nothing. */
static bool spec_i_pt_register(struct spc4_req *r, const struct pr_out_params *pp)
{
	char names[SPC4_TIDS_MAX][SPC4_NAME_MAX];
	uint32_t tlen, off = 28, n = 0, len;

	if (pp->len < 28) {
		spc4_illegal(r, 0x1a, 0x00);
		return false;
	}
	tlen = (uint32_t)spc4_get_be(pp->data + 24, 4);
	if (28 + (uint64_t)tlen > pp->len) {
		spc4_illegal(r, 0x1a, 0x00);
		return false;
	}
	while (off < 28 + tlen) {
		struct spc4_nexus nx = { names[n], r->nexus.rtp };

		if (n == SPC4_TIDS_MAX || !tid_parse(pp->data + off, 28 + tlen - off, names[n], &len) ||
		    (spc4_reg_find(r->lu, &nx) && strcmp(names[n], r->nexus.initiator))) {
			spc4_illegal(r, 0x26, 0x00);
			return false;
		}
		off += len;
		n++;
	}
	for (uint32_t i = 0; i < n; i++) {
		if (reg_add_ports(r, names[i], pp->sa_key, pp->all_tg_pt)) {
			spc4_illegal(r, 0x55, 0x04);
			return false;
		}
	}
	return true;
}

static void pr_register(struct spc4_req *r, const struct pr_out_params *pp)
{
	bool ignore = pp->sa == SPC4_SA_REGISTER_IGNORE;
	struct spc4_reg *reg = spc4_reg_find(r->lu, &r->nexus);

	if (reg) {
		if (pp->spec_i_pt)
			return spc4_illegal(r, 0x26, 0x00);
		if (!ignore && pp->key != reg->key)
			return spc4_conflict(r);
		if (pp->sa_key == 0) {
			unregister(r, reg);
		} else {
			reg->key = pp->sa_key;
			r->lu->aptpl = pp->aptpl;
		}
		r->lu->generation++;
		return;
	}
	if (!ignore && pp->key != 0)
		return spc4_conflict(r);
	if (pp->sa_key == 0)
		return;		/* unregistering nobody: GOOD, nothing changes */
	if (pp->spec_i_pt && !spec_i_pt_register(r, pp))
		return;
	if (reg_add_ports(r, r->nexus.initiator, pp->sa_key, pp->all_tg_pt))
		return spc4_illegal(r, 0x55, 0x04);
	r->lu->aptpl = pp->aptpl;
	r->lu->generation++;
}

static bool scope_type_ok(struct spc4_req *r, const struct pr_out_params *pp)
{
	if (pp->scope != 0 || !type_valid(pp->type)) {
		spc4_illegal(r, 0x24, 0x00);
		return false;
	}
	return true;
}

static void pr_reserve(struct spc4_req *r, const struct pr_out_params *pp,
		       struct spc4_reg *reg)
{
	if (!scope_type_ok(r, pp))
		return;
	if (r->lu->reserved) {
		if (!spc4_is_holder(r->lu, reg) || pp->type != r->lu->type)
			spc4_conflict(r);
		return;
	}
	reservation_set(r, pp->type);
}

static void pr_release(struct spc4_req *r, const struct pr_out_params *pp,
		       struct spc4_reg *reg)
{
	if (pp->scope != 0)
		return spc4_illegal(r, 0x24, 0x00);
	if (!spc4_is_holder(r->lu, reg))
		return;		/* nothing to release: GOOD */
	if (pp->type != r->lu->type)
		return spc4_illegal(r, 0x26, 0x04);
	r->lu->reserved = false;
	if (r->lu->type != 1 && r->lu->type != 3)
		ua_registrants(r, 0x2a, 0x04);
}

static void pr_clear(struct spc4_req *r)
{
	ua_registrants(r, 0x2a, 0x03);
	r->lu->nregs = 0;
	r->lu->reserved = false;
	r->lu->generation++;
}

/*
 * Remove every registration with @key (or every one when @all), with
 * REGISTRATIONS PREEMPTED for each other nexus.  The issuer's own
 * registration goes too unless @keep_self.  Returns how many registrations
 * matched, the issuer's own included.
 */
static size_t preempt_remove(struct spc4_req *r, uint64_t key, bool all, bool keep_self)
{
	struct spc4_lu *lu = r->lu;
	size_t matched = 0;

	for (size_t i = 0; i < lu->nregs;) {
		struct spc4_reg *reg = &lu->regs[i];
		struct spc4_nexus n = { reg->initiator, reg->rtp };
		bool self = spc4_nexus_eq(&r->nexus, n.initiator, n.rtp);

		if (!all && reg->key != key) {
			i++;
			continue;
		}
		matched++;
		if (self && keep_self) {
			i++;
			continue;
		}
		if (!self)
			spc4_ua_queue(r->m, r->lu_index, &n, 0x2a, 0x05);
		reg_remove(lu, reg);
	}
	return matched;
}

static void pr_preempt(struct spc4_req *r, const struct pr_out_params *pp)
{
	struct spc4_lu *lu = r->lu;
	struct spc4_nexus hn = { lu->holder_initiator, lu->holder_rtp };
	struct spc4_reg *holder = lu->reserved ? spc4_reg_find(lu, &hn) : NULL;
	bool all_reg = lu->reserved && spc4_type_all_registrants(lu->type);

	if ((all_reg && pp->sa_key == 0) ||
	    (!all_reg && holder && pp->sa_key == holder->key)) {
		uint8_t old_type = lu->type;

		if (!scope_type_ok(r, pp))
			return;
		preempt_remove(r, pp->sa_key, all_reg, true);
		reservation_set(r, pp->type);
		if (old_type != pp->type)
			ua_registrants(r, 0x2a, 0x04);
		lu->generation++;
		return;
	}
	if (pp->sa_key == 0)
		return spc4_illegal(r, 0x26, 0x00);
	/* Only removing registrations: the issuer may preempt its own key,
	 * except that an all-registrants holder keeps its registration. */
	if (!preempt_remove(r, pp->sa_key, false, all_reg))
		return spc4_conflict(r);
	lu->generation++;
}

/* Check the parameter-list length rules before looking at any field. */
static bool length_ok(struct spc4_req *r, const struct pr_out_params *pp)
{
	const struct mpr_cmd *cmd = r->cmd;

	if (pp->len && (cmd->dir != MPR_DIR_TO_DEV || cmd->data_len < pp->len)) {
		spc4_illegal(r, 0x1a, 0x00);	/* the initiator sent less than announced */
		return false;
	}
	if (pp->len < PR_OUT_BASIC_LEN) {
		spc4_illegal(r, 0x1a, 0x00);
		return false;
	}
	if (pp->len > PR_OUT_BASIC_LEN && pp->sa != SPC4_SA_REGISTER_MOVE &&
	    !(pp->sa == SPC4_SA_REGISTER && (pp->data[20] & 0x08))) {
		spc4_illegal(r, 0x1a, 0x00);
		return false;
	}
	return true;
}

static void pr_move(struct spc4_req *r, const struct pr_out_params *pp, struct spc4_reg *reg);

void spc4_pr_out(struct spc4_req *r)
{
	const uint8_t *cdb = r->cmd->cdb;
	struct pr_out_params pp = { 0 };
	struct spc4_reg *reg;

	if (r->cmd->cdb_len < 10)
		return spc4_illegal(r, 0x24, 0x00);
	pp.sa = cdb[1] & 0x1f;
	pp.scope = cdb[2] >> 4;
	pp.type = cdb[2] & 0x0f;
	pp.len = (uint32_t)spc4_get_be(cdb + 5, 4);
	pp.data = r->cmd->data;
	if (pp.sa > SPC4_SA_REGISTER_MOVE)
		return spc4_illegal(r, 0x24, 0x00);
	if (!length_ok(r, &pp))
		return;
	pp.key = spc4_get_be(pp.data, 8);
	pp.sa_key = spc4_get_be(pp.data + 8, 8);
	if (pp.sa != SPC4_SA_REGISTER_MOVE) {
		pp.spec_i_pt = pp.data[20] & 0x08;
		pp.all_tg_pt = pp.data[20] & 0x04;
		pp.aptpl = pp.data[20] & 0x01;
		if (pp.spec_i_pt && pp.sa != SPC4_SA_REGISTER)
			return spc4_illegal(r, 0x26, 0x00);
	}
	if (pp.sa == SPC4_SA_REGISTER || pp.sa == SPC4_SA_REGISTER_IGNORE)
		return pr_register(r, &pp);

	/* every other service action needs a registered nexus with its key */
	reg = spc4_reg_find(r->lu, &r->nexus);
	if (!reg || reg->key != pp.key)
		return spc4_conflict(r);
	switch (pp.sa) {
	case SPC4_SA_RESERVE:
		return pr_reserve(r, &pp, reg);
	case SPC4_SA_RELEASE:
		return pr_release(r, &pp, reg);
	case SPC4_SA_CLEAR:
		return pr_clear(r);
	case SPC4_SA_PREEMPT:
	case SPC4_SA_PREEMPT_ABORT:
		/* no task set to abort in the model: both behave alike */
		return pr_preempt(r, &pp);
	default:
		return pr_move(r, &pp, reg);
	}
}

/* REGISTER AND MOVE: hand the reservation to the nexus named by a TransportID. */
static void pr_move(struct spc4_req *r, const struct pr_out_params *pp, struct spc4_reg *reg)
{
	char name[SPC4_NAME_MAX];
	struct spc4_nexus dest = { name, 0 };
	uint32_t tlen, used;
	struct spc4_reg *dreg;

	if (!spc4_is_holder(r->lu, reg) || spc4_type_all_registrants(r->lu->type))
		return spc4_conflict(r);
	if (pp->sa_key == 0)
		return spc4_illegal(r, 0x26, 0x00);
	tlen = (uint32_t)spc4_get_be(pp->data + 20, 4);
	if (24 + (uint64_t)tlen > pp->len)
		return spc4_illegal(r, 0x1a, 0x00);
	dest.rtp = (uint16_t)spc4_get_be(pp->data + 18, 2);
	if (!tid_parse(pp->data + 24, tlen, name, &used) ||
	    spc4_nexus_eq(&r->nexus, name, dest.rtp) || !lu_has_port(r->m, r->lu_index, dest.rtp))
		return spc4_illegal(r, 0x26, 0x00);
	dreg = spc4_reg_find(r->lu, &dest);
	if (!dreg && reg_add(r->lu, name, dest.rtp, pp->sa_key, false))
		return spc4_illegal(r, 0x55, 0x04);
	snprintf(r->lu->holder_initiator, SPC4_NAME_MAX, "%s", name);
	r->lu->holder_rtp = dest.rtp;
	r->lu->aptpl = pp->data[17] & 0x01;
	if (pp->data[17] & 0x02) {
		/* reg_add may have moved the array: look the issuer up again */
		reg = spc4_reg_find(r->lu, &r->nexus);
		reg_remove(r->lu, reg);
	}
	r->lu->generation++;
}
