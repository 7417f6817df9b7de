/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * macro.h - the small macros every part of the tree shares.
 */
#ifndef MPATHPR_COMMON_MACRO_H
#define MPATHPR_COMMON_MACRO_H

/* Elements of an array (not of a pointer: the compiler cannot tell). */
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif /* MPATHPR_COMMON_MACRO_H */
