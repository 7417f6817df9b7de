/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz_agent_argv.c - fence_mpathpr's command line (fence_config_from_argv(),
 * getopt_long over the parameter table), then fence_config_check().
 *
 * Input: the arguments one per line, argv[0] first (so the check modes,
 * fence_mpathpr_check and fence_mpathpr_check_hardreboot, are reached too).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "agent/request.h"
#include "fuzz.h"

#define ARGS_MAX 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_strndup(data, size);	/* a NUL cannot be in an argument */
	char *argv[ARGS_MAX + 1];
	struct fence_config cfg;
	char err[512] = "";
	int argc = 0;

	for (char *s = text; argc < ARGS_MAX; ) {
		char *nl = strchr(s, '\n');

		argv[argc++] = s;
		if (!nl)
			break;
		*nl = '\0';
		s = nl + 1;
	}
	argv[argc] = NULL;
	if (fence_config_from_argv(argc, argv, &cfg, err, sizeof(err)) == 0) {
		FUZZ_CHECK(!cfg.have_key || cfg.key != 0);
		for (size_t i = 0; i < cfg.n_devices; i++)
			FUZZ_CHECK(cfg.devices[i] && cfg.devices[i][0] != '\0');
		err[0] = '\0';
		if (fence_config_check(&cfg, err, sizeof(err)) < 0)
			FUZZ_CHECK(err[0] != '\0');
		fence_config_free(&cfg);
	} else {
		FUZZ_CHECK(memchr(err, '\0', sizeof(err)) != NULL);
	}
	free(text);
	return 0;
}
