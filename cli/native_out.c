// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * native_out.c - register, unregister, reserve, release, clear, preempt:
 * every device opened first (one that cannot be is bad input: nothing is
 * sent), then the command on each, and what each path answered.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/json.h"
#include "cli/native.h"
#include "cli/status.h"

/* What one command did on one path: the path's failure, else the LU's answer. */
static void outcome(const struct mpathpr_path_result *e, char *buf, size_t cap)
{
	const char *failure = mpathpr_path_result_failure(e);

	if (e->no_answer)
		snprintf(buf, cap, "no answer by the path's deadline");
	else if (failure)
		snprintf(buf, cap, "%s", failure);
	else if (e->scsi_status == 0x18)
		snprintf(buf, cap, "reservation conflict");
	else if (e->scsi_status == 0x02)
		snprintf(buf, cap, "check condition, sense %x/%02x/%02x", e->sense_key, e->asc,
			 e->ascq);
	else if (e->scsi_status)
		snprintf(buf, cap, "SCSI status 0x%02x", e->scsi_status);
	else
		snprintf(buf, cap, "ok");
}

static int send_one(const struct native_opts *o, struct mpathpr_dev *dev,
		    struct mpathpr_report *rep)
{
	unsigned int flags = (o->ignore_existing ? MPATHPR_REG_IGNORE_EXISTING : 0) |
			     (o->aptpl ? MPATHPR_REG_APTPL : 0);

	switch (o->cmd) {
	case CMD_REGISTER:
		return mpathpr_register(dev, o->have_old_key ? o->old_key : 0, o->key,
					flags | (o->have_old_key ? 0 : MPATHPR_REG_IGNORE_EXISTING),
					rep);
	case CMD_UNREGISTER:
		return mpathpr_register(dev, o->key, 0, 0, rep);
	case CMD_RESERVE:
		return mpathpr_reserve(dev, o->key, o->type, rep);
	case CMD_RELEASE:
		return mpathpr_release(dev, o->key, o->type, rep);
	case CMD_CLEAR:
		return mpathpr_clear(dev, o->key, rep);
	case CMD_PREEMPT:
		return mpathpr_preempt(dev, o->key, o->victim, o->type, o->abort, rep);
	default:
		return -EINVAL;
	}
}

static void print_result(const struct term *t, const char *device, struct mpathpr_dev *dev,
			 int r, const struct mpathpr_report *rep)
{
	char what[128];

	printf("%s (%s): %s%s%s\n", mpathpr_dev_name(dev), device,
	       term_start(t, r ? TERM_BAD : TERM_GOOD), r ? mpathpr_strerror(r) : "done",
	       term_stop(t));
	for (size_t i = 0; i < mpathpr_report_count(rep); i++) {
		const struct mpathpr_path_result *e = mpathpr_report_entry(rep, i);

		outcome(e, what, sizeof(what));
		printf("  %-10s %-24s %s (%u attempt%s, %" PRIu64 " ms)\n", e->devnode, mpathpr_path_result_command(e),
		       what, e->attempts, e->attempts == 1 ? "" : "s", e->duration_us / 1000);
	}
}

static void json_result(struct json *j, const char *device, struct mpathpr_dev *dev, int r,
			const struct mpathpr_report *rep)
{
	char what[128];

	json_open_object(j, NULL);
	json_string(j, "device", device);
	json_bool(j, "ok", r == 0);
	json_string(j, "error", r ? mpathpr_strerror(r) : NULL);
	json_string(j, "name", dev ? mpathpr_dev_name(dev) : NULL);
	json_open_array(j, "commands");
	for (size_t i = 0; rep && i < mpathpr_report_count(rep); i++) {
		const struct mpathpr_path_result *e = mpathpr_report_entry(rep, i);

		outcome(e, what, sizeof(what));
		json_open_object(j, NULL);
		json_string(j, "devnode", e->devnode);
		json_string(j, "command", mpathpr_path_result_command(e));
		json_string(j, "outcome", what);
		json_int(j, "mpath_pr", e->mpath_pr);
		json_int(j, "scsi_status", e->scsi_status);
		json_int(j, "attempts", e->attempts);
		json_int(j, "duration_us", (int64_t)e->duration_us);
		json_close_object(j);
	}
	json_close_array(j);
	json_close_object(j);
}

/* Open every device; on the first that fails, say which and close the others. */
static int open_all(struct mpathpr_ctx *ctx, const struct native_opts *o,
		    struct mpathpr_dev **devs)
{
	for (int i = 0; i < o->n_devices; i++) {
		int r = mpathpr_dev_open(ctx, o->devices[i], &devs[i]);

		if (r < 0) {
			fprintf(stderr, "mpathpr: %s: %s: nothing was sent\n", o->devices[i],
				mpathpr_strerror(r));
			for (int k = 0; k < i; k++)
				mpathpr_dev_close(devs[k]);
			return r;
		}
	}
	return 0;
}

int native_prout(struct mpathpr_ctx *ctx, const struct native_opts *o, struct term *t)
{
	struct mpathpr_dev **devs = calloc((size_t)o->n_devices, sizeof(*devs));
	struct mpathpr_report *rep = NULL;
	int ret = NATIVE_EXIT_OK;
	struct json j;

	if (!devs || mpathpr_report_new(&rep) < 0) {
		free(devs);
		fputs("mpathpr: out of memory\n", stderr);
		return NATIVE_EXIT_FAILED;
	}
	if (open_all(ctx, o, devs) < 0) {
		mpathpr_report_free(rep);
		free(devs);
		return NATIVE_EXIT_FAILED;
	}
	json_init(&j, stdout);
	if (o->json)
		status_json_begin(&j, o->cmd_name);
	for (int i = 0; i < o->n_devices; i++) {
		int r;

		if (o->n_devices > 1)
			term_progress(t, (size_t)i + 1, (size_t)o->n_devices, o->devices[i]);
		mpathpr_report_reset(rep);
		r = send_one(o, devs[i], rep);
		term_progress_end(t);
		if (r)
			ret = NATIVE_EXIT_FAILED;
		if (o->json)
			json_result(&j, o->devices[i], devs[i], r, rep);
		else
			print_result(t, o->devices[i], devs[i], r, rep);
		mpathpr_dev_close(devs[i]);
	}
	if (o->json)
		status_json_end(&j);
	mpathpr_report_free(rep);
	free(devs);
	return ret;
}
