// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mpathpr - the operator's command.  Called as mpathpr-persist (or
 * mpathpersist, a link an administrator may make) it is mpathpersist;
 * called as mpathpr it takes a subcommand (man 8 mpathpr).
 */
#include "config.h"

#include <string.h>

#include "cli/native.h"
#include "cli/persist.h"

static bool persist_name(const char *argv0)
{
	const char *base = strrchr(argv0, '/');

	base = base ? base + 1 : argv0;
	return !strcmp(base, "mpathpr-persist") || !strcmp(base, "mpathpersist");
}

int main(int argc, char **argv)
{
	if (argc > 0 && persist_name(argv[0]))
		return persist_main(argc, argv);
	if (argc > 1 && !strcmp(argv[1], "persist")) {
		argv[1] = "mpathpr persist";
		return persist_main(argc - 1, argv + 1);
	}
	return native_main(argc, argv);
}
