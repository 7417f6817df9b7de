/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * spc4_transport.c - the model as a struct mpr_transport: handles, fault
 * injection, unit attention delivery, sense bytes, command dispatch.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "spc4_model_int.h"

#define SPC4_DRIVER_SENSE	0x08
#define SPC4_DRIVER_TIMEOUT	0x06
#define SPC4_DEFAULT_TIMEOUT_MS	30000

/* Build sense bytes ourselves (fixed or descriptor format), and fill the
 * decoded view the transport contract promises. */
void spc4_check_condition(struct spc4_req *r, uint8_t sk, uint8_t asc, uint8_t ascq)
{
	struct mpr_cmd_result *res = r->res;
	uint8_t *s = res->sense_raw;
	bool desc = r->m->descriptor_sense;

	res->scsi_status = MPR_SAM_CHECK_CONDITION;
	res->driver_status = SPC4_DRIVER_SENSE;
	memset(s, 0, sizeof(res->sense_raw));
	if (desc) {
		s[0] = 0x72;
		s[1] = sk & 0x0f;
		s[2] = asc;
		s[3] = ascq;
		s[7] = 0;
		res->sense_len = 8;
	} else {
		s[0] = 0x70;
		s[2] = sk & 0x0f;
		s[7] = 10;
		s[12] = asc;
		s[13] = ascq;
		res->sense_len = 18;
	}
	memset(&res->sense, 0, sizeof(res->sense));
	res->sense.valid = true;
	res->sense.descriptor = desc;
	res->sense.response_code = s[0];
	res->sense.key = sk & 0x0f;
	res->sense.asc = asc;
	res->sense.ascq = ascq;
}

void spc4_conflict(struct spc4_req *r)
{
	r->res->scsi_status = MPR_SAM_RESERVATION_CONFLICT;
}

/* Use up one firing of fault @i of @p; rules with a count vanish at 0. */
static void fault_consume(struct spc4_path *p, size_t i)
{
	if (!p->faults[i].count || --p->faults[i].count)
		return;
	memmove(&p->faults[i], &p->faults[i + 1], (p->nfaults - i - 1) * sizeof(*p->faults));
	p->nfaults--;
}

static int model_open(void *priv, const char *devnode, int *ret_handle)
{
	struct spc4_model *m = priv;
	size_t path, h;
	int ret = -ENOENT;

	pthread_mutex_lock(&m->lock);
	for (path = 0; path < m->npaths; path++)
		if (strcmp(m->paths[path].devnode, devnode) == 0)
			break;
	if (path == m->npaths)
		goto out;
	ret = -ENXIO;
	for (size_t i = 0; i < m->paths[path].nfaults; i++) {
		if (m->paths[path].faults[i].kind == SPC4_FAULT_OPEN_FAIL) {
			fault_consume(&m->paths[path], i);
			goto out;
		}
	}
	for (h = 0; h < m->nhandles && m->handles[h] >= 0; h++)
		;
	if (h == m->nhandles) {
		int *nh = realloc(m->handles, (h + 1) * sizeof(*nh));

		ret = -ENOMEM;
		if (!nh)
			goto out;
		m->handles = nh;
		m->nhandles++;
	}
	m->handles[h] = (int)path;
	*ret_handle = (int)h;
	ret = 0;
out:
	pthread_mutex_unlock(&m->lock);
	return ret;
}

static void model_close(void *priv, int handle)
{
	struct spc4_model *m = priv;

	pthread_mutex_lock(&m->lock);
	if (handle >= 0 && (size_t)handle < m->nhandles)
		m->handles[handle] = -1;
	pthread_mutex_unlock(&m->lock);
}

static void model_sleep_us(void *priv, uint64_t usec)
{
	spc4_model_advance_us(priv, usec);
}

static uint64_t model_now_us(void *priv)
{
	return spc4_model_now_us(priv);
}

static int cmd_sa(const struct mpr_cmd *cmd)
{
	if (cmd->cdb_len && (cmd->cdb[0] == SPC4_OP_PR_IN || cmd->cdb[0] == SPC4_OP_PR_OUT))
		return cmd->cdb[1] & 0x1f;
	return -1;
}

static bool fault_matches(const struct spc4_fault *f, const struct mpr_cmd *cmd)
{
	if (f->kind == SPC4_FAULT_OPEN_FAIL)
		return false;
	if (f->opcode >= 0 && (!cmd->cdb_len || cmd->cdb[0] != f->opcode))
		return false;
	return f->sa < 0 || cmd_sa(cmd) == f->sa;
}

/*
 * Model lock held.  Apply the SLOW rules (virtual delay now, wall delay
 * returned for the caller to sleep unlocked) and pick the first other
 * matching rule into *ret_fault.
 */
static bool faults_pick(struct spc4_model *m, struct spc4_path *p, const struct mpr_cmd *cmd,
			uint64_t *wall_us, struct spc4_fault *ret_fault)
{
	bool found = false;

	for (size_t i = 0; i < p->nfaults;) {
		struct spc4_fault f = p->faults[i];
		size_t before = p->nfaults;

		if (!fault_matches(&f, cmd) || (found && f.kind != SPC4_FAULT_SLOW)) {
			i++;
			continue;
		}
		if (f.kind == SPC4_FAULT_SLOW) {
			m->clock_us += f.delay_us;
			*wall_us += f.wall_delay_us;
		} else {
			*ret_fault = f;
			found = true;
		}
		fault_consume(p, i);
		if (p->nfaults == before)
			i++;
	}
	return found;
}

/* Model lock held: deliver the oldest unit attention of this nexus, if any. */
static bool ua_deliver(struct spc4_req *r)
{
	struct spc4_model *m = r->m;

	for (size_t i = 0; i < m->nuas; i++) {
		struct spc4_ua u = m->uas[i];

		if (u.lu != r->lu_index || !spc4_nexus_eq(&r->nexus, u.initiator, u.rtp))
			continue;
		memmove(&m->uas[i], &m->uas[i + 1], (m->nuas - i - 1) * sizeof(*m->uas));
		m->nuas--;
		spc4_check_condition(r, MPR_SK_UNIT_ATTENTION, u.asc, u.ascq);
		return true;
	}
	return false;
}

/* Model lock held: execute @r->cmd on the LU as a device would. */
static void execute(struct spc4_req *r)
{
	uint8_t op = r->cmd->cdb[0];

	/* INQUIRY neither reports nor clears a unit attention (SAM-5). */
	if (op != SPC4_OP_INQUIRY && ua_deliver(r))
		return;
	switch (op) {
	case SPC4_OP_TEST_UNIT_READY:
		break;
	case SPC4_OP_INQUIRY:
		spc4_inquiry(r);
		break;
	case SPC4_OP_READ10:
		spc4_data_command(r, false);
		break;
	case SPC4_OP_WRITE10:
	case SPC4_OP_WRITE16:
		spc4_data_command(r, true);
		break;
	case SPC4_OP_PR_IN:
		spc4_pr_in(r);
		break;
	case SPC4_OP_PR_OUT:
		spc4_pr_out(r);
		break;
	default:
		spc4_illegal(r, 0x20, 0x00);
		break;
	}
}

/* Model lock held: does @p still have a HANG rule? */
static bool path_has_hang(const struct spc4_path *p)
{
	for (size_t i = 0; i < p->nfaults; i++)
		if (p->faults[i].kind == SPC4_FAULT_HANG)
			return true;
	return false;
}

/* The transport outcome of a terminal fault; the command's own result is overwritten. */
static void fault_apply(struct spc4_req *r, const struct spc4_fault *f)
{
	struct mpr_cmd_result *res = r->res;
	uint32_t tmo = r->cmd->timeout_ms ? r->cmd->timeout_ms : SPC4_DEFAULT_TIMEOUT_MS;

	res->scsi_status = MPR_SAM_GOOD;
	res->driver_status = 0;
	res->sense_len = 0;
	memset(&res->sense, 0, sizeof(res->sense));
	res->transferred = 0;
	switch (f->kind) {
	case SPC4_FAULT_DOWN:
		res->host_status = MPR_DID_NO_CONNECT;
		break;
	case SPC4_FAULT_TIMEOUT:
		res->host_status = MPR_DID_TIME_OUT;
		res->driver_status = SPC4_DRIVER_TIMEOUT;
		res->timed_out = true;
		r->m->clock_us += (uint64_t)tmo * 1000;
		res->duration_us += (uint64_t)tmo * 1000;
		break;
	case SPC4_FAULT_TRANSPORT_ERROR:
		res->host_status = MPR_DID_ERROR;
		break;
	case SPC4_FAULT_HANG:
		res->host_status = MPR_DID_TRANSPORT_DISRUPTED;
		break;
	case SPC4_FAULT_SENSE:
		spc4_check_condition(r, f->sk, f->asc, f->ascq);
		break;
	case SPC4_FAULT_UA:
		if (f->asc || f->ascq)
			spc4_check_condition(r, MPR_SK_UNIT_ATTENTION, f->asc, f->ascq);
		else
			spc4_check_condition(r, MPR_SK_UNIT_ATTENTION, 0x29, 0x00);
		break;
	case SPC4_FAULT_BUSY:
		res->scsi_status = MPR_SAM_BUSY;
		break;
	case SPC4_FAULT_OPEN_FAIL:
	case SPC4_FAULT_SLOW:
		break;
	}
}

/* Catch initiator bugs a real HBA would turn into garbage: say so loudly. */
static bool cmd_sane(const struct mpr_cmd *cmd)
{
	if (!cmd->cdb_len || cmd->cdb_len > MPR_CDB_MAX)
		return false;
	if (cmd->dir != MPR_DIR_NONE && cmd->data_len && !cmd->data)
		return false;
	return true;
}

static int model_submit(void *priv, int handle, const struct mpr_cmd *cmd,
			struct mpr_cmd_result *ret)
{
	struct spc4_model *m = priv;
	struct spc4_req r = { .m = m, .cmd = cmd, .res = ret };
	struct spc4_fault f = { 0 };
	struct spc4_path *p;
	uint64_t wall_us = 0, start;
	bool faulted;
	int path;

	memset(ret, 0, sizeof(*ret));
	ret->attempts = 1;
	if (!cmd_sane(cmd)) {
		ret->os_error = EINVAL;
		return -EINVAL;
	}
	pthread_mutex_lock(&m->lock);
	if (handle < 0 || (size_t)handle >= m->nhandles || m->handles[handle] < 0) {
		pthread_mutex_unlock(&m->lock);
		ret->os_error = EBADF;
		return -EBADF;
	}
	p = &m->paths[m->handles[handle]];
	r.lu_index = p->lu;
	r.nexus.initiator = p->initiator;
	r.nexus.rtp = p->rtp;
	path = m->handles[handle];
	if (!spc4_grow(&m->log, &m->caplog, m->nlog, sizeof(*m->log)))
		m->log[m->nlog++] = (struct spc4_log_entry){
			.path = path, .opcode = cmd->cdb[0], .sa = cmd_sa(cmd) };
	start = m->clock_us;
	faulted = faults_pick(m, p, cmd, &wall_us, &f);
	m->in_submit++;
	/* a caller may stop waiting for a slow command: drain at free */
	if (wall_us)
		m->hangs_seen = true;
	if (faulted && f.kind == SPC4_FAULT_HANG) {
		m->hangs_seen = true;
		while (path_has_hang(&m->paths[path]))
			pthread_cond_wait(&m->hang_cv, &m->lock);
	}
	pthread_mutex_unlock(&m->lock);

	if (wall_us) {
		struct timespec ts = { .tv_sec = wall_us / 1000000,
				       .tv_nsec = (wall_us % 1000000) * 1000 };

		nanosleep(&ts, NULL);
	}

	pthread_mutex_lock(&m->lock);
	/* paths are never removed, but the arrays may have moved */
	r.lu = &m->lus[r.lu_index];
	r.nexus.initiator = m->paths[path].initiator;
	if (!faulted || ((f.kind == SPC4_FAULT_TIMEOUT || f.kind == SPC4_FAULT_TRANSPORT_ERROR ||
			  f.kind == SPC4_FAULT_HANG) && f.execute))
		execute(&r);
	ret->duration_us = m->clock_us - start;
	if (faulted)
		fault_apply(&r, &f);
	m->in_submit--;
	pthread_mutex_unlock(&m->lock);
	return 0;
}

static void model_hold(void *priv)
{
	spc4_model_ref(priv);
}

static void model_release(void *priv)
{
	spc4_model_unref(priv);
}

static const struct mpr_transport_ops spc4_model_ops = {
	.open = model_open,
	.submit = model_submit,
	.close = model_close,
	.sleep_us = model_sleep_us,
	.now_us = model_now_us,
	.hold = model_hold,
	.release = model_release,
};

void spc4_model_transport(struct spc4_model *m, struct mpr_transport *ret)
{
	ret->ops = &spc4_model_ops;
	ret->priv = m;
}
