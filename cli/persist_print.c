// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * persist_print.c - mpathpersist's PR IN text and TransportID forms (see
 * persist_print.h).  The texts are an interface: fence_mpath, its watchdog
 * checks and site scripts match them.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <string.h>

#include "cli/persist_print.h"

static const char *const type_names[16] = {
	"obsolete [0]", "Write Exclusive", "obsolete [2]", "Exclusive Access",
	"obsolete [4]", "Write Exclusive, registrants only",
	"Exclusive Access, registrants only", "Write Exclusive, all registrants",
	"Exclusive Access, all registrants", "obsolete [9]", "obsolete [0xa]",
	"obsolete [0xb]", "obsolete [0xc]", "obsolete [0xd]", "obsolete [0xe]",
	"obsolete [0xf]",
};

const char *persist_type_name(unsigned int type)
{
	return type_names[type & 0x0f];
}

static uint64_t be64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

static void print_keys(FILE *out, const struct prin_readdescr *k)
{
	uint32_t n = k->additional_length / 8;

	fprintf(out, "  PR generation=0x%x, ", k->prgeneration);
	if (n == 0) {
		fputs("\t0 registered reservation key.\n", out);
		return;
	}
	if (n == 1)
		fputs("\t1 registered reservation key follows:\n", out);
	else
		fprintf(out, "\t%d registered reservation keys follow:\n", (int)n);
	/* the buffer holds what fits; a longer list shows zeros, as a
	 * device's answer cut short by the allocation length does */
	for (uint32_t i = 0; i < n; i++) {
		uint64_t key = i < MPATH_MAX_PARAM_LEN / 8 ? be64(&k->key_list[i * 8]) : 0;

		fprintf(out, "    0x%" PRIx64 "\n", key);
	}
}

static void print_resv(FILE *out, const struct prin_resvdescr *r)
{
	unsigned int scope = r->scope_type >> 4 & 0x0f;

	if (r->additional_length / 8 == 0) {
		fprintf(out, "  PR generation=0x%x, there is NO reservation held \n",
			r->prgeneration);
		return;
	}
	fprintf(out, "  PR generation=0x%x, Reservation follows:\n", r->prgeneration);
	fprintf(out, "   Key = 0x%" PRIx64 "\n", be64(r->key));
	if (scope == 0)
		fprintf(out, "  scope = LU_SCOPE, type = %s", persist_type_name(r->scope_type));
	else
		fprintf(out, "  scope = %u, type = %s", scope, persist_type_name(r->scope_type));
	fputc('\n', out);
}

static void print_caps(FILE *out, const struct prin_capdescr *c)
{
	/* mask bits in the order and with the values mpathpersist prints */
	static const struct { unsigned int type, bit; } mask[] = {
		{ 7, 0x80 }, { 6, 0x40 }, { 5, 0x20 }, { 3, 0x08 }, { 1, 0x02 }, { 8, 0x100 },
	};

	if (c->length <= 2) {
		fputs("Unexpected response for PRIN Report Capabilities\n", stderr);
		return;
	}
	fputs("Report capabilities response:\n", out);
	fprintf(out, "  Compatible Reservation Handling(CRH): %d\n", !!(c->flags[0] & 0x10));
	fprintf(out, "  Specify Initiator Ports Capable(SIP_C): %d\n", !!(c->flags[0] & 0x08));
	fprintf(out, "  All Target Ports Capable(ATP_C): %d\n", !!(c->flags[0] & 0x04));
	/* mpathpersist tests the whole byte here, not bit 0 */
	fprintf(out, "  Persist Through Power Loss Capable(PTPL_C): %d\n", !!c->flags[0]);
	fprintf(out, "  Type Mask Valid(TMV): %d\n", !!(c->flags[1] & 0x80));
	fprintf(out, "  Allow Commands: %d\n", !!(c->flags[1] >> 4 & 0x07));
	fprintf(out, "  Persist Through Power Loss Active(PTPL_A): %d\n", !!(c->flags[1] & 0x01));
	if (!(c->flags[1] & 0x80))
		return;
	fputs("    Support indicated in Type mask:\n", out);
	for (size_t i = 0; i < sizeof(mask) / sizeof(mask[0]); i++)
		fprintf(out, "      %s: %d\n", persist_type_name(mask[i].type),
			(int)(c->pr_type_mask & mask[i].bit));
}

void persist_hex_dump(FILE *out, const void *buf, size_t len, int newline_each)
{
	const unsigned char *p = buf;
	char line[82];
	int pos = 5;

	memset(line, ' ', 80);
	line[80] = '\0';
	for (size_t i = 0; i < len; i++) {
		pos += 3;
		if (pos == 5 + 9 * 3)
			pos++;		/* the gap after the eighth byte */
		snprintf(&line[pos], 3, "%.2x", p[i]);
		line[pos + 2] = ' ';
		if ((i + 1) % 16 == 0) {
			fprintf(out, newline_each ? "%.76s\n" : "%.76s", line);
			pos = 5;
			memset(line, ' ', 80);
		}
	}
	if (pos > 5) {
		line[pos + 2] = '\0';
		fprintf(out, "%s\n", line);
	}
}

static void print_tid(FILE *out, const struct transportid *t)
{
	switch (t->protocol_id) {
	case MPATH_PROTOCOL_ID_FC:
	case MPATH_PROTOCOL_ID_SAS:
		fputs(t->protocol_id == MPATH_PROTOCOL_ID_FC ? "   FCP-2 " : "   SAS ", out);
		if (t->format_code != 0)
			fprintf(out, " [Unexpected format code: %d]\n", t->format_code);
		persist_hex_dump(out, t->protocol_id == MPATH_PROTOCOL_ID_FC ?
				 t->n_port_name : t->sas_address, 8, 0);
		break;
	case MPATH_PROTOCOL_ID_ISCSI:
		fputs("   iSCSI ", out);
		if (t->format_code == 0) {
			fprintf(out, "name: %.*s\n", (int)sizeof(t->iscsi_name), t->iscsi_name);
		} else if (t->format_code == 1) {
			fprintf(out, "world wide unique port id: %.*s\n",
				(int)sizeof(t->iscsi_name), t->iscsi_name);
		} else {
			fprintf(out, "  [Unexpected format code: %d]\n", t->format_code);
			persist_hex_dump(out, t->iscsi_name, sizeof(t->iscsi_name), 0);
		}
		break;
	default:
		break;
	}
}

static void print_full_entry(FILE *out, const struct prin_fulldescr *d)
{
	unsigned int scope = d->scope_type >> 4 & 0x0f;

	fprintf(out, "   Key = 0x%" PRIx64 "\n", be64(d->key));
	if (d->flag & 0x02) {
		fputs("      All target ports bit set\n", out);
	} else {
		fputs("      All target ports bit clear\n", out);
		fprintf(out, "      Relative port address: 0x%x\n", d->rtpi);
	}
	if (d->flag & 0x01) {
		fputs("      << Reservation holder >>\n", out);
		if (scope == 0)
			fputs("      scope: LU_SCOPE, ", out);
		else
			fprintf(out, "      scope: %u ", scope);
		fprintf(out, " type: %s\n", persist_type_name(d->scope_type));
	} else {
		fputs("      not reservation holder\n", out);
	}
	print_tid(out, &d->trnptid);
}

static void print_full(FILE *out, const struct print_fulldescr_list *f)
{
	fprintf(out, "  PR generation=0x%x \n", f->prgeneration);
	for (uint32_t i = 0; i < f->number_of_descriptor; i++)
		if (f->descriptors[i])
			print_full_entry(out, f->descriptors[i]);
}

void persist_print_prin(FILE *out, int sa, const struct prin_resp *resp)
{
	switch (sa) {
	case MPATH_PRIN_RKEY_SA:
		print_keys(out, &resp->prin_descriptor.prin_readkeys);
		break;
	case MPATH_PRIN_RRES_SA:
		print_resv(out, &resp->prin_descriptor.prin_readresv);
		break;
	case MPATH_PRIN_RCAP_SA:
		print_caps(out, &resp->prin_descriptor.prin_readcap);
		break;
	case MPATH_PRIN_RFSTAT_SA:
		print_full(out, &resp->prin_descriptor.prin_readfd);
		break;
	default:
		break;
	}
}
