/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * request.c - fence-agents' two input conventions (name=value lines on stdin,
 * getopt_long on the command line) into one struct fence_config: what both
 * share and the settling once every parameter is seen (request_stdin.c and
 * request_argv.c read the inputs, request_apply.c checks and stores each
 * value).  Values are checked
 * for syntax so that bad input is refused before any device is opened;
 * whether a device really is a multipath map is the back-end's call.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/macro.h"
#include "escape.h"
#include "mpathpr/mpathpr.h"
#include "params.h"
#include "request.h"
#include "request_parse.h"

static const char *const action_names[] = {
	[FENCE_ACT_NONE] = "",
	[FENCE_ACT_ON] = "on",
	[FENCE_ACT_OFF] = "off",
	[FENCE_ACT_REBOOT] = "reboot",
	[FENCE_ACT_STATUS] = "status",
	[FENCE_ACT_MONITOR] = "monitor",
	[FENCE_ACT_LIST] = "list",
	[FENCE_ACT_LIST_STATUS] = "list-status",
	[FENCE_ACT_METADATA] = "metadata",
	[FENCE_ACT_MANPAGE] = "manpage",
	[FENCE_ACT_VALIDATE_ALL] = "validate-all",
	[FENCE_ACT_CHECK] = "check",
};

/* Values are echoed in messages: escaped, so that one message stays one line. */
int fence_cfg_fail(char *err, size_t errlen, const char *fmt, ...)
{
	char raw[1024];
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(raw, sizeof(raw), fmt, ap);
		va_end(ap);
		fence_escape(raw, err, errlen);
	}
	return -EINVAL;
}

const char *fence_action_name(enum fence_action action)
{
	if ((size_t)action >= ARRAY_SIZE(action_names))
		return "";
	return action_names[action];
}

void fence_strv_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

int fence_strv_add(char ***v, size_t *n, const char *s)
{
	char **grown = realloc(*v, (*n + 1) * sizeof(**v));

	if (!grown)
		return -ENOMEM;
	*v = grown;
	grown[*n] = strdup(s);
	if (!grown[*n])
		return -ENOMEM;
	(*n)++;
	return 0;
}

static int add_messagev(char ***v, size_t *n, const char *fmt, va_list ap)
{
	char raw[256], buf[512];

	vsnprintf(raw, sizeof(raw), fmt, ap);
	return fence_strv_add(v, n, fence_escape(raw, buf, sizeof(buf)));
}

int fence_cfg_note(struct fence_config *cfg, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = add_messagev(&cfg->notes, &cfg->n_notes, fmt, ap);
	va_end(ap);
	return r;
}

__attribute__((format(printf, 2, 3)))
static int add_warning(struct fence_config *cfg, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = add_messagev(&cfg->warnings, &cfg->n_warnings, fmt, ap);
	va_end(ap);
	return r;
}

static int parse_key_text(struct parse_state *st, const char *what, const char *text)
{
	bool plug = strcmp(what, "plug") == 0;

	if (mpathpr_key_parse(text, &st->cfg->key) < 0)
		return fence_cfg_fail(st->err, st->errlen,
			    "%s '%s' is not a reservation key: 1 to 16 hex digits "
			    "(optional 0x), not zero%s", what, text,
			    plug ? " (map node names to keys with pcmk_host_map, or set "
				   "key_value=hash)" : "");
	st->cfg->have_key = true;
	return 0;
}

/* Settle what depends on several parameters, whatever their order. */
static int finish(struct parse_state *st)
{
	struct fence_config *cfg = st->cfg;
	int level;

	if (st->verbose_level >= 0)
		level = st->verbose_level;
	else if (st->verbose_off || st->verbose_count == 0)
		level = 0;
	else
		level = (int)st->verbose_count + 1;	/* -v is debug, as in fence-agents */
	cfg->verbose_level = level > FENCE_MAX_VERBOSE ? FENCE_MAX_VERBOSE : level;

	if (cfg->action == FENCE_ACT_NONE)
		cfg->action = FENCE_ACT_OFF;	/* the metadata's default */
	if (st->key)
		return parse_key_text(st, "key", st->key);
	if (!st->plug)
		return 0;
	if (cfg->key_value == FENCE_KEY_HASH) {
		cfg->key = fence_key_from_name(st->plug);
		cfg->have_key = true;
		return 0;
	}
	/* Pacemaker validates with a placeholder target (port=node1): plug is
	 * runtime input, not configuration, so validate-all cannot judge it. */
	if (cfg->action == FENCE_ACT_VALIDATE_ALL &&
	    mpathpr_key_parse(st->plug, &cfg->key) < 0)
		return fence_cfg_note(cfg, "plug '%s' is not a key: ignored by validate-all", st->plug);
	return parse_key_text(st, "plug", st->plug);
}

static void parse_state_done(struct parse_state *st)
{
	free(st->plug);
	free(st->key);
}

/* Both parsers end the same way: settle, then hand over or clean up. */
int fence_cfg_parse_end(struct parse_state *st, int r)
{
	if (r == 0)
		r = finish(st);
	if (r == -ENOMEM)
		fence_cfg_fail(st->err, st->errlen, "out of memory");
	parse_state_done(st);
	if (r < 0)
		fence_config_free(st->cfg);
	return r;
}

int fence_cfg_unknown_param(struct fence_config *cfg, const char *name)
{
	const struct fence_param *near;

	if (fence_param_is_pacemakers(name))
		return fence_cfg_note(cfg, "parameter %s is Pacemaker's: ignored", name);
	near = fence_param_closest(name);
	if (near)
		return add_warning(cfg, "unknown parameter %s ignored (did you mean %s?)", name,
				   near->name);
	return add_warning(cfg, "unknown parameter %s ignored", name);
}

int fence_cfg_parse_begin(struct parse_state *st, struct fence_config *cfg, char *err,
		       size_t errlen)
{
	*st = (struct parse_state){ .cfg = cfg, .verbose_level = -1, .err = err,
				    .errlen = errlen };
	if (err && errlen)
		err[0] = '\0';
	if (fence_config_init(cfg) < 0)
		return fence_cfg_fail(err, errlen, "out of memory");
	return 0;
}

int fence_config_init(struct fence_config *cfg)
{
	*cfg = (struct fence_config){
		.action = FENCE_ACT_NONE,
		.key_value = FENCE_KEY_NONE,
		.reservation_type = FENCE_DEFAULT_RESERVATION_TYPE,
		.io_timeout_ms = FENCE_DEFAULT_IO_TIMEOUT_MS,
	};
	cfg->store_path = strdup(FENCE_DEFAULT_STORE_PATH);
	return cfg->store_path ? 0 : -ENOMEM;
}

void fence_config_free(struct fence_config *cfg)
{
	if (!cfg)
		return;
	fence_strv_free(cfg->devices, cfg->n_devices);
	fence_strv_free(cfg->notes, cfg->n_notes);
	fence_strv_free(cfg->warnings, cfg->n_warnings);
	free(cfg->nodename);
	free(cfg->store_path);
	free(cfg->debug_file);
	*cfg = (struct fence_config){ 0 };
}

/*
 * FNV-1a: tiny, stable across architectures and releases, and good enough
 * to spread short host names.  Case is folded because host names are not
 * case-sensitive and Pacemaker may spell a node differently in places.
 */
uint64_t fence_key_from_name(const char *name)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (; *name; name++) {
		h ^= (uint64_t)(unsigned char)tolower((unsigned char)*name);
		h *= 0x100000001b3ull;
	}
	return h ? h : 1;	/* 0 is not a valid key */
}

int fence_config_effective_key(const struct fence_config *cfg, uint64_t *ret_key)
{
	if (cfg->have_key) {
		*ret_key = cfg->key;
		return 0;
	}
	if (cfg->key_value == FENCE_KEY_HASH && cfg->nodename) {
		*ret_key = fence_key_from_name(cfg->nodename);
		return 0;
	}
	return -ENOKEY;
}

int fence_config_check(const struct fence_config *cfg, char *err, size_t errlen)
{
	const char *name = fence_action_name(cfg->action);
	uint64_t key;

	switch (cfg->action) {
	case FENCE_ACT_REBOOT:
		return fence_cfg_fail(err, errlen, "reboot is not supported: fabric fencing cannot power "
			    "a node back on (use off, then reboot the node by hand)");
	case FENCE_ACT_ON:
	case FENCE_ACT_OFF:
	case FENCE_ACT_STATUS:
		if (fence_config_effective_key(cfg, &key) < 0)
			return fence_cfg_fail(err, errlen, "action %s needs a key: set plug (e.g. through "
				    "pcmk_host_map) or key, or key_value=hash with nodename",
				    name);
		/* fall through */
	case FENCE_ACT_MONITOR:
	case FENCE_ACT_LIST:
	case FENCE_ACT_LIST_STATUS:
	case FENCE_ACT_VALIDATE_ALL:
		if (cfg->n_devices == 0)
			return fence_cfg_fail(err, errlen, "action %s needs devices", name);
		return 0;
	default:
		return 0;
	}
}
