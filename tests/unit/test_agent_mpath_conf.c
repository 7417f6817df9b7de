// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_agent_mpath_conf.c - reservation_key as multipathd reads it from
 * multipath.conf and its config_dir: sections, precedence, comments and
 * quotes, "file", ":aptpl", what multipathd ignores, broken files.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "agent/mpath_conf.h"

#define WWID	"36001405c0ffee0000000000000000000"

struct fx {
	char dir[64];
	char conf[PATH_MAX];
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/mpconf-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->conf, sizeof(f->conf), "%s/multipath.conf", f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

static void write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	assert_int_equal(fputs(text, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
}

/* The key for @wwid from @text as multipath.conf. */
static struct fence_mpconf_key key_of(struct fx *f, const char *text, const char *wwid)
{
	struct fence_mpconf *conf = NULL;
	struct fence_mpconf_key k;
	char err[PATH_MAX + 64];

	write_file(f->conf, text);
	assert_int_equal(fence_mpconf_load(f->conf, &conf, err, sizeof(err)), 0);
	fence_mpconf_key_for(conf, wwid, &k);
	fence_mpconf_free(conf);
	return k;
}

static void test_defaults_fixed_key_and_where(void **state)
{
	struct fx *f = *state;
	struct fence_mpconf_key k = key_of(f, "defaults {\n\tuser_friendly_names yes\n"
					      "\treservation_key 0x1234\n}\n", WWID);
	char where[PATH_MAX + 32];

	assert_int_equal(k.kind, FENCE_MPCONF_KEY_FIXED);
	assert_int_equal(k.key, 0x1234);
	snprintf(where, sizeof(where), "%s line 3", f->conf);
	assert_string_equal(k.where, where);
}

static void test_file_aptpl_quotes_and_comments(void **state)
{
	struct fx *f = *state;

	assert_int_equal(key_of(f, "defaults {\n reservation_key file\n}\n", WWID).kind,
			 FENCE_MPCONF_KEY_FILE);
	assert_int_equal(key_of(f, "defaults {\n reservation_key 0xbb:aptpl\n}\n", WWID).key, 0xbb);
	assert_int_equal(key_of(f, "# reservation_key 0x1\ndefaults {\n"
				   "  reservation_key \"0x55\" # the key\n! reservation_key 0x2\n}\n",
				WWID).key, 0x55);
}

static void test_multipath_entry_then_overrides(void **state)
{
	struct fx *f = *state;
	const char *text = "defaults {\n reservation_key 0xd\n}\nmultipaths {\n multipath {\n"
			   "  wwid " WWID "\n  reservation_key 0xe\n }\n}\n";
	char both[512];

	assert_int_equal(key_of(f, text, WWID).key, 0xe);
	assert_int_equal(key_of(f, text, "3other").key, 0xd);
	snprintf(both, sizeof(both), "%soverrides {\n reservation_key 0xf\n}\n", text);
	assert_int_equal(key_of(f, both, WWID).key, 0xf);
}

static void test_none_and_what_multipathd_ignores(void **state)
{
	struct fx *f = *state;
	struct fence_mpconf *conf = NULL;
	struct fence_mpconf_key k;
	char err[PATH_MAX + 64];

	assert_int_equal(key_of(f, "defaults {\n polling_interval 5\n}\n", WWID).kind,
			 FENCE_MPCONF_KEY_NONE);
	/* an unparsable key is no key, also under a valid default */
	assert_int_equal(key_of(f, "defaults {\n reservation_key 0xzz\n}\n", WWID).kind,
			 FENCE_MPCONF_KEY_NONE);
	/* devices sections carry no reservation_key */
	assert_int_equal(key_of(f, "devices {\n device {\n  reservation_key 0x9\n }\n}\n",
				WWID).kind, FENCE_MPCONF_KEY_NONE);
	/* no file at all */
	assert_int_equal(unlink(f->conf), 0);
	assert_int_equal(fence_mpconf_load(f->conf, &conf, err, sizeof(err)), 0);
	fence_mpconf_key_for(conf, WWID, &k);
	assert_int_equal(k.kind, FENCE_MPCONF_KEY_NONE);
	fence_mpconf_free(conf);
}

static void test_config_dir_files_come_later_and_win(void **state)
{
	struct fx *f = *state;
	char dir[PATH_MAX], path[PATH_MAX + 32], text[PATH_MAX + 128];

	snprintf(dir, sizeof(dir), "%s/conf.d", f->dir);
	assert_int_equal(mkdir(dir, 0700), 0);
	snprintf(path, sizeof(path), "%s/10-key.conf", dir);
	write_file(path, "defaults {\n reservation_key 0x10\n}\n");
	snprintf(path, sizeof(path), "%s/20-key.conf", dir);
	write_file(path, "defaults {\n reservation_key 0x20\n}\n");
	snprintf(path, sizeof(path), "%s/30-key.conf.off", dir);
	write_file(path, "defaults {\n reservation_key 0x30\n}\n");
	snprintf(text, sizeof(text), "defaults {\n config_dir %s\n reservation_key 0x1\n}\n", dir);
	assert_int_equal(key_of(f, text, WWID).key, 0x20);
}

static void test_prkeys_file_from_defaults_else_multipathds_default(void **state)
{
	struct fx *f = *state;
	struct fence_mpconf *conf = NULL;
	char err[PATH_MAX + 64];

	write_file(f->conf, "defaults {\n reservation_key file\n}\n"
		   "multipaths {\n multipath {\n  prkeys_file /not/here\n }\n}\n");
	assert_int_equal(fence_mpconf_load(f->conf, &conf, err, sizeof(err)), 0);
	assert_string_equal(fence_mpconf_prkeys_file(conf), "/etc/multipath/prkeys");
	fence_mpconf_free(conf);
	write_file(f->conf, "defaults {\n prkeys_file \"/var/lib/mp/prkeys\"\n}\n");
	assert_int_equal(fence_mpconf_load(f->conf, &conf, err, sizeof(err)), 0);
	assert_string_equal(fence_mpconf_prkeys_file(conf), "/var/lib/mp/prkeys");
	fence_mpconf_free(conf);
}

static void test_unbalanced_braces_are_an_error_naming_the_file(void **state)
{
	struct fx *f = *state;
	struct fence_mpconf *conf = NULL;
	char err[PATH_MAX + 64];

	write_file(f->conf, "defaults {\n reservation_key 0x1\n");
	assert_int_equal(fence_mpconf_load(f->conf, &conf, err, sizeof(err)), -EBADMSG);
	assert_non_null(strstr(err, f->conf));
	assert_null(conf);
	write_file(f->conf, "}\n");
	assert_int_equal(fence_mpconf_load(f->conf, &conf, err, sizeof(err)), -EBADMSG);
	assert_non_null(strstr(err, "line 1"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_defaults_fixed_key_and_where, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_aptpl_quotes_and_comments, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_multipath_entry_then_overrides, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_none_and_what_multipathd_ignores, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_config_dir_files_come_later_and_win, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_prkeys_file_from_defaults_else_multipathds_default, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_unbalanced_braces_are_an_error_naming_the_file, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
