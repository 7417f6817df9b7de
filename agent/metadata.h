/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * metadata.h - what fence_mpathpr says about itself: the metadata XML
 * Pacemaker and pcs read, the man page, and --help, all from params.h.
 */
#ifndef FENCE_MPATHPR_AGENT_METADATA_H
#define FENCE_MPATHPR_AGENT_METADATA_H

#include <stdio.h>

#define FENCE_AGENT_NAME	"fence_mpathpr"

/**
 * fence_metadata_write_xml() - write the fence-agents metadata document
 * (valid against metadata.rng) to @out.
 * Return: 0, -ENOMEM or -EIO.
 */
int fence_metadata_write_xml(FILE *out);

/** fence_metadata_write_manpage() - write the man page (troff, section 8) to @out. */
int fence_metadata_write_manpage(FILE *out);

/** fence_metadata_write_usage() - write the --help text to @out. */
int fence_metadata_write_usage(FILE *out);

#endif /* FENCE_MPATHPR_AGENT_METADATA_H */
