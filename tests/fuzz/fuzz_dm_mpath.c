/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fuzz_dm_mpath.c - the dm-multipath TABLE and STATUS parsers, their merge,
 * and the topology built from them (mpr_topology_from_dm_strings(), with an
 * empty sysfs root: the path details it looks up are simply missing).
 *
 * Input: the TABLE params, a newline, the STATUS params (as in
 * tests/data/topology/dm/<case>.table and .status).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dm_multipath_parse.h"
#include "fuzz.h"
#include "topology.h"

/* Few enough paths that the sysfs lookups of the topology stay cheap. */
#define TOPOLOGY_MAX_PATHS 64

static void check_map(const struct mpr_dm_mpath *m, bool from_status)
{
	size_t paths = 0;

	FUZZ_CHECK(memchr(m->features, '\0', sizeof(m->features)) != NULL);
	FUZZ_CHECK(memchr(m->hw_handler, '\0', sizeof(m->hw_handler)) != NULL);
	FUZZ_CHECK(m->pg_number <= m->n_groups);
	for (size_t g = 0; g < m->n_groups; g++) {
		const struct mpr_dm_mpath_group *grp = &m->groups[g];

		FUZZ_CHECK(grp->first_path == paths);
		FUZZ_CHECK(grp->n_paths <= m->n_paths - paths);
		FUZZ_CHECK(memchr(grp->selector, '\0', sizeof(grp->selector)) != NULL);
		FUZZ_CHECK(from_status ? grp->state == 'A' || grp->state == 'E' ||
						 grp->state == 'D'
				       : grp->state == 0);
		for (size_t i = grp->first_path; i < grp->first_path + grp->n_paths; i++)
			FUZZ_CHECK(m->paths[i].group == g + 1);
		paths += grp->n_paths;
	}
	FUZZ_CHECK(paths == m->n_paths);
	for (size_t i = 0; i < m->n_paths; i++)
		FUZZ_CHECK(from_status ? m->paths[i].state == 'A' || m->paths[i].state == 'F'
				       : m->paths[i].state == 0);
}

static void check_topology(const char *table, const char *status, size_t n_paths)
{
	static char sys_root[512];
	struct mpr_topo_env env = { .sysfs_root = sys_root };
	struct mpr_topology *t = NULL;

	if (!*sys_root)
		snprintf(sys_root, sizeof(sys_root), "%s/empty-sys", fuzz_scratch_dir());
	if (n_paths > TOPOLOGY_MAX_PATHS ||
	    mpr_topology_from_dm_strings(&env, "mpatha", "mpath-36001405deadbeef", 253, 0,
					 table, status, &t) < 0)
		return;
	FUZZ_CHECK(t->n_paths == n_paths);
	for (size_t i = 0; i < t->n_paths; i++)
		FUZZ_CHECK(t->paths[i].group >= 1 && (size_t)t->paths[i].group <= t->n_groups);
	mpr_topology_free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t table_len = nl ? (size_t)(nl - data) : size;
	char *table = fuzz_strndup(data, table_len);
	char *status = nl ? fuzz_strndup(nl + 1, size - table_len - 1) : fuzz_strndup(data, 0);
	struct mpr_dm_mpath *mt = NULL, *ms = NULL;

	if (mpr_dm_mpath_parse_table(table, &mt) == 0)
		check_map(mt, false);
	if (mpr_dm_mpath_parse_status(status, &ms) == 0)
		check_map(ms, true);
	if (mt && ms && mpr_dm_mpath_merge_status(mt, ms) == 0) {
		check_map(mt, true);
		check_topology(table, status, mt->n_paths);
	}
	mpr_dm_mpath_free(mt);
	mpr_dm_mpath_free(ms);
	free(table);
	free(status);
	return 0;
}
