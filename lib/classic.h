/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* classic.h - shared between the classic PR OUT and PR IN entry points. */
#ifndef MPATHPR_CLASSIC_H
#define MPATHPR_CLASSIC_H

#include "engine.h"
#include "mpathpr/mpath_persist.h"

/* PR OUT / PR IN of the classic API on a caller's context (tests install the
 * model there); return an MPATH_PR_* code. */
int mpr_classic_prout(struct mpathpr_ctx *ctx, int fd, int rq_servact, int rq_scope,
		      unsigned int rq_type, const struct prout_param_descriptor *paramp);
int mpr_classic_prin(struct mpathpr_ctx *ctx, int fd, int rq_servact, struct prin_resp *resp);

#endif /* MPATHPR_CLASSIC_H */
