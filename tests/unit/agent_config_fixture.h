/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * agent_config_fixture.h - helpers shared by the fence agent's parser tests:
 * a config per test, parsing from a string or an argv literal, and notes.
 */
#ifndef MPATHPR_TESTS_AGENT_CONFIG_FIXTURE_H
#define MPATHPR_TESTS_AGENT_CONFIG_FIXTURE_H

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "agent/request.h"


struct fixture {
	struct fence_config cfg;
	char err[256];
};

static inline int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	*state = f;
	return 0;
}

static inline int teardown(void **state)
{
	struct fixture *f = *state;

	fence_config_free(&f->cfg);
	free(f);
	return 0;
}

static inline int from_text(struct fixture *f, const char *text)
{
	FILE *in = fmemopen((void *)text, strlen(text), "r");
	int r;

	assert_non_null(in);
	r = fence_config_from_stdin(in, &f->cfg, f->err, sizeof(f->err));
	fclose(in);
	return r;
}

static inline void stdin_ok(struct fixture *f, const char *text)
{
	int r = from_text(f, text);

	if (r != 0)
		fail_msg("parse failed: %s", f->err);
}

/* Refused with a one-line message containing @needle, and nothing left to free. */
static inline void stdin_refused(struct fixture *f, const char *text, const char *needle)
{
	assert_int_equal(from_text(f, text), -EINVAL);
	assert_non_null(strstr(f->err, needle));
	assert_null(strchr(f->err, '\n'));
	assert_null(f->cfg.devices);
	assert_null(f->cfg.store_path);
}

#define ARGV(...) ((char *[]){ __VA_ARGS__, NULL })
#define ARGC(v) ((int)(sizeof(v) / sizeof(char *)) - 1)

static inline int argv_parse(struct fixture *f, int argc, char **argv)
{
	return fence_config_from_argv(argc, argv, &f->cfg, f->err, sizeof(f->err));
}

#define argv_ok(f, ...) do {							\
	char **v_ = ARGV(__VA_ARGS__);						\
	if (argv_parse((f), ARGC(ARGV(__VA_ARGS__)), v_) != 0)			\
		fail_msg("argv parse failed: %s", (f)->err);			\
} while (0)

#define argv_refused(f, needle, ...) do {					\
	struct fixture *f_ = (f);						\
	char **v_ = ARGV(__VA_ARGS__);						\
	assert_int_equal(argv_parse(f_, ARGC(ARGV(__VA_ARGS__)), v_), -EINVAL); \
	assert_non_null(strstr(f_->err, (needle)));				\
} while (0)

static inline bool has_note(const struct fence_config *cfg, const char *needle)
{
	for (size_t i = 0; i < cfg->n_notes; i++)
		if (strstr(cfg->notes[i], needle))
			return true;
	return false;
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

#endif
