// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * status_print.c - `mpathpr status` for people: one block per LU, one row
 * per path with the registration of that path's own I_T nexus.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "cli/status.h"

enum { COL_PATH, COL_HCTL, COL_PG, COL_STATE, COL_SCSI, COL_TPORT, COL_IPORT, COL_KEY, NCOL };

static const char *const headers[NCOL] = {
	"PATH", "HCTL", "PG", "STATE", "SCSI", "TARGET PORT", "INITIATOR PORT", "KEY",
};

struct row {
	char cell[NCOL][280];
	enum term_style key_style;
};

static void key_cell(const struct status_path *p, bool per_path, struct row *r)
{
	char *c = r->cell[COL_KEY];
	size_t cap = sizeof(r->cell[COL_KEY]), used;

	if (per_path) {	/* what READ KEYS through this path lists */
		if (p->keys_error) {
			snprintf(c, cap, "? (%s)", mpathpr_strerror(p->keys_error));
			r->key_style = TERM_WARN;
			return;
		}
		used = (size_t)snprintf(c, cap, "%s", p->n_keys ? "" : "(no keys)");
		for (size_t k = 0; k < p->n_keys && used < cap; k++)
			used += (size_t)snprintf(c + used, cap - used, "%s0x%" PRIx64,
						 k ? "," : "", p->keys[k]);
		r->key_style = TERM_DIM;
		return;
	}
	switch (p->nexus.reg) {
	case MPATHPR_NEXUS_REGISTERED:
		snprintf(c, cap, "0x%" PRIx64 "%s", p->nexus.key, p->nexus.holder ? " holder" : "");
		r->key_style = TERM_GOOD;
		break;
	case MPATHPR_NEXUS_UNREGISTERED:
		snprintf(c, cap, "none");
		r->key_style = TERM_BAD;
		break;
	default:
		snprintf(c, cap, "? (%s)", mpathpr_strerror(p->nexus.error));
		r->key_style = TERM_WARN;
		break;
	}
}

static void fill_row(const struct status_path *p, bool per_path, struct row *r)
{
	static const char *const states[] = { "active", "failed", "offline" };
	const struct mpathpr_path_nexus *n = &p->nexus;

	memset(r, 0, sizeof(*r));
	snprintf(r->cell[COL_PATH], sizeof(r->cell[0]), "%s", p->info.devnode);
	snprintf(r->cell[COL_HCTL], sizeof(r->cell[0]), "%s", p->detail.hctl[0] ? p->detail.hctl : "-");
	snprintf(r->cell[COL_PG], sizeof(r->cell[0]), "%d%c", p->info.path_group,
		 p->detail.group_state ? p->detail.group_state : ' ');
	snprintf(r->cell[COL_STATE], sizeof(r->cell[0]), "%s", states[p->info.state % 3]);
	snprintf(r->cell[COL_SCSI], sizeof(r->cell[0]), "%s",
		 p->detail.scsi_state[0] ? p->detail.scsi_state : "-");
	if (n->rel_tgt_port_valid)
		snprintf(r->cell[COL_TPORT], sizeof(r->cell[0]), "%s (%u)",
			 n->target_port[0] ? n->target_port : "-", n->rel_tgt_port);
	else
		snprintf(r->cell[COL_TPORT], sizeof(r->cell[0]), "%s",
			 n->target_port[0] ? n->target_port : "-");
	snprintf(r->cell[COL_IPORT], sizeof(r->cell[0]), "%s",
		 n->initiator_port[0] ? n->initiator_port : "-");
	key_cell(p, per_path, r);
}

static void print_header(FILE *out, const struct term *t, const struct status_lu *lu)
{
	fprintf(out, "%s%s%s (%s)", term_start(t, TERM_BOLD), lu->name, term_stop(t), lu->device);
	if (lu->wwid[0])
		fprintf(out, "  wwid %s", lu->wwid);
	if (lu->keys)
		fprintf(out, "  generation 0x%" PRIx32, lu->keys->generation);
	fputc('\n', out);
	if (lu->resv_error)
		fprintf(out, "  reservation: %s?%s (%s)\n", term_start(t, TERM_WARN), term_stop(t),
			mpathpr_strerror(lu->resv_error));
	else if (!lu->resv.held)
		fputs("  reservation: none\n", out);
	else
		fprintf(out, "  reservation: 0x%" PRIx64 " type %u (%s)%s\n", lu->resv.key,
			lu->resv.type, status_type_name(lu->resv.type),
			lu->resv.scope ? ", not LU scope" : "");
	fputs("  keys on the LU:", out);
	if (lu->keys_error)
		fprintf(out, " ? (%s)", mpathpr_strerror(lu->keys_error));
	else if (!lu->keys->count)
		fputs(" none", out);
	for (size_t k = 0; lu->keys && k < lu->keys->count; k++)
		fprintf(out, " 0x%" PRIx64, lu->keys->keys[k]);
	fputc('\n', out);
	if (lu->per_path_keys)
		fputs("  (no READ FULL STATUS: KEY lists what READ KEYS shows through each path)\n",
		      out);
	else if (lu->nexus_error)
		fprintf(out, "  READ FULL STATUS: %s\n", mpathpr_strerror(lu->nexus_error));
}

void status_print(FILE *out, const struct term *t, const struct status_lu *lu)
{
	struct row rows[lu->n_paths ? lu->n_paths : 1];
	size_t width[NCOL];

	if (lu->error) {
		fprintf(out, "%s: %s%s%s\n", lu->device, term_start(t, TERM_BAD),
			mpathpr_strerror(lu->error), term_stop(t));
		return;
	}
	print_header(out, t, lu);
	for (int c = 0; c < NCOL; c++)
		width[c] = strlen(headers[c]);
	for (size_t i = 0; i < lu->n_paths; i++) {
		fill_row(&lu->paths[i], lu->per_path_keys, &rows[i]);
		for (int c = 0; c < NCOL; c++)
			if (strlen(rows[i].cell[c]) > width[c])
				width[c] = strlen(rows[i].cell[c]);
	}
	fputs("  ", out);
	for (int c = 0; c + 1 < NCOL; c++)
		fprintf(out, "%-*s  ", (int)width[c], headers[c]);
	fprintf(out, "%s\n", headers[COL_KEY]);
	for (size_t i = 0; i < lu->n_paths; i++) {
		fputs("  ", out);
		for (int c = 0; c + 1 < NCOL; c++)
			fprintf(out, "%-*s  ", (int)width[c], rows[i].cell[c]);
		fprintf(out, "%s%s%s\n", term_start(t, rows[i].key_style), rows[i].cell[COL_KEY],
			term_stop(t));
	}
}
