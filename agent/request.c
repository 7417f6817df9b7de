/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * request.c - fence-agents' two input conventions (name=value lines on stdin,
 * getopt_long on the command line) into one struct fence_config: what both
 * share, the value checks and the settling once every parameter is seen
 * (request_stdin.c and request_argv.c read the inputs).  Values are checked
 * for syntax so that bad input is refused before any device is opened;
 * whether a device really is a multipath map is the back-end's call.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/cleanup.h"
#include "common/macro.h"
#include "escape.h"
#include "mpathpr/mpathpr.h"
#include "params.h"
#include "request.h"
#include "request_parse.h"

#define FENCE_MAX_SECONDS	86400u

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

/* "check" is not an input: only argv[0] selects it. */
static int parse_action(const char *text, enum fence_action *ret_action)
{
	size_t i;

	if (strcasecmp(text, "meta-data") == 0) {	/* OCF spelling */
		*ret_action = FENCE_ACT_METADATA;
		return 0;
	}
	for (i = FENCE_ACT_ON; i < FENCE_ACT_CHECK; i++)
		if (strcasecmp(text, action_names[i]) == 0) {
			*ret_action = (enum fence_action)i;
			return 0;
		}
	return -EINVAL;
}

static int parse_bool(const char *text, bool *ret_value)
{
	static const char *const yes[] = { "1", "yes", "on", "true", "y" };
	static const char *const no[] = { "0", "no", "off", "false", "n" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(yes); i++) {
		if (strcasecmp(text, yes[i]) == 0) {
			*ret_value = true;
			return 0;
		}
		if (strcasecmp(text, no[i]) == 0) {
			*ret_value = false;
			return 0;
		}
	}
	return -EINVAL;
}

int fence_parse_uint(const char *text, unsigned int max, unsigned int *ret_value)
{
	unsigned long v;
	char *end;

	if (!isdigit((unsigned char)text[0]))
		return -EINVAL;
	errno = 0;
	v = strtoul(text, &end, 10);
	if (errno || *end || v > max)
		return -EINVAL;
	*ret_value = (unsigned int)v;
	return 0;
}

static int replace_str(char **field, const char *value)
{
	char *copy = strdup(value);

	if (!copy)
		return -ENOMEM;
	free(*field);
	*field = copy;
	return 0;
}

static void free_strv(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static int strv_add(char ***v, size_t *n, const char *s)
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

static bool strv_contains(char **v, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return true;
	return false;
}

__attribute__((format(printf, 3, 4)))
static int add_message(char ***v, size_t *n, const char *fmt, ...)
{
	char raw[256], buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	return strv_add(v, n, fence_escape(raw, buf, sizeof(buf)));
}

#define add_note(cfg, ...)	add_message(&(cfg)->notes, &(cfg)->n_notes, __VA_ARGS__)
#define add_warning(cfg, ...)	add_message(&(cfg)->warnings, &(cfg)->n_warnings, __VA_ARGS__)

/*
 * @value's word at @at is not an absolute path.  Right after a comma or a
 * space, it is the tail of a path that held one: say so rather than call a
 * piece of a path a device.
 */
static int device_not_absolute(struct parse_state *st, const char *value, ptrdiff_t at)
{
	char sep = at > 0 ? value[at - 1] : 0;

	if (sep == ',' || sep == ' ' || sep == '\t')
		return fence_cfg_fail(st->err, st->errlen, "devices '%s': '%s' follows a %s and is "
			    "not an absolute path; devices are separated by commas or spaces, so a "
			    "device path cannot contain either", value, value + at,
			    sep == ',' ? "comma" : "space");
	return fence_cfg_fail(st->err, st->errlen,
		    "device '%s' is not an absolute path (e.g. /dev/mapper/mpatha)", value + at);
}

/* Comma- or space-separated; the last devices= replaces earlier ones. */
static int set_devices(struct parse_state *st, const char *value)
{
	_cleanup_free_ char *copy = strdup(value);
	char **devs = NULL;
	size_t n = 0;
	char *tok, *save = NULL;
	int r = 0;

	if (!copy)
		return -ENOMEM;
	for (tok = strtok_r(copy, ", \t", &save); tok; tok = strtok_r(NULL, ", \t", &save)) {
		if (tok[0] != '/') {
			r = device_not_absolute(st, value, tok - copy);
			break;
		}
		if (strv_contains(devs, n, tok))
			continue;
		r = strv_add(&devs, &n, tok);
		if (r < 0)
			break;
	}
	if (r == 0 && n == 0)
		r = fence_cfg_fail(st->err, st->errlen, "devices lists no device");
	if (r < 0) {
		free_strv(devs, n);
		return r;
	}
	free_strv(st->cfg->devices, st->cfg->n_devices);
	st->cfg->devices = devs;
	st->cfg->n_devices = n;
	return 0;
}

static int set_select(struct parse_state *st, const struct fence_param *p, const char *value)
{
	struct fence_config *cfg = st->cfg;

	if (p->id == FENCE_P_KEY_VALUE) {
		if (strcasecmp(value, "none") == 0)
			cfg->key_value = FENCE_KEY_NONE;
		else if (strcasecmp(value, "hash") == 0)
			cfg->key_value = FENCE_KEY_HASH;
		else
			return fence_cfg_fail(st->err, st->errlen,
				    "key_value '%s' is neither none nor hash", value);
		return 0;
	}
	if (strcmp(value, "5") == 0 || strcmp(value, "6") == 0) {
		cfg->reservation_type = value[0] - '0';
		return 0;
	}
	return fence_cfg_fail(st->err, st->errlen,
		    "reservation_type '%s' is not 5 (write exclusive, registrants only) "
		    "or 6 (exclusive access, registrants only)", value);
}

static int set_number(struct parse_state *st, const struct fence_param *p, const char *value)
{
	struct fence_config *cfg = st->cfg;
	unsigned int v;

	if (p->id == FENCE_P_VERBOSE_LEVEL) {
		if (fence_parse_uint(value, UINT_MAX, &v) < 0)
			return fence_cfg_fail(st->err, st->errlen, "verbose_level '%s' is not a "
				    "whole number (0 to %d; more means %d)", value, FENCE_MAX_VERBOSE,
				    FENCE_MAX_VERBOSE);
		st->verbose_level = v > FENCE_MAX_VERBOSE ? FENCE_MAX_VERBOSE : (int)v;
		return 0;
	}
	if (fence_parse_uint(value, FENCE_MAX_SECONDS, &v) < 0 ||
	    (p->id == FENCE_P_IO_TIMEOUT && v == 0))
		return fence_cfg_fail(st->err, st->errlen, "%s '%s' is not a whole number of seconds%s",
			    p->name, value, p->id == FENCE_P_IO_TIMEOUT ? " above 0" : "");
	if (p->id == FENCE_P_IO_TIMEOUT)
		cfg->io_timeout_ms = v * 1000u;
	else
		cfg->delay_s = v;
	return 0;
}

static int set_flag(struct parse_state *st, const struct fence_param *p, const char *value)
{
	struct fence_config *cfg = st->cfg;
	bool v;

	if (parse_bool(value, &v) < 0)
		return fence_cfg_fail(st->err, st->errlen, "%s '%s' is not a boolean (1/0, yes/no, on/off, "
			    "true/false)", p->name, value);
	switch (p->id) {
	case FENCE_P_APTPL:
		cfg->aptpl = v;
		break;
	case FENCE_P_VERBOSE:
		st->verbose_count = v ? 1 : 0;
		st->verbose_off = !v;
		break;
	case FENCE_P_QUIET:
		cfg->quiet = v;
		break;
	case FENCE_P_SUPPRESS_ERRORS:
		cfg->suppress_errors = v;
		break;
	case FENCE_P_VERSION:
		cfg->version = v;
		break;
	default:
		cfg->help = v;
		break;
	}
	return 0;
}

/* Store one parameter's value; the same function serves stdin and getopt. */
int fence_cfg_apply(struct parse_state *st, const struct fence_param *p, const char *value)
{
	struct fence_config *cfg = st->cfg;

	if (p->id == FENCE_P_IGNORED)
		return add_note(cfg, "parameter %s is only used by fence_mpath: ignored", p->name);
	if (p->flags & FENCE_PF_DEPRECATED) {
		int r = add_note(cfg, "parameter %s is deprecated", p->name);

		if (r < 0)
			return r;
	}
	if (!*value)
		return fence_cfg_fail(st->err, st->errlen, "parameter %s has an empty value", p->name);
	switch (p->id) {
	case FENCE_P_ACTION:
		if (parse_action(value, &cfg->action) < 0)
			return fence_cfg_fail(st->err, st->errlen, "unknown action '%s'", value);
		return 0;
	case FENCE_P_DEVICES:
		return set_devices(st, value);
	case FENCE_P_PLUG:
		return replace_str(&st->plug, value);
	case FENCE_P_KEY:
		return replace_str(&st->key, value);
	case FENCE_P_NODENAME:
		return replace_str(&cfg->nodename, value);
	case FENCE_P_DEBUG_FILE:
		if (value[0] != '/')
			return fence_cfg_fail(st->err, st->errlen,
				    "%s '%s' is not an absolute path", p->name, value);
		return replace_str(&cfg->debug_file, value);
	case FENCE_P_STORE_PATH:
		if (value[0] != '/')
			return fence_cfg_fail(st->err, st->errlen,
				    "store_path '%s' is not an absolute path", value);
		return replace_str(&cfg->store_path, value);
	case FENCE_P_KEY_VALUE:
	case FENCE_P_RESERVATION_TYPE:
		return set_select(st, p, value);
	case FENCE_P_IO_TIMEOUT:
	case FENCE_P_DELAY:
	case FENCE_P_VERBOSE_LEVEL:
		return set_number(st, p, value);
	default:
		return set_flag(st, p, value);
	}
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
		return add_note(cfg, "plug '%s' is not a key: ignored by validate-all", st->plug);
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
		return add_note(cfg, "parameter %s is Pacemaker's: ignored", name);
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
	free_strv(cfg->devices, cfg->n_devices);
	free_strv(cfg->notes, cfg->n_notes);
	free_strv(cfg->warnings, cfg->n_warnings);
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
