/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * status.h - `mpathpr status`: per LU, per path, who is registered on that
 * path's I_T nexus, who holds the reservation, the generation.
 */
#ifndef MPATHPR_CLI_STATUS_H
#define MPATHPR_CLI_STATUS_H

#include <stdbool.h>
#include <stdio.h>

#include "cli/json.h"
#include "cli/term.h"
#include "mpathpr/mpathpr.h"

/* The version of the "mpathpr-status" document (cli/mpathpr-json.schema.json). */
#define STATUS_JSON_VERSION 1

struct status_path {
	struct mpathpr_path_info info;
	struct mpathpr_path_detail detail;
	struct mpathpr_path_nexus nexus;	/* from READ FULL STATUS */
	int keys_error;				/* READ KEYS through this path (fallback) */
	size_t n_keys;
	uint64_t *keys;
};

struct status_lu {
	const char *device;		/* as given */
	int error;			/* 0, or why the device could not be opened */
	char name[128];
	char wwid[256];
	bool multipath;
	int keys_error;
	struct mpathpr_keys *keys;	/* READ KEYS, NULL if keys_error */
	int resv_error;
	struct mpathpr_reservation resv;
	int nexus_error;		/* READ FULL STATUS as a whole */
	bool per_path_keys;		/* no READ FULL STATUS: keys read through each path */
	size_t n_paths;
	struct status_path *paths;
};

/* status_collect() - read everything about @device through @ctx. Return: 0 or -ENOMEM. */
int status_collect(struct mpathpr_ctx *ctx, const char *device, struct status_lu **ret_lu);
void status_lu_free(struct status_lu *lu);
/* status_lu_ok() - the device was opened and every PR IN needed answered. */
bool status_lu_ok(const struct status_lu *lu);
/* status_print() - the matrix of @lu for people. */
void status_print(FILE *out, const struct term *t, const struct status_lu *lu);
/* status_json_lu() - @lu as one element of the "devices" array. */
void status_json_lu(struct json *j, const struct status_lu *lu);
/* status_json_begin()/status_json_end() - the document around the devices. */
void status_json_begin(struct json *j, const char *command);
void status_json_end(struct json *j);
/* status_type_name() - "write exclusive, registrants only" ... for @type. */
const char *status_type_name(unsigned int type);

#endif
