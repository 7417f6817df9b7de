/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* classic.h - the classic API's PR OUT and PR IN on a caller's context (tests). */
#ifndef MPATHPR_CLASSIC_H
#define MPATHPR_CLASSIC_H

#include "classic_in.h"
#include "engine.h"
#include "mpathpr/mpath_persist.h"

/* PR OUT of the classic API on a caller's context (tests install the model
 * there); returns an MPATH_PR_* code.  PR IN: classic_in.h. */
int mpr_classic_prout(struct mpathpr_ctx *ctx, int fd, int rq_servact, int rq_scope,
		      unsigned int rq_type, const struct prout_param_descriptor *paramp);

#endif /* MPATHPR_CLASSIC_H */
