/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_agent_metadata.c - what fence_mpathpr tells Pacemaker and pcs about
 * itself: the metadata XML (checked against fence-agents' own schema), the
 * man page and --help, all from the parameter table.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/xpath.h>

#include "agent/metadata.h"
#include "agent/params.h"

/* Debian's fence-agents package installs the schema its agents follow. */
#define FENCE_AGENTS_SCHEMA "/usr/share/cluster/relaxng/metadata.rng"

typedef int (*writer_fn)(FILE *out);

static char *capture(writer_fn fn)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	assert_non_null(out);
	assert_int_equal(fn(out), 0);
	assert_int_equal(fclose(out), 0);
	assert_non_null(text);
	return text;
}

static int setup_doc(void **state)
{
	char *text = capture(fence_metadata_write_xml);
	xmlDocPtr doc = xmlReadMemory(text, (int)strlen(text), "metadata.xml", NULL,
				      XML_PARSE_NONET);

	free(text);
	assert_non_null(doc);
	*state = doc;
	return 0;
}

static int teardown_doc(void **state)
{
	xmlFreeDoc(*state);
	return 0;
}

/* Number of nodes matching @xpath. */
static int count(xmlDocPtr doc, const char *xpath)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr obj;
	int n;

	assert_non_null(ctx);
	obj = xmlXPathEvalExpression(BAD_CAST xpath, ctx);
	assert_non_null(obj);
	n = obj->nodesetval ? obj->nodesetval->nodeNr : 0;
	xmlXPathFreeObject(obj);
	xmlXPathFreeContext(ctx);
	return n;
}

static void assert_present(xmlDocPtr doc, const char *xpath)
{
	if (count(doc, xpath) != 1)
		fail_msg("expected exactly one match for %s, got %d", xpath, count(doc, xpath));
}

static void xml_is_valid_against_the_fence_agents_schema(void **state)
{
	xmlRelaxNGParserCtxtPtr pctx;
	xmlRelaxNGPtr schema;
	xmlRelaxNGValidCtxtPtr vctx;

	if (access(FENCE_AGENTS_SCHEMA, R_OK) != 0)
		fail_msg("%s is missing: install Debian's fence-agents package (tests/install-deps)",
			 FENCE_AGENTS_SCHEMA);
	pctx = xmlRelaxNGNewParserCtxt(FENCE_AGENTS_SCHEMA);
	assert_non_null(pctx);
	schema = xmlRelaxNGParse(pctx);
	assert_non_null(schema);
	vctx = xmlRelaxNGNewValidCtxt(schema);
	assert_non_null(vctx);
	assert_int_equal(xmlRelaxNGValidateDoc(vctx, *state), 0);
	xmlRelaxNGFreeValidCtxt(vctx);
	xmlRelaxNGFree(schema);
	xmlRelaxNGFreeParserCtxt(pctx);
}

static void xml_names_the_agent(void **state)
{
	assert_present(*state, "/resource-agent[@name='fence_mpathpr' and @shortdesc!='']");
	assert_present(*state, "/resource-agent/longdesc");
	assert_present(*state, "/resource-agent/vendor-url");
}

static void xml_lists_every_table_parameter_once(void **state)
{
	char xpath[160];
	size_t shown = 0;

	for (size_t i = 0; i < fence_params_count(); i++) {
		const struct fence_param *p = fence_param_at(i);

		snprintf(xpath, sizeof(xpath), "//parameter[@name='%s']", p->name);
		if (p->flags & FENCE_PF_HIDDEN) {
			assert_int_equal(count(*state, xpath), 0);
			continue;
		}
		assert_present(*state, xpath);
		shown++;
	}
	assert_int_equal(count(*state, "//parameter"), (int)shown);
}

static void xml_has_the_parameters_pacemaker_and_users_need(void **state)
{
	static const char *const names[] = {
		"action", "devices", "plug", "port", "key", "nodename", "store_path",
		"key_value", "reservation_type", "aptpl", "io_timeout", "delay", "verbose",
		"verbose_level", "debug_file", "quiet", "suppress_errors", "version", "help",
		"mpathpersist_path", "power_timeout", "power_wait",
	};
	char xpath[128];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(xpath, sizeof(xpath), "//parameter[@name='%s']", names[i]);
		assert_present(*state, xpath);
	}
}

static void xml_action_and_devices_come_first_and_are_required(void **state)
{
	assert_present(*state, "//parameters/parameter[1][@name='action' and @required='1']");
	assert_present(*state, "//parameters/parameter[2][@name='devices' and @required='1']");
	assert_int_equal(count(*state, "//parameter[@required='1']"), 2);
}

static void xml_old_option_alias_is_not_shown(void **state)
{
	assert_int_equal(count(*state, "//parameter[@name='option']"), 0);
}

static void xml_plug_obsoletes_deprecated_port(void **state)
{
	assert_present(*state, "//parameter[@name='plug' and @obsoletes='port' and not(@deprecated)]");
	assert_present(*state, "//parameter[@name='port' and @deprecated='1' and not(@obsoletes)]");
	assert_present(*state, "//parameter[@name='port']/getopt[@mixed='-n, --plug=[key]']");
}

static void xml_debug_file_obsoletes_deprecated_debug(void **state)
{
	assert_present(*state, "//parameter[@name='debug_file' and @obsoletes='debug']");
	assert_present(*state, "//parameter[@name='debug' and @deprecated='1']");
}

static void xml_suppress_errors_obsoletes_the_dashed_name(void **state)
{
	assert_present(*state,
		       "//parameter[@name='suppress_errors' and @obsoletes='suppress-errors']");
	assert_present(*state, "//parameter[@name='suppress-errors' and @deprecated='1']");
}

static void xml_fence_mpath_only_parameters_are_deprecated(void **state)
{
	assert_present(*state, "//parameter[@name='mpathpersist_path' and @deprecated='1']");
	assert_present(*state, "//parameter[@name='power_timeout' and @deprecated='1']");
	assert_present(*state, "//parameter[@name='power_wait' and @deprecated='1']");
}

static void xml_current_parameters_are_not_deprecated(void **state)
{
	static const char *const names[] = { "action", "devices", "plug", "key", "store_path",
					     "key_value", "reservation_type", "io_timeout" };
	char xpath[128];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(xpath, sizeof(xpath), "//parameter[@name='%s' and not(@deprecated)]",
			 names[i]);
		assert_present(*state, xpath);
	}
}

static void xml_getopt_mixed_follows_fence_agents(void **state)
{
	assert_present(*state, "//parameter[@name='devices']/getopt[@mixed='-d, --devices=[devices]']");
	assert_present(*state, "//parameter[@name='action']/getopt[@mixed='-o, --action=[action]']");
	assert_present(*state, "//parameter[@name='verbose']/getopt[@mixed='-v, --verbose']");
	assert_present(*state,
		       "//parameter[@name='store_path']/getopt[@mixed='--store-path=[path]']");
}

static void xml_defaults_are_shown(void **state)
{
	assert_present(*state, "//parameter[@name='action']/content[@default='off']");
	assert_present(*state,
		       "//parameter[@name='store_path']/content[@default='/var/run/cluster']");
	assert_present(*state, "//parameter[@name='reservation_type']/content[@default='5']");
	assert_present(*state, "//parameter[@name='io_timeout']/content[@type='second' and @default='10']");
}

static void xml_key_value_is_a_select_of_none_and_hash(void **state)
{
	assert_present(*state, "//parameter[@name='key_value']/content[@type='select']");
	assert_int_equal(count(*state, "//parameter[@name='key_value']/content/option"), 2);
	assert_present(*state, "//parameter[@name='key_value']/content/option[@value='hash']");
}

static void xml_on_is_automatic_unfencing_on_the_target(void **state)
{
	assert_present(*state, "//actions/action[@name='on' and @on_target='1' and @automatic='1']");
	assert_int_equal(count(*state, "//action[@on_target]"), 1);
}

static void xml_reboot_is_not_advertised(void **state)
{
	assert_int_equal(count(*state, "//action[@name='reboot']"), 0);
}

static void xml_advertises_what_pacemaker_calls(void **state)
{
	static const char *const names[] = { "off", "status", "monitor", "list", "list-status",
					     "metadata", "manpage", "validate-all" };
	char xpath[96];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(xpath, sizeof(xpath), "//actions/action[@name='%s']", names[i]);
		assert_present(*state, xpath);
	}
}

static void manpage_is_section_8_with_every_parameter(void **state)
{
	char *man = capture(fence_metadata_write_manpage);
	char needle[96];

	assert_true(strncmp(man, ".TH FENCE_MPATHPR 8", 19) == 0);
	assert_non_null(strstr(man, ".SH PARAMETERS"));
	for (size_t i = 0; i < fence_params_count(); i++) {
		const struct fence_param *p = fence_param_at(i);

		if (p->flags & FENCE_PF_HIDDEN)
			continue;
		snprintf(needle, sizeof(needle), "Standard input name: %s", p->name);
		if (!strchr(p->name, '-') && !strstr(man, needle))
			fail_msg("man page lacks %s", p->name);
	}
	assert_non_null(strstr(man, "\\-d, \\-\\-devices=[devices]"));
	free(man);
}

/* The watchdog checks and the store fence_mpath_check reads are documented. */
static void manpage_names_both_checks_and_the_store_form(void **state)
{
	char *man = capture(fence_metadata_write_manpage);

	(void)state;
	assert_non_null(strstr(man, ".B fence_mpathpr_check\n"));
	assert_non_null(strstr(man, ".B fence_mpathpr_check_hardreboot\n"));
	assert_non_null(strstr(man, ".SH WATCHDOG CHECK"));
	assert_non_null(strstr(man, "RB_AUTOBOOT"));
	assert_non_null(strstr(man, ".SH FILES"));
	assert_non_null(strstr(man, "without 0x and without leading zeros (a1 for 0xa1)"));
	free(man);
}

static void manpage_has_no_stray_requests(void **state)
{
	char *man = capture(fence_metadata_write_manpage);
	static const char *const ok[] = { ".TH ", ".SH ", ".TP", ".B ", ".BR ", ".PP", ".br" };

	for (char *line = strtok(man, "\n"); line; line = strtok(NULL, "\n")) {
		bool known = line[0] != '.' && line[0] != '\'';

		for (size_t i = 0; !known && i < sizeof(ok) / sizeof(ok[0]); i++)
			known = strncmp(line, ok[i], strlen(ok[i])) == 0;
		if (!known)
			fail_msg("unexpected troff request: %s", line);
	}
	free(man);
}

static void usage_lists_options_but_not_stdin_aliases(void **state)
{
	char *usage = capture(fence_metadata_write_usage);

	assert_non_null(strstr(usage, "-d, --devices=[devices]"));
	assert_non_null(strstr(usage, "--key-value=[none|hash]"));
	assert_null(strstr(usage, "Old name of plug"));
	assert_null(strstr(usage, "Old name of action"));
	free(usage);
}

static void param_lookup_treats_dash_and_underscore_alike(void **state)
{
	assert_string_equal(fence_param_find("store-path")->name, "store_path");
	assert_string_equal(fence_param_find("suppress-errors")->name, "suppress-errors");
	assert_int_equal(fence_param_find("option")->id, FENCE_P_ACTION);
	assert_null(fence_param_find("store"));
	assert_null(fence_param_find("store_path_x"));
}

#define D(name) cmocka_unit_test_setup_teardown(name, setup_doc, teardown_doc)

int main(void)
{
	const struct CMUnitTest tests[] = {
		D(xml_is_valid_against_the_fence_agents_schema),
		D(xml_names_the_agent),
		D(xml_lists_every_table_parameter_once),
		D(xml_has_the_parameters_pacemaker_and_users_need),
		D(xml_action_and_devices_come_first_and_are_required),
		D(xml_old_option_alias_is_not_shown),
		D(xml_plug_obsoletes_deprecated_port),
		D(xml_debug_file_obsoletes_deprecated_debug),
		D(xml_suppress_errors_obsoletes_the_dashed_name),
		D(xml_fence_mpath_only_parameters_are_deprecated),
		D(xml_current_parameters_are_not_deprecated),
		D(xml_getopt_mixed_follows_fence_agents),
		D(xml_defaults_are_shown),
		D(xml_key_value_is_a_select_of_none_and_hash),
		D(xml_on_is_automatic_unfencing_on_the_target),
		D(xml_reboot_is_not_advertised),
		D(xml_advertises_what_pacemaker_calls),
		cmocka_unit_test(manpage_is_section_8_with_every_parameter),
		cmocka_unit_test(manpage_names_both_checks_and_the_store_form),
		cmocka_unit_test(manpage_has_no_stray_requests),
		cmocka_unit_test(usage_lists_options_but_not_stdin_aliases),
		cmocka_unit_test(param_lookup_treats_dash_and_underscore_alike),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);

	xmlCleanupParser();
	return r;
}
