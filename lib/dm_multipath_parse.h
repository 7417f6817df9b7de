/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * dm_multipath_parse.h - pure parsers for the parameter strings the kernel's
 * dm-multipath target prints for DM_DEVICE_TABLE and DM_DEVICE_STATUS.
 *
 * No I/O, no device-mapper calls: the strings come from libdevmapper
 * (dm_get_next_target's params) or from recorded fixtures in
 * tests/data/topology/.  Malformed or truncated input is rejected with
 * -EINVAL; the parsers never read past the terminating NUL.
 *
 * TABLE:  <#features> <feature words...> <#hwh args> [<hwh name> <args...>]
 *         <#pgs> <initial pg>
 *         per pg:   <selector> <#selector args> <args...> <#paths> <#per-path args>
 *         per path: <major:minor> <per-path args...>
 * STATUS: <#features> <features...> <#hwh status args> <args...>
 *         <#pgs> <active/next pg>
 *         per pg:   <A|E|D> <#pg status args> <args...> <#paths> <#per-path status args>
 *         per path: <major:minor> <A|F> <fail count> <per-path status args...>
 */
#ifndef MPATHPR_DM_MULTIPATH_PARSE_H
#define MPATHPR_DM_MULTIPATH_PARSE_H

#include <stddef.h>

#define MPR_DM_MPATH_WORDS_MAX	256	/* features / hw handler text, space separated */
#define MPR_DM_MPATH_SELECTOR_MAX 32

/* Path state letters as the kernel prints them in STATUS. */
#define MPR_DM_PATH_ACTIVE	'A'
#define MPR_DM_PATH_FAILED	'F'
/* Path group state letters in STATUS. */
#define MPR_DM_PG_ACTIVE	'A'	/* the group I/O currently goes to */
#define MPR_DM_PG_ENABLED	'E'
#define MPR_DM_PG_DISABLED	'D'	/* bypassed */

struct mpr_dm_mpath_path {
	unsigned int major, minor;
	unsigned int group;	/* 1-based path group number, as dm counts */
	char state;		/* 'A' / 'F'; 0 when parsed from a TABLE */
	unsigned int fail_count; /* STATUS only */
};

struct mpr_dm_mpath_group {
	char state;		/* 'A' / 'E' / 'D'; 0 when parsed from a TABLE */
	char selector[MPR_DM_MPATH_SELECTOR_MAX]; /* TABLE only, e.g. "service-time" */
	size_t first_path;	/* index into mpr_dm_mpath.paths */
	size_t n_paths;
};

struct mpr_dm_mpath {
	unsigned int n_features;		/* the leading count */
	char features[MPR_DM_MPATH_WORDS_MAX];	/* the words, single-spaced */
	unsigned int n_hwh_args;		/* count including the handler name */
	char hw_handler[MPR_DM_MPATH_WORDS_MAX]; /* "alua", "emc 1", "" */
	unsigned int pg_number;	/* TABLE: initial pg; STATUS (and after merge): the
				 * pg dm uses next / now, 1-based; 0 = none */
	size_t n_groups;
	struct mpr_dm_mpath_group *groups;
	size_t n_paths;		/* over all groups, in table order */
	struct mpr_dm_mpath_path *paths;
};

/**
 * mpr_dm_mpath_parse_table() - parse a multipath target's TABLE params.
 * @params:	the string after "<start> <length> multipath "
 * @ret_map:	newly allocated result (free with mpr_dm_mpath_free())
 *
 * Return: 0, -EINVAL on malformed/truncated input, -ENOMEM.
 */
int mpr_dm_mpath_parse_table(const char *params, struct mpr_dm_mpath **ret_map);

/**
 * mpr_dm_mpath_parse_status() - parse a multipath target's STATUS (INFO) params.
 * @params:	the status string of the target
 * @ret_map:	newly allocated result; group and path states and fail counts set
 *
 * Return: 0, -EINVAL on malformed/truncated input, -ENOMEM.
 */
int mpr_dm_mpath_parse_status(const char *params, struct mpr_dm_mpath **ret_map);

/**
 * mpr_dm_mpath_merge_status() - copy group/path states from @status into @table.
 * @table:	parsed TABLE (modified on success only)
 * @status:	parsed STATUS of the same map
 *
 * The two come from two ioctls; a reload in between makes them disagree.
 * Return: 0, -ESTALE if the group/path layout or devices differ.
 */
int mpr_dm_mpath_merge_status(struct mpr_dm_mpath *table,
			      const struct mpr_dm_mpath *status);

/* Free a parse result; NULL is fine. */
void mpr_dm_mpath_free(struct mpr_dm_mpath *map);

#endif /* MPATHPR_DM_MULTIPATH_PARSE_H */
