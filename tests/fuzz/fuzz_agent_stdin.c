/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz_agent_stdin.c - fence_mpathpr's standard input as Pacemaker writes
 * it, name=value lines, the way main() takes it: read whole from a file
 * descriptor (fence_request_read()), parsed with every byte, NULs included
 * (fence_config_from_request()), then the checks every request goes
 * through before a device is touched (fence_config_check(),
 * fence_config_effective_key()).  The input is all of standard input.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "agent/request.h"
#include "agent/request.h"
#include "fuzz.h"

static void check_config(const struct fence_config *cfg)
{
	char err[512];
	uint64_t key;

	FUZZ_CHECK(!cfg->have_key || cfg->key != 0);
	for (size_t i = 0; i < cfg->n_devices; i++) {
		FUZZ_CHECK(cfg->devices[i] && cfg->devices[i][0] != '\0');
		FUZZ_CHECK(!strpbrk(cfg->devices[i], ", \t\n"));
		for (size_t k = 0; k < i; k++)
			FUZZ_CHECK(strcmp(cfg->devices[i], cfg->devices[k]) != 0);
	}
	/* what reaches the log has no control character left (issue 17) */
	for (size_t i = 0; i < cfg->n_notes; i++)
		for (const char *c = cfg->notes[i]; *c; c++)
			FUZZ_CHECK((unsigned char)*c >= 0x20 && *c != 0x7f);
	for (size_t i = 0; i < cfg->n_warnings; i++)
		for (const char *c = cfg->warnings[i]; *c; c++)
			FUZZ_CHECK((unsigned char)*c >= 0x20 && *c != 0x7f);
	err[0] = '\0';
	if (fence_config_check(cfg, err, sizeof(err)) < 0)
		FUZZ_CHECK(err[0] != '\0' && memchr(err, '\0', sizeof(err)));
	if (fence_config_effective_key(cfg, &key) == 0)
		FUZZ_CHECK(key != 0);
}

/* @data as standard input: a memory file, read the way main() reads fd 0. */
static int read_request(const uint8_t *data, size_t size, char **ret_text, size_t *ret_len,
			char *err, size_t errlen)
{
	int fd = memfd_create("stdin", MFD_CLOEXEC);
	int r;

	if (fd < 0 || (size && write(fd, data, size) != (ssize_t)size) ||
	    lseek(fd, 0, SEEK_SET) != 0)
		abort();
	r = fence_request_read(fd, FENCE_MAX_REQUEST, ret_text, ret_len, err, errlen);
	close(fd);
	return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fence_config cfg;
	char err[512] = "";
	char *text = NULL;
	size_t len = 0;

	if (read_request(data, size, &text, &len, err, sizeof(err)) < 0) {
		FUZZ_CHECK(size == 0 && err[0] != '\0');
		return 0;
	}
	/* taken as it is, never cut */
	FUZZ_CHECK(len == size && memcmp(text, data, size) == 0 && text[len] == '\0');
	if (fence_config_from_request(text, len, &cfg, err, sizeof(err)) == 0) {
		check_config(&cfg);
		fence_config_free(&cfg);
	} else {
		FUZZ_CHECK(err[0] != '\0' && memchr(err, '\0', sizeof(err)) != NULL);
	}
	free(text);
	return 0;
}
