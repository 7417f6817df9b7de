/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * classic_abi_system.c - the classic API layout table built from the header
 * multipath-tools installs (/usr/include/mpath_persist.h).  Kept apart from
 * test_classic_abi.c because both headers declare the same structures.
 */
#include "config.h"

#include "classic_abi.h"

#if __has_include(<mpath_persist.h>)
#include <mpath_persist.h>

/* Make sure the angle-bracket include did not find our own header. */
#ifdef MPATHPR_MPATH_PERSIST_H
#error "<mpath_persist.h> resolved to libmpathpr's header, not multipath-tools'"
#endif

CLASSIC_ABI_CHECK_FUNCTIONS();

static const struct classic_abi_entry table[] = { CLASSIC_ABI_ENTRIES };

const struct classic_abi_entry *const classic_abi_system = table;
const size_t classic_abi_system_count = sizeof(table) / sizeof(table[0]);
#else
const struct classic_abi_entry *const classic_abi_system = NULL;
const size_t classic_abi_system_count = 0;
#endif
