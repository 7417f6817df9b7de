/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * mpr-prtool - drive libmpathpr from the lab's scenarios.
 *
 *   mpr-prtool DEVICE register KEY          REGISTER AND IGNORE EXISTING KEY, every path
 *   mpr-prtool DEVICE register-key OLD NEW  REGISTER, every path
 *   mpr-prtool DEVICE unregister KEY
 *   mpr-prtool DEVICE reserve KEY [TYPE]    TYPE defaults to 5
 *   mpr-prtool DEVICE release KEY [TYPE]
 *   mpr-prtool DEVICE clear KEY
 *   mpr-prtool DEVICE preempt KEY VICTIM [TYPE]
 *   mpr-prtool DEVICE preempt-abort KEY VICTIM [TYPE]
 *   mpr-prtool DEVICE register-move KEY DEST-KEY ISCSI-PORT [TYPE]
 *                                           REGISTER AND MOVE the reservation held with KEY
 *                                           to the initiator port "iqn...,i,0x<isid>"
 *   mpr-prtool DEVICE read-keys             "generation 0x..", then "key 0x<16 hex>" lines
 *   mpr-prtool DEVICE read-reservation      "reservation none" | "reservation 0x<key> type <n>"
 *   mpr-prtool DEVICE capabilities          REPORT CAPABILITIES: "<field> <value>" lines
 *                                           (crh sip_c atp_c ptpl_c tmv ptpl_a type_mask)
 *   mpr-prtool DEVICE full-status           READ FULL STATUS: "generation 0x..", then per
 *                                           registration "key 0x.. holder <0|1> all_tg_pt
 *                                           <0|1> type <n> rtpi <n> tid <initiator port>"
 *   mpr-prtool DEVICE key-matrix            per path: "<devnode> <state> key 0x.. ..." or
 *                                           "<devnode> <state> error <text>"
 *
 * PR OUT and the PR IN verbs but key-matrix go through the classic API
 * (mpath_persistent_reserve_out/in), so the exit status is its MPATH_PR_*
 * code; key-matrix uses the native API (exit 0, or 15 on failure).
 * Usage errors exit 1 (MPATH_PR_SYNTAX_ERROR) before anything is sent.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mpathpr/mpath_persist.h"
#include "mpathpr/mpathpr.h"

struct verb {
	const char *name;
	int sa;		/* PR OUT service action, or -1 */
	int n_keys;	/* KEY arguments before the optional TYPE */
	bool has_type;
	bool has_tid;	/* an iSCSI initiator port follows the keys */
};

static const struct verb verbs[] = {
	{ "register", MPATH_PROUT_REG_IGN_SA, 1, false, false },
	{ "register-key", MPATH_PROUT_REG_SA, 2, false, false },
	{ "unregister", MPATH_PROUT_REG_SA, 1, false, false },
	{ "reserve", MPATH_PROUT_RES_SA, 1, true, false },
	{ "release", MPATH_PROUT_REL_SA, 1, true, false },
	{ "clear", MPATH_PROUT_CLEAR_SA, 1, false, false },
	{ "preempt", MPATH_PROUT_PREE_SA, 2, true, false },
	{ "preempt-abort", MPATH_PROUT_PREE_AB_SA, 2, true, false },
	{ "register-move", MPATH_PROUT_REG_MOV_SA, 2, true, true },
	{ "read-keys", -1, 0, false, false },
	{ "read-reservation", -1, 0, false, false },
	{ "capabilities", -1, 0, false, false },
	{ "full-status", -1, 0, false, false },
	{ "key-matrix", -1, 0, false, false },
};

static void usage_error(const char *msg, const char *arg)
{
	fprintf(stderr, "mpr-prtool: %s%s%s\n", msg, arg ? ": " : "", arg ? arg : "");
	exit(MPATH_PR_SYNTAX_ERROR);
}

static void put_key(uint8_t out[8], uint64_t key)
{
	for (int i = 7; i >= 0; i--, key >>= 8)
		out[i] = key & 0xff;
}

static uint64_t get_key(const uint8_t in[8])
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = v << 8 | in[i];
	return v;
}

static uint64_t parse_key(const char *s)
{
	uint64_t key;

	/* "0" is a valid argument here (unregister, register from nothing) */
	if (!strcmp(s, "0") || !strcmp(s, "0x0"))
		return 0;
	if (mpathpr_key_parse(s, &key) < 0)
		usage_error("bad key", s);
	return key;
}

/* An iSCSI TransportID (format 01: name,i,0x<isid>) for REGISTER AND MOVE. */
static struct transportid *iscsi_tid(const char *port)
{
	struct transportid *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	if (strlen(port) >= sizeof(t->iscsi_name) || !strstr(port, ",i,0x"))
		usage_error("bad iSCSI initiator port (iqn...,i,0x<isid>)", port);
	t->format_code = 1 << 6;
	t->protocol_id = MPATH_PROTOCOL_ID_ISCSI;
	memcpy(t->iscsi_name, port, strlen(port));
	return t;
}

static int do_prout(int fd, const struct verb *v, char **args, int nargs)
{
	struct prout_param_descriptor *p =
		calloc(1, sizeof(*p) + sizeof(p->trnptid_list[0]));
	unsigned int type = MPATH_PRTPE_WE_RO;
	int r;

	if (!p)
		return MPATH_PR_OTHER;
	if (v->has_tid) {
		p->trnptid_list[0] = iscsi_tid(args[v->n_keys]);
		p->num_transportid = 1;
		if (!p->trnptid_list[0]) {
			free(p);
			return MPATH_PR_OTHER;
		}
	}
	if (v->n_keys == 2) {
		put_key(p->key, parse_key(args[0]));
		put_key(p->sa_key, parse_key(args[1]));
	} else if (v->sa == MPATH_PROUT_REG_IGN_SA) {
		put_key(p->sa_key, parse_key(args[0]));
	} else {
		put_key(p->key, parse_key(args[0]));	/* unregister: sa_key stays 0 */
	}
	if (nargs > v->n_keys + v->has_tid) {
		const char *arg = args[v->n_keys + v->has_tid];
		char *end;
		unsigned long t = strtoul(arg, &end, 0);

		if (*end || t > 15)
			usage_error("bad type", arg);
		type = (unsigned int)t;
	}
	r = mpath_persistent_reserve_out(fd, v->sa, MPATH_LU_SCOPE, type, p, 0, 3);
	free(p->trnptid_list[0]);
	free(p);
	return r;
}

static void print_keys(const struct prin_resp *resp)
{
	const struct prin_readdescr *k = &resp->prin_descriptor.prin_readkeys;

	printf("generation 0x%" PRIx32 "\n", k->prgeneration);
	for (uint32_t i = 0; i + 8 <= k->additional_length; i += 8)
		printf("key 0x%016" PRIx64 "\n", get_key(&k->key_list[i]));
}

static void print_reservation(const struct prin_resp *resp)
{
	const struct prin_resvdescr *d = &resp->prin_descriptor.prin_readresv;

	if (!d->additional_length)
		printf("reservation none\n");
	else
		printf("reservation 0x%016" PRIx64 " type %u\n", get_key(d->key),
		       d->scope_type & MPATH_PR_TYPE_MASK);
}

static void print_capabilities(const struct prin_resp *resp)
{
	const struct prin_capdescr *c = &resp->prin_descriptor.prin_readcap;

	printf("crh %d\nsip_c %d\natp_c %d\nptpl_c %d\ntmv %d\nptpl_a %d\ntype_mask 0x%04x\n",
	       !!(c->flags[0] & 0x10), !!(c->flags[0] & 0x08), !!(c->flags[0] & 0x04),
	       !!(c->flags[0] & 0x01), !!(c->flags[1] & 0x80), !!(c->flags[1] & 0x01),
	       c->pr_type_mask);
}

static void print_full_status(const struct prin_resp *resp)
{
	const struct print_fulldescr_list *l = &resp->prin_descriptor.prin_readfd;

	printf("generation 0x%" PRIx32 "\n", l->prgeneration);
	for (uint32_t i = 0; i < l->number_of_descriptor; i++) {
		const struct prin_fulldescr *d = l->descriptors[i];

		printf("key 0x%016" PRIx64 " holder %d all_tg_pt %d type %u rtpi %u tid %s\n",
		       get_key(d->key), d->flag & 0x01, !!(d->flag & 0x02),
		       d->scope_type & MPATH_PR_TYPE_MASK, d->rtpi,
		       d->trnptid.protocol_id == MPATH_PROTOCOL_ID_ISCSI ?
		       (const char *)d->trnptid.iscsi_name : "-");
	}
}

/* One PR IN through the classic API; @print shows the answer when it succeeded. */
static int do_prin(int fd, int sa, void (*print)(const struct prin_resp *))
{
	struct prin_resp *resp = mpath_alloc_prin_response(sa);
	int r;

	if (!resp)
		return MPATH_PR_OTHER;
	r = mpath_persistent_reserve_in(fd, sa, resp, 0, 3);
	if (r == MPATH_PR_SUCCESS)
		print(resp);
	free(resp);
	return r;
}

static const char *state_name(enum mpathpr_path_state s)
{
	return s == MPATHPR_PATH_ACTIVE ? "active" : s == MPATHPR_PATH_FAILED ? "failed" : "offline";
}

static int do_key_matrix(const char *device)
{
	struct mpathpr_ctx *ctx = NULL;
	struct mpathpr_dev *dev = NULL;
	struct mpathpr_key_matrix *m = NULL;
	int r = mpathpr_ctx_new(&ctx);

	if (r == 0)
		r = mpathpr_dev_open(ctx, device, &dev);
	if (r == 0)
		r = mpathpr_read_key_matrix(dev, &m, NULL);
	if (r < 0) {
		fprintf(stderr, "mpr-prtool: %s: %s\n", device, mpathpr_strerror(r));
	} else {
		for (size_t i = 0; i < m->count; i++) {
			const struct mpathpr_path_keys *pk = &m->paths[i];

			printf("%s %s", pk->path.devnode, state_name(pk->path.state));
			if (pk->error)
				printf(" error %s", mpathpr_strerror(pk->error));
			for (size_t k = 0; !pk->error && k < pk->count; k++)
				printf(" key 0x%016" PRIx64, pk->keys[k]);
			printf("\n");
		}
	}
	mpathpr_key_matrix_free(m);
	mpathpr_dev_close(dev);
	mpathpr_ctx_free(ctx);
	return r < 0 ? MPATH_PR_OTHER : 0;
}

int main(int argc, char **argv)
{
	const struct verb *v = NULL;
	int fd, r, nargs;

	if (argc < 3)
		usage_error("usage: mpr-prtool DEVICE COMMAND [ARGS]", NULL);
	for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (!strcmp(argv[2], verbs[i].name))
			v = &verbs[i];
	if (!v)
		usage_error("unknown command", argv[2]);
	nargs = argc - 3;
	if (nargs < v->n_keys + v->has_tid ||
	    nargs > v->n_keys + v->has_tid + (v->has_type ? 1 : 0))
		usage_error("wrong number of arguments for", v->name);
	if (!strcmp(v->name, "key-matrix"))
		return do_key_matrix(argv[1]);
	fd = open(argv[1], O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "mpr-prtool: %s: %s\n", argv[1], strerror(errno));
		return MPATH_PR_FILE_ERROR;
	}
	if (v->sa >= 0)
		r = do_prout(fd, v, argv + 3, nargs);
	else if (!strcmp(v->name, "read-keys"))
		r = do_prin(fd, MPATH_PRIN_RKEY_SA, print_keys);
	else if (!strcmp(v->name, "capabilities"))
		r = do_prin(fd, MPATH_PRIN_RCAP_SA, print_capabilities);
	else if (!strcmp(v->name, "full-status"))
		r = do_prin(fd, MPATH_PRIN_RFSTAT_SA, print_full_status);
	else
		r = do_prin(fd, MPATH_PRIN_RRES_SA, print_reservation);
	close(fd);
	return r;
}
