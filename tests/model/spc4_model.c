/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * spc4_model.c - the model's objects: LUs, paths, inspection, faults, power.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spc4_model_int.h"

int spc4_grow(void *arr, size_t *cap, size_t n, size_t size)
{
	void **p = arr;
	size_t ncap;
	void *np;

	if (n < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 4;
	np = realloc(*p, ncap * size);
	if (!np)
		return -ENOMEM;
	*p = np;
	*cap = ncap;
	return 0;
}

bool spc4_nexus_eq(const struct spc4_nexus *a, const char *initiator, uint16_t rtp)
{
	return a->rtp == rtp && strcmp(a->initiator, initiator) == 0;
}

struct spc4_reg *spc4_reg_find(struct spc4_lu *lu, const struct spc4_nexus *n)
{
	for (size_t i = 0; i < lu->nregs; i++)
		if (spc4_nexus_eq(n, lu->regs[i].initiator, lu->regs[i].rtp))
			return &lu->regs[i];
	return NULL;
}

bool spc4_type_all_registrants(uint8_t type)
{
	return type == 7 || type == 8;
}

/* For types 7/8 every registrant holds the reservation. */
bool spc4_is_holder(const struct spc4_lu *lu, const struct spc4_reg *reg)
{
	if (!lu->reserved || !reg)
		return false;
	if (spc4_type_all_registrants(lu->type))
		return true;
	return reg->rtp == lu->holder_rtp && strcmp(reg->initiator, lu->holder_initiator) == 0;
}

struct spc4_model *spc4_model_new(void)
{
	struct spc4_model *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	pthread_mutex_init(&m->lock, NULL);
	pthread_cond_init(&m->hang_cv, NULL);
	/* not 0, so that code treating 0 as "unset" is caught */
	m->clock_us = 1000000;
	m->refs = 1;
	return m;
}

static void model_destroy(struct spc4_model *m)
{
	for (size_t i = 0; i < m->nlus; i++)
		free(m->lus[i].regs);
	for (size_t i = 0; i < m->npaths; i++)
		free(m->paths[i].faults);
	free(m->lus);
	free(m->paths);
	free(m->uas);
	free(m->handles);
	free(m->log);
	pthread_cond_destroy(&m->hang_cv);
	pthread_mutex_destroy(&m->lock);
	free(m);
}

/* Drop one reference; the model goes with the last. */
void spc4_model_unref(struct spc4_model *m)
{
	bool last;

	pthread_mutex_lock(&m->lock);
	last = --m->refs == 0;
	pthread_mutex_unlock(&m->lock);
	if (last)
		model_destroy(m);
}

void spc4_model_ref(struct spc4_model *m)
{
	pthread_mutex_lock(&m->lock);
	m->refs++;
	pthread_mutex_unlock(&m->lock);
}

unsigned int spc4_model_holds(struct spc4_model *m)
{
	unsigned int holds;

	pthread_mutex_lock(&m->lock);
	holds = m->refs - 1;
	pthread_mutex_unlock(&m->lock);
	return holds;
}

/*
 * A path job the engine abandoned (under load, any slow command is) may
 * start after the test freed its model: the job's hold keeps the model
 * alive until the job ends.
 */
void spc4_model_free(struct spc4_model *m)
{
	if (!m)
		return;
	spc4_model_drain(m);
	spc4_model_unref(m);
}

/*
 * Commands the engine stopped waiting for (a HANG, or a SLOW one with a wall
 * delay) may still be inside submit, and their handles open: wait (10 s at
 * most) for both, so that the model outlives every thread that uses it.
 */
void spc4_model_drain(struct spc4_model *m)
{
	struct timespec ts = { .tv_nsec = 5 * 1000 * 1000 };

	for (int i = 0; i < 2000; i++) {
		bool busy;

		pthread_mutex_lock(&m->lock);
		busy = m->in_submit > 0;
		for (size_t h = 0; m->hangs_seen && h < m->nhandles; h++)
			busy = busy || m->handles[h] >= 0;
		if (m->hangs_seen) {
			for (size_t p = 0; p < m->npaths; p++) {
				free(m->paths[p].faults);
				m->paths[p].faults = NULL;
				m->paths[p].nfaults = 0;
			}
			pthread_cond_broadcast(&m->hang_cv);
		}
		pthread_mutex_unlock(&m->lock);
		if (!busy)
			return;
		nanosleep(&ts, NULL);
	}
}

int spc4_model_add_lu(struct spc4_model *m, const char *wwid)
{
	size_t cap = m->nlus;
	struct spc4_lu *np;
	int idx;

	if (!wwid || strlen(wwid) >= SPC4_NAME_MAX)
		return -EINVAL;
	pthread_mutex_lock(&m->lock);
	np = realloc(m->lus, (cap + 1) * sizeof(*np));
	if (!np) {
		pthread_mutex_unlock(&m->lock);
		return -ENOMEM;
	}
	m->lus = np;
	memset(&m->lus[m->nlus], 0, sizeof(*np));
	strcpy(m->lus[m->nlus].wwid, wwid);
	idx = (int)m->nlus++;
	pthread_mutex_unlock(&m->lock);
	return idx;
}

/* Model lock held. */
static struct spc4_path *path_find(struct spc4_model *m, const char *devnode)
{
	for (size_t i = 0; i < m->npaths; i++)
		if (strcmp(m->paths[i].devnode, devnode) == 0)
			return &m->paths[i];
	return NULL;
}

int spc4_model_add_path(struct spc4_model *m, const char *devnode, int lu,
			const char *initiator, uint16_t rel_tgt_port)
{
	struct spc4_path *np, *p;
	int ret;

	if (!devnode || !initiator || strlen(devnode) >= SPC4_DEVNODE_MAX ||
	    !*initiator || strlen(initiator) >= SPC4_NAME_MAX)
		return -EINVAL;
	pthread_mutex_lock(&m->lock);
	if (lu < 0 || (size_t)lu >= m->nlus) {
		ret = -EINVAL;
	} else if (path_find(m, devnode)) {
		ret = -EEXIST;
	} else if (!(np = realloc(m->paths, (m->npaths + 1) * sizeof(*np)))) {
		ret = -ENOMEM;
	} else {
		m->paths = np;
		p = &np[m->npaths];
		memset(p, 0, sizeof(*p));
		strcpy(p->devnode, devnode);
		strcpy(p->initiator, initiator);
		p->lu = lu;
		p->rtp = rel_tgt_port;
		ret = (int)m->npaths++;
	}
	pthread_mutex_unlock(&m->lock);
	return ret;
}

void spc4_model_set_descriptor_sense(struct spc4_model *m, bool descriptor)
{
	pthread_mutex_lock(&m->lock);
	m->descriptor_sense = descriptor;
	pthread_mutex_unlock(&m->lock);
}

size_t spc4_model_keys(struct spc4_model *m, int lu, uint64_t *keys, size_t cap)
{
	size_t n = 0;

	pthread_mutex_lock(&m->lock);
	if (lu >= 0 && (size_t)lu < m->nlus) {
		n = m->lus[lu].nregs;
		for (size_t i = 0; i < n && i < cap; i++)
			keys[i] = m->lus[lu].regs[i].key;
	}
	pthread_mutex_unlock(&m->lock);
	return n;
}

/* Model lock held: the registration of @p's nexus, or NULL. */
static struct spc4_reg *path_reg(struct spc4_model *m, struct spc4_path *p)
{
	struct spc4_nexus n = { p->initiator, p->rtp };

	return spc4_reg_find(&m->lus[p->lu], &n);
}

bool spc4_model_path_registered(struct spc4_model *m, const char *devnode, uint64_t *ret_key)
{
	struct spc4_path *p;
	struct spc4_reg *reg = NULL;

	pthread_mutex_lock(&m->lock);
	p = path_find(m, devnode);
	if (p)
		reg = path_reg(m, p);
	if (reg && ret_key)
		*ret_key = reg->key;
	pthread_mutex_unlock(&m->lock);
	return reg != NULL;
}

bool spc4_model_path_holds(struct spc4_model *m, const char *devnode)
{
	struct spc4_path *p;
	bool holds = false;

	pthread_mutex_lock(&m->lock);
	p = path_find(m, devnode);
	if (p)
		holds = spc4_is_holder(&m->lus[p->lu], path_reg(m, p));
	pthread_mutex_unlock(&m->lock);
	return holds;
}

bool spc4_model_reservation(struct spc4_model *m, int lu, uint64_t *ret_key, uint8_t *ret_type)
{
	struct spc4_lu *l;
	bool reserved = false;

	pthread_mutex_lock(&m->lock);
	if (lu >= 0 && (size_t)lu < m->nlus && m->lus[lu].reserved) {
		struct spc4_nexus n;
		struct spc4_reg *reg;

		l = &m->lus[lu];
		n.initiator = l->holder_initiator;
		n.rtp = l->holder_rtp;
		reg = spc4_reg_find(l, &n);
		reserved = true;
		if (ret_key)
			*ret_key = spc4_type_all_registrants(l->type) || !reg ? 0 : reg->key;
		if (ret_type)
			*ret_type = l->type;
	}
	pthread_mutex_unlock(&m->lock);
	return reserved;
}

uint32_t spc4_model_generation(struct spc4_model *m, int lu)
{
	uint32_t gen = 0;

	pthread_mutex_lock(&m->lock);
	if (lu >= 0 && (size_t)lu < m->nlus)
		gen = m->lus[lu].generation;
	pthread_mutex_unlock(&m->lock);
	return gen;
}

bool spc4_model_aptpl(struct spc4_model *m, int lu)
{
	bool aptpl = false;

	pthread_mutex_lock(&m->lock);
	if (lu >= 0 && (size_t)lu < m->nlus)
		aptpl = m->lus[lu].aptpl;
	pthread_mutex_unlock(&m->lock);
	return aptpl;
}

size_t spc4_model_pending_ua(struct spc4_model *m, const char *devnode)
{
	struct spc4_path *p;
	size_t n = 0;

	pthread_mutex_lock(&m->lock);
	p = path_find(m, devnode);
	for (size_t i = 0; p && i < m->nuas; i++)
		if (m->uas[i].lu == p->lu && m->uas[i].rtp == p->rtp &&
		    strcmp(m->uas[i].initiator, p->initiator) == 0)
			n++;
	pthread_mutex_unlock(&m->lock);
	return n;
}

size_t spc4_model_open_handles(struct spc4_model *m)
{
	size_t n = 0;

	pthread_mutex_lock(&m->lock);
	for (size_t i = 0; i < m->nhandles; i++)
		if (m->handles[i] >= 0)
			n++;
	pthread_mutex_unlock(&m->lock);
	return n;
}

size_t spc4_model_command_count(struct spc4_model *m, const char *devnode, int opcode, int sa)
{
	struct spc4_path *p = NULL;
	size_t n = 0;

	pthread_mutex_lock(&m->lock);
	if (devnode && !(p = path_find(m, devnode)))
		goto out;
	for (size_t i = 0; i < m->nlog; i++) {
		const struct spc4_log_entry *e = &m->log[i];

		if (p && e->path != p - m->paths)
			continue;
		if (opcode >= 0 && e->opcode != opcode)
			continue;
		if (sa >= 0 && e->sa != sa)
			continue;
		n++;
	}
out:
	pthread_mutex_unlock(&m->lock);
	return n;
}

void spc4_model_clear_log(struct spc4_model *m)
{
	pthread_mutex_lock(&m->lock);
	m->nlog = 0;
	pthread_mutex_unlock(&m->lock);
}

int spc4_model_path_fault(struct spc4_model *m, const char *devnode, const struct spc4_fault *f)
{
	struct spc4_path *p;
	struct spc4_fault *nf;
	int ret = 0;

	pthread_mutex_lock(&m->lock);
	p = path_find(m, devnode);
	if (!p) {
		ret = -ENOENT;
	} else if (!(nf = realloc(p->faults, (p->nfaults + 1) * sizeof(*nf)))) {
		ret = -ENOMEM;
	} else {
		p->faults = nf;
		nf[p->nfaults++] = *f;
	}
	pthread_mutex_unlock(&m->lock);
	return ret;
}

void spc4_model_path_clear_faults(struct spc4_model *m, const char *devnode)
{
	struct spc4_path *p;

	pthread_mutex_lock(&m->lock);
	p = path_find(m, devnode);
	if (p) {
		free(p->faults);
		p->faults = NULL;
		p->nfaults = 0;
	}
	pthread_cond_broadcast(&m->hang_cv);
	pthread_mutex_unlock(&m->lock);
}

void spc4_ua_queue(struct spc4_model *m, int lu, const struct spc4_nexus *nexus,
		   uint8_t asc, uint8_t ascq)
{
	struct spc4_ua *nu, *u;

	/* A lost UA only makes a test fail later: the model has no error path here. */
	nu = realloc(m->uas, (m->nuas + 1) * sizeof(*nu));
	if (!nu)
		return;
	m->uas = nu;
	u = &nu[m->nuas++];
	u->lu = lu;
	snprintf(u->initiator, sizeof(u->initiator), "%s", nexus->initiator);
	u->rtp = nexus->rtp;
	u->asc = asc;
	u->ascq = ascq;
}

void spc4_model_power_loss(struct spc4_model *m)
{
	pthread_mutex_lock(&m->lock);
	for (size_t i = 0; i < m->nlus; i++) {
		struct spc4_lu *lu = &m->lus[i];

		if (!lu->aptpl) {
			lu->nregs = 0;
			lu->reserved = false;
		}
	}
	m->nuas = 0;
	for (size_t i = 0; i < m->npaths; i++) {
		struct spc4_nexus n = { m->paths[i].initiator, m->paths[i].rtp };
		bool dup = false;

		/* one UA per nexus, even when several paths share it */
		for (size_t j = 0; j < i; j++)
			dup |= m->paths[j].lu == m->paths[i].lu &&
			       spc4_nexus_eq(&n, m->paths[j].initiator, m->paths[j].rtp);
		if (!dup)
			spc4_ua_queue(m, m->paths[i].lu, &n, 0x29, 0x01);
	}
	pthread_mutex_unlock(&m->lock);
}

uint64_t spc4_model_now_us(struct spc4_model *m)
{
	uint64_t now;

	pthread_mutex_lock(&m->lock);
	now = m->clock_us;
	pthread_mutex_unlock(&m->lock);
	return now;
}

void spc4_model_advance_us(struct spc4_model *m, uint64_t usec)
{
	pthread_mutex_lock(&m->lock);
	m->clock_us += usec;
	pthread_mutex_unlock(&m->lock);
}
