/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "common/macro.h"
#include "params.h"

static const char *const key_value_choices[] = { "none", "hash", NULL };
static const char *const reservation_type_choices[] = { "5", "6", NULL };

#define IGNORED(n, lo, arg, t)						\
	{ .name = (n), .id = FENCE_P_IGNORED, .type = (t),			\
	  .flags = FENCE_PF_DEPRECATED, .long_opt = (lo), .arg_name = (arg),	\
	  .shortdesc = "Used by fence_mpath only: accepted and ignored." }

/* Metadata order: what matters most first, fence_mpath leftovers last. */
static const struct fence_param params[] = {
	{ .name = "action", .id = FENCE_P_ACTION, .type = FENCE_T_STRING,
	  .flags = FENCE_PF_REQUIRED, .short_opt = 'o', .long_opt = "action",
	  .arg_name = "action", .default_value = "off",
	  .shortdesc = "Fencing action: on (unfence), off (fence), status, monitor, list, "
		       "list-status, validate-all, metadata or manpage." },
	{ .name = "option", .id = FENCE_P_ACTION, .type = FENCE_T_STRING,
	  .flags = FENCE_PF_NO_GETOPT | FENCE_PF_STDIN_ONLY | FENCE_PF_HIDDEN,
	  .shortdesc = "Old name of action." },
	{ .name = "devices", .id = FENCE_P_DEVICES, .type = FENCE_T_STRING,
	  .flags = FENCE_PF_REQUIRED, .short_opt = 'd', .long_opt = "devices",
	  .arg_name = "devices",
	  .shortdesc = "The shared devices, separated by commas or spaces: dm-multipath maps "
		       "(/dev/mapper/NAME or /dev/dm-N) or plain SCSI disks. Each must support "
		       "SCSI-3 persistent reservations.",
	  .longdesc = "Every node's key is registered through every path of every device; "
		      "fencing a node removes its key from all of them." },
	{ .name = "plug", .id = FENCE_P_PLUG, .type = FENCE_T_STRING,
	  .short_opt = 'n', .long_opt = "plug", .arg_name = "key", .obsoletes = "port",
	  .shortdesc = "Reservation key of the node acted on (for on: this node; for off: the "
		       "victim), 1 to 16 hex digits; usually supplied through pcmk_host_map. "
		       "With key_value=hash it holds the node name instead." },
	{ .name = "port", .id = FENCE_P_PLUG, .type = FENCE_T_STRING,
	  .flags = FENCE_PF_DEPRECATED | FENCE_PF_NO_GETOPT, .short_opt = 'n',
	  .long_opt = "plug", .arg_name = "key",
	  .shortdesc = "Old name of plug." },
	{ .name = "key", .id = FENCE_P_KEY, .type = FENCE_T_STRING,
	  .short_opt = 'k', .long_opt = "key", .arg_name = "key",
	  .shortdesc = "Reservation key in hex, as plug (kept for fence_mpath configurations); "
		       "takes precedence over plug." },
	{ .name = "nodename", .id = FENCE_P_NODENAME, .type = FENCE_T_STRING,
	  .long_opt = "nodename", .arg_name = "name",
	  .shortdesc = "Name of the node acted on; Pacemaker supplies it. Used to derive the "
		       "key when key_value is not none and no plug or key is given." },
	{ .name = "store_path", .id = FENCE_P_STORE_PATH, .type = FENCE_T_STRING,
	  .long_opt = "store-path", .arg_name = "path", .default_value = "/var/run/cluster",
	  .shortdesc = "Directory of the file mpath.devices, where on records each device "
		       "and the key registered on it: one device<TAB>key line each, the key "
		       "in lowercase hex without 0x or leading zeros, as fence_mpath writes "
		       "it, so fence_mpathpr_check and fence_mpath_check both read it." },
	{ .name = "key_value", .id = FENCE_P_KEY_VALUE, .type = FENCE_T_SELECT,
	  .long_opt = "key-value", .arg_name = "none|hash", .default_value = "none",
	  .choices = key_value_choices,
	  .shortdesc = "How keys are found: none (plug, port or key hold the key) or hash "
		       "(the key is a 64-bit FNV-1a hash of the node name, so no pcmk_host_map "
		       "is needed).",
	  .longdesc = "Every node of the cluster must use the same scheme. Two node names "
		      "may hash to the same key (about one chance in 10^19 for a pair); "
		      "check the keys with fence_mpathpr -o list after setting it up, and use "
		      "explicit keys if two nodes collide. Without pcmk_host_map, also set "
		      "pcmk_host_list (or pcmk_host_check=status): otherwise Pacemaker asks the "
		      "list action for node names, and a hashed key cannot be turned back into "
		      "a name." },
	{ .name = "reservation_type", .id = FENCE_P_RESERVATION_TYPE, .type = FENCE_T_SELECT,
	  .long_opt = "reservation-type", .arg_name = "type", .default_value = "5",
	  .choices = reservation_type_choices,
	  .shortdesc = "Reservation type: 5 write exclusive, registrants only (default); "
		       "6 exclusive access, registrants only." },
	{ .name = "aptpl", .id = FENCE_P_APTPL, .type = FENCE_T_BOOLEAN,
	  .long_opt = "aptpl",
	  .shortdesc = "Register with APTPL, so the registrations survive a power loss of "
		       "the storage." },
	{ .name = "io_timeout", .id = FENCE_P_IO_TIMEOUT, .type = FENCE_T_SECOND,
	  .long_opt = "io-timeout", .arg_name = "seconds", .default_value = "10",
	  .shortdesc = "Timeout of each SCSI command, in seconds." },
	{ .name = "delay", .id = FENCE_P_DELAY, .type = FENCE_T_SECOND,
	  .long_opt = "delay", .arg_name = "seconds", .default_value = "0",
	  .shortdesc = "Seconds to wait before fencing." },
	{ .name = "verbose", .id = FENCE_P_VERBOSE, .type = FENCE_T_BOOLEAN,
	  .short_opt = 'v', .long_opt = "verbose",
	  .shortdesc = "Log what is done; -v may be repeated for more detail." },
	{ .name = "verbose_level", .id = FENCE_P_VERBOSE_LEVEL, .type = FENCE_T_INTEGER,
	  .long_opt = "verbose-level", .arg_name = "level",
	  .shortdesc = "Detail of the log, 0 to 3: 0 notices, 1 also info, 2 also debug, "
		       "3 also the library's per-path detail (a higher number means 3). "
		       "Without it: 2 with verbose=1 or -v, one more for each further -v." },
	{ .name = "debug_file", .id = FENCE_P_DEBUG_FILE, .type = FENCE_T_STRING,
	  .short_opt = 'D', .long_opt = "debug-file", .arg_name = "file", .obsoletes = "debug",
	  .shortdesc = "Also write the log to this file: an absolute path, created with mode "
		       "0600; a symbolic link, a file that is not regular, or one owned by "
		       "another user or writable by others is refused." },
	{ .name = "debug", .id = FENCE_P_DEBUG_FILE, .type = FENCE_T_STRING,
	  .flags = FENCE_PF_DEPRECATED | FENCE_PF_NO_GETOPT, .short_opt = 'D',
	  .long_opt = "debug-file", .arg_name = "file",
	  .shortdesc = "Old name of debug_file." },
	{ .name = "quiet", .id = FENCE_P_QUIET, .type = FENCE_T_BOOLEAN,
	  .short_opt = 'q', .long_opt = "quiet",
	  .shortdesc = "Do not log to standard error (the debug file and syslog still get it)." },
	{ .name = "suppress_errors", .id = FENCE_P_SUPPRESS_ERRORS, .type = FENCE_T_BOOLEAN,
	  .long_opt = "suppress-errors", .obsoletes = "suppress-errors",
	  .shortdesc = "Do not log errors: for fence_mpathpr_check run by the watchdog "
		       "before the cluster has started." },
	{ .name = "suppress-errors", .id = FENCE_P_SUPPRESS_ERRORS, .type = FENCE_T_BOOLEAN,
	  .flags = FENCE_PF_DEPRECATED | FENCE_PF_NO_GETOPT, .long_opt = "suppress-errors",
	  .shortdesc = "Old name of suppress_errors." },
	{ .name = "version", .id = FENCE_P_VERSION, .type = FENCE_T_BOOLEAN,
	  .short_opt = 'V', .long_opt = "version",
	  .shortdesc = "Print the version and exit." },
	{ .name = "help", .id = FENCE_P_HELP, .type = FENCE_T_BOOLEAN,
	  .short_opt = 'h', .long_opt = "help",
	  .shortdesc = "Print the options and exit." },
	IGNORED("mpathpersist_path", "mpathpersist-path", "path", FENCE_T_STRING),
	IGNORED("power_timeout", "power-timeout", "seconds", FENCE_T_SECOND),
	IGNORED("power_wait", "power-wait", "seconds", FENCE_T_SECOND),
	IGNORED("login_timeout", "login-timeout", "seconds", FENCE_T_SECOND),
	IGNORED("shell_timeout", "shell-timeout", "seconds", FENCE_T_SECOND),
	IGNORED("stonith_status_sleep", "stonith-status-sleep", "seconds", FENCE_T_SECOND),
	IGNORED("disable_timeout", "disable-timeout", "true/false", FENCE_T_STRING),
	IGNORED("retry_on", "retry-on", "attempts", FENCE_T_INTEGER),
	IGNORED("plug_separator", "plug-separator", "char", FENCE_T_STRING),
	IGNORED("use_sudo", "use-sudo", NULL, FENCE_T_BOOLEAN),
	{ .name = "sudo", .id = FENCE_P_IGNORED, .type = FENCE_T_BOOLEAN,
	  .flags = FENCE_PF_DEPRECATED | FENCE_PF_NO_GETOPT, .long_opt = "use-sudo",
	  .shortdesc = "Old name of use_sudo: accepted and ignored." },
	IGNORED("sudo_path", "sudo-path", "path", FENCE_T_STRING),
};

size_t fence_params_count(void)
{
	return ARRAY_SIZE(params);
}

const struct fence_param *fence_param_at(size_t i)
{
	return i < fence_params_count() ? &params[i] : NULL;
}

/* fence-agents treat '-' and '_' in stdin names alike. */
static bool name_matches(const char *table, const char *name)
{
	for (; *table && *name; table++, name++) {
		char a = *table == '-' ? '_' : *table;
		char b = *name == '-' ? '_' : *name;

		if (a != b)
			return false;
	}
	return *table == *name;
}

const struct fence_param *fence_param_find(const char *name)
{
	size_t i;

	for (i = 0; i < fence_params_count(); i++)
		if (strcmp(params[i].name, name) == 0)
			return &params[i];
	for (i = 0; i < fence_params_count(); i++)
		if (name_matches(params[i].name, name))
			return &params[i];
	return NULL;
}

/*
 * What Pacemaker's fencer adds to a request or keeps for itself: the
 * pcmk_* device parameters and "provides" / "stonith-timeout"
 * (pcmk_stonith_param()), meta attributes (CRM_meta_*), the feature set,
 * and the target's node id next to nodename.
 */
bool fence_param_is_pacemakers(const char *name)
{
	static const char *const names[] = {
		"provides", "stonith-timeout", "stonith_timeout", "crm_feature_set", "nodeid",
	};

	if (strncasecmp(name, "pcmk_", 5) == 0 || strncasecmp(name, "pcmk-", 5) == 0 ||
	    strncasecmp(name, "crm_meta_", 9) == 0)
		return true;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (strcasecmp(name, names[i]) == 0)
			return true;
	return false;
}

static char fold(char c)
{
	return c == '-' ? '_' : (char)tolower((unsigned char)c);
}

/* Optimal string alignment distance (a swap of two neighbours costs 1), '-' = '_'. */
static size_t edit_distance(const char *a, const char *b)
{
	enum { MAXLEN = 40 };
	size_t d[3][MAXLEN + 1], n = strlen(a), m = strlen(b);

	if (n > MAXLEN || m > MAXLEN)
		return (size_t)-1;
	for (size_t j = 0; j <= m; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= n; i++) {
		size_t *cur = d[i % 3], *prev = d[(i - 1) % 3], *prev2 = d[(i + 1) % 3];

		cur[0] = i;
		for (size_t j = 1; j <= m; j++) {
			size_t cost = fold(a[i - 1]) != fold(b[j - 1]);
			size_t v = prev[j - 1] + cost;

			if (prev[j] + 1 < v)
				v = prev[j] + 1;
			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			if (i > 1 && j > 1 && fold(a[i - 1]) == fold(b[j - 2]) &&
			    fold(a[i - 2]) == fold(b[j - 1]) && prev2[j - 2] + 1 < v)
				v = prev2[j - 2] + 1;
			cur[j] = v;
		}
	}
	return d[n % 3][m];
}

const struct fence_param *fence_param_closest(const char *name)
{
	const struct fence_param *best = NULL;
	size_t best_d = (size_t)-1, len = strlen(name);
	/* One edit in a short name, two in a longer one: beyond that, a guess. */
	size_t limit = len <= 4 ? 1 : 2;

	for (size_t i = 0; i < fence_params_count(); i++) {
		size_t dist;

		if (params[i].flags & FENCE_PF_HIDDEN)
			continue;
		dist = edit_distance(name, params[i].name);
		if (dist < best_d) {
			best_d = dist;
			best = &params[i];
		}
	}
	return best_d <= limit && best_d < len ? best : NULL;
}

const char *fence_param_getopt(const struct fence_param *p, char *buf, size_t len)
{
	char shortpart[8] = "";
	char argpart[64] = "";

	if (p->short_opt)
		snprintf(shortpart, sizeof(shortpart), "-%c, ", p->short_opt);
	if (p->arg_name)
		snprintf(argpart, sizeof(argpart), "=[%s]", p->arg_name);
	if (p->long_opt)
		snprintf(buf, len, "%s--%s%s", shortpart, p->long_opt, argpart);
	else
		snprintf(buf, len, "(standard input only)");
	return buf;
}

const char *fence_param_type_name(enum fence_param_type type)
{
	switch (type) {
	case FENCE_T_BOOLEAN:
		return "boolean";
	case FENCE_T_INTEGER:
		return "integer";
	case FENCE_T_SECOND:
		return "second";
	case FENCE_T_SELECT:
		return "select";
	case FENCE_T_STRING:
		break;
	}
	return "string";
}
