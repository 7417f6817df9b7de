/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * path_nexus.h - which registration belongs to which path: the
 * registrations of READ FULL STATUS (TransportID and relative target port
 * each) matched with the I_T nexus of every path (struct mpr_topo_path).
 *
 * The matching never guesses: a path is registered when a descriptor names
 * exactly its initiator port and its target port, unregistered when the
 * complete list names neither, and unknown otherwise (see
 * mpathpr_read_nexus_status() for the reasons).
 */
#ifndef MPATHPR_PATH_NEXUS_H
#define MPATHPR_PATH_NEXUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine.h"
#include "mpathpr/mpathpr.h"
#include "pr_codec.h"
#include "topology.h"

struct mpr_path_nexus_verdict {
	enum mpathpr_nexus_reg reg;
	uint64_t key;		/* REGISTERED */
	bool holder;		/* REGISTERED */
	int error;		/* UNKNOWN: negative errno */
};

/*
 * How a descriptor's initiator port compares with a path's: the same port,
 * not the same, or the same initiator name where one side carries an iSCSI
 * ISID and the other does not (which session it means cannot be told).
 */
enum mpr_port_match {
	MPR_PORT_OTHER,
	MPR_PORT_SAME,
	MPR_PORT_NAME_ONLY,
};

/**
 * mpr_initiator_port_match() - compare two initiator port TransportIDs.
 * @a, @b:	the TransportIDs; iSCSI names compare without regard to case
 *		(RFC 3722 folds them to lower case), ISIDs as numbers
 * Return: enum mpr_port_match.
 */
enum mpr_port_match mpr_initiator_port_match(const struct mpr_tid *a, const struct mpr_tid *b);

/**
 * mpr_path_nexus_judge() - what a READ FULL STATUS says about each path.
 * @topo:	the paths (their initiator port and relative target port)
 * @desc:	the registrations
 * @n_desc:	how many
 * @complete:	@desc is every registration of the LU (the response was not
 *		cut short): a path none of them names is unregistered
 * @ret:	topo->n_paths verdicts
 */
void mpr_path_nexus_judge(const struct mpr_topology *topo, const struct mpr_prin_fs_desc *desc,
			  size_t n_desc, bool complete, struct mpr_path_nexus_verdict *ret);

/**
 * mpr_path_nexus_read() - READ FULL STATUS through the first usable path
 * that answers, judged for every path of call->dev.
 * @call:	the call
 * @ret_gen:	PRGENERATION (0 when the device rejected the command)
 * @ret_v:	call->dev->topo->n_paths verdicts, free()
 *
 * A device that rejects READ FULL STATUS as unsupported is not an error:
 * every path is unknown with -EOPNOTSUPP.
 * Return: 0, -ENOMEM, -EPROTO (a malformed response), or the error of the
 * command.
 */
int mpr_path_nexus_read(struct mpr_call *call, uint32_t *ret_gen,
			struct mpr_path_nexus_verdict **ret_v);

/**
 * mpr_path_nexus_read_key() - mpr_path_nexus_read(), and how many
 * registrations of @key the LU lists on any I_T nexus, a path of this device
 * or not (the old nexus of a session that logged in again keeps its key).
 * @call:	the call
 * @key:	the key to count
 * @ret_count:	its registrations
 * @ret_v:	call->dev->topo->n_paths verdicts, free()
 *
 * Return: as mpr_path_nexus_read(), but -EOPNOTSUPP when the device rejected
 * READ FULL STATUS, and -EOVERFLOW when the response was cut short before
 * any registration of @key (it may be in the part not returned).
 */
int mpr_path_nexus_read_key(struct mpr_call *call, uint64_t key, size_t *ret_count,
			    struct mpr_path_nexus_verdict **ret_v);

#endif /* MPATHPR_PATH_NEXUS_H */
