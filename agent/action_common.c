// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * action_common.c - device sets, the worker pool and the read-back checks
 * shared by the actions.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "action_common.h"
#include "keys.h"
#include "log.h"
#include "transport.h"

uint64_t fence_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

const char *fence_errstr(int err)
{
	switch (err) {
	case -EKEYREVOKED:
		return "this node's key is no longer registered (it has been fenced)";
	case -EKEYREJECTED:
		return "the registrations read back are not the expected ones";
	case -EPERM:
		return "refused";
	default:
		return mpathpr_strerror(err);
	}
}

static const char *fence_open_reason(int err)
{
	switch (err) {
	case -ENOENT:
		return "does not exist";
	case -ENOTBLK:
		return "is not a block device";
	case -EMEDIUMTYPE:
		return "is neither a dm-multipath map nor a whole SCSI disk";
	case -ENOLINK:
		return "has no usable path";
	default:
		return NULL;
	}
}

static int fence_dev_open_fn(struct fence_dev *d, void *ctx)
{
	int r = mpathpr_dev_open(ctx, d->name, &d->dev);

	if (r == 0)
		fence_debug("device %s: %s, wwid %s, %zu path(s)", d->name,
			    mpathpr_dev_name(d->dev), mpathpr_dev_wwid(d->dev),
			    mpathpr_dev_path_count(d->dev));
	return r;
}

/* Every device is resolved at once (the topology reads are independent). */
int fence_devs_open(struct mpathpr_ctx *ctx, char *const *names, size_t n, struct fence_devs *ret)
{
	struct fence_devs devs = { 0 };
	int first = 0;

	if (n == 0) {
		fence_err("no devices configured");
		return -EINVAL;
	}
	devs.v = calloc(n, sizeof(*devs.v));
	if (!devs.v)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		devs.v[i].name = names[i];
	devs.count = n;
	fence_devs_run_parallel_untimed(&devs, 0, fence_dev_open_fn, ctx);
	for (size_t i = 0; i < n; i++) {
		if (!devs.v[i].result)
			continue;
		if (fence_open_reason(devs.v[i].result))
			fence_err("device %s %s", names[i], fence_open_reason(devs.v[i].result));
		else
			fence_err("device %s: cannot open: %s", names[i],
				  fence_errstr(devs.v[i].result));
		if (!first)
			first = devs.v[i].result;
	}
	if (first) {
		fence_devs_close(&devs);
		return first;
	}
	*ret = devs;
	return 0;
}

void fence_devs_close(struct fence_devs *devs)
{
	for (size_t i = 0; i < devs->count; i++) {
		mpathpr_dev_close(devs->v[i].dev);
		free(devs->v[i].keys);
	}
	free(devs->v);
	devs->v = NULL;
	devs->count = 0;
}

static int fence_dev_cmp(const void *a, const void *b)
{
	const struct fence_dev *x = a, *y = b;
	int c = strcmp(mpathpr_dev_wwid(x->dev), mpathpr_dev_wwid(y->dev));

	return c ? c : strcmp(x->name, y->name);
}

void fence_devs_sort_by_wwid(struct fence_devs *devs)
{
	qsort(devs->v, devs->count, sizeof(*devs->v), fence_dev_cmp);
}

int fence_dev_run_one(struct fence_dev *d, fence_dev_fn fn, void *arg)
{
	d->start_us = fence_now_us();
	d->result = fn(d, arg);
	d->duration_us = fence_now_us() - d->start_us;
	fence_debug("device %s: done in %llu ms: %s", d->name,
		    (unsigned long long)(d->duration_us / 1000),
		    d->result ? fence_errstr(d->result) : "ok");
	return d->result;
}

struct fence_pool {
	struct fence_devs *devs;
	atomic_size_t next;
	fence_dev_fn fn;
	void *arg;
	bool timed;
};

static void *fence_pool_worker(void *p)
{
	struct fence_pool *pool = p;
	size_t i;

	while ((i = atomic_fetch_add(&pool->next, 1)) < pool->devs->count) {
		struct fence_dev *d = &pool->devs->v[i];

		if (pool->timed)
			fence_dev_run_one(d, pool->fn, pool->arg);
		else
			d->result = pool->fn(d, pool->arg);
	}
	return NULL;
}

static size_t fence_pool_run(struct fence_pool *pool, size_t from)
{
	struct fence_devs *devs = pool->devs;
	pthread_t threads[FENCE_MAX_WORKERS];
	size_t n = devs->count > from ? devs->count - from : 0, started = 0, failed = 0;

	atomic_init(&pool->next, from);
	if (n > FENCE_MAX_WORKERS)
		n = FENCE_MAX_WORKERS;
	/* The caller is one of the workers (the only one for a single device);
	 * if no thread could be started it does all the work: slower, still correct. */
	for (; started + 1 < n; started++)
		if (pthread_create(&threads[started], NULL, fence_pool_worker, pool) != 0)
			break;
	fence_pool_worker(pool);
	for (size_t i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	for (size_t i = from; i < devs->count; i++)
		if (devs->v[i].result != 0)
			failed++;
	return failed;
}

size_t fence_devs_run_parallel(struct fence_devs *devs, size_t from, fence_dev_fn fn, void *arg)
{
	struct fence_pool pool = { .devs = devs, .fn = fn, .arg = arg, .timed = true };

	return fence_pool_run(&pool, from);
}

size_t fence_devs_run_parallel_untimed(struct fence_devs *devs, size_t from, fence_dev_fn fn,
				       void *arg)
{
	struct fence_pool pool = { .devs = devs, .fn = fn, .arg = arg };

	return fence_pool_run(&pool, from);
}

/* The path, not the LU, failed the command: no answer, OS or transport error. */
static bool fence_result_is_path_failure(const struct mpathpr_path_result *e)
{
	/* a conflict comes with DID_NEXUS_FAILURE on kernels before 6.0 */
	if (e->scsi_status == MPR_SAM_RESERVATION_CONFLICT && !e->os_error && !e->timed_out)
		return false;
	return e->timed_out || e->os_error || e->host_status || (e->driver_status & 0x07);
}

static const char *fence_path_failure_text(const struct mpathpr_path_result *e)
{
	if (e->timed_out)
		return "timed out";
	if (e->os_error)
		return strerror(e->os_error);
	switch (e->host_status) {
	case MPR_DID_NO_CONNECT:
		return "no connection (DID_NO_CONNECT)";
	case MPR_DID_TRANSPORT_DISRUPTED:
		return "transport disrupted (DID_TRANSPORT_DISRUPTED)";
	case MPR_DID_TRANSPORT_FAILFAST:
		return "transport failed (DID_TRANSPORT_FAILFAST)";
	case MPR_DID_BAD_TARGET:
		return "bad target (DID_BAD_TARGET)";
	case MPR_DID_ERROR:
		return "transport error (DID_ERROR)";
	default:
		return e->host_status ? "transport error" : "driver error";
	}
}

void fence_log_reset(const char *device, const char *what, struct mpathpr_report *report)
{
	if (!report)
		return;
	fence_log_report(device, what, report);
	/* A path that failed is worth a line at the default level, by name. */
	for (size_t i = 0; i < mpathpr_report_count(report); i++) {
		const struct mpathpr_path_result *e = mpathpr_report_entry(report, i);

		if (!e)
			continue;
		if (e->no_answer)
			fence_warn("device %s: path %s did not answer (%s) in time: not waited for",
				   device, e->devnode, what ? what : "command");
		else if (fence_result_is_path_failure(e))
			fence_warn("device %s: path %s failed (%s): %s", device, e->devnode,
				   what ? what : "command", fence_path_failure_text(e));
	}
	mpathpr_report_reset(report);
}

size_t fence_keys_contain(const struct mpathpr_keys *keys, uint64_t key)
{
	size_t n = 0;

	for (size_t i = 0; keys && i < keys->count; i++)
		if (keys->keys[i] == key)
			n++;
	return n;
}

static bool fence_result_means_gone(const struct mpathpr_path_result *e)
{
	if (e->os_error == ENXIO || e->os_error == ENODEV || e->os_error == ENOENT)
		return true;
	switch (e->host_status) {
	case MPR_DID_NO_CONNECT:
	case MPR_DID_BAD_TARGET:
	case MPR_DID_TRANSPORT_DISRUPTED:
	case MPR_DID_TRANSPORT_FAILFAST:
		return true;
	default:
		return false;
	}
}

/*
 * Whether a path whose read failed is really down: dm already failed it,
 * the last command on it says the path or the device node is gone, or it
 * did not answer in time (the library stopped waiting for it, then or in an
 * earlier step, and sends it nothing more).  A usable path that failed for
 * another reason (a SCSI timeout the kernel reported, sense) is not.
 */
static bool fence_path_down(const struct mpathpr_path_keys *pk, const struct mpathpr_report *report)
{
	const struct mpathpr_path_result *last = NULL;

	if (pk->path.state != MPATHPR_PATH_ACTIVE)
		return true;
	for (size_t i = 0; report && i < mpathpr_report_count(report); i++) {
		const struct mpathpr_path_result *e = mpathpr_report_entry(report, i);

		if (e && strcmp(e->devnode, pk->path.devnode) == 0)
			last = e;
	}
	if (pk->error == -ENOLINK || pk->error == -ENXIO || pk->error == -ENODEV)
		return true;
	if (pk->error == -ETIMEDOUT && (!last || last->no_answer))
		return true;
	return last && fence_result_means_gone(last);
}

struct fence_tally {
	size_t answered, down, failed, active_answered;
	int first_error;
};

static void fence_tally_path(struct fence_dev *d, const struct mpathpr_path_keys *pk,
			     const struct mpathpr_report *report, struct fence_tally *t)
{
	if (pk->error == 0) {
		t->answered++;
		t->active_answered += pk->path.state == MPATHPR_PATH_ACTIVE;
		return;
	}
	if (fence_path_down(pk, report)) {
		t->down++;
		fence_warn("device %s: path %s is down (%s), skipped", d->name, pk->path.devnode,
			   fence_errstr(pk->error));
		return;
	}
	t->failed++;
	if (!t->first_error)
		t->first_error = pk->error;
	fence_err("device %s: usable path %s failed to read keys: %s", d->name,
		  pk->path.devnode, fence_errstr(pk->error));
}

/* Registrations of @key in one path's list (the LU's list as that path sees it). */
static size_t fence_path_key_count(const struct mpathpr_path_keys *pk, uint64_t key)
{
	size_t n = 0;

	for (size_t k = 0; k < pk->count; k++)
		n += pk->keys[k] == key;
	return n;
}

static int fence_judge(struct fence_dev *d, const struct mpathpr_key_matrix *m, uint64_t key,
		       enum fence_expect expect, const struct fence_tally *t)
{
	char kb[MPR_KEY_FORMAT_LEN];

	mpr_key_format(key, kb);
	if (t->failed)
		return t->first_error;
	if (t->answered == 0) {
		fence_err("device %s: no path answered READ KEYS", d->name);
		return -ENOLINK;
	}
	for (size_t i = 0; i < m->count; i++) {
		const struct mpathpr_path_keys *pk = &m->paths[i];
		size_t n;

		if (pk->error)
			continue;
		n = fence_path_key_count(pk, key);
		if (expect == FENCE_EXPECT_ABSENT && n > 0) {
			fence_err("device %s: key %s still registered (seen through %s)", d->name,
				  kb, pk->path.devnode);
			return -EKEYREJECTED;
		}
		/* One registration per I_T nexus: each active path must have its own. */
		if (expect == FENCE_EXPECT_PRESENT && n < t->active_answered) {
			fence_err("device %s: key %s registered %zu time(s) seen through %s, "
				  "expected one per active path (%zu)", d->name, kb, n,
				  pk->path.devnode, t->active_answered);
			return -EKEYREJECTED;
		}
	}
	return 0;
}

int fence_verify_key(struct fence_dev *d, uint64_t key, enum fence_expect expect)
{
	struct mpathpr_key_matrix *m = NULL;
	struct mpathpr_report *report = NULL;
	struct fence_tally t = { 0 };
	int r;

	r = mpathpr_report_new(&report);
	if (r < 0)
		return r;
	r = mpathpr_read_key_matrix(d->dev, &m, report);
	fence_log_report(d->name, "verify", report);
	if (r < 0) {
		fence_err("device %s: cannot read keys through any path: %s", d->name,
			  fence_errstr(r));
		mpathpr_report_free(report);
		return r;
	}
	for (size_t i = 0; i < m->count; i++)
		fence_tally_path(d, &m->paths[i], report, &t);
	r = fence_judge(d, m, key, expect, &t);
	if (t.down)
		fence_warn("device %s: verified through %zu path(s), %zu path(s) down",
			   d->name, t.answered, t.down);
	mpathpr_key_matrix_free(m);
	mpathpr_report_free(report);
	return r;
}

int fence_ensure_reservation(struct fence_dev *d, uint64_t key, int type)
{
	struct mpathpr_reservation res = { 0 };
	struct mpathpr_report *report = NULL;
	char kb[MPR_KEY_FORMAT_LEN];
	int r;

	r = mpathpr_report_new(&report);
	if (r < 0)
		return r;
	r = mpathpr_read_reservation(d->dev, &res, report);
	fence_log_reset(d->name, "read reservation", report);
	if (r == 0 && !res.held) {
		r = mpathpr_reserve(d->dev, key, (enum mpathpr_type)type, report);
		fence_log_reset(d->name, mpr_key_format(key, kb), report);
		/* Someone else may have reserved meanwhile: only the read-back counts. */
		if (r < 0 && r != -EBADE)
			fence_warn("device %s: RESERVE failed: %s", d->name, fence_errstr(r));
		r = mpathpr_read_reservation(d->dev, &res, report);
		fence_log_reset(d->name, "read reservation", report);
	}
	mpathpr_report_free(report);
	if (r < 0) {
		fence_err("device %s: cannot read the reservation: %s", d->name, fence_errstr(r));
		return r;
	}
	if (!res.held) {
		fence_err("device %s: no reservation exists", d->name);
		return -ENOLCK;
	}
	if (res.type != type)
		fence_warn("device %s: reservation type %u, configured %d", d->name, res.type, type);
	return 0;
}

int fence_check_type_supported(struct fence_dev *d, int type)
{
	struct mpathpr_capabilities caps = { 0 };
	struct mpathpr_report *report = NULL;
	int r;

	r = mpathpr_report_new(&report);
	if (r < 0)
		return r;
	r = mpathpr_read_capabilities(d->dev, &caps, report);
	fence_log_report(d->name, "report capabilities", report);
	mpathpr_report_free(report);
	if (r == -EOPNOTSUPP) {
		fence_info("device %s does not support REPORT CAPABILITIES; assuming type %d works",
			   d->name, type);
		return 0;
	}
	if (r < 0) {
		fence_warn("device %s: REPORT CAPABILITIES failed: %s", d->name, fence_errstr(r));
		return 0;
	}
	if (caps.tmv && !(caps.type_mask & (1u << type))) {
		fence_err("device %s does not support reservation type %d (REPORT CAPABILITIES "
			  "type mask 0x%04x)", d->name, type, caps.type_mask);
		return -EOPNOTSUPP;
	}
	return 0;
}
