/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * persist.h - mpathpersist mode: Debian 12's mpathpersist (multipath-tools
 * 0.9.4) command line, output and exit codes, over libmpathpr's classic API.
 */
#ifndef MPATHPR_CLI_PERSIST_H
#define MPATHPR_CLI_PERSIST_H

#include "cli/persist_args.h"

/* persist_handle() - parse and run one command line (@line 0) or batch
 * file line; returns its exit code. */
int persist_handle(int argc, char **argv, int line, struct persist_session *s);
/* persist_batch() - check every line of @path, then run them; the last failing line's code. */
int persist_batch(const char *path, struct persist_session *s);

/* Run mpathpersist mode with @argv (argv[0] is the program name); returns the exit code. */
int persist_main(int argc, char **argv);

#endif
