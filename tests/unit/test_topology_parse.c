/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Unit tests for the dm-multipath TABLE/STATUS parsers (dm_multipath_parse.c). */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dm_multipath_parse.h"

/* Read tests/data/topology/dm/<name> into a static-size buffer. */
static void load(const char *name, char *buf, size_t len)
{
	char path[512];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/dm/%s", TOPO_DATA_DIR, name);
	f = fopen(path, "r");
	assert_non_null(f);
	n = fread(buf, 1, len - 1, f);
	fclose(f);
	buf[n] = '\0';
}

static struct mpr_dm_mpath *table_of(const char *name)
{
	char buf[1024];
	struct mpr_dm_mpath *m = NULL;

	load(name, buf, sizeof(buf));
	assert_int_equal(mpr_dm_mpath_parse_table(buf, &m), 0);
	assert_non_null(m);
	return m;
}

static struct mpr_dm_mpath *status_of(const char *name)
{
	char buf[1024];
	struct mpr_dm_mpath *m = NULL;

	load(name, buf, sizeof(buf));
	assert_int_equal(mpr_dm_mpath_parse_status(buf, &m), 0);
	assert_non_null(m);
	return m;
}

static void assert_path(const struct mpr_dm_mpath_path *p, unsigned int major,
			unsigned int minor, unsigned int group)
{
	assert_int_equal(p->major, major);
	assert_int_equal(p->minor, minor);
	assert_int_equal(p->group, group);
}

static void table_alua_two_groups_gives_features_handler_and_paths(void **state)
{
	struct mpr_dm_mpath *m = table_of("iscsi-alua-2pg.table");

	(void)state;
	assert_int_equal(m->n_features, 1);
	assert_string_equal(m->features, "queue_if_no_path");
	assert_int_equal(m->n_hwh_args, 1);
	assert_string_equal(m->hw_handler, "alua");
	assert_int_equal(m->pg_number, 1);
	assert_int_equal(m->n_groups, 2);
	assert_string_equal(m->groups[0].selector, "service-time");
	assert_int_equal(m->groups[1].first_path, 1);
	assert_int_equal(m->n_paths, 2);
	assert_path(&m->paths[0], 8, 16, 1);
	assert_path(&m->paths[1], 8, 32, 2);
	assert_int_equal(m->paths[0].state, 0);
	mpr_dm_mpath_free(m);
}

static void status_alua_two_groups_gives_group_and_path_states(void **state)
{
	struct mpr_dm_mpath *m = status_of("iscsi-alua-2pg.status");

	(void)state;
	assert_int_equal(m->n_groups, 2);
	assert_int_equal(m->groups[0].state, 'A');
	assert_int_equal(m->groups[1].state, 'E');
	assert_int_equal(m->paths[0].state, 'A');
	assert_int_equal(m->paths[1].state, 'A');
	assert_string_equal(m->features, "0 0");
	mpr_dm_mpath_free(m);
}

static void table_round_robin_skips_per_path_repeat_counts(void **state)
{
	struct mpr_dm_mpath *m = table_of("rr-1pg.table");

	(void)state;
	assert_int_equal(m->n_features, 0);
	assert_string_equal(m->features, "");
	assert_string_equal(m->hw_handler, "");
	assert_int_equal(m->n_groups, 1);
	assert_int_equal(m->groups[0].n_paths, 2);
	assert_path(&m->paths[0], 8, 16, 1);
	assert_path(&m->paths[1], 8, 32, 1);
	mpr_dm_mpath_free(m);
}

static void status_failed_path_has_state_f_and_fail_count(void **state)
{
	struct mpr_dm_mpath *m = status_of("failed-path.status");

	(void)state;
	assert_int_equal(m->paths[0].state, 'A');
	assert_int_equal(m->paths[0].fail_count, 0);
	assert_int_equal(m->paths[1].state, 'F');
	assert_int_equal(m->paths[1].fail_count, 3);
	mpr_dm_mpath_free(m);
}

static void table_features_with_arguments_are_kept_whole(void **state)
{
	struct mpr_dm_mpath *mq = table_of("queue-mode-mq.table");
	struct mpr_dm_mpath *pr = table_of("pg-init-retries.table");

	(void)state;
	assert_int_equal(mq->n_features, 3);
	assert_string_equal(mq->features, "queue_if_no_path queue_mode mq");
	assert_int_equal(mq->n_paths, 2);
	assert_int_equal(pr->n_features, 4);
	assert_string_equal(pr->features,
			    "queue_if_no_path pg_init_retries 50 retain_attached_hw_handler");
	assert_int_equal(pr->n_groups, 2);
	mpr_dm_mpath_free(mq);
	mpr_dm_mpath_free(pr);
}

static void table_hw_handler_with_arguments_is_kept_whole(void **state)
{
	struct mpr_dm_mpath *m = table_of("emc-hwh-args.table");

	(void)state;
	assert_int_equal(m->n_hwh_args, 2);
	assert_string_equal(m->hw_handler, "emc 1");
	assert_int_equal(m->n_groups, 2);
	assert_int_equal(m->n_paths, 4);
	assert_path(&m->paths[1], 8, 48, 1);
	assert_path(&m->paths[3], 8, 64, 2);
	mpr_dm_mpath_free(m);
}

static void status_queue_length_skips_per_path_queue_length(void **state)
{
	struct mpr_dm_mpath *m = status_of("queue-length.status");

	(void)state;
	assert_int_equal(m->n_paths, 2);
	assert_path(&m->paths[1], 8, 32, 1);
	assert_int_equal(m->paths[1].state, 'A');
	mpr_dm_mpath_free(m);
}

static void status_disabled_group_has_state_d(void **state)
{
	struct mpr_dm_mpath *m = status_of("disabled-pg.status");

	(void)state;
	assert_int_equal(m->pg_number, 2);
	assert_int_equal(m->groups[0].state, 'D');
	assert_int_equal(m->groups[1].state, 'A');
	assert_int_equal(m->paths[0].state, 'F');
	assert_int_equal(m->paths[0].fail_count, 1);
	mpr_dm_mpath_free(m);
}

static void status_all_paths_failed_has_no_active_group(void **state)
{
	struct mpr_dm_mpath *m = status_of("all-failed.status");

	(void)state;
	assert_int_equal(m->groups[0].state, 'E');
	assert_int_equal(m->groups[1].state, 'E');
	assert_int_equal(m->paths[0].state, 'F');
	assert_int_equal(m->paths[1].state, 'F');
	assert_int_equal(m->paths[1].fail_count, 2);
	mpr_dm_mpath_free(m);
}

static void map_without_paths_parses_to_zero_groups(void **state)
{
	struct mpr_dm_mpath *t = table_of("no-paths.table");
	struct mpr_dm_mpath *s = status_of("no-paths.status");

	(void)state;
	assert_int_equal(t->n_groups, 0);
	assert_int_equal(t->n_paths, 0);
	assert_int_equal(s->pg_number, 0);
	assert_int_equal(mpr_dm_mpath_merge_status(t, s), 0);
	mpr_dm_mpath_free(t);
	mpr_dm_mpath_free(s);
}

static void group_level_selector_arguments_are_skipped(void **state)
{
	struct mpr_dm_mpath *t = table_of("hst-group-args.table");
	struct mpr_dm_mpath *s = status_of("hst-group-args.status");

	(void)state;
	assert_string_equal(t->groups[0].selector, "historical-service-time");
	assert_path(&t->paths[0], 65, 0, 1);
	assert_path(&t->paths[1], 65, 16, 1);
	assert_path(&s->paths[1], 65, 16, 1);
	mpr_dm_mpath_free(t);
	mpr_dm_mpath_free(s);
}

static void large_device_numbers_and_fail_counts_parse(void **state)
{
	struct mpr_dm_mpath *t = table_of("big-major-minor.table");
	struct mpr_dm_mpath *s = status_of("big-major-minor.status");

	(void)state;
	assert_path(&t->paths[0], 259, 1048575, 1);
	assert_int_equal(s->paths[0].fail_count, 4294967295u);
	mpr_dm_mpath_free(t);
	mpr_dm_mpath_free(s);
}

static void merge_copies_states_into_table(void **state)
{
	struct mpr_dm_mpath *t = table_of("failed-path.table");
	struct mpr_dm_mpath *s = status_of("failed-path.status");

	(void)state;
	assert_int_equal(mpr_dm_mpath_merge_status(t, s), 0);
	assert_int_equal(t->groups[0].state, 'A');
	assert_int_equal(t->paths[1].state, 'F');
	assert_int_equal(t->paths[1].fail_count, 3);
	assert_string_equal(t->features, "queue_if_no_path");
	mpr_dm_mpath_free(t);
	mpr_dm_mpath_free(s);
}

static void merge_of_different_maps_is_stale_and_leaves_table_alone(void **state)
{
	struct mpr_dm_mpath *t = table_of("iscsi-alua-2pg.table");
	struct mpr_dm_mpath *other_layout = status_of("rr-1pg.status");
	struct mpr_dm_mpath *other_devs = status_of("hst-group-args.status");
	struct mpr_dm_mpath *one_pg = table_of("rr-1pg.table");

	(void)state;
	assert_int_equal(mpr_dm_mpath_merge_status(t, other_layout), -ESTALE);
	assert_int_equal(mpr_dm_mpath_merge_status(one_pg, other_devs), -ESTALE);
	assert_int_equal(t->paths[0].state, 0);
	assert_int_equal(one_pg->groups[0].state, 0);
	mpr_dm_mpath_free(t);
	mpr_dm_mpath_free(other_layout);
	mpr_dm_mpath_free(other_devs);
	mpr_dm_mpath_free(one_pg);
}

static const char *const all_cases[] = {
	"iscsi-alua-2pg", "rr-1pg", "failed-path", "queue-mode-mq",
	"pg-init-retries", "emc-hwh-args", "queue-length", "disabled-pg",
	"all-failed", "no-paths", "hst-group-args", "big-major-minor",
};

/* Every recorded pair parses and agrees with itself. */
static void every_recorded_table_and_status_parse_and_merge(void **state)
{
	char name[64];

	(void)state;
	for (size_t i = 0; i < sizeof(all_cases) / sizeof(all_cases[0]); i++) {
		struct mpr_dm_mpath *t, *s;

		snprintf(name, sizeof(name), "%s.table", all_cases[i]);
		t = table_of(name);
		snprintf(name, sizeof(name), "%s.status", all_cases[i]);
		s = status_of(name);
		assert_int_equal(mpr_dm_mpath_merge_status(t, s), 0);
		mpr_dm_mpath_free(t);
		mpr_dm_mpath_free(s);
	}
}

typedef int (*parse_fn)(const char *, struct mpr_dm_mpath **);

/* Cut @full after each of its words but the last: every prefix must fail. */
static void assert_every_word_prefix_rejected(parse_fn parse, const char *full)
{
	size_t len = strlen(full);
	char *buf = malloc(len + 1);

	assert_non_null(buf);
	for (size_t cut = 0; cut < len; cut++) {
		struct mpr_dm_mpath *m = (struct mpr_dm_mpath *)0x1;

		if (full[cut] != ' ' || cut + 1 >= len)
			continue;
		/* exact-size copy so ASan catches any read past the NUL */
		memcpy(buf, full, cut);
		buf[cut] = '\0';
		assert_int_equal(parse(buf, &m), -EINVAL);
		assert_ptr_equal(m, (struct mpr_dm_mpath *)0x1);
	}
	free(buf);
}

static void truncated_recorded_strings_are_rejected(void **state)
{
	char name[64], buf[1024];

	(void)state;
	for (size_t i = 0; i < sizeof(all_cases) / sizeof(all_cases[0]); i++) {
		snprintf(name, sizeof(name), "%s.table", all_cases[i]);
		load(name, buf, sizeof(buf));
		assert_every_word_prefix_rejected(mpr_dm_mpath_parse_table, buf);
		snprintf(name, sizeof(name), "%s.status", all_cases[i]);
		load(name, buf, sizeof(buf));
		assert_every_word_prefix_rejected(mpr_dm_mpath_parse_status, buf);
	}
}

static void malformed_tables_are_rejected(void **state)
{
	static const char *const bad[] = {
		"",
		"   ",
		"x 0 1 1 round-robin 0 1 1 8:16 1000",
		"-1 0 1 1 round-robin 0 1 1 8:16 1000",
		"2 queue_if_no_path 0 1 1 round-robin 0 1 1 8:16 1000",	/* count too big */
		"0 0 1 2 round-robin 0 1 1 8:16 1000",	/* initial pg > #pgs */
		"0 0 1 1 round-robin 0 1 1 8-16 1000",
		"0 0 1 1 round-robin 0 1 1 8: 1000",
		"0 0 1 1 round-robin 0 1 1 :16 1000",
		"0 0 1 1 round-robin 0 1 1 sdb 1000",
		"0 0 1 1 round-robin 0 1 1 8:16:1 1000",
		"0 0 1 1 round-robin 0 1 1 99999999999:16 1000",
		"0 0 1 1 round-robin 0 1 1 8:16 1000 extra",	/* trailing garbage */
		"0 0 1 1 round-robin 0 2 1 8:16 1000",		/* path missing */
		"0 0 99999 1 round-robin 0 1 1 8:16 1000",	/* absurd group count */
		"0 0 1 1 round-robin 0 99999 1 8:16 1000",	/* absurd path count */
		"0 0 1 1 round-robin-with-a-selector-name-too-long-to-keep 0 1 1 8:16 1000",
		"0 0 1 1 round-robin 0 1 4294967296 8:16 1000",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct mpr_dm_mpath *m = NULL;

		assert_int_equal(mpr_dm_mpath_parse_table(bad[i], &m), -EINVAL);
		assert_null(m);
	}
}

static void malformed_statuses_are_rejected(void **state)
{
	static const char *const bad[] = {
		"2 0 0 0 1 1 X 0 1 0 8:16 A 0",		/* bad group state */
		"2 0 0 0 1 1 A 0 1 0 8:16 Q 0",		/* bad path state */
		"2 0 0 0 1 1 A 0 1 0 8:16 AF 0",
		"2 0 0 0 1 1 A 0 1 0 8:16 A -1",
		"2 0 0 0 1 1 A 0 1 0 8:16 A",		/* fail count missing */
		"2 0 0 0 1 1 A 0 1 1 8:16 A 0",		/* per-path arg missing */
		"2 0 0 0 1 1 round-robin 0 1 0 8:16 A 0", /* a TABLE group head */
		"2 0 0 0 1 1 A 0 1 0 8:16 A 0 8:32 A 0",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct mpr_dm_mpath *m = NULL;

		assert_int_equal(mpr_dm_mpath_parse_status(bad[i], &m), -EINVAL);
		assert_null(m);
	}
}

static void null_arguments_are_rejected(void **state)
{
	struct mpr_dm_mpath *m = NULL;

	(void)state;
	assert_int_equal(mpr_dm_mpath_parse_table(NULL, &m), -EINVAL);
	assert_int_equal(mpr_dm_mpath_parse_status("2 0 0 0 0 0", NULL), -EINVAL);
	mpr_dm_mpath_free(NULL);
}

static void blanks_other_than_single_spaces_are_accepted(void **state)
{
	struct mpr_dm_mpath *m = NULL;

	(void)state;
	assert_int_equal(mpr_dm_mpath_parse_table("0  0 1 1\tround-robin 0 1 1 8:16 1000\n", &m), 0);
	assert_path(&m->paths[0], 8, 16, 1);
	mpr_dm_mpath_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table_alua_two_groups_gives_features_handler_and_paths),
		cmocka_unit_test(status_alua_two_groups_gives_group_and_path_states),
		cmocka_unit_test(table_round_robin_skips_per_path_repeat_counts),
		cmocka_unit_test(status_failed_path_has_state_f_and_fail_count),
		cmocka_unit_test(table_features_with_arguments_are_kept_whole),
		cmocka_unit_test(table_hw_handler_with_arguments_is_kept_whole),
		cmocka_unit_test(status_queue_length_skips_per_path_queue_length),
		cmocka_unit_test(status_disabled_group_has_state_d),
		cmocka_unit_test(status_all_paths_failed_has_no_active_group),
		cmocka_unit_test(map_without_paths_parses_to_zero_groups),
		cmocka_unit_test(group_level_selector_arguments_are_skipped),
		cmocka_unit_test(large_device_numbers_and_fail_counts_parse),
		cmocka_unit_test(merge_copies_states_into_table),
		cmocka_unit_test(merge_of_different_maps_is_stale_and_leaves_table_alone),
		cmocka_unit_test(every_recorded_table_and_status_parse_and_merge),
		cmocka_unit_test(truncated_recorded_strings_are_rejected),
		cmocka_unit_test(malformed_tables_are_rejected),
		cmocka_unit_test(malformed_statuses_are_rejected),
		cmocka_unit_test(null_arguments_are_rejected),
		cmocka_unit_test(blanks_other_than_single_spaces_are_accepted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
