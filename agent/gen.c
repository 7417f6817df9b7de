/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * gen.c - build-time generator of the metadata XML and the man page, for
 * when the agent binary itself is not built yet.  Same code, same output.
 */
#include <stdio.h>
#include <string.h>

#include "metadata.h"

int main(int argc, char **argv)
{
	int r;

	if (argc == 3 && strcmp(argv[1], "-o") == 0 && strcmp(argv[2], "metadata") == 0)
		r = fence_metadata_write_xml(stdout);
	else if (argc == 3 && strcmp(argv[1], "-o") == 0 && strcmp(argv[2], "manpage") == 0)
		r = fence_metadata_write_manpage(stdout);
	else {
		fprintf(stderr, "usage: %s -o metadata|manpage\n", argv[0]);
		return 1;
	}
	return r < 0 ? 1 : 0;
}
