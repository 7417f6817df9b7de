// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_cli_status.c - `mpathpr status` against the SPC-4 model: the matrix
 * (each path's nexus registered or not, the holder, the keys) and its JSON,
 * validated against cli/mpathpr-json.schema.json with python3-jsonschema.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "agent_model_env.h"
#include "cli/json.h"
#include "cli/status.h"

#define A	0
#define B	1

/* The status document of @host's LUNs (and @extra, if not NULL). */
static char *status_document(struct env *e, int host, const char *extra)
{
	char *buf = NULL, map[64];
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	struct json j;

	assert_non_null(out);
	json_init(&j, out);
	status_json_begin(&j, "status");
	for (int l = 0; l <= e->n_luns; l++) {
		struct status_lu *lu = NULL;
		const char *dev = l < e->n_luns ? env_map(host, l, map, sizeof(map)) : extra;

		if (!dev)
			continue;
		assert_int_equal(status_collect(e->host[host].ctx, dev, &lu), 0);
		status_json_lu(&j, lu);
		status_lu_free(lu);
	}
	status_json_end(&j);
	fclose(out);
	return buf;
}

/*
 * python3-jsonschema's verdict on @doc: 0 valid, 1 invalid.  Anything else
 * (no python3, no jsonschema, the schema unreadable) fails the test, the
 * validator saying why on stderr, rather than pass for an invalid document.
 * The schema's path is the source tree's, compiled in (MPATHPR_JSON_SCHEMA,
 * unit.am): the test runs from any directory, without make's environment.
 */
static const char validator[] =
	"import json, sys\n"
	"try:\n"
	"    import jsonschema\n"
	"    schema = json.load(open(sys.argv[1]))\n"
	"    doc = json.load(open(sys.argv[2]))\n"
	"except (ImportError, OSError, ValueError) as e:\n"
	"    print('test_cli_status: %s (python3-jsonschema: tests/install-deps)' % e,\n"
	"          file=sys.stderr)\n"
	"    sys.exit(2)\n"
	"try:\n"
	"    jsonschema.validate(doc, schema)\n"
	"except jsonschema.ValidationError:\n"
	"    sys.exit(1)\n";

static int schema_verdict(const char *doc)
{
	char file[] = "/tmp/test_cli_status.XXXXXX", cmd[2048];
	int fd = mkstemp(file), r;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, doc, strlen(doc)), (ssize_t)strlen(doc));
	close(fd);
	snprintf(cmd, sizeof(cmd), "python3 - '%s' '%s' <<'EOF'\n%sEOF\n",
		 MPATHPR_JSON_SCHEMA, file, validator);
	r = system(cmd);
	unlink(file);
	if (r == -1 || !WIFEXITED(r) || WEXITSTATUS(r) > 1)
		fail_msg("cannot validate against %s (status %d)", MPATHPR_JSON_SCHEMA,
			 r == -1 || !WIFEXITED(r) ? -1 : WEXITSTATUS(r));
	return WEXITSTATUS(r);
}

static struct status_lu *collect(struct env *e, int host, int lun)
{
	struct status_lu *lu = NULL;
	char map[64];

	assert_int_equal(status_collect(e->host[host].ctx, env_map(host, lun, map, sizeof(map)),
					&lu), 0);
	return lu;
}

static void test_json_of_registered_hosts_is_valid(void **state)
{
	struct env *e = *state;
	char *doc;

	assert_int_equal(env_unfence_both(e), 0);
	doc = status_document(e, A, NULL);
	assert_non_null(strstr(doc, "\"schema\": \"mpathpr\""));
	assert_int_equal(schema_verdict(doc), 0);
	free(doc);
}

static void test_json_of_an_empty_lu_and_a_missing_device_is_valid(void **state)
{
	struct env *e = *state;
	char *doc = status_document(e, B, "/dev/mapper/b-lun99");

	assert_non_null(strstr(doc, "\"ok\": false"));
	assert_int_equal(schema_verdict(doc), 0);
	free(doc);
}

static void test_schema_rejects_a_wrong_document(void **state)
{
	(void)state;
	assert_int_equal(schema_verdict("{\"schema\": \"mpathpr\", \"version\": 2, "
					"\"command\": \"status\", \"devices\": []}"), 1);
	assert_int_equal(schema_verdict("{\"schema\": \"mpathpr\", \"version\": 1, "
					"\"command\": \"status\", \"devices\": [{\"device\": \"x\", "
					"\"ok\": true, \"error\": null, \"keys\": [\"aa\"]}]}"), 1);
	assert_int_equal(schema_verdict("{\"schema\": \"mpathpr\", \"version\": 1, "
					"\"command\": \"status\", \"devices\": []}"), 0);
}

static void test_every_path_shows_its_hosts_key_and_one_holder(void **state)
{
	struct env *e = *state;
	int holders = 0;

	assert_int_equal(env_unfence_both(e), 0);
	for (int h = A; h <= B; h++) {
		struct status_lu *lu = collect(e, h, 0);

		assert_true(status_lu_ok(lu));
		assert_int_equal(lu->n_paths, ENV_PATHS);
		assert_int_equal(lu->keys->count, 2 * ENV_PATHS);
		for (size_t i = 0; i < lu->n_paths; i++) {
			assert_int_equal(lu->paths[i].nexus.reg, MPATHPR_NEXUS_REGISTERED);
			assert_int_equal(lu->paths[i].nexus.key, e->host[h].key);
			holders += lu->paths[i].nexus.holder;
		}
		assert_true(lu->resv.held);
		assert_int_equal(lu->resv.type, MPATHPR_TYPE_WE_RO);
		status_lu_free(lu);
	}
	assert_int_equal(holders, 1);
}

static void test_a_path_down_during_on_is_unregistered_once_back(void **state)
{
	struct env *e = *state;
	struct status_lu *lu;
	char dev[64], *doc;

	e->host[A].state[0][1] = MPR_PATH_FAILED;
	spc4_model_path_fault(e->m, env_path(e, A, 0, 1, dev, sizeof(dev)),
			      &SPC4_FAULT_INIT(SPC4_FAULT_DOWN));
	assert_int_equal(env_unfence_both(e), 0);
	e->host[A].state[0][1] = MPR_PATH_ACTIVE;
	spc4_model_path_clear_faults(e->m, dev);
	assert_false(spc4_model_path_registered(e->m, dev, NULL));
	lu = collect(e, A, 0);
	assert_int_equal(lu->paths[0].nexus.reg, MPATHPR_NEXUS_REGISTERED);
	assert_int_equal(lu->paths[1].nexus.reg, MPATHPR_NEXUS_UNREGISTERED);
	assert_string_equal(lu->paths[1].info.devnode, dev);
	status_lu_free(lu);
	doc = status_document(e, A, NULL);
	assert_non_null(strstr(doc, "\"registration\": \"unregistered\""));
	assert_int_equal(schema_verdict(doc), 0);
	free(doc);
}

static void test_without_full_status_each_path_lists_the_keys_it_sees(void **state)
{
	struct env *e = *state;
	struct spc4_fault f = SPC4_FAULT_INIT(SPC4_FAULT_SENSE);
	struct status_lu *lu;
	char dev[64], *doc;

	assert_int_equal(env_unfence_both(e), 0);
	f.opcode = 0x5e;
	f.sa = 3;	/* READ FULL STATUS: ILLEGAL REQUEST, INVALID FIELD IN CDB */
	f.sk = 0x5;
	f.asc = 0x24;
	for (int p = 0; p < ENV_PATHS; p++)
		spc4_model_path_fault(e->m, env_path(e, A, 0, p, dev, sizeof(dev)), &f);
	lu = collect(e, A, 0);
	assert_true(status_lu_ok(lu));
	assert_true(lu->per_path_keys);
	for (size_t i = 0; i < lu->n_paths; i++) {
		assert_int_equal(lu->paths[i].keys_error, 0);
		assert_int_equal(lu->paths[i].n_keys, 2 * ENV_PATHS);
	}
	status_lu_free(lu);
	doc = status_document(e, A, NULL);
	assert_non_null(strstr(doc, "\"keys_seen\""));
	assert_int_equal(schema_verdict(doc), 0);
	free(doc);
}

static void test_a_device_refusing_pr_in_is_reported_not_ok(void **state)
{
	struct env *e = *state;
	struct status_lu *lu;
	char *doc;

	assert_int_equal(env_unfence_both(e), 0);
	env_fault_pr_unsupported(e, A, 0, 0x5e);
	lu = collect(e, A, 0);
	assert_false(status_lu_ok(lu));
	assert_int_equal(lu->keys_error, -EOPNOTSUPP);
	assert_int_equal(lu->resv_error, -EOPNOTSUPP);
	status_lu_free(lu);
	doc = status_document(e, A, NULL);
	assert_int_equal(schema_verdict(doc), 0);
	free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_json_of_registered_hosts_is_valid,
						env_setup, env_teardown),
		cmocka_unit_test_setup_teardown(test_json_of_an_empty_lu_and_a_missing_device_is_valid,
						env_setup, env_teardown),
		cmocka_unit_test(test_schema_rejects_a_wrong_document),
		cmocka_unit_test_setup_teardown(test_every_path_shows_its_hosts_key_and_one_holder,
						env_setup, env_teardown),
		cmocka_unit_test_setup_teardown(test_a_path_down_during_on_is_unregistered_once_back,
						env_setup, env_teardown),
		cmocka_unit_test_setup_teardown(test_without_full_status_each_path_lists_the_keys_it_sees,
						env_setup, env_teardown),
		cmocka_unit_test_setup_teardown(test_a_device_refusing_pr_in_is_reported_not_ok,
						env_setup, env_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
