// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * read_back.c - what the actions trust more than a command's status: the
 * keys and the reservation read back through every path, and what REPORT
 * CAPABILITIES says a device supports.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "device_set.h"
#include "log.h"
#include "mpathpr/mpathpr.h"
#include "read_back.h"

size_t fence_keys_contain(const struct mpathpr_keys *keys, uint64_t key)
{
	size_t n = 0;

	for (size_t i = 0; keys && i < keys->count; i++)
		if (keys->keys[i] == key)
			n++;
	return n;
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
	return last && mpathpr_path_result_gone(last);
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
	char kb[MPATHPR_KEY_FORMAT_LEN];

	mpathpr_key_format(key, kb);
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
	char kb[MPATHPR_KEY_FORMAT_LEN];
	int r;

	r = mpathpr_report_new(&report);
	if (r < 0)
		return r;
	r = mpathpr_read_reservation(d->dev, &res, report);
	fence_log_reset(d->name, "read reservation", report);
	if (r == 0 && !res.held) {
		r = mpathpr_reserve(d->dev, key, (enum mpathpr_type)type, report);
		fence_log_reset(d->name, mpathpr_key_format(key, kb), report);
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
