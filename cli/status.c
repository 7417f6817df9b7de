// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * status.c - what `mpathpr status` reads about a device, and its JSON form.
 *
 * READ KEYS lists every key on the LU but not which nexus holds it; READ
 * FULL STATUS, matched with each path's own I_T nexus by the library
 * (mpathpr_read_nexus_status()), says which of this host's paths are
 * registered.  A device without READ FULL STATUS gets READ KEYS through
 * each path instead, which shows what each path sees, not who registered.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli/status.h"

const char *status_type_name(unsigned int type)
{
	static const char *const names[] = {
		[1] = "write exclusive", [3] = "exclusive access",
		[5] = "write exclusive, registrants only",
		[6] = "exclusive access, registrants only",
		[7] = "write exclusive, all registrants",
		[8] = "exclusive access, all registrants",
	};

	return type < sizeof(names) / sizeof(names[0]) && names[type] ? names[type] : "obsolete";
}

/* No READ FULL STATUS: READ KEYS through every path. */
static void collect_per_path_keys(struct mpathpr_dev *dev, struct status_lu *lu)
{
	struct mpathpr_key_matrix *m = NULL;
	int r = mpathpr_read_key_matrix(dev, &m, NULL);

	lu->per_path_keys = true;
	for (size_t i = 0; i < lu->n_paths; i++) {
		struct status_path *p = &lu->paths[i];

		p->keys_error = r;
		if (r < 0 || i >= m->count)
			continue;
		p->keys_error = m->paths[i].error;
		if (m->paths[i].error || !m->paths[i].count)
			continue;
		p->keys = calloc(m->paths[i].count, sizeof(*p->keys));
		if (!p->keys) {
			p->keys_error = -ENOMEM;
			continue;
		}
		memcpy(p->keys, m->paths[i].keys, m->paths[i].count * sizeof(*p->keys));
		p->n_keys = m->paths[i].count;
	}
	mpathpr_key_matrix_free(m);
}

static void collect_paths(struct mpathpr_dev *dev, struct status_lu *lu)
{
	struct mpathpr_nexus_status *ns = NULL;
	bool any_known = false;

	lu->nexus_error = mpathpr_read_nexus_status(dev, &ns, NULL);
	for (size_t i = 0; i < lu->n_paths; i++) {
		struct status_path *p = &lu->paths[i];

		p->info = *mpathpr_dev_path(dev, i);
		mpathpr_dev_path_detail(dev, i, &p->detail);
		if (ns && i < ns->count) {
			p->nexus = ns->paths[i];
			any_known |= p->nexus.reg != MPATHPR_NEXUS_UNKNOWN ||
				     p->nexus.error != -EOPNOTSUPP;
		} else {
			p->nexus.path = p->info;
			p->nexus.error = lu->nexus_error;
		}
	}
	free(ns);
	if (lu->nexus_error == -EOPNOTSUPP || (lu->nexus_error == 0 && !any_known && lu->n_paths))
		collect_per_path_keys(dev, lu);
}

int status_collect(struct mpathpr_ctx *ctx, const char *device, struct status_lu **ret_lu)
{
	struct status_lu *lu = calloc(1, sizeof(*lu));
	struct mpathpr_dev *dev = NULL;

	if (!lu)
		return -ENOMEM;
	lu->device = device;
	lu->error = mpathpr_dev_open(ctx, device, &dev);
	if (lu->error == 0) {
		snprintf(lu->name, sizeof(lu->name), "%s", mpathpr_dev_name(dev));
		snprintf(lu->wwid, sizeof(lu->wwid), "%s", mpathpr_dev_wwid(dev));
		lu->multipath = mpathpr_dev_is_multipath(dev);
		lu->n_paths = mpathpr_dev_path_count(dev);
		lu->paths = calloc(lu->n_paths ? lu->n_paths : 1, sizeof(*lu->paths));
		if (!lu->paths) {
			mpathpr_dev_close(dev);
			status_lu_free(lu);
			return -ENOMEM;
		}
		lu->keys_error = mpathpr_read_keys(dev, &lu->keys, NULL);
		lu->resv_error = mpathpr_read_reservation(dev, &lu->resv, NULL);
		collect_paths(dev, lu);
		mpathpr_dev_close(dev);
	}
	*ret_lu = lu;
	return 0;
}

void status_lu_free(struct status_lu *lu)
{
	if (!lu)
		return;
	for (size_t i = 0; i < lu->n_paths; i++)
		free(lu->paths[i].keys);
	free(lu->paths);
	free(lu->keys);
	free(lu);
}

bool status_lu_ok(const struct status_lu *lu)
{
	return !lu->error && !lu->keys_error && !lu->resv_error &&
	       (!lu->nexus_error || lu->nexus_error == -EOPNOTSUPP);
}

static const char *err_text(int err)
{
	return err ? mpathpr_strerror(err) : NULL;
}

static const char *state_name(enum mpathpr_path_state s)
{
	return s == MPATHPR_PATH_ACTIVE ? "active" : s == MPATHPR_PATH_FAILED ? "failed" : "offline";
}

static const char *reg_name(enum mpathpr_nexus_reg reg)
{
	return reg == MPATHPR_NEXUS_REGISTERED ? "registered" :
	       reg == MPATHPR_NEXUS_UNREGISTERED ? "unregistered" : "unknown";
}

static void json_path(struct json *j, const struct status_path *p, bool per_path_keys)
{
	char group[2] = { p->detail.group_state, 0 };

	json_open_object(j, NULL);
	json_string(j, "devnode", p->info.devnode);
	json_string(j, "hctl", p->detail.hctl[0] ? p->detail.hctl : NULL);
	json_int(j, "path_group", p->info.path_group);
	json_string(j, "group_state", group[0] ? group : NULL);
	json_string(j, "state", state_name(p->info.state));
	json_string(j, "scsi_state", p->detail.scsi_state[0] ? p->detail.scsi_state : NULL);
	json_string(j, "target_port", p->nexus.target_port[0] ? p->nexus.target_port : NULL);
	if (p->nexus.rel_tgt_port_valid)
		json_int(j, "relative_target_port", p->nexus.rel_tgt_port);
	else
		json_null(j, "relative_target_port");
	json_string(j, "initiator_port",
		    p->nexus.initiator_port[0] ? p->nexus.initiator_port : NULL);
	json_string(j, "registration", reg_name(p->nexus.reg));
	if (p->nexus.reg == MPATHPR_NEXUS_REGISTERED)
		json_key(j, "key", p->nexus.key);
	else
		json_null(j, "key");
	json_bool(j, "holder", p->nexus.reg == MPATHPR_NEXUS_REGISTERED && p->nexus.holder);
	json_string(j, "error", p->nexus.reg == MPATHPR_NEXUS_UNKNOWN ?
		    err_text(p->nexus.error) : NULL);
	if (per_path_keys) {
		json_open_array(j, "keys_seen");
		for (size_t k = 0; k < p->n_keys; k++)
			json_key(j, NULL, p->keys[k]);
		json_close_array(j);
		json_string(j, "keys_error", err_text(p->keys_error));
	}
	json_close_object(j);
}

static void json_reservation(struct json *j, const struct status_lu *lu)
{
	if (lu->resv_error || !lu->resv.held) {
		json_null(j, "reservation");
		return;
	}
	json_open_object(j, "reservation");
	json_key(j, "key", lu->resv.key);
	json_int(j, "type", lu->resv.type);
	json_string(j, "type_name", status_type_name(lu->resv.type));
	json_int(j, "scope", lu->resv.scope);
	json_close_object(j);
}

void status_json_lu(struct json *j, const struct status_lu *lu)
{
	json_open_object(j, NULL);
	json_string(j, "device", lu->device);
	json_bool(j, "ok", status_lu_ok(lu));
	json_string(j, "error", err_text(lu->error));
	if (!lu->error) {
		json_string(j, "name", lu->name);
		json_string(j, "wwid", lu->wwid[0] ? lu->wwid : NULL);
		json_bool(j, "multipath", lu->multipath);
		if (lu->keys)
			json_int(j, "generation", lu->keys->generation);
		else
			json_null(j, "generation");
		json_open_array(j, "keys");
		for (size_t k = 0; lu->keys && k < lu->keys->count; k++)
			json_key(j, NULL, lu->keys->keys[k]);
		json_close_array(j);
		json_string(j, "keys_error", err_text(lu->keys_error));
		json_reservation(j, lu);
		json_string(j, "reservation_error", err_text(lu->resv_error));
		json_string(j, "full_status_error", err_text(lu->nexus_error));
		json_open_array(j, "paths");
		for (size_t i = 0; i < lu->n_paths; i++)
			json_path(j, &lu->paths[i], lu->per_path_keys);
		json_close_array(j);
	}
	json_close_object(j);
}

void status_json_begin(struct json *j, const char *command)
{
	json_open_object(j, NULL);
	json_string(j, "schema", "mpathpr");
	json_int(j, "version", STATUS_JSON_VERSION);
	json_string(j, "command", command);
	json_open_array(j, "devices");
}

void status_json_end(struct json *j)
{
	json_close_array(j);
	json_close_object(j);
	json_end(j);
}
