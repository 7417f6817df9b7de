/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * agent_store_fixture.h - a scratch directory for the store's unit tests
 * (test_agent_store.c, test_agent_store_files.c).  Include after cmocka.h.
 */
#ifndef AGENT_STORE_FIXTURE_H
#define AGENT_STORE_FIXTURE_H

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/store.h"

/* Small on purpose: the tests build messages from these in fixed buffers. */
struct fixture {
	char dir[64];
	char store[96];		/* dir/mpath.devices */
};

/* A new mkdtemp() directory named after the test binary @name. */
static inline int store_fixture_setup(void **state, const char *name)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	snprintf(f->dir, sizeof(f->dir), "/tmp/%s.XXXXXX", name);
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->store, sizeof(f->store), "%s/%s", f->dir, FENCE_STORE_FILE);
	*state = f;
	return 0;
}

/* Remove the directory, also when a test left it unwritable. */
static inline int store_fixture_teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[192];

	snprintf(cmd, sizeof(cmd), "chmod 0700 '%s'; rm -rf '%s'", f->dir, f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

#endif /* AGENT_STORE_FIXTURE_H */
