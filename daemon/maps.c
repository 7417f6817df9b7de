// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * maps.c - which maps mpathprd looks after (the agent's store), and the
 * check of one map: this node's key on every usable path, never for a node
 * that was fenced.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "agent/log.h"
#include "agent/store.h"
#include "daemon/maps.h"

#define SA_REGISTER_IGNORE	0x06

void mprd_maps_clear(struct mprd_maps *maps)
{
	for (size_t i = 0; i < maps->count; i++)
		free(maps->v[i].device);
	free(maps->v);
	maps->v = NULL;
	maps->count = 0;
}

static const struct mprd_map *find_map(const struct mprd_maps *maps, const char *device,
				       uint64_t key)
{
	for (size_t i = 0; i < maps->count; i++)
		if (maps->v[i].key == key && strcmp(maps->v[i].device, device) == 0)
			return &maps->v[i];
	return NULL;
}

int mprd_maps_load(struct mprd_maps *maps, const char *dir, char *err, size_t errlen)
{
	struct fence_store *store = NULL;
	struct mprd_map *v;
	int r;

	err[0] = '\0';
	r = fence_store_load_err(dir, &store, err, errlen);
	if (r < 0)
		return r;
	v = calloc(store->count + 1, sizeof(*v));
	if (!v) {
		fence_store_free(store);
		return -ENOMEM;
	}
	for (size_t i = 0; i < store->count; i++) {
		const struct mprd_map *old = find_map(maps, store->entries[i].device,
						      store->entries[i].key);

		if (old) {
			v[i] = *old;
			v[i].device = NULL;
		} else {
			v[i] = (struct mprd_map){ .key = store->entries[i].key, .due = true };
		}
		/* take the string over from the store */
		v[i].device = store->entries[i].device;
		store->entries[i].device = NULL;
	}
	mprd_maps_clear(maps);
	maps->v = v;
	maps->count = store->count;
	fence_store_free(store);
	return 0;
}

void mprd_maps_mark_all(struct mprd_maps *maps)
{
	for (size_t i = 0; i < maps->count; i++)
		maps->v[i].due = true;
}

bool mprd_maps_mark_devnum(struct mprd_maps *maps, dev_t devnum)
{
	bool found = false;
	struct stat st;

	/* stat now: a map created or renamed since the store was read counts */
	for (size_t i = 0; i < maps->count; i++)
		if (stat(maps->v[i].device, &st) == 0 && S_ISBLK(st.st_mode) &&
		    st.st_rdev == devnum) {
			maps->v[i].due = true;
			found = true;
		}
	return found;
}

uint64_t mprd_maps_next_ms(const struct mprd_maps *maps, uint64_t now_ms)
{
	uint64_t next = 0;

	for (size_t i = 0; i < maps->count; i++) {
		const struct mprd_map *m = &maps->v[i];

		if (m->due)
			return now_ms;
		if (m->retry_at_ms && (!next || m->retry_at_ms < next))
			next = m->retry_at_ms;
	}
	return next;
}

/* One line per path the check registered, from the report. */
static void log_registered(const struct mprd_map *m, const struct mpathpr_report *report)
{
	for (size_t i = 0; i < mpathpr_report_count(report); i++) {
		const struct mpathpr_path_result *e = mpathpr_report_entry(report, i);

		if (e->pr_out && e->service_action == SA_REGISTER_IGNORE && e->mpath_pr == 0)
			fence_notice("%s: path %s: registered key 0x%" PRIx64 " on its nexus",
				     m->device, e->devnode, m->key);
	}
}

/* Say @said once for @m (until the map is fine again). */
static bool say_once(struct mprd_map *m, enum mprd_said said)
{
	if (m->said == said)
		return false;
	m->said = said;
	return true;
}

static void schedule_retry(struct mprd_map *m, uint64_t now_ms)
{
	m->retry_ms = m->retry_ms ? m->retry_ms * 2 : MPRD_RETRY_FIRST_MS;
	if (m->retry_ms > MPRD_RETRY_MAX_MS)
		m->retry_ms = MPRD_RETRY_MAX_MS;
	m->retry_at_ms = now_ms + m->retry_ms;
}

static void judge(struct mprd_map *m, int r, const struct mpathpr_repair_result *res,
		  uint64_t now_ms)
{
	m->retry_at_ms = 0;
	if (r == 0) {
		m->retry_ms = 0;
		m->said = MPRD_SAID_NOTHING;
		if (res->registered || res->unknown)
			fence_info("%s: key 0x%" PRIx64 ": %zu path(s) registered now, %zu "
				   "already, %zu left alone (their nexus cannot be identified)",
				   m->device, m->key, res->registered, res->present, res->unknown);
		return;
	}
	switch (r) {
	case -EKEYREVOKED:
		if (say_once(m, MPRD_SAID_FENCED))
			fence_warn("%s: key 0x%" PRIx64 " is registered on no path: this node "
				   "was fenced; mpathprd registers nothing (fence_mpathpr -o on "
				   "unfences it)", m->device, m->key);
		return;
	case -EOPNOTSUPP:
		if (say_once(m, MPRD_SAID_UNSUPPORTED))
			fence_warn("%s: the device rejects READ FULL STATUS: mpathprd cannot "
				   "tell which path lacks the key and leaves it alone", m->device);
		return;
	case -ENOENT:
	case -ENOTBLK:
	case -EMEDIUMTYPE:
		if (say_once(m, MPRD_SAID_ABSENT))
			fence_warn("%s: %s; checked again when it changes", m->device,
				   mpathpr_strerror(r));
		return;
	default:
		schedule_retry(m, now_ms);
		fence_err("%s: key 0x%" PRIx64 " not registered on every usable path: %s; "
			  "trying again in %u ms", m->device, m->key, mpathpr_strerror(r),
			  m->retry_ms);
		return;
	}
}

static void check_map(struct mprd_map *m, struct mpathpr_ctx *ctx, uint64_t now_ms)
{
	struct mpathpr_repair_result res = { 0 };
	struct mpathpr_report *report = NULL;
	struct mpathpr_dev *dev = NULL;
	int r;

	m->due = false;
	r = mpathpr_dev_open(ctx, m->device, &dev);
	if (r == 0) {
		r = mpathpr_report_new(&report);
		if (r == 0)
			r = mpathpr_register_missing(dev, m->key, report, &res);
		if (report) {
			log_registered(m, report);
			fence_log_report(m->device, "mpathprd", report);
		}
	}
	judge(m, r, &res, now_ms);
	mpathpr_report_free(report);
	mpathpr_dev_close(dev);
}

struct check_job {
	struct mprd_map *map;
	struct mpathpr_ctx *ctx;
	uint64_t now_ms;
	pthread_t thread;
	bool started;
};

static void *check_thread(void *arg)
{
	struct check_job *j = arg;

	check_map(j->map, j->ctx, j->now_ms);
	return NULL;
}

/*
 * The due maps are checked in parallel (MPRD_PARALLEL at a time): a session
 * that logs in again brings a path to every LUN at once, and each map's
 * check waits for its own paths only.
 */
size_t mprd_maps_run_due(struct mprd_maps *maps, struct mpathpr_ctx *ctx, uint64_t now_ms)
{
	struct check_job jobs[MPRD_PARALLEL];
	size_t n = 0, batch = 0;

	for (size_t i = 0; i <= maps->count; i++) {
		struct mprd_map *m = i < maps->count ? &maps->v[i] : NULL;

		if (m && (m->due || (m->retry_at_ms && m->retry_at_ms <= now_ms))) {
			jobs[batch] = (struct check_job){ .map = m, .ctx = ctx, .now_ms = now_ms };
			/* without a thread, the check runs here */
			jobs[batch].started = pthread_create(&jobs[batch].thread, NULL,
							     check_thread, &jobs[batch]) == 0;
			if (!jobs[batch].started)
				check_map(m, ctx, now_ms);
			batch++;
			n++;
		}
		if (batch == MPRD_PARALLEL || (!m && batch)) {
			for (size_t k = 0; k < batch; k++)
				if (jobs[k].started)
					pthread_join(jobs[k].thread, NULL);
			batch = 0;
		}
	}
	return n;
}
