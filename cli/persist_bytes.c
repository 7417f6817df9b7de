// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * persist_bytes.c - PR IN answers laid out as mpathpersist's buffer holds
 * them, and -X TransportIDs.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cli/persist_print.h"

static uint32_t get_be(const unsigned char *p, int n)
{
	uint32_t v = 0;

	for (int i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

int persist_prin_from_bytes(int sa, const unsigned char *raw, size_t len,
			    struct prin_resp *resp)
{
	struct prin_readdescr *k = &resp->prin_descriptor.prin_readkeys;
	struct prin_resvdescr *r = &resp->prin_descriptor.prin_readresv;
	struct prin_capdescr *c = &resp->prin_descriptor.prin_readcap;
	unsigned char b[MPATH_MAX_PARAM_LEN];

	/* the bytes the device did not send stay zero, as in mpathpersist's buffer */
	memset(b, 0, sizeof(b));
	memcpy(b, raw, len < sizeof(b) ? len : sizeof(b));
	switch (sa) {
	case MPATH_PRIN_RKEY_SA:
		k->prgeneration = get_be(b, 4);
		k->additional_length = get_be(b + 4, 4);
		memcpy(k->key_list, b + 8, sizeof(b) - 8);
		return 0;
	case MPATH_PRIN_RRES_SA:
		r->prgeneration = get_be(b, 4);
		r->additional_length = get_be(b + 4, 4);
		memcpy(r->key, b + 8, 8);
		r->scope_type = b[21];
		return 0;
	case MPATH_PRIN_RCAP_SA:
		c->length = (uint16_t)get_be(b, 2);
		memcpy(c->flags, b + 2, 2);
		c->pr_type_mask = (uint16_t)get_be(b + 4, 2);
		return 0;
	default:
		return -EINVAL;
	}
}

static int hex_wwn(const char *kind, const char *text, uint8_t out[8])
{
	if (strlen(text) != 16 || strspn(text, "0123456789abcdefABCDEF") != 16) {
		fprintf(stderr, "badly formed symbolic %s TransportID: %s\n", kind, text);
		return -1;
	}
	for (int i = 0; i < 8; i++) {
		unsigned int b;

		sscanf(text + 2 * i, "%2x", &b);
		out[i] = (uint8_t)b;
	}
	return 0;
}

int persist_parse_transportid(const char *text, struct transportid *ret_tid)
{
	struct transportid t;
	size_t len;

	memset(&t, 0, sizeof(t));
	if (!strncasecmp(text, "fcp,", 4)) {
		t.protocol_id = MPATH_PROTOCOL_ID_FC;
		if (hex_wwn("FCP", text + 4, t.n_port_name) < 0)
			return -1;
	} else if (!strncasecmp(text, "sas,", 4)) {
		t.protocol_id = MPATH_PROTOCOL_ID_SAS;
		if (hex_wwn("SAS", text + 4, t.sas_address) < 0)
			return -1;
	} else if (!strncmp(text, "iqn.", 4)) {
		len = strcspn(text, " \t");
		/* the name, its terminating NUL and padding fit the 241 bytes SAM allows */
		if (len + 1 > 241) {
			fprintf(stderr, "iSCSI name too long: %s\n", text);
			return -1;
		}
		t.protocol_id = MPATH_PROTOCOL_ID_ISCSI;
		t.format_code = strstr(text, ",i,0x") ? MPATH_WWUI_PORT_IDENTIFIER
						      : MPATH_WWUI_DEVICE_NAME;
		memcpy(t.iscsi_name, text, len);
	} else {
		fprintf(stderr, "unknown TransportID form (fcp,<WWN>, sas,<address>, iqn.<name>): %s\n",
			text);
		return -1;
	}
	*ret_tid = t;
	return 0;
}
