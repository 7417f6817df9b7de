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
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/reboot.h>
#include <unistd.h>

#include "actions.h"
#include "check_settings.h"
#include "dispatch.h"
#include "escape.h"
#include "log.h"
#include "metadata.h"
#include "mpathpr/mpathpr.h"
#include "request.h"

/* Standard input, whole or refused; kept so it can be logged once logging is set up. */
static int parse_stdin(struct fence_config *cfg, char *err, size_t errlen, char **ret_text)
{
	char *text = NULL;
	size_t len = 0;
	int r;

	r = fence_request_read(STDIN_FILENO, FENCE_MAX_REQUEST, &text, &len, err, errlen);
	if (r < 0)
		return r;
	r = fence_config_from_request(text, len, cfg, err, errlen);
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
		char esc[sizeof(err)];

		fprintf(stderr, "%s: %s\n", fence_escape(base, esc, sizeof(esc)),
			err[0] ? err : strerror(-r));
		return r;
	}
	return 0;
}

/*
 * Requests answered without a device or a log: help, version, metadata.
 * What was printed must have reached standard output: a full disk or a
 * closed pipe is a failure, said on standard error.
 */
static bool answer_without_devices(const struct fence_config *cfg, int *ret_code)
{
	const char *what;
	int r, err;

	errno = 0;
	if (cfg->help) {
		what = "the usage";
		r = fence_metadata_write_usage(stdout);
	} else if (cfg->version) {
		what = "the version";
		r = printf("fence_mpathpr %s (libmpathpr %s)\n", PACKAGE_VERSION,
			   mpathpr_version()) < 0 ? -EIO : 0;
	} else if (cfg->action == FENCE_ACT_METADATA) {
		what = "the metadata";
		r = fence_metadata_write_xml(stdout);
	} else if (cfg->action == FENCE_ACT_MANPAGE) {
		what = "the manual page";
		r = fence_metadata_write_manpage(stdout);
	} else {
		return false;
	}
	err = errno;
	if (r == 0 && (fflush(stdout) != 0 || ferror(stdout))) {
		err = errno;
		r = -EIO;
	}
	if (r < 0)
		fprintf(stderr, "fence_mpathpr: cannot write %s to standard output: %s\n", what,
			strerror(r == -EIO && err ? err : -r));
	*ret_code = r < 0 ? FENCE_EXIT_FAIL : FENCE_EXIT_OK;
	return true;
}

static int run_with_library(const struct fence_config *cfg, const struct fence_log_opts *lo,
			    const struct fence_check_settings *cs)
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
		code = fence_action_check(cfg, ctx, cs);
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

/* Logging, then what the parser could not log itself.  Return: 0 or -errno. */
static int log_start(const struct fence_config *cfg, const struct fence_check_settings *cs,
		     const char *request, struct fence_log_opts *lo)
{
	int r;

	lo->quiet = cfg->quiet || (cfg->action == FENCE_ACT_CHECK && cfg->suppress_errors);
	lo->verbose_level = cs->verbose && cfg->verbose_level < 2 ? 2 : cfg->verbose_level;
	lo->debug_file = cfg->debug_file;
	r = fence_log_setup(lo);
	log_stdin(request);
	for (size_t i = 0; i < cfg->n_warnings; i++)
		fence_warn("%s", cfg->warnings[i]);
	for (size_t i = 0; i < cfg->n_notes; i++)
		fence_debug("%s", cfg->notes[i]);
	return r;
}

int main(int argc, char **argv)
{
	struct fence_check_settings cs;
	struct fence_config cfg;
	struct fence_log_opts lo = { 0 };
	char *request = NULL, settings_err[PATH_MAX + 256] = "";
	int code, settings_r;

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
	/* watchdog(8) asks a test binary to "repair <code>": it cannot, pass the code on. */
	if (cfg.action == FENCE_ACT_CHECK && argc >= 3 && strcmp(argv[argc - 2], "repair") == 0) {
		fence_config_free(&cfg);
		return atoi(argv[argc - 1]);
	}
	settings_r = fence_check_settings_load(&cfg, &cs, settings_err, sizeof(settings_err));
	if (log_start(&cfg, &cs, request, &lo) < 0 || settings_r < 0) {
		if (settings_r < 0)
			fence_err("%s", settings_err[0] ? settings_err : strerror(-settings_r));
		free(request);
		fence_log_close();
		fence_config_free(&cfg);
		return FENCE_EXIT_FAIL;
	}
	free(request);
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
