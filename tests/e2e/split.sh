#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# split.sh - split brain in a two-node cluster (tests/e2e/split.test runs
# `tests/lab/lab run` on this file, NODES=2).
#
# node-a and node-b (two_node: 1), the doc's two-node device, the writer.
# Each trial cuts both nodes' links while both are alive: both partitions
# keep quorum and both fence.  Exactly one node may keep its key, on every
# LU, and write; the other must be fenced everywhere and have its writes
# refused.  The loser then "reboots" (every process killed), the link comes
# back and it rejoins, unfenced, for the next trial.
#   SPLIT_TRIALS        trials as the doc's first example configures (3)
#   SPLIT_DELAY_TRIALS  then trials with the doc's delay settings (1)

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
TRIALS=${SPLIT_TRIALS:-3}
DELAY_TRIALS=${SPLIT_DELAY_TRIALS:-1}

cleanup() {
	local rc=$?
	if [ "$rc" != 0 ] || [ "${LAB_FAILS:-0}" != 0 ]; then
		story_dump
	fi
	nodes_stop $STORY_NODES
	exit $rc
}
trap cleanup EXIT

# One node keyed on every path of every LU, the other on none: prints the
# survivor.
split_outcome() {
	local n keyed="" bare=""
	for n in $STORY_NODES; do
		if story_keyed "$n" "$(story_key "$n")"; then
			keyed="$keyed $n"
		elif story_keyed "$n" none; then
			bare="$bare $n"
		fi
	done
	[ "$(echo $keyed)" != "" ] && [ "$(echo $keyed | wc -w)" = 1 ] &&
		[ "$(echo $bare | wc -w)" = 1 ] && echo $keyed
}

split_settled() {
	[ -n "$(split_outcome)" ] && story_fenced_since "$(split_other "$(split_outcome)")" "$STORY_T_FAIL"
}

split_other() {
	local n
	for n in $STORY_NODES; do
		[ "$n" = "$1" ] || echo "$n"
	done
}

# The key each node holds on each LU, through its first path: the picture
# when no single survivor came out.
split_matrix() {
	local n lun dev
	for n in $STORY_NODES; do
		for lun in $LAB_LUN_NAMES; do
			dev=$(lab_paths "$(node_host "$n")" "$lun" | awk '{ print $1 }')
			printf '     | %s %s: %s\n' "$n" "$lun" "$(lab_sg_path_key "$dev")"
		done
	done
}

# split_trial LABEL: cut, judge, heal.
split_trial() {
	local label=$1 writer survivor loser t_off t_write
	writer=$(story_writer_node "${STORY_NODES%% *}")
	lab_info "$label: the writer runs on $writer; both links cut"
	STORY_T_FAIL=$(e2e_now)
	node_link node-a down
	node_link node-b down
	if ! e2e_wait "$STORY_WAIT" split_settled; then
		lab_not_ok "$label: exactly one node keeps its key on every LU within $STORY_WAIT s"
		split_matrix
		return 1
	fi
	survivor=$(split_outcome)
	loser=$(split_other "$survivor")
	t_off=$(story_calls_of off "$loser" "$STORY_T_FAIL" | awk '$6 == 0 { print $2; exit }')
	lab_ok "$label: one survivor, $survivor, keyed on every path of every LU; $loser fenced everywhere," \
		"$(story_after_fail "$t_off")s after the cut"
	SPLIT_WINNERS="$SPLIT_WINNERS $survivor"
	[ "$survivor" = "$writer" ] && SPLIT_WRITER_WON=$((SPLIT_WRITER_WON + 1))
	if lab_write "$(node_host "$loser")" lun0; then
		lab_not_ok "$label: $loser's write is refused"
	else
		lab_ok "$label: $loser's write is refused (${LAB_IO_ERR%%$'\n'*})"
	fi
	if e2e_wait "$STORY_WAIT" story_writes_since "$survivor" "$t_off"; then
		t_write=$(story_first_write_since "$t_off" "$survivor")
		lab_ok "$label: the writer writes on $survivor, $(story_after_fail "$t_write")s after the cut"
	else
		lab_not_ok "$label: the writer writes on $survivor"
	fi
	if [ -z "$(story_writes_by "$loser" ok "$t_off")" ]; then
		lab_ok "$label: no write from $loser began after it was fenced"
	else
		lab_not_ok "$label: no write from $loser began after it was fenced"
	fi
	split_heal "$label" "$loser"
}

# The loser reboots and rejoins, unfenced.
split_heal() {
	local label=$1 loser=$2 t0
	node_kill_all "$loser"
	node_exec "$loser" sh -c 'rm -rf /dev/shm/* /run/crm/* /run/mpathpr-writer.pid'
	node_link node-a up
	node_link node-b up
	t0=$(e2e_now)
	node_start "$loser"
	if e2e_wait "$STORY_WAIT" story_keyed "$loser" "$(story_key "$loser")" &&
	   e2e_wait "$STORY_WAIT" story_all_online "$loser"; then
		lab_ok "$label: $loser rebooted and rejoined, unfenced, in $(e2e_since "$t0")s"
	else
		lab_not_ok "$label: $loser rebooted and rejoined, unfenced"
		return 1
	fi
	e2e_wait 60 story_writes_since "$(story_writer_node "$loser")" "$(e2e_now)" ||
		lab_info "$label: no write in the 60 s after $loser rejoined"
	return 0
}

# The doc's delay settings, one command a line, on the first node.
split_configure_delay() {
	local block line out rc=0
	block=$(e2e_doc_block two-node-delay)
	[ -n "$block" ] || { lab_not_ok "docs/pacemaker.md has an e2e:two-node-delay block"; return 1; }
	while IFS= read -r line; do
		[ -n "$line" ] || continue
		lab_info "\$ $line"
		out=$(story_on "${STORY_NODES%% *}" bash -c "$line" 2>&1) || rc=1
		[ -z "$out" ] || printf '%s\n' "$out" | sed 's/^/     > /'
	done <<<"$block"
	assert_eq 0 "$rc" "the doc's delay settings applied"
}

lab_step "Two nodes, each in its own namespaces (two_node: 1)"
story_bring_up a b || lab_done

lab_step "The doc's two-node device, both nodes unfenced, the writer"
story_create_device create-two-node || lab_done
story_all_unfenced || lab_done
story_writer_starts || lab_done

SPLIT_WINNERS="" SPLIT_WRITER_WON=0
for ((i = 1; i <= TRIALS; i++)); do
	lab_step "Split brain, trial $i of $TRIALS (no fencing delay)"
	split_trial "trial $i" || break
done
lab_info "survivors without delay:$SPLIT_WINNERS; the writer's node survived $SPLIT_WRITER_WON of $TRIALS"

if [ "$DELAY_TRIALS" -gt 0 ]; then
	lab_step "The doc's fencing delay for two nodes"
	split_configure_delay
	SPLIT_WINNERS="" SPLIT_WRITER_WON=0
	for ((i = 1; i <= DELAY_TRIALS; i++)); do
		lab_step "Split brain with the delay, trial $i of $DELAY_TRIALS"
		split_trial "delay trial $i" || break
	done
	assert_eq "$DELAY_TRIALS" "$SPLIT_WRITER_WON" \
		"with the delay, the node running the writer survived every trial ($SPLIT_WINNERS)"
fi

lab_step "Stopping both nodes"
nodes_stop $STORY_NODES
lab_done
