// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * request_apply.c - one parameter's value, from stdin or the command line,
 * checked for syntax and stored in struct fence_config (request.c settles
 * what depends on several parameters once all are seen).
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/cleanup.h"
#include "common/macro.h"
#include "params.h"
#include "request.h"
#include "request_parse.h"

#define FENCE_MAX_SECONDS	86400u

/* "check" is not an input: only argv[0] selects it. */
static int parse_action(const char *text, enum fence_action *ret_action)
{
	size_t i;

	if (strcasecmp(text, "meta-data") == 0) {	/* OCF spelling */
		*ret_action = FENCE_ACT_METADATA;
		return 0;
	}
	for (i = FENCE_ACT_ON; i < FENCE_ACT_CHECK; i++)
		if (strcasecmp(text, fence_action_name((enum fence_action)i)) == 0) {
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

static bool strv_contains(char **v, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return true;
	return false;
}

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
		r = fence_strv_add(&devs, &n, tok);
		if (r < 0)
			break;
	}
	if (r == 0 && n == 0)
		r = fence_cfg_fail(st->err, st->errlen, "devices lists no device");
	if (r < 0) {
		fence_strv_free(devs, n);
		return r;
	}
	fence_strv_free(st->cfg->devices, st->cfg->n_devices);
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
		return fence_cfg_note(cfg, "parameter %s is only used by fence_mpath: ignored", p->name);
	if (p->flags & FENCE_PF_DEPRECATED) {
		int r = fence_cfg_note(cfg, "parameter %s is deprecated", p->name);

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
