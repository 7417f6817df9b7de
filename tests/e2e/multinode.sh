#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# multinode.sh - a three-node Pacemaker cluster in the lab guest
# (tests/e2e/multinode.test runs `tests/lab/lab run` on this file, NODES=3).
#
# node-a, node-b and node-c each in their own namespaces (nodes.sh), one
# fence_mpathpr device created with the doc's multi-node pcs command, a
# writer resource on the shared LU.  Story: start (every node unfenced by
# Pacemaker, the writer writes), node loss (the writer's node crashes, the
# survivors fence it on their own, the writer moves), rejoin (the node is
# unfenced before it runs anything).  Checked from the storage side with
# sg_persist on every path and with real writes.

# shellcheck disable=SC2154 # LAB_KEY_<host> and the rest come from the SAN's env
# shellcheck source=tests/lab/lib.sh
. "${LAB_DIR:?run me with tests/lab/lab run}/lib.sh"
E2E_WORK=/var/lib/mpathpr-e2e/work
# shellcheck source=tests/e2e/cluster.sh
. "$(dirname "${BASH_SOURCE[0]}")/cluster.sh"
# shellcheck source=tests/e2e/nodes.sh
. "$E2E_DIR/nodes.sh"
# shellcheck source=tests/e2e/story.sh
. "$E2E_DIR/story.sh"

[ -r /run/mpathpr-lab/san.env ] || { echo "e2e: not in the lab guest" >&2; exit 99; }

cleanup() {
	local rc=$?
	if [ "$rc" != 0 ] || [ "${LAB_FAILS:-0}" != 0 ]; then
		story_dump
	fi
	nodes_stop $STORY_NODES
	exit $rc
}
trap cleanup EXIT

lab_step "Three nodes, each in its own namespaces"
story_bring_up a b c || lab_done

lab_step "Start: the fence device from docs/pacemaker.md, every node unfenced by Pacemaker"
story_create_device create-cluster || lab_done
story_all_unfenced || lab_done
story_writer_starts || lab_done

lab_step "Node loss: the writer's node crashes, the survivors fence it on their own"
story_node_loss

lab_step "Rejoin: the fenced node starts again and is unfenced before it runs anything"
story_rejoin

lab_step "Fencing fails: the survivors have no path, the writer's node crashes"
story_fencing_fails

lab_step "Stopping every node"
nodes_stop $STORY_NODES
lab_done
