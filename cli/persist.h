/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * persist.h - mpathpersist mode: Debian 12's mpathpersist (multipath-tools
 * 0.9.4) command line, output and exit codes, over libmpathpr's classic API.
 */
#ifndef MPATHPR_CLI_PERSIST_H
#define MPATHPR_CLI_PERSIST_H

/* Run mpathpersist mode with @argv (argv[0] is the program name); returns the exit code. */
int persist_main(int argc, char **argv);

#endif
