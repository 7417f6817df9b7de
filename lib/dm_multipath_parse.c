/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * dm_multipath_parse.c - parse dm-multipath TABLE and STATUS params.
 *
 * The layout follows what drivers/md/dm-mpath.c multipath_status() emits:
 * every variable-length part is preceded by its word count, so the parser
 * never has to know feature, handler or path-selector names.  Words are
 * separated by single spaces (we accept any run of blanks) and the string
 * usually ends with a trailing space.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "common/cleanup.h"
#include "dm_multipath_parse.h"

/* Sanity bounds: far above anything multipathd creates, low enough that a
 * corrupt count cannot make us allocate gigabytes. */
#define MAX_WORDS_PER_PART	64
#define MAX_GROUPS		256
#define MAX_PATHS		4096

struct cursor {
	const char *p;
};

struct word {
	const char *s;
	size_t len;
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* Next blank-separated word; false at the end of the string. */
static bool next_word(struct cursor *c, struct word *w)
{
	while (is_blank(*c->p))
		c->p++;
	if (!*c->p)
		return false;
	w->s = c->p;
	while (*c->p && !is_blank(*c->p))
		c->p++;
	w->len = (size_t)(c->p - w->s);
	return true;
}

static bool at_end(struct cursor *c)
{
	while (is_blank(*c->p))
		c->p++;
	return !*c->p;
}

/* Strict decimal: digits only, no sign, no overflow past UINT_MAX. */
static int word_uint(const struct word *w, unsigned int *ret)
{
	unsigned long long v = 0;

	if (w->len == 0 || w->len > 10)
		return -EINVAL;
	for (size_t i = 0; i < w->len; i++) {
		if (w->s[i] < '0' || w->s[i] > '9')
			return -EINVAL;
		v = v * 10 + (unsigned int)(w->s[i] - '0');
	}
	if (v > UINT_MAX)
		return -EINVAL;
	*ret = (unsigned int)v;
	return 0;
}

static int read_uint(struct cursor *c, unsigned int *ret)
{
	struct word w;

	if (!next_word(c, &w))
		return -EINVAL;
	return word_uint(&w, ret);
}

static int read_count(struct cursor *c, unsigned int max, unsigned int *ret)
{
	unsigned int v;
	int r = read_uint(c, &v);

	if (r < 0)
		return r;
	if (v > max)
		return -EINVAL;
	*ret = v;
	return 0;
}

/* Skip @n words, optionally appending them single-spaced to @buf. */
static int read_words(struct cursor *c, unsigned int n, char *buf, size_t size)
{
	size_t used = buf ? strlen(buf) : 0;
	struct word w;

	for (unsigned int i = 0; i < n; i++) {
		if (!next_word(c, &w))
			return -EINVAL;
		if (!buf)
			continue;
		if (used + (used ? 1 : 0) + w.len + 1 > size)
			return -EINVAL;
		if (used)
			buf[used++] = ' ';
		memcpy(buf + used, w.s, w.len);
		used += w.len;
		buf[used] = '\0';
	}
	return 0;
}

/* "major:minor" as the kernel prints dm_dev names. */
static int read_devnum(struct cursor *c, unsigned int *ret_major,
		       unsigned int *ret_minor)
{
	struct word w, maj, min;
	const char *colon;
	unsigned int a, b;

	if (!next_word(c, &w))
		return -EINVAL;
	colon = memchr(w.s, ':', w.len);
	if (!colon)
		return -EINVAL;
	maj = (struct word){ w.s, (size_t)(colon - w.s) };
	min = (struct word){ colon + 1, w.len - maj.len - 1 };
	if (word_uint(&maj, &a) < 0 || word_uint(&min, &b) < 0)
		return -EINVAL;
	*ret_major = a;
	*ret_minor = b;
	return 0;
}

/* A one-character state word out of @allowed. */
static int read_state(struct cursor *c, const char *allowed, char *ret)
{
	struct word w;

	if (!next_word(c, &w) || w.len != 1 || !strchr(allowed, w.s[0]))
		return -EINVAL;
	*ret = w.s[0];
	return 0;
}

/* Common head: features, hardware handler, group count and pg number. */
static int parse_head(struct cursor *c, struct mpr_dm_mpath *m)
{
	unsigned int n_groups;
	int r;

	r = read_count(c, MAX_WORDS_PER_PART, &m->n_features);
	if (r == 0)
		r = read_words(c, m->n_features, m->features, sizeof(m->features));
	if (r == 0)
		r = read_count(c, MAX_WORDS_PER_PART, &m->n_hwh_args);
	if (r == 0)
		r = read_words(c, m->n_hwh_args, m->hw_handler, sizeof(m->hw_handler));
	if (r == 0)
		r = read_count(c, MAX_GROUPS, &n_groups);
	if (r == 0)
		r = read_uint(c, &m->pg_number);
	if (r < 0)
		return r;
	if (m->pg_number > n_groups)
		return -EINVAL;
	m->n_groups = n_groups;
	if (n_groups) {
		m->groups = calloc(n_groups, sizeof(*m->groups));
		if (!m->groups)
			return -ENOMEM;
	}
	return 0;
}

static int grow_paths(struct mpr_dm_mpath *m, size_t more, size_t *cap)
{
	struct mpr_dm_mpath_path *np;
	size_t want = m->n_paths + more;

	if (want > MAX_PATHS)
		return -EINVAL;
	if (want <= *cap)
		return 0;
	np = reallocarray(m->paths, want, sizeof(*np));
	if (!np)
		return -ENOMEM;
	m->paths = np;
	*cap = want;
	return 0;
}

/* One path: "<maj:min> [<A|F> <fail count>] <per-path args>". */
static int parse_path(struct cursor *c, bool status, unsigned int n_args,
		      unsigned int group, struct mpr_dm_mpath_path *p)
{
	int r;

	memset(p, 0, sizeof(*p));
	p->group = group;
	r = read_devnum(c, &p->major, &p->minor);
	if (r == 0 && status)
		r = read_state(c, "AF", &p->state);
	if (r == 0 && status)
		r = read_uint(c, &p->fail_count);
	if (r == 0)
		r = read_words(c, n_args, NULL, 0);
	return r;
}

static int parse_group(struct cursor *c, bool status, struct mpr_dm_mpath *m,
		       size_t gi, size_t *cap)
{
	struct mpr_dm_mpath_group *g = &m->groups[gi];
	unsigned int n_ps_args, n_paths, n_path_args;
	struct word w;
	int r;

	if (status) {
		r = read_state(c, "AED", &g->state);
	} else {
		r = next_word(c, &w) && w.len < sizeof(g->selector) ? 0 : -EINVAL;
		if (r == 0)
			memcpy(g->selector, w.s, w.len);
	}
	if (r == 0)
		r = read_count(c, MAX_WORDS_PER_PART, &n_ps_args);
	if (r == 0)
		r = read_words(c, n_ps_args, NULL, 0);
	if (r == 0)
		r = read_count(c, MAX_PATHS, &n_paths);
	if (r == 0)
		r = read_count(c, MAX_WORDS_PER_PART, &n_path_args);
	if (r == 0)
		r = grow_paths(m, n_paths, cap);
	if (r < 0)
		return r;
	g->first_path = m->n_paths;
	g->n_paths = n_paths;
	for (unsigned int i = 0; i < n_paths; i++) {
		r = parse_path(c, status, n_path_args, (unsigned int)gi + 1,
			       &m->paths[m->n_paths]);
		if (r < 0)
			return r;
		m->n_paths++;
	}
	return 0;
}

static int parse(const char *params, bool status, struct mpr_dm_mpath **ret_map)
{
	struct mpr_dm_mpath *m;
	struct cursor c = { params };
	size_t cap = 0;
	int r;

	if (!params || !ret_map)
		return -EINVAL;
	m = calloc(1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	r = parse_head(&c, m);
	for (size_t gi = 0; r == 0 && gi < m->n_groups; gi++)
		r = parse_group(&c, status, m, gi, &cap);
	if (r == 0 && !at_end(&c))
		r = -EINVAL;
	if (r < 0) {
		mpr_dm_mpath_free(m);
		return r;
	}
	*ret_map = m;
	return 0;
}

int mpr_dm_mpath_parse_table(const char *params, struct mpr_dm_mpath **ret_map)
{
	return parse(params, false, ret_map);
}

int mpr_dm_mpath_parse_status(const char *params, struct mpr_dm_mpath **ret_map)
{
	return parse(params, true, ret_map);
}

int mpr_dm_mpath_merge_status(struct mpr_dm_mpath *table,
			      const struct mpr_dm_mpath *status)
{
	if (table->n_groups != status->n_groups || table->n_paths != status->n_paths)
		return -ESTALE;
	for (size_t i = 0; i < table->n_groups; i++)
		if (table->groups[i].n_paths != status->groups[i].n_paths)
			return -ESTALE;
	for (size_t i = 0; i < table->n_paths; i++)
		if (table->paths[i].major != status->paths[i].major ||
		    table->paths[i].minor != status->paths[i].minor)
			return -ESTALE;
	/* Layout matches: now copy, so a mismatch leaves @table untouched. */
	for (size_t i = 0; i < table->n_groups; i++)
		table->groups[i].state = status->groups[i].state;
	for (size_t i = 0; i < table->n_paths; i++) {
		table->paths[i].state = status->paths[i].state;
		table->paths[i].fail_count = status->paths[i].fail_count;
	}
	table->pg_number = status->pg_number;
	return 0;
}

void mpr_dm_mpath_free(struct mpr_dm_mpath *map)
{
	if (!map)
		return;
	free(map->groups);
	free(map->paths);
	free(map);
}
