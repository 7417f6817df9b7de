/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * replay_main.c - run a fuzz target without libFuzzer: feed it every file
 * of its seed corpus and of its crash reproducers, one exact-size heap copy
 * each, so `make check` (and the sanitizer builds) replay them with any
 * compiler.
 *
 *   replay_<target>            the checked-in corpus and crashes of <target>
 *                              (FUZZ_CORPUS_DIR, FUZZ_CRASHES_DIR)
 *   replay_<target> PATH...    these files, or every file in these directories
 *
 * Exit 0 when every input ran (a bug aborts through a sanitizer or
 * FUZZ_CHECK()), 99 when an input could not be read or the corpus is empty.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

#define EXIT_HARD_ERROR 99

/* libFuzzer calls it once before the first input, when a target defines it. */
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static int replay_file(const char *path)
{
	struct stat st;
	uint8_t *buf;
	size_t done = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || fstat(fd, &st) < 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	buf = malloc(st.st_size ? (size_t)st.st_size : 1);
	if (!buf) {
		close(fd);
		return -1;
	}
	while (done < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + done, (size_t)st.st_size - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			fprintf(stderr, "replay: %s: short read\n", path);
			free(buf);
			close(fd);
			return -1;
		}
		done += (size_t)n;
	}
	close(fd);
	printf("replay: %s (%zu bytes)\n", path, done);
	fflush(stdout);
	LLVMFuzzerTestOneInput(buf, done);
	free(buf);
	return 0;
}

static int skip_entry(const struct dirent *d)
{
	return d->d_name[0] != '.' && strcmp(d->d_name, "README") != 0;
}

/* Every file of @dir, in name order; the count, or -1. */
static int replay_dir(const char *dir, bool missing_ok)
{
	struct dirent **names;
	int n = scandir(dir, &names, skip_entry, alphasort);
	int count = 0;

	if (n < 0) {
		if (missing_ok && errno == ENOENT)
			return 0;
		fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	for (int i = 0; i < n; i++) {
		char path[4096];

		if (count >= 0 &&
		    ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name) >=
			     sizeof(path) ||
		     replay_file(path) < 0))
			count = -1;
		else if (count >= 0)
			count++;
		free(names[i]);
	}
	free(names);
	return count;
}

static int replay_path(const char *path)
{
	struct stat st;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return replay_dir(path, false);
	return replay_file(path) < 0 ? -1 : 1;
}

int main(int argc, char **argv)
{
	int corpus, crashes, total = 0;

	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	if (argc > 1) {
		for (int i = 1; i < argc; i++) {
			int n = replay_path(argv[i]);

			if (n < 0)
				return EXIT_HARD_ERROR;
			total += n;
		}
		printf("fuzz-replay: %d passed, 0 failed\n", total);
		return 0;
	}
	corpus = replay_dir(FUZZ_CORPUS_DIR, false);
	crashes = replay_dir(FUZZ_CRASHES_DIR, true);
	if (corpus < 0 || crashes < 0)
		return EXIT_HARD_ERROR;
	if (corpus == 0) {
		fprintf(stderr, "replay: no seed in %s\n", FUZZ_CORPUS_DIR);
		return EXIT_HARD_ERROR;
	}
	/* the tally tests/count-results adds up: one per input */
	printf("replay: %d seed(s) and %d crash reproducer(s) ran\n", corpus, crashes);
	printf("fuzz-replay: %d passed, 0 failed\n", corpus + crashes);
	return 0;
}
