// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mpath_conf.c - reservation_key from multipath.conf and its config_dir.
 *
 * The file is a list of "keyword value" lines and "section {" ... "}"
 * blocks; '#' and '!' start comments; values may be double-quoted.  Only
 * the keywords that decide a map's reservation key are kept.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent/mpath_conf.h"
#include "agent/prkeys_file.h"
#include "mpathpr/mpathpr.h"

#define MPCONF_DEPTH	8
#define MPCONF_TOKEN	512

/* One reservation_key setting: where it applies and where it was written. */
struct mpconf_setting {
	enum { SCOPE_DEFAULTS, SCOPE_OVERRIDES, SCOPE_MULTIPATH } scope;
	char wwid[MPCONF_TOKEN];		/* SCOPE_MULTIPATH */
	struct fence_mpconf_key key;
};

struct fence_mpconf {
	size_t count;
	struct mpconf_setting *v;
	char config_dir[PATH_MAX];
	char prkeys_file[PATH_MAX];
};

/* The parser's state over one file. */
struct mpconf_parse {
	struct fence_mpconf *conf;
	const char *file;
	const char *p;
	unsigned int line;
	char stack[MPCONF_DEPTH][32];
	int depth;
	/* the multipath section being read: its wwid and key, kept at '}' */
	char wwid[MPCONF_TOKEN];
	struct fence_mpconf_key pending;
};

/* The next token of the current line into @buf; false at the end of the line. */
static bool next_token(struct mpconf_parse *ps, char *buf, size_t len)
{
	size_t n = 0;

	while (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\r')
		ps->p++;
	if (*ps->p == '#' || *ps->p == '!')
		while (*ps->p && *ps->p != '\n')
			ps->p++;
	if (!*ps->p || *ps->p == '\n')
		return false;
	if (*ps->p == '{' || *ps->p == '}') {
		buf[0] = *ps->p++;
		buf[1] = '\0';
		return true;
	}
	if (*ps->p == '"') {
		for (ps->p++; *ps->p && *ps->p != '"' && *ps->p != '\n'; ps->p++)
			if (n + 1 < len)
				buf[n++] = *ps->p;
		if (*ps->p == '"')
			ps->p++;
	} else {
		for (; *ps->p && !strchr(" \t\r\n{}#!", *ps->p); ps->p++)
			if (n + 1 < len)
				buf[n++] = *ps->p;
	}
	buf[n] = '\0';
	return true;
}

static const char *section(const struct mpconf_parse *ps)
{
	return ps->depth ? ps->stack[ps->depth - 1] : "";
}

static void key_value(struct mpconf_parse *ps, const char *value, struct fence_mpconf_key *ret)
{
	char text[MPCONF_TOKEN], *colon;

	*ret = (struct fence_mpconf_key){ .kind = FENCE_MPCONF_KEY_NONE };
	snprintf(ret->where, sizeof(ret->where), "%s line %u", ps->file, ps->line);
	if (strcmp(value, "file") == 0) {
		ret->kind = FENCE_MPCONF_KEY_FILE;
		return;
	}
	/* "0x1234:aptpl": the flag says nothing about the key */
	snprintf(text, sizeof(text), "%s", value);
	colon = strchr(text, ':');
	if (colon)
		*colon = '\0';
	/* multipathd ignores a key it cannot parse, and so does this */
	if (mpathpr_key_parse(text, &ret->key) == 0)
		ret->kind = FENCE_MPCONF_KEY_FIXED;
}

static int add_setting(struct fence_mpconf *conf, int scope, const char *wwid,
		       const struct fence_mpconf_key *key)
{
	struct mpconf_setting *v = realloc(conf->v, (conf->count + 1) * sizeof(*v));

	if (!v)
		return -ENOMEM;
	conf->v = v;
	v[conf->count] = (struct mpconf_setting){ .scope = scope, .key = *key };
	snprintf(v[conf->count].wwid, sizeof(v[conf->count].wwid), "%s", wwid);
	conf->count++;
	return 0;
}

/* "keyword value" inside the current section. */
static int setting(struct mpconf_parse *ps, const char *kw, const char *value)
{
	struct fence_mpconf_key key;

	if (strcmp(section(ps), "defaults") == 0 && ps->depth == 1) {
		if (strcmp(kw, "config_dir") == 0)
			snprintf(ps->conf->config_dir, sizeof(ps->conf->config_dir), "%s", value);
		if (strcmp(kw, "prkeys_file") == 0)
			snprintf(ps->conf->prkeys_file, sizeof(ps->conf->prkeys_file), "%s", value);
		if (strcmp(kw, "reservation_key") != 0)
			return 0;
		key_value(ps, value, &key);
		return key.kind ? add_setting(ps->conf, SCOPE_DEFAULTS, "", &key) : 0;
	}
	if (strcmp(section(ps), "overrides") == 0 && ps->depth == 1 &&
	    strcmp(kw, "reservation_key") == 0) {
		key_value(ps, value, &key);
		return key.kind ? add_setting(ps->conf, SCOPE_OVERRIDES, "", &key) : 0;
	}
	if (strcmp(section(ps), "multipath") == 0 && ps->depth == 2) {
		if (strcmp(kw, "wwid") == 0)
			snprintf(ps->wwid, sizeof(ps->wwid), "%s", value);
		else if (strcmp(kw, "reservation_key") == 0)
			key_value(ps, value, &ps->pending);
	}
	return 0;
}

static int close_section(struct mpconf_parse *ps)
{
	int r = 0;

	if (!ps->depth)
		return -EBADMSG;
	if (ps->depth == 2 && strcmp(section(ps), "multipath") == 0 && ps->pending.kind)
		r = add_setting(ps->conf, SCOPE_MULTIPATH, ps->wwid, &ps->pending);
	ps->depth--;
	return r;
}

static int parse_line(struct mpconf_parse *ps)
{
	char kw[MPCONF_TOKEN], value[MPCONF_TOKEN];
	int r = 0;

	while (r == 0 && next_token(ps, kw, sizeof(kw))) {
		if (strcmp(kw, "}") == 0) {
			r = close_section(ps);
			continue;
		}
		if (!next_token(ps, value, sizeof(value)))
			return 0;
		if (strcmp(value, "{") == 0) {
			if (ps->depth == MPCONF_DEPTH)
				return -EBADMSG;
			snprintf(ps->stack[ps->depth++], sizeof(ps->stack[0]), "%.31s", kw);
			ps->wwid[0] = '\0';
			memset(&ps->pending, 0, sizeof(ps->pending));
			continue;
		}
		r = setting(ps, kw, value);
		/* the rest of the line (further words) is not ours */
		while (next_token(ps, value, sizeof(value)) && strcmp(value, "}") != 0)
			;
		if (strcmp(value, "}") == 0)
			r = r ? r : close_section(ps);
	}
	return r;
}

static int read_file(const char *path, char **ret, char *err, size_t errlen)
{
	char *buf = malloc(FENCE_MPCONF_MAX_BYTES + 2);
	size_t n = 0;
	ssize_t got;
	int fd, r = 0;

	if (!buf)
		return -ENOMEM;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		r = -errno;
		free(buf);
		if (r != -ENOENT)
			snprintf(err, errlen, "%s: %s", path, strerror(-r));
		return r;
	}
	while ((got = read(fd, buf + n, FENCE_MPCONF_MAX_BYTES + 1 - n)) > 0 &&
	       n <= FENCE_MPCONF_MAX_BYTES)
		n += (size_t)got;
	if (got < 0)
		r = -errno;
	else if (n > FENCE_MPCONF_MAX_BYTES)
		r = -EFBIG;
	close(fd);
	if (r < 0) {
		snprintf(err, errlen, "%s: %s", path, r == -EFBIG ? "too large" : strerror(-r));
		free(buf);
		return r;
	}
	buf[n] = '\0';
	*ret = buf;
	return 0;
}

static int parse_file(struct fence_mpconf *conf, const char *path, char *err, size_t errlen)
{
	struct mpconf_parse ps = { .conf = conf, .file = path, .line = 1 };
	char *text = NULL;
	int r = read_file(path, &text, err, errlen);

	if (r == -ENOENT)
		return 0;
	if (r < 0)
		return r;
	for (ps.p = text;;) {
		r = parse_line(&ps);
		if (r < 0 || !*ps.p)
			break;
		ps.p++;		/* the newline */
		ps.line++;
	}
	if (r == 0 && ps.depth)
		r = -EBADMSG;
	if (r == -EBADMSG)
		snprintf(err, errlen, "%s line %u: unbalanced braces", path, ps.line);
	free(text);
	return r;
}

static int conf_d_filter(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return n > 5 && d->d_name[0] != '.' && strcmp(d->d_name + n - 5, ".conf") == 0;
}

static int parse_dir(struct fence_mpconf *conf, char *err, size_t errlen)
{
	struct dirent **names = NULL;
	char path[PATH_MAX * 2];
	int n = scandir(conf->config_dir, &names, conf_d_filter, alphasort), r = 0;

	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", conf->config_dir, names[i]->d_name);
		if (r == 0)
			r = parse_file(conf, path, err, errlen);
		free(names[i]);
	}
	free(names);
	return r;
}

int fence_mpconf_load(const char *path, struct fence_mpconf **ret, char *err, size_t errlen)
{
	struct fence_mpconf *conf = calloc(1, sizeof(*conf));
	int r;

	err[0] = '\0';
	if (!conf)
		return -ENOMEM;
	snprintf(conf->config_dir, sizeof(conf->config_dir), "%s", FENCE_MULTIPATH_CONF_DIR);
	snprintf(conf->prkeys_file, sizeof(conf->prkeys_file), "%s", FENCE_PRKEYS_FILE);
	r = parse_file(conf, path, err, errlen);
	if (r == 0)
		r = parse_dir(conf, err, errlen);
	if (r < 0) {
		fence_mpconf_free(conf);
		return r;
	}
	*ret = conf;
	return 0;
}

void fence_mpconf_free(struct fence_mpconf *conf)
{
	if (!conf)
		return;
	free(conf->v);
	free(conf);
}

const char *fence_mpconf_prkeys_file(const struct fence_mpconf *conf)
{
	return conf->prkeys_file;
}

void fence_mpconf_key_for(const struct fence_mpconf *conf, const char *wwid,
			  struct fence_mpconf_key *ret)
{
	const struct fence_mpconf_key *by[3] = { NULL, NULL, NULL };

	/* the last setting of each scope wins; then overrides, multipath, defaults */
	for (size_t i = 0; i < conf->count; i++) {
		const struct mpconf_setting *s = &conf->v[i];

		if (s->scope == SCOPE_MULTIPATH && (!*wwid || strcmp(s->wwid, wwid) != 0))
			continue;
		by[s->scope] = &s->key;
	}
	if (by[SCOPE_OVERRIDES])
		*ret = *by[SCOPE_OVERRIDES];
	else if (by[SCOPE_MULTIPATH])
		*ret = *by[SCOPE_MULTIPATH];
	else if (by[SCOPE_DEFAULTS])
		*ret = *by[SCOPE_DEFAULTS];
	else
		*ret = (struct fence_mpconf_key){ .kind = FENCE_MPCONF_KEY_NONE };
}
