/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * persist_mpathd.h - what mpathpersist tells multipathd around a PR OUT,
 * for the maps multipath.conf gives a reservation_key (without one,
 * mpathpr-persist leaves multipathd alone, as before):
 * - REGISTER (AND IGNORE) of a new key, "reservation_key file": the key is
 *   recorded first (setprkey, or the prkeys file when multipathd is not
 *   running); when that fails nothing is sent (exit 13, as mpathpersist);
 * - after a registration: setprstatus; after an unregistration (service
 *   action key 0) or CLEAR: unsetprstatus, and with "file" the record
 *   removed (unsetprkey, or the file's line).  Answers are ignored, as
 *   mpathpersist ignores them (-v 2 shows them).
 */
#ifndef MPATHPR_CLI_PERSIST_MPATHD_H
#define MPATHPR_CLI_PERSIST_MPATHD_H

#include "cli/persist_args.h"
#include "mpathpr/mpathpr.h"

/**
 * persist_mpathd_before() - before the PR OUT of @a on @dev.
 * @ret_kind:	multipath.conf's reservation_key kind for the map
 *		(enum fence_mpconf_key_kind), for persist_mpathd_after()
 * Return: MPATH_PR_SUCCESS, or MPATH_PR_DMMP_ERROR after a message on stderr.
 */
int persist_mpathd_before(const struct persist_args *a, const struct persist_session *s,
			  const struct mpathpr_dev *dev, int *ret_kind);

/** persist_mpathd_after() - after it, @r being its outcome (MPATH_PR_*). */
void persist_mpathd_after(const struct persist_args *a, const struct persist_session *s,
			  const struct mpathpr_dev *dev, int kind, int r);

#endif /* MPATHPR_CLI_PERSIST_MPATHD_H */
