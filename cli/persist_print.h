/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * persist_print.h - mpathpersist's output text for PR IN responses, and its
 * forms of a TransportID on the command line.  Scripts (fence_mpath among
 * them) parse that text, so it is reproduced byte for byte: spacing, tabs,
 * the capability values printed as raw mask bits, all of it.
 */
#ifndef MPATHPR_CLI_PERSIST_PRINT_H
#define MPATHPR_CLI_PERSIST_PRINT_H

#include <stdio.h>

#include "mpathpr/mpath_persist.h"

/* mpathpersist's name for reservation type @type (0-15). */
const char *persist_type_name(unsigned int type);

/* Print @resp, the answer to PR IN service action @sa, to @out. */
void persist_print_prin(FILE *out, int sa, const struct prin_resp *resp);

/*
 * The hex dump layout of mpathpersist (8 leading columns, a gap after the
 * eighth byte, 16 bytes a line).  @newline_each: end every full line with
 * "\n" (mpathpersist only ends the last one when it writes to stdout).
 */
void persist_hex_dump(FILE *out, const void *buf, size_t len, int newline_each);

/*
 * The answer of READ KEYS, READ RESERVATION or REPORT CAPABILITIES, @len
 * bytes as the device sent them, into @resp as libmpathpersist lays it out
 * (counts in host order, the rest byte for byte, what was not sent zero).
 * Return: 0, or -EINVAL for another service action.
 */
int persist_prin_from_bytes(int sa, const unsigned char *raw, size_t len,
			    struct prin_resp *resp);

/*
 * Parse a TransportID as mpathpersist's -X takes it: "fcp,<16 hex>",
 * "sas,<16 hex>" or an iSCSI name "iqn...[,i,0x<isid>]".  Return: 0, or -1
 * after a message on stderr naming what is wrong.
 */
int persist_parse_transportid(const char *text, struct transportid *ret_tid);

#endif
