// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * native.c - mpathpr's subcommands: the command line, and `status`.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/json.h"
#include "cli/native.h"
#include "cli/status.h"

static const struct { const char *name; enum native_cmd cmd; } commands[] = {
	{ "status", CMD_STATUS }, { "register", CMD_REGISTER },
	{ "unregister", CMD_UNREGISTER }, { "reserve", CMD_RESERVE },
	{ "release", CMD_RELEASE }, { "clear", CMD_CLEAR }, { "preempt", CMD_PREEMPT },
};

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: mpathpr status [--json] [--color=WHEN] DEVICE...\n"
		"       mpathpr register --key=KEY [--old-key=KEY | --ignore-existing] [--aptpl] DEVICE...\n"
		"       mpathpr unregister --key=KEY DEVICE...\n"
		"       mpathpr reserve --key=KEY [--type=TYPE] DEVICE...\n"
		"       mpathpr release --key=KEY [--type=TYPE] DEVICE...\n"
		"       mpathpr clear --key=KEY DEVICE...\n"
		"       mpathpr preempt --key=KEY --victim=KEY [--abort] [--type=TYPE] DEVICE...\n"
		"       mpathpr persist MPATHPERSIST-OPTIONS   (also: mpathpr-persist)\n"
		"       mpathpr --version | --help\n"
		"Every subcommand takes --json and --color=auto|always|never.\n"
		"TYPE: we, ea, we-ro (the default), ea-ro, we-ar, ea-ar, or 1, 3, 5-8.\n"
		"KEY: 1 to 16 hex digits, 0x optional, not zero.  See man 8 mpathpr.\n");
}

static int bad_usage(const char *what, const char *value)
{
	if (value)
		fprintf(stderr, "mpathpr: %s: '%s'\n", what, value);
	else
		fprintf(stderr, "mpathpr: %s\n", what);
	fputs("Try 'mpathpr --help'.\n", stderr);
	return NATIVE_EXIT_USAGE;
}

static int parse_type(const char *text, enum mpathpr_type *ret)
{
	static const struct { const char *name; enum mpathpr_type type; } names[] = {
		{ "we", MPATHPR_TYPE_WE }, { "ea", MPATHPR_TYPE_EA },
		{ "we-ro", MPATHPR_TYPE_WE_RO }, { "ea-ro", MPATHPR_TYPE_EA_RO },
		{ "we-ar", MPATHPR_TYPE_WE_AR }, { "ea-ar", MPATHPR_TYPE_EA_AR },
	};
	char *end;
	unsigned long v;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(text, names[i].name)) {
			*ret = names[i].type;
			return 0;
		}
	v = strtoul(text, &end, 0);
	if (*text && !*end && (v == 1 || v == 3 || (v >= 5 && v <= 8))) {
		*ret = (enum mpathpr_type)v;
		return 0;
	}
	return -EINVAL;
}

static int parse_key_opt(const char *name, const char *text, uint64_t *ret, bool *have)
{
	if (mpathpr_key_parse(text, ret) < 0) {
		char what[64];

		snprintf(what, sizeof(what), "bad key for --%s (1-16 hex digits, not 0)", name);
		return bad_usage(what, text);
	}
	*have = true;
	return 0;
}

static const struct option native_options[] = {
	{ "json", no_argument, NULL, 'j' }, { "color", required_argument, NULL, 'C' },
	{ "key", required_argument, NULL, 'k' }, { "old-key", required_argument, NULL, 'o' },
	{ "victim", required_argument, NULL, 'V' }, { "type", required_argument, NULL, 't' },
	{ "ignore-existing", no_argument, NULL, 'i' }, { "aptpl", no_argument, NULL, 'a' },
	{ "abort", no_argument, NULL, 'A' }, { "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int parse_option(int c, struct native_opts *o)
{
	int mode;

	switch (c) {
	case 'j': o->json = true; return 0;
	case 'i': o->ignore_existing = true; return 0;
	case 'a': o->aptpl = true; return 0;
	case 'A': o->abort = true; return 0;
	case 'k': return parse_key_opt("key", optarg, &o->key, &o->have_key);
	case 'o': return parse_key_opt("old-key", optarg, &o->old_key, &o->have_old_key);
	case 'V': return parse_key_opt("victim", optarg, &o->victim, &o->have_victim);
	case 't':
		return parse_type(optarg, &o->type) < 0 ? bad_usage("bad --type", optarg) : 0;
	case 'C':
		mode = term_color_mode_parse(optarg);
		if (mode < 0)
			return bad_usage("bad --color (auto, always, never)", optarg);
		o->color = (enum term_color_mode)mode;
		return 0;
	case 'h':
		usage(stdout);
		exit(0);
	default:
		return NATIVE_EXIT_USAGE;	/* getopt said what */
	}
}

/* The options each subcommand needs or refuses. */
static int check_options(const struct native_opts *o)
{
	bool out = o->cmd != CMD_STATUS;

	if (!o->n_devices)
		return bad_usage("no device given", NULL);
	if (out && !o->have_key)
		return bad_usage("--key is required", o->cmd_name);
	if (!out && (o->have_key || o->have_old_key || o->have_victim))
		return bad_usage("status takes no key", NULL);
	if ((o->have_victim || o->abort) && o->cmd != CMD_PREEMPT)
		return bad_usage("--victim and --abort belong to preempt", o->cmd_name);
	if (o->cmd == CMD_PREEMPT && !o->have_victim)
		return bad_usage("preempt needs --victim", NULL);
	if ((o->have_old_key || o->ignore_existing || o->aptpl) && o->cmd != CMD_REGISTER)
		return bad_usage("--old-key, --ignore-existing and --aptpl belong to register",
				 o->cmd_name);
	if (o->have_old_key && o->ignore_existing)
		return bad_usage("--old-key and --ignore-existing exclude each other", NULL);
	return 0;
}

int native_parse(int argc, char **argv, struct native_opts *ret_opts)
{
	struct native_opts *o = ret_opts;
	size_t i;
	int c, r;

	memset(o, 0, sizeof(*o));
	o->type = MPATHPR_TYPE_WE_RO;
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[0], commands[i].name))
			break;
	if (i == sizeof(commands) / sizeof(commands[0]))
		return bad_usage("unknown subcommand", argv[0]);
	o->cmd = commands[i].cmd;
	o->cmd_name = commands[i].name;
	optind = 0;
	while ((c = getopt_long(argc, argv, "", native_options, NULL)) != -1)
		if ((r = parse_option(c, o)))
			return r;
	o->devices = argv + optind;
	o->n_devices = argc - optind;
	return check_options(o);
}

int native_status(struct mpathpr_ctx *ctx, const struct native_opts *o, struct term *t)
{
	struct json j;
	int ret = NATIVE_EXIT_OK;

	json_init(&j, stdout);
	if (o->json)
		status_json_begin(&j, "status");
	for (int i = 0; i < o->n_devices; i++) {
		struct status_lu *lu = NULL;

		if (o->n_devices > 1)
			term_progress(t, (size_t)i + 1, (size_t)o->n_devices, o->devices[i]);
		if (status_collect(ctx, o->devices[i], &lu) < 0) {
			term_progress_end(t);
			fputs("mpathpr: out of memory\n", stderr);
			return NATIVE_EXIT_FAILED;
		}
		term_progress_end(t);
		if (!status_lu_ok(lu))
			ret = NATIVE_EXIT_FAILED;
		if (o->json)
			status_json_lu(&j, lu);
		else
			status_print(stdout, t, lu);
		if (!o->json && i + 1 < o->n_devices)
			fputc('\n', stdout);
		status_lu_free(lu);
	}
	if (o->json)
		status_json_end(&j);
	return ret;
}

int native_main(int argc, char **argv)
{
	struct mpathpr_ctx *ctx = NULL;
	struct native_opts o;
	struct term t;
	int r;

	if (argc < 2)
		return bad_usage("no subcommand", NULL);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		printf("mpathpr %s\n", mpathpr_version());
		return 0;
	}
	r = native_parse(argc - 1, argv + 1, &o);
	if (r)
		return r;
	term_init(&t, o.json ? TERM_COLOR_NEVER : o.color, o.n_devices > 1);
	if (mpathpr_ctx_new(&ctx) < 0) {
		fputs("mpathpr: out of memory\n", stderr);
		return NATIVE_EXIT_FAILED;
	}
	r = o.cmd == CMD_STATUS ? native_status(ctx, &o, &t) : native_prout(ctx, &o, &t);
	mpathpr_ctx_free(ctx);
	return r;
}
