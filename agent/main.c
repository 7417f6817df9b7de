// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * main.c - fence_mpathpr: read the request (command line, or name=value
 * lines on stdin when there are no arguments, as Pacemaker calls agents),
 * set up logging and the library, run the action, exit with its code.
 *
 * Called as fence_mpathpr_check (a link to the same binary), it is the
 * watchdog check: exit 0 while this node's key is registered, 2 once fenced.
 * Called as fence_mpathpr_check_hardreboot, it reboots the node at once
 * instead of exiting 2, as fence-agents' fence_mpath_check_hardreboot does.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/reboot.h>

#include "actions.h"
#include "config.h"
#include "log.h"
#include "metadata.h"
#include "mpathpr/mpathpr.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "unknown"
#endif

/* Watchdog settings, the same file and names fence_mpath_check reads. */
#define CHECK_SETTINGS_FILE	"/etc/sysconfig/stonith"

struct check_settings {
	unsigned int retries;
	unsigned int retry_sleep_ms;
	bool verbose;
};

static void check_settings_read(const char *path, struct check_settings *s)
{
	char line[256], name[64], value[64];
	FILE *f = fopen(path, "re");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, " %63[A-Za-z_-] = %63s", name, value) != 2)
			continue;
		if (strcasecmp(name, "retry") == 0)
			s->retries = (unsigned int)strtoul(value, NULL, 10);
		else if (strcasecmp(name, "retry-sleep") == 0)
			s->retry_sleep_ms = (unsigned int)(strtod(value, NULL) * 1000.0);
		else if (strcasecmp(name, "verbose") == 0)
			s->verbose = strcasecmp(value, "yes") == 0 || strcmp(value, "1") == 0;
	}
	fclose(f);
}

/* Standard input, kept so the request can be logged once logging is set up. */
#define STDIN_MAX (256 * 1024)

static char *read_all(FILE *in)
{
	size_t len = 0, cap = 4096;
	char *buf = malloc(cap);

	while (buf) {
		size_t n = fread(buf + len, 1, cap - len - 1, in);

		len += n;
		if (n == 0 || len >= STDIN_MAX)
			break;
		if (len + 1 == cap) {
			char *bigger = realloc(buf, cap * 2);

			if (!bigger) {
				free(buf);
				return NULL;
			}
			buf = bigger;
			cap *= 2;
		}
	}
	if (buf)
		buf[len] = 0;
	return buf;
}

static int parse_stdin(struct fence_config *cfg, char *err, size_t errlen, char **ret_text)
{
	char *text = read_all(stdin);
	FILE *f;
	int r;

	if (!text)
		return -ENOMEM;
	f = fmemopen(text, strlen(text), "r");
	if (!f) {
		free(text);
		return -errno;
	}
	r = fence_config_from_stdin(f, cfg, err, errlen);
	fclose(f);
	*ret_text = text;
	return r;
}

/* Pacemaker's request as it arrived, at debug level (the integration's log). */
static void log_stdin(const char *text)
{
	const char *line = text;

	while (line && *line) {
		const char *end = strchr(line, '\n');
		int len = end ? (int)(end - line) : (int)strlen(line);

		if (len)
			fence_debug("stdin: %.*s", len, line);
		line = end ? end + 1 : NULL;
	}
}

static int parse_request(int argc, char **argv, struct fence_config *cfg, char **ret_stdin)
{
	char err[512] = "";
	const char *base = strrchr(argv[0], '/');
	bool check = fence_config_check_kind(argv[0]) != FENCE_CHECK_NONE;
	int r;

	base = base ? base + 1 : argv[0];
	if (argc > 1 || check)
		r = fence_config_from_argv(argc, argv, cfg, err, sizeof(err));
	else
		r = parse_stdin(cfg, err, sizeof(err), ret_stdin);
	if (r == 0 && !cfg->help && !cfg->version &&
	    cfg->action != FENCE_ACT_METADATA && cfg->action != FENCE_ACT_MANPAGE) {
		r = fence_config_check(cfg, err, sizeof(err));
		if (r < 0)
			fence_config_free(cfg);
	}
	if (r < 0) {
		fprintf(stderr, "%s: %s\n", base, err[0] ? err : strerror(-r));
		return r;
	}
	return 0;
}

/* Requests answered without a device or a log: help, version, metadata. */
static bool answer_without_devices(const struct fence_config *cfg, int *ret_code)
{
	int r;

	if (cfg->help)
		r = fence_metadata_write_usage(stdout);
	else if (cfg->version)
		r = printf("fence_mpathpr %s (libmpathpr %s)\n", PACKAGE_VERSION,
			   mpathpr_version()) < 0 ? -EIO : 0;
	else if (cfg->action == FENCE_ACT_METADATA)
		r = fence_metadata_write_xml(stdout);
	else if (cfg->action == FENCE_ACT_MANPAGE)
		r = fence_metadata_write_manpage(stdout);
	else
		return false;
	*ret_code = r < 0 ? FENCE_EXIT_FAIL : FENCE_EXIT_OK;
	return true;
}

static int run_with_library(const struct fence_config *cfg, const struct fence_log_opts *lo,
			    const struct check_settings *cs)
{
	struct mpathpr_ctx *ctx = NULL;
	unsigned int io_ms = cfg->io_timeout_ms ? cfg->io_timeout_ms : FENCE_DEFAULT_IO_TIMEOUT_MS;
	int code;

	if (mpathpr_ctx_new(&ctx) < 0) {
		fence_err("cannot create the library context: out of memory");
		return FENCE_EXIT_FAIL;
	}
	mpathpr_ctx_set_log(ctx, fence_log_lib_sink, NULL, fence_log_lib_priority(lo));
	/* A call never outlives the action's budget (fence_action_budget_start()). */
	mpathpr_ctx_set_timeouts(ctx, io_ms, FENCE_ACTION_BUDGET_MS(io_ms));
	if (cfg->action == FENCE_ACT_CHECK)
		code = fence_check_run(cfg->store_path, ctx, cs->retries, cs->retry_sleep_ms);
	else
		code = fence_action_run(cfg, ctx);
	mpathpr_ctx_free(ctx);
	return code;
}

/*
 * fence_mpathpr_check_hardreboot found this node fenced: restart it now, as
 * fence_mpath_check_hardreboot does (reboot(2), RB_AUTOBOOT): no sync, no
 * shutdown -- the node's writes to the fenced devices would only fail, and a
 * sync could hang on them.  Returns only if the kernel refused.
 */
static int hard_reboot(void)
{
	int err;

	fence_err("fenced: rebooting this node now (hard reboot, file systems not synced)");
	fence_log_close();
	reboot(RB_AUTOBOOT);
	err = errno;
	fprintf(stderr, "fence_mpathpr_check_hardreboot: reboot: %s\n", strerror(err));
	return FENCE_EXIT_OFF;
}

int main(int argc, char **argv)
{
	struct check_settings cs = { .retries = 1, .retry_sleep_ms = 1000 };
	struct fence_config cfg;
	struct fence_log_opts lo = { 0 };
	char *request = NULL;
	int code;

	if (argc < 1)
		return FENCE_EXIT_FAIL;
	if (parse_request(argc, argv, &cfg, &request) < 0) {
		free(request);
		return FENCE_EXIT_FAIL;
	}
	if (answer_without_devices(&cfg, &code)) {
		free(request);
		fence_config_free(&cfg);
		return code;
	}
	if (cfg.action == FENCE_ACT_CHECK) {
		/* watchdog(8) asks a test binary to "repair <code>": it cannot, pass the code on. */
		if (argc >= 3 && strcmp(argv[argc - 2], "repair") == 0) {
			fence_config_free(&cfg);
			return atoi(argv[argc - 1]);
		}
		check_settings_read(CHECK_SETTINGS_FILE, &cs);
	}
	lo.quiet = cfg.quiet || (cfg.action == FENCE_ACT_CHECK && cfg.suppress_errors);
	lo.verbose_level = cs.verbose && cfg.verbose_level < 2 ? 2 : cfg.verbose_level;
	lo.debug_file = cfg.debug_file;
	fence_log_setup(&lo);
	log_stdin(request);
	free(request);
	for (size_t i = 0; i < cfg.n_notes; i++)
		fence_debug("%s", cfg.notes[i]);
	fence_debug("action %s on %zu device(s)", fence_action_name(cfg.action), cfg.n_devices);
	code = run_with_library(&cfg, &lo, &cs);
	if (code == FENCE_EXIT_OFF && cfg.action == FENCE_ACT_CHECK && cfg.check_hardreboot) {
		fence_config_free(&cfg);
		return hard_reboot();
	}
	fence_log_close();
	fence_config_free(&cfg);
	return code;
}
