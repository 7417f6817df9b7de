/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* classic_in.h - the classic API's PR IN (classic_in.c), below classic.c. */
#ifndef MPATHPR_CLASSIC_IN_H
#define MPATHPR_CLASSIC_IN_H

#include "mpathpr/mpath_persist.h"

struct mpathpr_ctx;

/* PR IN of the classic API on a caller's context (tests install the model
 * there); returns an MPATH_PR_* code. */
int mpr_classic_prin(struct mpathpr_ctx *ctx, int fd, int rq_servact, struct prin_resp *resp);

#endif /* MPATHPR_CLASSIC_IN_H */
