/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * json.h - a small streaming JSON writer (objects, arrays, strings, numbers)
 * for --json; commas and escaping are its business, not the callers'.
 */
#ifndef MPATHPR_CLI_JSON_H
#define MPATHPR_CLI_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 16

struct json {
	FILE *out;
	int depth;
	bool first[JSON_MAX_DEPTH];	/* nothing written yet at this level */
};

void json_init(struct json *j, FILE *out);
/* @key: the member name inside an object, NULL inside an array or at the top. */
void json_open_object(struct json *j, const char *key);
void json_open_array(struct json *j, const char *key);
void json_close_object(struct json *j);
void json_close_array(struct json *j);
/* A string, or null when @value is NULL. */
void json_string(struct json *j, const char *key, const char *value);
void json_int(struct json *j, const char *key, int64_t value);
void json_bool(struct json *j, const char *key, bool value);
void json_null(struct json *j, const char *key);
/* A key as the string "0x<hex>" (keys are 64-bit; JSON numbers are not). */
void json_key(struct json *j, const char *key, uint64_t value);
/* End of the document: a newline. */
void json_end(struct json *j);

#endif
