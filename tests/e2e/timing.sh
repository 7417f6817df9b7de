#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# timing.sh - how long fencing takes in the three-node cluster, and how much
# of it is Pacemaker's own (tests/e2e/timing.test runs `tests/lab/lab run`
# on this file, NODES=3, LUNS=4).
#
# One boot, one cluster (node-a, node-b, node-c, nodes.sh), three agents
# fencing node-c the same way:
#   nothing   fence_lab_nothing, installed here for this test only: it
#             answers Pacemaker like the others and touches no device
#             (Pacemaker's floor);
#   mpathpr   fence_mpathpr, installed as a package installs it
#             (TIMING_STAGE, or the package with LAB_DEBS);
#   mpath     fence-agents' /usr/sbin/fence_mpath (mpathpersist).
# mpathpersist finds a map only through its dm UUID mpath-<wwid>, which dm
# lets one map per LU carry: host a's (san.sh).  So every timing device
# runs on node-a only (a -INFINITY location on node-b and node-c), for all
# three agents alike: node-a is the executioner, node-b asks, node-c is the
# victim.  node-a's mount namespace gets its multipath.conf
# (reservation_key) and the udev database of its maps, as a node running
# fence_mpath has.  The devices do no unfencing (no provides=unfencing: the
# doc's device would unfence through every node, which fence_mpath cannot
# here); node-c's key is registered again before each fence by
# fence_mpathpr `on` inside node-c, unmeasured.  A fencing level for node-c
# names the one device of the measurement, so the agents take turns.
#
# Measured, the agents' order rotating from one repetition to the next:
#   - node loss: SIGKILL of node-c's corosync and Pacemaker until the
#     fencer's "OK" line for node-c in node-a's log (TIMING_KILLS rounds);
#     node-c then starts again and rejoins;
#   - `stonith_admin --fence node-c` on node-b, wall time, node-c stopped
#     (a member that left: fencing a running member stops its Pacemaker),
#     for each LUN count in TIMING_LUN_SETS (devices listing the first N
#     LUNs), TIMING_REPS times.
# Every fence is checked: the device the fencer ran is the one meant, and
# node-c's key is gone from every path of every LUN the device lists (kept,
# for the agent that does nothing).  The figures are printed as "TIMING"
# lines and summarised (median, min..max); timing.test prints the host's
# load over the run.

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
# shellcheck source=tests/e2e/timing-lib.sh
. "$E2E_DIR/timing-lib.sh"

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

# The fencer's debug lines include when it started each agent ("now
# running"): the agent's own time per fence (timing_agent_secs).
export NODES_PCMK_ENV=PCMK_debug=pacemaker-fenced

lab_step "Three nodes, each in its own namespaces"
timing_load_note "before the cluster starts"
story_bring_up a b c || lab_done

lab_step "The agents, every node's key, fence_mpath's environment on node-a"
timing_install_agents || lab_done
timing_register_all || lab_done
timing_mpath_env || lab_done

lab_step "The timing devices: one per agent and LUN count, on node-a only"
timing_create_devices || lab_done

lab_step "Node loss: SIGKILL of node-c's stack until the fencer's OK, each agent in turn"
for ((r = 1; r <= TIMING_KILLS; r++)); do
	for agent in $(timing_order "$r"); do
		timing_kill_round "$agent" "$r" || break 2
	done
done

lab_step "stonith_admin --fence node-c on node-b, node-c stopped, each agent in turn"
timing_stop_victim
for luns in $TIMING_LUN_SETS; do
	for ((r = 1; r <= TIMING_REPS; r++)); do
		for agent in $(timing_order "$r"); do
			timing_fence_round "$agent" "$luns" "$r"
		done
	done
done

lab_step "The figures"
timing_summary

lab_step "Stopping every node"
nodes_stop $STORY_NODES
lab_done
