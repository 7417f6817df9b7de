/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* classic.h - shared between the classic PR OUT and PR IN entry points. */
#ifndef MPATHPR_CLASSIC_H
#define MPATHPR_CLASSIC_H

#include "engine.h"

/* The one place where an engine outcome becomes an MPATH_PR_* code. */
int mpr_classic_pr_code(int err, const struct mpr_call *call);
/* A private context and device for one classic call on @fd. */
int mpr_classic_open(int fd, int noisy, int verbose, struct mpathpr_ctx **ret_ctx,
		     struct mpathpr_dev **ret_dev);
void mpr_classic_close(struct mpathpr_ctx *ctx, struct mpathpr_dev *dev);

#endif /* MPATHPR_CLASSIC_H */
