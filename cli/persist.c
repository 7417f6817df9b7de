// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * persist.c - mpathpersist mode (mpathpr-persist, or `mpathpr persist`).
 *
 * The same options, the same text on standard output and the same exit
 * codes (the MPATH_PR_* code of the command) as multipath-tools 0.9.4's
 * mpathpersist, so that fence_mpath (mpathpersist_path=) and scripts work
 * unchanged.  What differs on purpose: no reservation_key is needed in
 * multipath.conf (where there is one, multipathd is told about the map's
 * key as mpathpersist tells it: persist_mpathd.h), and bad input that
 * mpathpersist would send anyway (an unparsable key, a reservation type the
 * device must refuse) is refused before anything is sent, with the exit
 * code the device's refusal would have given.  A batch file runs its lines
 * through persist_handle() as mpathpersist's do; it lives here because
 * running a command line may run a batch file.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/persist.h"
#include "cli/persist_args.h"
#include "cli/persist_mpathd.h"
#include "cli/persist_print.h"
#include "mpathpr/mpath_persist.h"
#include "mpathpr/mpathpr.h"

/* A native API error as mpathpersist's exit code: the path's own outcome
 * where a command was answered, else what the error means. */
static int persist_code(int err, const struct mpathpr_report *rep)
{
	int code = MPATH_PR_OTHER;

	if (!err)
		return MPATH_PR_SUCCESS;
	for (size_t i = 0; rep && i < mpathpr_report_count(rep); i++)
		if (mpathpr_report_entry(rep, i)->mpath_pr != MPATH_PR_SUCCESS)
			return mpathpr_report_entry(rep, i)->mpath_pr;
	if (err == -EINVAL)
		code = MPATH_PR_SYNTAX_ERROR;
	else if (err == -ENOLINK || err == -EMEDIUMTYPE)
		code = MPATH_PR_DMMP_ERROR;
	else if (err == -EPROTO)
		code = MPATH_PR_SENSE_MALFORMED;
	else if (err == -EBADE || err == -EKEYREVOKED)
		code = MPATH_PR_RESERV_CONFLICT;
	return code;
}

/* mpathpersist's allocation length for @sa: its response buffer's size, at most 8192. */
static uint16_t prin_length(const struct persist_session *s, int sa)
{
	if (s->alloc_len)
		return (uint16_t)s->alloc_len;
	switch (sa) {
	case MPATH_PRIN_RRES_SA:
		return 24;
	case MPATH_PRIN_RCAP_SA:
		return 8;
	default:
		return MPATH_MAX_PARAM_LEN;
	}
}

/*
 * READ KEYS, READ RESERVATION, REPORT CAPABILITIES: one command with
 * mpathpersist's allocation length, the answer taken as the device sent it
 * (a device answers a short length in its own way).  READ FULL STATUS:
 * through the classic API, whose layout mpathpersist prints from.
 */
static int read_prin_raw(const struct persist_session *s, struct mpathpr_dev *dev, int fd,
			 int sa, struct prin_resp *resp, unsigned char *raw)
{
	struct mpathpr_report *rep = NULL;
	uint16_t len = prin_length(s, sa);
	size_t n = 0;
	int r = 0;

	if (sa != MPATH_PRIN_RFSTAT_SA || s->noisy || s->alloc_len) {
		if (mpathpr_report_new(&rep) < 0)
			return MPATH_PR_OTHER;
		r = persist_code(mpathpr_read_prin(dev, (uint8_t)sa, len, raw, &n, rep), rep);
		mpathpr_report_free(rep);
		if (r != MPATH_PR_SUCCESS)
			return r;
		if (s->noisy)	/* mpathpersist logs the answer's bytes (stderr) */
			persist_hex_dump(stderr, raw, n, 1);
	}
	if (sa != MPATH_PRIN_RFSTAT_SA)
		return persist_prin_from_bytes(sa, raw, n, resp) < 0 ? MPATH_PR_OTHER : 0;
	if (s->alloc_len && (n < 8 || ((size_t)raw[4] << 24 | (size_t)raw[5] << 16 |
				       (size_t)raw[6] << 8 | raw[7]) + 8 > n)) {
		fprintf(stderr, "'--alloc-length' %u is shorter than the READ FULL STATUS "
			"answer (%zu bytes): not supported\n", s->alloc_len, n);
		return MPATH_PR_SYNTAX_ERROR;
	}
	return mpath_persistent_reserve_in(fd, sa, resp, 0, s->verbose);
}

static int read_prin(const struct persist_session *s, struct mpathpr_dev *dev, int fd, int sa,
		     struct prin_resp *resp)
{
	unsigned char *raw = calloc(1, 65536);	/* the largest allocation length */
	int r;

	if (!raw)
		return MPATH_PR_OTHER;
	r = read_prin_raw(s, dev, fd, sa, resp, raw);
	free(raw);
	return r;
}

/* mpathpersist's PR IN: print the decoded answer, or say it failed. */
static int run_prin(const struct persist_session *s, struct mpathpr_dev *dev, int fd, int sa)
{
	struct prin_resp *resp = mpath_alloc_prin_response(sa);
	int r;

	if (!resp) {
		fputs("failed to allocate PRIN response buffer\n", stderr);
		return MPATH_PR_OTHER;
	}
	r = read_prin(s, dev, fd, sa, resp);
	if (r == MPATH_PR_SUCCESS)
		persist_print_prin(stdout, sa, resp);
	else if (r != MPATH_PR_SYNTAX_ERROR)
		fputs("Persistent Reserve IN command failed\n", stderr);
	free(resp);
	return r;
}

static void put_key(uint8_t out[8], uint64_t key)
{
	for (int i = 7; i >= 0; i--, key >>= 8)
		out[i] = key & 0xff;
}

static int run_prout(const struct persist_args *a, const struct persist_session *s, int fd)
{
	struct prout_param_descriptor *p;
	int r;

	p = calloc(1, sizeof(*p) + (size_t)a->n_tids * sizeof(p->trnptid_list[0]));
	if (!p) {
		fputs("malloc paramp failed\n", stderr);
		return MPATH_PR_OTHER;
	}
	put_key(p->key, a->rk);
	put_key(p->sa_key, a->sark);
	p->sa_flags = (uint8_t)((a->alltgpt ? MPATH_F_ALL_TG_PT_MASK : 0) |
				(a->aptpl ? MPATH_F_APTPL_MASK : 0) |
				(a->n_tids ? MPATH_F_SPEC_I_PT_MASK : 0));
	p->num_transportid = (uint32_t)a->n_tids;
	for (int i = 0; i < a->n_tids; i++)
		p->trnptid_list[i] = (struct transportid *)&a->tids[i];
	r = mpath_persistent_reserve_out(fd, a->prout_sa, MPATH_LU_SCOPE, a->type, p, 0,
					 s->verbose);
	free(p);
	return r;
}

/*
 * mpathpersist resolves the device to a dm-multipath map before it sends
 * anything: a file that is no block device is a file error (12), a block
 * device that is no multipath map a device-mapper error (13).
 */
static int open_multipath(struct mpathpr_ctx *ctx, const char *device, int fd,
			  struct mpathpr_dev **ret_dev)
{
	struct mpathpr_dev *dev = NULL;
	struct stat st;
	int r;

	if (fstat(fd, &st) < 0 || !S_ISBLK(st.st_mode)) {
		fprintf(stderr, "%s: not a block device\n", device);
		return MPATH_PR_FILE_ERROR;
	}
	r = mpathpr_dev_open_fd(ctx, fd, &dev);
	if (r == 0 && !mpathpr_dev_is_multipath(dev))
		r = -EMEDIUMTYPE;
	if (r < 0) {
		mpathpr_dev_close(dev);
		fprintf(stderr, "%s: %s\n", device, r == -EMEDIUMTYPE || r == -ENOLINK ?
			"not a multipath device" : mpathpr_strerror(r));
		return MPATH_PR_DMMP_ERROR;
	}
	*ret_dev = dev;
	return MPATH_PR_SUCCESS;
}

static bool type_needed(int sa)
{
	return sa == MPATH_PROUT_RES_SA || sa == MPATH_PROUT_REL_SA ||
	       sa == MPATH_PROUT_PREE_SA || sa == MPATH_PROUT_PREE_AB_SA;
}

static bool type_valid(unsigned int type)
{
	return type == 1 || type == 3 || (type >= 5 && type <= 8);
}

/* The PR OUT part: refuse what the device must refuse, send, say how it went. */
static int run_prout_command(const struct persist_args *a, const struct persist_session *s,
			     const struct mpathpr_dev *dev, int fd, int r)
{
	int kind = 0;

	/* a type the device must refuse: its answer (ILLEGAL REQUEST), unsent */
	if (r == MPATH_PR_SUCCESS && type_needed(a->prout_sa) && !type_valid(a->type)) {
		fprintf(stderr, "reservation type 0x%x is not a valid type (1, 3, 5-8): "
			"not sent\n", a->type);
		r = MPATH_PR_ILLEGAL_REQ;
	}
	if (r == MPATH_PR_SUCCESS)
		r = persist_mpathd_before(a, s, dev, &kind);
	if (r == MPATH_PR_SUCCESS) {
		r = run_prout(a, s, fd);
		persist_mpathd_after(a, s, dev, kind, r);
	}
	if (r == MPATH_PR_SENSE_UNIT_ATTENTION)
		puts("persistent reserve out: scsi status: Unit Attention");
	else if (r == MPATH_PR_RESERV_CONFLICT)
		puts("persistent reserve out: scsi status: Reservation Conflict");
	if (r != MPATH_PR_SUCCESS)
		puts("PR out: command failed");
	return r;
}

static int run_command(const struct persist_args *a, const struct persist_session *s)
{
	struct mpathpr_ctx *ctx = NULL;
	struct mpathpr_dev *dev = NULL;
	int fd, r;

	fd = open(a->device, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "%s: error opening file (rw) fd=%d\n", a->device, fd);
		return MPATH_PR_FILE_ERROR;
	}
	r = mpathpr_ctx_new(&ctx) < 0 ? MPATH_PR_OTHER : open_multipath(ctx, a->device, fd, &dev);
	if (a->in && r != MPATH_PR_SUCCESS)
		fputs("Persistent Reserve IN command failed\n", stderr);
	else if (a->in)
		r = run_prin(s, dev, fd, a->prin_sa);
	else
		r = run_prout_command(a, s, dev, fd, r);
	mpathpr_dev_close(dev);
	mpathpr_ctx_free(ctx);
	close(fd);
	return r;
}

/* Split @line into argv (up to a token starting with '#'); returns argc. */
static int split_line(char *line, const char *prog, char **argv, int max)
{
	char *save = NULL, *tok;
	int argc = 0;

	argv[argc++] = (char *)prog;
	for (tok = strtok_r(line, " \t\n", &save); tok && *tok != '#';
	     tok = strtok_r(NULL, " \t\n", &save)) {
		if (argc == 1 && (!strcmp(tok, "mpathpersist") || !strcmp(tok, prog)))
			continue;
		if (argc == max)
			return -1;
		argv[argc++] = tok;
	}
	return argc;
}

/*
 * One pass over a batch file.  @check_only: parse every line and run none,
 * so that a bad line anywhere stops the file before anything is sent.
 */
static int batch_pass(FILE *f, const char *path, struct persist_session *s, bool check_only)
{
	enum { MAX_ARGS = 256 };
	char *argv[MAX_ARGS + 1], *line = NULL;
	size_t cap = 0;
	int n = 0, ret = MPATH_PR_SUCCESS;

	while (getline(&line, &cap, f) != -1) {
		struct persist_args a;
		int argc, r;

		n++;
		if (!check_only && s->verbose >= 3)
			fprintf(stderr, "processing line %d: %s", n, line);
		argc = split_line(line, s->prog, argv, MAX_ARGS);
		if (argc < 0) {
			fprintf(stderr, "line %d of %s: more than %d words\n", n, path, MAX_ARGS);
			ret = MPATH_PR_SYNTAX_ERROR;
			continue;
		}
		if (argc <= 1)
			continue;
		argv[argc] = NULL;
		if (check_only) {
			r = persist_parse(argc, argv, n, s, &a);
			free(a.batch);
			if (r != MPATH_PR_SUCCESS && r != PERSIST_HELP) {
				fprintf(stderr, "syntax error on line %d in batch file %s: "
					"nothing was sent\n", n, path);
				ret = MPATH_PR_SYNTAX_ERROR;
			}
			continue;
		}
		if (s->verbose >= 2) {
			fprintf(stderr, "## file %s line %d:", path, n);
			for (int i = 0; i < argc; i++)
				fprintf(stderr, " %s", argv[i]);
			fputc('\n', stderr);
		}
		r = persist_handle(argc, argv, n, s);
		if (r != MPATH_PR_SUCCESS)
			ret = r;
	}
	free(line);
	return ret;
}

int persist_batch(const char *path, struct persist_session *s)
{
	struct persist_session check = *s;
	FILE *f = fopen(path, "re");
	int r;

	if (!f) {
		fprintf(stderr, "unable to open %s: %s\n", path, strerror(errno));
		return MPATH_PR_SYNTAX_ERROR;
	}
	if (s->verbose >= 2)
		fprintf(stderr, "running batch file %s\n", path);
	check.check_only = true;
	r = batch_pass(f, path, &check, true);
	if (r == MPATH_PR_SUCCESS) {
		rewind(f);
		r = batch_pass(f, path, s, false);
	}
	fclose(f);
	return r;
}

/* One command line (@line 0) or one line of a batch file. */
int persist_handle(int argc, char **argv, int line, struct persist_session *s)
{
	struct persist_args a;
	int r = persist_parse(argc, argv, line, s, &a);

	if (r == PERSIST_HELP)
		return MPATH_PR_SUCCESS;
	if (r == MPATH_PR_SUCCESS && a.device)
		r = run_command(&a, s);
	if (r == MPATH_PR_SYNTAX_ERROR) {
		if (line == 0)
			persist_usage(s->prog);
		else
			fprintf(stderr, "syntax error on line %d in batch file\n", line);
	} else if (a.batch) {
		int rb = persist_batch(a.batch, s);

		r = r == MPATH_PR_SUCCESS ? rb : r;
	}
	free(a.batch);
	return r < 0 ? MPATH_PR_OTHER : r;
}

int persist_main(int argc, char **argv)
{
	struct persist_session s = { .prog = "mpathpr-persist" };
	const char *slash = strrchr(argv[0], '/');

	s.prog = slash ? slash + 1 : argv[0];
	if (argc < 2) {
		fputs("No parameter used\n", stderr);
		persist_usage(s.prog);
		return 1;
	}
	if (getuid() != 0) {
		fputs("need to be root\n", stderr);
		return 1;
	}
	return persist_handle(argc, argv, 0, &s);
}
