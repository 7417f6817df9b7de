/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fuzz_util.c - helpers of the fuzz targets: splitting an input into
 * fields, exact-size copies, and a scratch directory for the targets whose
 * code under test reads files (sysfs, the agent's store and settings).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

#define FUZZ_SEPARATOR		"\n--\n"
#define FUZZ_SEPARATOR_LEN	4

void fuzz_check_failed(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: fuzz invariant failed: %s\n", file, line, what);
	abort();
}

static void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p) {
		fprintf(stderr, "fuzz: out of memory\n");
		abort();
	}
	return p;
}

size_t fuzz_split(const uint8_t *data, size_t size, struct fuzz_field *fields, size_t max)
{
	size_t n = 0;

	while (n + 1 < max) {
		const uint8_t *sep = size >= FUZZ_SEPARATOR_LEN ?
			memmem(data, size, FUZZ_SEPARATOR, FUZZ_SEPARATOR_LEN) : NULL;

		if (!sep)
			break;
		fields[n].data = data;
		fields[n].size = (size_t)(sep - data);
		n++;
		size -= fields[n - 1].size + FUZZ_SEPARATOR_LEN;
		data = sep + FUZZ_SEPARATOR_LEN;
	}
	fields[n].data = data;
	fields[n].size = size;
	return n + 1;
}

char *fuzz_strndup(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	char *s;

	if (nul)
		size = (size_t)(nul - data);
	s = xmalloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

uint8_t *fuzz_memdup(const uint8_t *data, size_t size)
{
	uint8_t *p = xmalloc(size);

	if (size)
		memcpy(p, data, size);
	return p;
}

static char scratch[256];

static void scratch_remove(void)
{
	if (*scratch)
		fuzz_remove_tree(scratch);
}

const char *fuzz_scratch_dir(void)
{
	const char *tmp = getenv("TMPDIR");

	if (*scratch)
		return scratch;
	if (!tmp || !*tmp)
		tmp = "/tmp";
	if ((size_t)snprintf(scratch, sizeof(scratch), "%s/mpathpr-fuzz.XXXXXX", tmp) >=
		    sizeof(scratch) || !mkdtemp(scratch)) {
		fprintf(stderr, "fuzz: cannot create a scratch directory in %s: %s\n", tmp,
			strerror(errno));
		abort();
	}
	atexit(scratch_remove);
	return scratch;
}

void fuzz_write_file(const char *path, const void *data, size_t size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	const char *p = data;

	if (fd < 0) {
		fprintf(stderr, "fuzz: cannot create %s: %s\n", path, strerror(errno));
		abort();
	}
	while (size > 0) {
		ssize_t n = write(fd, p, size);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			fprintf(stderr, "fuzz: cannot write %s: %s\n", path, strerror(errno));
			abort();
		}
		p += n;
		size -= (size_t)n;
	}
	close(fd);
}

void fuzz_mkdirs(const char *path)
{
	char buf[4096];
	size_t n = strlen(path);

	if (n >= sizeof(buf))
		abort();
	memcpy(buf, path, n + 1);
	for (char *s = buf + 1; ; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;

			*s = '\0';
			if (mkdir(buf, 0700) < 0 && errno != EEXIST) {
				fprintf(stderr, "fuzz: cannot create %s: %s\n", buf, strerror(errno));
				abort();
			}
			*s = c;
			if (!c)
				break;
		}
	}
}

static int remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	remove(path);
	return 0;
}

void fuzz_remove_tree(const char *path)
{
	nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}
