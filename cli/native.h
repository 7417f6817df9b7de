/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * native.h - mpathpr's own subcommands (status, register, unregister,
 * reserve, release, clear, preempt) over the native API.
 */
#ifndef MPATHPR_CLI_NATIVE_H
#define MPATHPR_CLI_NATIVE_H

#include <stdbool.h>
#include <stdint.h>

#include "cli/term.h"
#include "mpathpr/mpathpr.h"

/* Exit codes of the subcommands. */
#define NATIVE_EXIT_OK		0
#define NATIVE_EXIT_FAILED	1	/* a device failed (see the output) */
#define NATIVE_EXIT_USAGE	2	/* bad command line: nothing was sent */

enum native_cmd {
	CMD_STATUS, CMD_REGISTER, CMD_UNREGISTER, CMD_RESERVE, CMD_RELEASE, CMD_CLEAR,
	CMD_PREEMPT,
};

struct native_opts {
	enum native_cmd cmd;
	const char *cmd_name;
	bool json;
	enum term_color_mode color;
	uint64_t key, old_key, victim;
	bool have_key, have_old_key, have_victim;
	bool ignore_existing, aptpl, abort;
	enum mpathpr_type type;
	char **devices;
	int n_devices;
};

/* native_main() - `mpathpr SUBCOMMAND ...`; returns the exit code. */
int native_main(int argc, char **argv);
/* native_parse() - the subcommand line (argv[0] is the subcommand) into @ret_opts. */
int native_parse(int argc, char **argv, struct native_opts *ret_opts);
/* native_status() - `status` on @o's devices through @ctx; the exit code. */
int native_status(struct mpathpr_ctx *ctx, const struct native_opts *o, struct term *t);
/* native_prout() - one PR OUT subcommand on @o's devices through @ctx; the exit code. */
int native_prout(struct mpathpr_ctx *ctx, const struct native_opts *o, struct term *t);

#endif
