/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fuzz.h - what the fuzz targets share.
 *
 * Every target is one LLVMFuzzerTestOneInput() (libFuzzer's entry point).
 * The same source is linked twice: with clang's -fsanitize=fuzzer for
 * `make fuzz`, and with replay_main.c (any compiler) for `make check`, which
 * feeds it every checked-in seed and crash reproducer.
 *
 * A target may only abort on a bug: a sanitizer report, or FUZZ_CHECK() on
 * an invariant the code under test documents.  Rejected input is normal.
 */
#ifndef MPATHPR_FUZZ_H
#define MPATHPR_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An invariant of the code under test: report where and abort (a finding). */
#define FUZZ_CHECK(cond)                                                         \
	do {                                                                     \
		if (!(cond))                                                     \
			fuzz_check_failed(__FILE__, __LINE__, #cond);            \
	} while (0)

void fuzz_check_failed(const char *file, int line, const char *what)
	__attribute__((noreturn));

/* One piece of the input: fuzz_split() cuts it at every "\n--\n". */
struct fuzz_field {
	const uint8_t *data;
	size_t size;
};

/**
 * fuzz_split() - cut @data at each separator line "\n--\n" into at most @max
 * fields (the last one keeps the rest, separators included).
 * Return: the number of fields (at least 1: an input without separator is
 * one field).
 */
size_t fuzz_split(const uint8_t *data, size_t size, struct fuzz_field *fields, size_t max);

/** fuzz_strndup() - @size bytes as a NUL-terminated string (cut at a NUL); never NULL. */
char *fuzz_strndup(const uint8_t *data, size_t size);

/** fuzz_memdup() - an exact-size heap copy (so ASan sees any read past it); never NULL. */
uint8_t *fuzz_memdup(const uint8_t *data, size_t size);

/**
 * fuzz_scratch_dir() - this process's own empty directory (mode 0700, below
 * $TMPDIR or /tmp), created on first use and removed at exit.
 */
const char *fuzz_scratch_dir(void);

/** fuzz_write_file() - create or replace @path (mode 0600) with @size bytes. */
void fuzz_write_file(const char *path, const void *data, size_t size);

/** fuzz_mkdirs() - mkdir -p @path (mode 0700). */
void fuzz_mkdirs(const char *path);

/** fuzz_remove_tree() - rm -rf @path (symlinks are removed, never followed). */
void fuzz_remove_tree(const char *path);

#endif /* MPATHPR_FUZZ_H */
