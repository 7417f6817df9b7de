/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Unit tests for mpathpr_read_nexus_status() (path_nexus.c): which path's
 * I_T nexus carries which registration, against the SPC-4 model set up the
 * way the lab's LIO target is (two hosts, two iSCSI sessions each through
 * ONE target port, so only the ISID tells the nexuses apart), and the pure
 * matching on hand-made READ FULL STATUS descriptors.
 */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ctx.h"
#include "tests/model/spc4_model.h"
#include "mpathpr/mpathpr.h"
#include "path_nexus.h"
#include "topology.h"

#define KEY_A	0xaaaaULL
#define KEY_B	0xbbbbULL
#define INI_A	"iqn.2026-01.test:host-a"
#define INI_B	"iqn.2026-01.test:host-b"
#define N_PATHS	2

struct env;

struct host_ref {
	const struct env *e;
	int h;
};

/* Host h, path p: session 2h+p+1, as open-iscsi numbers them on one machine. */
struct env {
	struct spc4_model *m;
	struct mpr_transport tr;
	struct mpathpr_ctx *ctx[2];
	struct host_ref host[2];
	enum mpr_path_state state[2][N_PATHS];
	bool unidentified[2][N_PATHS];	/* sysfs did not tell who the path is */
};

static const char *dev_of(int h, int p, char *buf, size_t len)
{
	snprintf(buf, len, "/dev/sd%c", 'a' + 2 * h + p);
	return buf;
}

static void port_of(int h, int p, char *buf, size_t len)
{
	snprintf(buf, len, "%s,i,0x%012llx", h ? INI_B : INI_A,
		 0x00023d000000ULL + (unsigned long long)(2 * h + p + 1));
}

static int resolve(void *data, const char *path, int fd, struct mpr_topology **ret)
{
	const struct host_ref *ref = data;
	const struct env *e = ref->e;
	int h = ref->h;
	struct mpr_topology *t = calloc(1, sizeof(*t));

	(void)path;
	(void)fd;
	if (!t || !(t->paths = calloc(N_PATHS, sizeof(*t->paths)))) {
		free(t);
		return -ENOMEM;
	}
	t->kind = MPR_DEV_MULTIPATH;
	snprintf(t->name, sizeof(t->name), "%c-lun0", 'a' + h);
	snprintf(t->devnode, sizeof(t->devnode), "/dev/mapper/%s", t->name);
	t->n_paths = N_PATHS;
	for (int p = 0; p < N_PATHS; p++) {
		struct mpr_topo_path *tp = &t->paths[p];

		dev_of(h, p, tp->devnode, sizeof(tp->devnode));
		tp->major = 8;
		tp->minor = (unsigned int)(16 * (2 * h + p));
		tp->group = 1;
		tp->state = e->state[h][p];
		snprintf(tp->target_port, sizeof(tp->target_port), "iqn.2026-01.test:san,t,1");
		if (e->unidentified[h][p])
			continue;
		tp->initiator_known = true;
		tp->initiator.protocol_id = MPR_TPID_ISCSI;
		tp->initiator.format_code = 1;
		port_of(h, p, tp->initiator.iscsi_name, sizeof(tp->initiator.iscsi_name));
		tp->rel_tgt_port_known = true;
		tp->rel_tgt_port = 1;
	}
	*ret = t;
	return 0;
}

static int setup(void **state)
{
	struct env *e = calloc(1, sizeof(*e));
	char dev[16], port[64];

	if (!e || !(e->m = spc4_model_new()) || spc4_model_add_lu(e->m, "36001405nexus0") < 0)
		return -1;
	for (int h = 0; h < 2; h++)
		for (int p = 0; p < N_PATHS; p++) {
			port_of(h, p, port, sizeof(port));
			/* one target port for every path, as LIO's one TPG */
			if (spc4_model_add_path(e->m, dev_of(h, p, dev, sizeof(dev)), 0, port, 1) < 0)
				return -1;
		}
	spc4_model_transport(e->m, &e->tr);
	for (int h = 0; h < 2; h++) {
		e->host[h] = (struct host_ref){ .e = e, .h = h };
		if (mpathpr_ctx_new(&e->ctx[h]) < 0)
			return -1;
		/* the library's defaults, and a path wait as long as the io timeout:
		 * no live path of the model is given up on, on a loaded machine too */
		mpathpr_ctx_set_path_wait(e->ctx[h], 10000);
		mpr_ctx_set_backend(e->ctx[h], &e->tr, resolve, &e->host[h]);
	}
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	struct env *e = *state;

	for (int h = 0; h < 2; h++)
		mpathpr_ctx_free(e->ctx[h]);
	spc4_model_free(e->m);
	free(e);
	return 0;
}

static struct mpathpr_dev *open_host(struct env *e, int h)
{
	struct mpathpr_dev *dev = NULL;

	assert_int_equal(mpathpr_dev_open(e->ctx[h], h ? "/dev/mapper/b-lun0" :
					  "/dev/mapper/a-lun0", &dev), 0);
	return dev;
}

static void register_host(struct env *e, int h, uint64_t key)
{
	struct mpathpr_dev *dev = open_host(e, h);

	/* a path that is down answers nothing: not an error of this test */
	(void)mpathpr_register(dev, 0, key, MPATHPR_REG_IGNORE_EXISTING, NULL);
	mpathpr_dev_close(dev);
}

static struct mpathpr_nexus_status *nexus_of(struct env *e, int h)
{
	struct mpathpr_dev *dev = open_host(e, h);
	struct mpathpr_nexus_status *s = NULL;

	assert_int_equal(mpathpr_read_nexus_status(dev, &s, NULL), 0);
	assert_non_null(s);
	assert_int_equal(s->count, N_PATHS);
	mpathpr_dev_close(dev);
	return s;
}

static void every_registered_path_shows_its_key(void **state)
{
	struct env *e = *state;
	struct mpathpr_nexus_status *s;

	register_host(e, 1, KEY_B);
	s = nexus_of(e, 1);
	for (int p = 0; p < N_PATHS; p++) {
		assert_int_equal(s->paths[p].reg, MPATHPR_NEXUS_REGISTERED);
		assert_true(s->paths[p].key == KEY_B);
		assert_false(s->paths[p].holder);
		assert_true(s->paths[p].rel_tgt_port_valid);
		assert_int_equal(s->paths[p].rel_tgt_port, 1);
	}
	assert_string_equal(s->paths[1].initiator_port, INI_B ",i,0x00023d000004");
	assert_string_equal(s->paths[1].target_port, "iqn.2026-01.test:san,t,1");
	assert_string_equal(s->paths[1].path.devnode, "/dev/sdd");
	assert_int_equal(s->generation, spc4_model_generation(e->m, 0));
	free(s);
}

/* The bug of issue 12: the path was down during REGISTER and came back. */
static void path_back_after_register_is_unregistered_beside_a_registered_one(void **state)
{
	struct env *e = *state;
	struct mpathpr_nexus_status *s;

	e->state[1][1] = MPR_PATH_FAILED;
	register_host(e, 1, KEY_B);
	e->state[1][1] = MPR_PATH_ACTIVE;
	assert_false(spc4_model_path_registered(e->m, "/dev/sdd", NULL));
	s = nexus_of(e, 1);
	assert_int_equal(s->paths[0].reg, MPATHPR_NEXUS_REGISTERED);
	assert_true(s->paths[0].key == KEY_B);
	assert_int_equal(s->paths[1].reg, MPATHPR_NEXUS_UNREGISTERED);
	assert_int_equal(s->paths[1].path.state, MPATHPR_PATH_ACTIVE);
	free(s);
}

static void another_hosts_registration_is_not_ours(void **state)
{
	struct env *e = *state;
	struct mpathpr_nexus_status *s;

	register_host(e, 0, KEY_A);
	s = nexus_of(e, 1);
	for (int p = 0; p < N_PATHS; p++)
		assert_int_equal(s->paths[p].reg, MPATHPR_NEXUS_UNREGISTERED);
	free(s);
	s = nexus_of(e, 0);
	assert_int_equal(s->paths[0].reg, MPATHPR_NEXUS_REGISTERED);
	assert_true(s->paths[0].key == KEY_A);
	free(s);
}

static void the_holders_nexus_is_marked(void **state)
{
	struct env *e = *state;
	struct mpathpr_nexus_status *s;
	size_t holders = 0;

	register_host(e, 1, KEY_B);
	{
		struct mpathpr_dev *dev = open_host(e, 1);

		assert_int_equal(mpathpr_reserve(dev, KEY_B, MPATHPR_TYPE_WE_RO, NULL), 0);
		mpathpr_dev_close(dev);
	}
	s = nexus_of(e, 1);
	for (int p = 0; p < N_PATHS; p++) {
		char dev[16];

		holders += s->paths[p].holder;
		assert_int_equal(s->paths[p].holder,
				 spc4_model_path_holds(e->m, dev_of(1, p, dev, sizeof(dev))));
	}
	assert_int_equal(holders, 1);
	free(s);
}

static void device_without_read_full_status_leaves_every_path_unknown(void **state)
{
	struct env *e = *state;
	struct spc4_fault f = SPC4_FAULT_INIT(SPC4_FAULT_SENSE);
	struct mpathpr_nexus_status *s;
	char dev[16];

	f.opcode = 0x5e;
	f.sa = MPR_PRIN_READ_FULL_STATUS;
	f.sk = 0x5;	/* ILLEGAL REQUEST, INVALID FIELD IN CDB */
	f.asc = 0x24;
	register_host(e, 1, KEY_B);
	for (int p = 0; p < N_PATHS; p++)
		assert_int_equal(spc4_model_path_fault(e->m, dev_of(1, p, dev, sizeof(dev)), &f), 0);
	s = nexus_of(e, 1);
	for (int p = 0; p < N_PATHS; p++) {
		assert_int_equal(s->paths[p].reg, MPATHPR_NEXUS_UNKNOWN);
		assert_int_equal(s->paths[p].error, -EOPNOTSUPP);
		/* the identity is still reported */
		assert_true(s->paths[p].initiator_port[0] != '\0');
	}
	free(s);
}

static void unidentified_path_is_unknown_and_the_others_are_judged(void **state)
{
	struct env *e = *state;
	struct mpathpr_nexus_status *s;

	e->state[1][1] = MPR_PATH_FAILED;
	register_host(e, 1, KEY_B);
	e->state[1][1] = MPR_PATH_ACTIVE;
	e->unidentified[1][1] = true;
	s = nexus_of(e, 1);
	assert_int_equal(s->paths[0].reg, MPATHPR_NEXUS_REGISTERED);
	assert_int_equal(s->paths[1].reg, MPATHPR_NEXUS_UNKNOWN);
	assert_int_equal(s->paths[1].error, -ENODATA);
	assert_string_equal(s->paths[1].initiator_port, "");
	assert_false(s->paths[1].rel_tgt_port_valid);
	free(s);
}

static void no_answer_from_any_path_is_an_error(void **state)
{
	struct env *e = *state;
	struct mpathpr_nexus_status *s = (struct mpathpr_nexus_status *)0x1;
	struct mpathpr_dev *dev = open_host(e, 1);
	char name[16];

	for (int p = 0; p < N_PATHS; p++)
		spc4_model_path_fault(e->m, dev_of(1, p, name, sizeof(name)),
				      &SPC4_FAULT_INIT(SPC4_FAULT_DOWN));
	assert_true(mpathpr_read_nexus_status(dev, &s, NULL) < 0);
	assert_ptr_equal(s, (struct mpathpr_nexus_status *)0x1);
	assert_int_equal(mpathpr_read_nexus_status(NULL, &s, NULL), -EINVAL);
	assert_int_equal(mpathpr_read_nexus_status(dev, NULL, NULL), -EINVAL);
	mpathpr_dev_close(dev);
}

/* ---- the matching alone ---- */

static struct mpr_tid iscsi(const char *name, int format)
{
	struct mpr_tid t = { .protocol_id = MPR_TPID_ISCSI, .format_code = (uint8_t)format };

	snprintf(t.iscsi_name, sizeof(t.iscsi_name), "%s", name);
	return t;
}

static struct mpr_prin_fs_desc desc_of(uint64_t key, uint16_t rtp, struct mpr_tid tid)
{
	return (struct mpr_prin_fs_desc){ .key = key, .rel_tgt_port = rtp, .tid_known = true,
					  .tid = tid };
}

static void one_path(struct mpr_topology *t, struct mpr_topo_path *p, struct mpr_tid ini,
		     uint16_t rtp)
{
	memset(t, 0, sizeof(*t));
	memset(p, 0, sizeof(*p));
	p->initiator_known = true;
	p->initiator = ini;
	p->rel_tgt_port_known = true;
	p->rel_tgt_port = rtp;
	t->n_paths = 1;
	t->paths = p;
}

static void iscsi_ports_compare_names_without_case_and_isids_as_numbers(void **state)
{
	struct mpr_tid a = iscsi("iqn.2026-01.Test:Host-B,i,0x23d000004", 1);
	struct mpr_tid b = iscsi("iqn.2026-01.test:host-b,I,0X00023D000004", 1);
	struct mpr_tid c = iscsi("iqn.2026-01.test:host-b,i,0x00023d000003", 1);
	struct mpr_tid bare = iscsi("iqn.2026-01.test:host-b", 0);
	struct mpr_tid bad = iscsi("iqn.2026-01.test:host-b,i,0xzz", 1);

	(void)state;
	assert_int_equal(mpr_initiator_port_match(&a, &b), MPR_PORT_SAME);
	assert_int_equal(mpr_initiator_port_match(&a, &c), MPR_PORT_OTHER);
	assert_int_equal(mpr_initiator_port_match(&a, &bare), MPR_PORT_NAME_ONLY);
	assert_int_equal(mpr_initiator_port_match(&bare, &bare), MPR_PORT_SAME);
	assert_int_equal(mpr_initiator_port_match(&bad, &a), MPR_PORT_OTHER);
}

static void fc_ports_compare_wwpns(void **state)
{
	struct mpr_tid a = { .protocol_id = MPR_TPID_FC,
			     .n_port_name = { 0x21, 0, 0, 0x24, 0xff, 0x31, 0xa2, 0xb4 } };
	struct mpr_tid b = a, iscsi_b = iscsi("0x21000024ff31a2b4", 0);

	(void)state;
	assert_int_equal(mpr_initiator_port_match(&a, &b), MPR_PORT_SAME);
	b.n_port_name[7] = 0xb5;
	assert_int_equal(mpr_initiator_port_match(&a, &b), MPR_PORT_OTHER);
	assert_int_equal(mpr_initiator_port_match(&a, &iscsi_b), MPR_PORT_OTHER);
}

static void registration_through_another_target_port_is_not_this_nexus(void **state)
{
	struct mpr_topology t;
	struct mpr_topo_path p;
	struct mpr_prin_fs_desc d = desc_of(KEY_B, 2, iscsi(INI_B ",i,0x00023d000003", 1));
	struct mpr_path_nexus_verdict v;

	(void)state;
	one_path(&t, &p, iscsi(INI_B ",i,0x00023d000003", 1), 1);
	mpr_path_nexus_judge(&t, &d, 1, true, &v);
	assert_int_equal(v.reg, MPATHPR_NEXUS_UNREGISTERED);
	/* ... unless it was made for all target ports */
	d.all_tg_pt = true;
	mpr_path_nexus_judge(&t, &d, 1, true, &v);
	assert_int_equal(v.reg, MPATHPR_NEXUS_REGISTERED);
	assert_true(v.key == KEY_B);
}

static void registration_naming_only_the_initiator_is_not_guessed(void **state)
{
	struct mpr_topology t;
	struct mpr_topo_path p;
	struct mpr_prin_fs_desc d[2] = {
		desc_of(KEY_B, 1, iscsi(INI_B, 0)),
		desc_of(KEY_B, 1, iscsi(INI_B ",i,0x00023d000004", 1)),
	};
	struct mpr_path_nexus_verdict v;

	(void)state;
	one_path(&t, &p, iscsi(INI_B ",i,0x00023d000003", 1), 1);
	mpr_path_nexus_judge(&t, d, 1, true, &v);
	assert_int_equal(v.reg, MPATHPR_NEXUS_UNKNOWN);
	assert_int_equal(v.error, -ENOTUNIQ);
	/* an exact match decides, whatever else is listed */
	p.initiator = iscsi(INI_B ",i,0x00023d000004", 1);
	mpr_path_nexus_judge(&t, d, 2, true, &v);
	assert_int_equal(v.reg, MPATHPR_NEXUS_REGISTERED);
}

static void two_keys_for_one_nexus_or_a_cut_list_are_unknown(void **state)
{
	struct mpr_topology t;
	struct mpr_topo_path p;
	struct mpr_tid me = iscsi(INI_B ",i,0x00023d000003", 1);
	struct mpr_prin_fs_desc d[2] = { desc_of(KEY_A, 1, me), desc_of(KEY_B, 1, me) };
	struct mpr_path_nexus_verdict v;

	(void)state;
	one_path(&t, &p, me, 1);
	mpr_path_nexus_judge(&t, d, 2, true, &v);
	assert_int_equal(v.reg, MPATHPR_NEXUS_UNKNOWN);
	assert_int_equal(v.error, -EPROTO);
	/* a response cut short: what is in it counts, absence proves nothing */
	mpr_path_nexus_judge(&t, d, 1, false, &v);
	assert_int_equal(v.reg, MPATHPR_NEXUS_REGISTERED);
	p.initiator = iscsi(INI_B ",i,0x00023d000009", 1);
	mpr_path_nexus_judge(&t, d, 2, false, &v);
	assert_int_equal(v.reg, MPATHPR_NEXUS_UNKNOWN);
	assert_int_equal(v.error, -EOVERFLOW);
	mpr_path_nexus_judge(&t, d, 2, true, &v);
	assert_int_equal(v.reg, MPATHPR_NEXUS_UNREGISTERED);
}

static void descriptor_of_an_unknown_protocol_matches_nothing(void **state)
{
	struct mpr_topology t;
	struct mpr_topo_path p;
	struct mpr_prin_fs_desc d = desc_of(KEY_B, 1, iscsi(INI_B ",i,0x00023d000003", 1));
	struct mpr_path_nexus_verdict v;

	(void)state;
	d.tid_known = false;
	one_path(&t, &p, iscsi(INI_B ",i,0x00023d000003", 1), 1);
	mpr_path_nexus_judge(&t, &d, 1, true, &v);
	assert_int_equal(v.reg, MPATHPR_NEXUS_UNREGISTERED);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(every_registered_path_shows_its_key),
		T(path_back_after_register_is_unregistered_beside_a_registered_one),
		T(another_hosts_registration_is_not_ours),
		T(the_holders_nexus_is_marked),
		T(device_without_read_full_status_leaves_every_path_unknown),
		T(unidentified_path_is_unknown_and_the_others_are_judged),
		T(no_answer_from_any_path_is_an_error),
		cmocka_unit_test(iscsi_ports_compare_names_without_case_and_isids_as_numbers),
		cmocka_unit_test(fc_ports_compare_wwpns),
		cmocka_unit_test(registration_through_another_target_port_is_not_this_nexus),
		cmocka_unit_test(registration_naming_only_the_initiator_is_not_guessed),
		cmocka_unit_test(two_keys_for_one_nexus_or_a_cut_list_are_unknown),
		cmocka_unit_test(descriptor_of_an_unknown_protocol_matches_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
