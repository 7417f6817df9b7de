# SPDX-License-Identifier: LGPL-2.1-or-later
# shellcheck shell=bash
# shellcheck disable=SC2154 # LAB_KEY_<host> and the rest come from the SAN's env
#
# story.sh - the steps the multi-node cluster scenarios share (sourced after
# lib.sh, cluster.sh and nodes.sh): bring-up, the fence device from the doc,
# unfencing, the writer resource, node loss and rejoin, and the checks from
# the storage side (sg_persist on every path, real writes).

STORY_NODES=""
STORY_WRITES=/var/lib/mpathpr-e2e/writes.log
# How long a step may take: Pacemaker 2.1.5's own bounds for it (the
# cluster as docs/pacemaker.md configures it: default timeouts), plus
# STORY_SLACK for what the emulated guest adds where Pacemaker has no timer
# (computing a transition, starting daemons, pcs, one sg_persist pass over
# every path): at host load 17 a transition took up to 4 s, pcs up to 20 s,
# a pass over 18 paths up to 15 s.
#   - the fencer's call for the agent's metadata: 10 s (fixed);
#   - stonith-timeout: 60 s for one fencing or unfencing action, the agent
#     included (fence_mpathpr ends within 1.5 io timeouts, 15 s);
#   - a lost node is declared after corosync's token (3 s + 0.65 s per node
#     beyond two: 3.65 s for three) and consensus (1.2 tokens: 4.38 s).
STORY_METADATA_S=10
STORY_FENCE_S=60
STORY_LOSS_S=8.03
STORY_SLACK=${STORY_SLACK:-60}
# The unfencing, from the device's creation or a node's start: the metadata,
# one unfencing action; if the fencer had no metadata in time (see
# story_wait_unfenced), its retry 10 s later, the metadata again and a
# second unfencing action.
STORY_UNFENCE_WAIT=$((2 * STORY_METADATA_S + 10 + 2 * STORY_FENCE_S + STORY_SLACK))
# A fence after a node's loss: the loss declared, then one fencing action.
STORY_FENCE_WAIT=$(awk -v a="$STORY_LOSS_S" -v b="$STORY_FENCE_S" -v c="$STORY_SLACK" \
	'BEGIN { printf "%d", a + b + c + 0.999 }')
# Steps Pacemaker puts no timer on (daemons starting, a node joining, a
# resource starting after a fence): a hang guard only.
STORY_WAIT=${STORY_WAIT:-300}

# ---- small views ----------------------------------------------------------------

# story_key NODE: the node's reservation key (its host's).
story_key() {
	local v=LAB_KEY_$(node_host "$1")
	echo "${!v}"
}

# story_keyed NODE KEY|none: every path of the node's host, every LUN, has
# KEY registered for its own nexus.
story_keyed() {
	local h want=$2 lun dev
	h=$(node_host "$1")
	[ "$want" = none ] || want=$(lab_norm_key "$want")
	for lun in $LAB_LUN_NAMES; do
		for dev in $(lab_paths "$h" "$lun"); do
			[ "$(lab_sg_path_key "$dev")" = "$want" ] || return 1
		done
	done
}

# The same, as assertions (one line per LUN).
story_assert_keyed() {
	local lun
	for lun in $LAB_LUN_NAMES; do
		assert_keys_on_all_paths "$(node_host "$1")" "$lun" "$2"
	done
}

# story_on NODE CMD...: a cluster client in NODE, bounded (E2E_CMD_TIMEOUT
# on the host reaches here through LAB_ENV, lab-test.sh).
story_on() {
	local node=$1
	shift
	node_exec "$node" timeout -k 5 "${E2E_CMD_TIMEOUT:-120}" "$@"
}

# The nodes in the partition NODE sees as online, e.g. "node-a node-b".
story_online() {
	story_on "$1" crm_mon -1 2>/dev/null | sed -n 's/.*Online: \[ \(.*\) \]/\1/p'
}

# NODE's own Pacemaker answers and lists it online.
story_sees_itself() {
	story_on "$1" crm_mon -1 2>/dev/null | grep -q "Online: \[.* $1 .*\]"
}

story_all_online() {
	[ "$(story_online "$1")" = "$(echo $STORY_NODES)" ] &&
		story_on "$1" crm_mon -1 2>/dev/null | grep -q 'Current DC: node-.*with quorum'
}

# story_writer_node NODE: where NODE's partition says the writer runs.
story_writer_node() {
	story_on "$1" crm_mon -1 2>/dev/null | sed -n 's/.*writer.*Started \(node-[a-z]*\).*/\1/p'
}

# Every finished call the agent got, one a line: "START END HOST ACTION
# TARGET STATUS" (START/END epoch seconds, TARGET the plug or port).
story_calls() {
	awk -v off="$(e2e_calls_offset)" '
		function secs(t) { return off + t }
		/^=== .* stdin:$/ { cur = $4; sub(/,$/, "", cur); h = $6; sub(/,$/, "", h)
				    start[cur] = secs($2); host[cur] = h; act[cur] = "-"; tgt[cur] = "-"; next }
		/^=== .* exit / { if ($4 in host) printf "%.3f %.3f %s %s %s %s\n",
				      start[$4], secs($2), host[$4], act[$4], tgt[$4], $6; next }
		/^    action=/ { act[cur] = substr($0, 12) }
		/^    (plug|port)=/ { sub(/^    (plug|port)=/, ""); tgt[cur] = $0 }' "$E2E_CALLS"
}

# story_calls_of ACTION NODE [SINCE]: the calls with ACTION against NODE's key.
story_calls_of() {
	local key
	key=$(story_key "$2")
	story_calls | awk -v a="$1" -v k="${key#0x}" -v t="${3:-0}" '$4 == a && $5 == k && $1 >= t'
}

# story_fenced_since NODE T: a successful off of NODE's key ended after T.
story_fenced_since() {
	story_calls_of off "$1" "$2" | awk '$6 == 0 { ok = 1 } END { exit !ok }'
}

# story_writes_by NODE STATUS [SINCE]: the writer's lines from NODE with
# STATUS (ok, refused) whose write began after SINCE.
story_writes_by() {
	awk -v n="$1" -v s="$2" -v t="${3:-0}" '$3 == n && $4 == s && $1 > t' "$STORY_WRITES" 2>/dev/null
}

story_writes_since() {
	[ -n "$(story_writes_by "$1" ok "$2")" ]
}

story_dump() {
	local node
	for node in $STORY_NODES; do
		echo "--- $node: crm_mon"
		story_on "$node" crm_mon -1 2>&1 | sed 's/^/     | /'
		echo "--- $node: Pacemaker's log, fencing and transitions (last 40 lines)"
		grep -a -E 'fenced|stonith|fenc|error|warning' "$NODES_DIR/$node/log/pacemaker.log" 2>/dev/null |
			grep -v -E 'throttle|cib_perform_op' | tail -n 40
		echo "--- $node: corosync's log (last 10 lines)"
		tail -n 10 "$NODES_DIR/$node/log/corosync.log" 2>/dev/null
	done
	echo "--- the agent's calls"
	story_calls
	echo "--- the writer's last lines"
	tail -n 10 "$STORY_WRITES" 2>/dev/null
}

# ---- bring-up ---------------------------------------------------------------------

story_install_writer() {
	mkdir -p /usr/lib/ocf/resource.d/mpathpr "${STORY_WRITES%/*}"
	install -m 0755 "$E2E_DIR/writer.ocf" /usr/lib/ocf/resource.d/mpathpr/writer
	: >"$STORY_WRITES"
	chmod 666 "$STORY_WRITES"
}

# story_memory: what the guest has left, and what the cluster takes.
story_memory() {
	local node kib
	for node in $STORY_NODES; do
		kib=$(for pid in $(node_pids "$node"); do
			awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null
		done | awk '{ s += $1 } END { print s + 0 }')
		lab_info "$node: $(node_pids "$node" | wc -l) processes, RSS $((kib / 1024)) MiB"
	done
	lab_info "guest memory (MiB): $(free -m | awk '/^Mem:/ { printf "total %s, used %s, available %s", $2, $3, $7 }')"
}

# story_bring_up HOST...: the namespaces, the agent, the writer, corosync
# and Pacemaker in every node, until each sees all of them online.
story_bring_up() {
	local h node t0
	STORY_NODES=""
	for h; do
		STORY_NODES="$STORY_NODES node-$h"
	done
	STORY_NODES=${STORY_NODES# }
	mkdir -p "$E2E_WORK"
	e2e_install_agent || return 1
	story_install_writer
	nodes_setup "$@" || { lab_not_ok "the nodes' namespaces are set up"; return 1; }
	lab_ok "network, mount and UTS namespaces for $STORY_NODES (bridge $NODES_BRIDGE)"
	for node in $STORY_NODES; do
		lab_info "$node: $(node_exec "$node" ip -br -4 addr show eth0 | awk '{ print $1, $3 }'),"\
"$(node_exec "$node" sh -c 'ls /dev/mapper | tr "\n" " "')"
	done
	nodes_configure $STORY_NODES || { lab_not_ok "corosync and the CIB configured"; return 1; }
	# One node at a time: all daemons of three nodes starting at once on
	# an emulated CPU can make a pacemakerd find a sibling unresponsive
	# and kill it (a fatal error for the node).
	t0=$(e2e_now)
	for node in $STORY_NODES; do
		node_start "$node" corosync
	done
	for node in $STORY_NODES; do
		node_start "$node" pacemaker
		e2e_wait "$STORY_WAIT" story_sees_itself "$node" ||
			{ lab_not_ok "$node's Pacemaker is up within $STORY_WAIT s"; return 1; }
	done
	for node in $STORY_NODES; do
		if ! e2e_wait "$STORY_WAIT" story_all_online "$node"; then
			lab_not_ok "$node sees every node online within $STORY_WAIT s"
			return 1
		fi
	done
	lab_ok "every node sees $STORY_NODES online, with a DC and quorum, $(e2e_since "$t0")s after start"
	story_on "${STORY_NODES%% *}" crm_mon -1 | sed 's/^/     > /'
	story_memory
}

# story_create_device BLOCK: the doc's pcs command (code block BLOCK), run
# on the first node; it has to name every node's key.
story_create_device() {
	local block node out rc
	block=$(e2e_doc_block "$1")
	[ -n "$block" ] || { lab_not_ok "docs/pacemaker.md has an e2e:$1 block"; return 1; }
	for node in $STORY_NODES; do
		case $block in
		*"$node:$(story_key "$node" | sed 's/^0x//')"*) ;;
		*) lab_not_ok "the doc's pcmk_host_map gives $node its key $(story_key "$node")"; return 1 ;;
		esac
	done
	lab_info "the doc's command, on ${STORY_NODES%% *}:"
	printf '%s\n' "$block" | sed 's/^/     | /'
	out=$(story_on "${STORY_NODES%% *}" bash -e -c "$block" 2>&1)
	rc=$?
	printf '%s\n' "$out" | sed 's/^/     > /'
	assert_eq 0 "$rc" "pcs stonith create (the doc's e2e:$1 command)"
	[ "$rc" = 0 ]
}

# story_all_keyed [NODE...]: each (every node) keyed on every path.
story_all_keyed() {
	local node
	for node in ${*:-$STORY_NODES}; do
		story_keyed "$node" "$(story_key "$node")" || return 1
	done
}

# An unfencing the cluster gave up on, as crm_mon lists it.
story_failed_unfencing() {
	story_on "${STORY_NODES%% *}" crm_mon -1 2>/dev/null | grep -E 'unfencing of node-.* failed'
}

# story_metadata_log NODE: the fencer's metadata calls for the agent in
# NODE's log, one a line: "TIME ok" or "TIME failed".
story_metadata_log() {
	grep -a -E 'pacemaker-fenced.*(Could not retrieve metadata for fencing agent fence_mpathpr|fence_mpathpr_metadata_[^ ]* exited with status 0)' \
		"$NODES_DIR/$1/log/pacemaker.log" 2>/dev/null |
		awk '{ print $1, $2, $3, (/Could not retrieve/ ? "failed" : "ok") }'
}

# story_metadata_failed_since NODE LINES: NODE's fencer failed to get the
# metadata after the first LINES lines of that list.
story_metadata_failed_since() {
	story_metadata_log "$1" | awk -v n="$2" 'NR > n && $4 == "failed" { f = 1 } END { exit !f }'
}

# story_metadata_lacking NODE: NODE's fencer's last metadata call failed.
story_metadata_lacking() {
	[ "$(story_metadata_log "$1" | tail -n 1 | awk '{ print $4 }')" = failed ]
}

# story_wait_unfenced SECONDS [NODE...]: each (every node) keyed.
#
# Pacemaker 2.1.5's fencer asks the agent for its metadata when it registers
# the device and waits 10 s for it (fixed); without it the device has no
# actions, its "on" is refused ("Agent does not support 'on'"), the
# unfencing fails with "No fence device" and the controller waits for a new
# transition, which nothing starts.  The fencer asks again 10 s later (then
# after 20, 40, 80, 160 s while it fails).  fence_mpathpr answers in
# milliseconds; a starved guest (three fencers asking at once at host load
# 17) can take longer.  docs/pacemaker.md, Troubleshooting, says what to do:
# once every fencer has the metadata, `pcs stonith refresh`.  This does
# exactly that, only for a failed unfencing that a fencer's log explains
# this way, and says so; any other failed unfencing is left to fail.
story_wait_unfenced() {
	local deadline failed seen="" node lacking explained
	local -A mark
	deadline=$(awk -v t="$1" -v n="$(e2e_now)" 'BEGIN { printf "%.1f", n + t }')
	shift
	for node in $STORY_NODES; do
		mark[$node]=$(story_metadata_log "$node" | wc -l)
	done
	until story_all_keyed "$@"; do
		awk -v d="$deadline" -v n="$(e2e_now)" 'BEGIN { exit !(n > d) }' && return 1
		failed=$(story_failed_unfencing)
		if [ -n "$failed" ] && [ "$failed" != "$seen" ]; then
			explained="" lacking=""
			for node in $STORY_NODES; do
				story_metadata_failed_since "$node" "${mark[$node]}" && explained="$explained $node"
				story_metadata_lacking "$node" && lacking="$lacking $node"
			done
			if [ -z "$explained" ]; then
				lab_info "crm_mon: $(echo "$failed" | sed 's/^ *\* //' | head -n 1) (not for want of metadata)"
				seen=$failed
			elif [ -z "$lacking" ]; then
				seen=$failed
				STORY_REFRESHES=$((${STORY_REFRESHES:-0} + 1))
				lab_info "crm_mon: $(echo "$failed" | sed 's/^ *\* //' | head -n 1)"
				for node in $explained; do
					lab_info "$node's fencer: $(story_metadata_log "$node" | tail -n 2 | tr '\n' ' ')"
				done
				lab_info "\$ pcs stonith refresh fence-mpathpr   (docs/pacemaker.md, Troubleshooting)"
				story_on "${STORY_NODES%% *}" pcs stonith refresh fence-mpathpr 2>&1 | sed 's/^/     > /'
			fi
		fi
		sleep 0.5
	done
}

# Every node's key on every path of every LU, put there by Pacemaker's
# unfencing, which ran on the node itself.
story_all_unfenced() {
	local node t0 calls rc=0
	t0=$(e2e_now)
	if story_wait_unfenced "$STORY_UNFENCE_WAIT"; then
		lab_ok "every node's key on every path of every LU, $(e2e_since "$t0")s after the device was created"
	else
		lab_not_ok "every node's key on every path of every LU within $STORY_UNFENCE_WAIT s"
		rc=1
	fi
	for node in $STORY_NODES; do
		story_assert_keyed "$node" "$(story_key "$node")"
		calls=$(story_calls_of on "$node")
		case $calls in
		*" $node on "*" 0"*) lab_ok "Pacemaker ran 'on' with $node's key on $node itself, exit 0" ;;
		*) lab_not_ok "Pacemaker ran 'on' with $node's key on $node itself, exit 0"
		   printf '%s\n' "$calls" | sed 's/^/     | /'; rc=1 ;;
		esac
	done
	local lun dev resv
	for lun in $LAB_LUN_NAMES; do
		dev=$(lab_paths a "$lun" | awk '{ print $1 }')
		resv=$(lab_sg_resv "$dev")
		case $resv in
		*"type 5") lab_ok "$lun: a type 5 reservation ($resv)" ;;
		*) lab_not_ok "$lun: a type 5 reservation ($resv)"; rc=1 ;;
		esac
	done
	return $rc
}

story_writer_starts() {
	local out rc node
	out=$(story_on "${STORY_NODES%% *}" pcs resource create writer ocf:mpathpr:writer \
		op monitor interval=2s 2>&1)
	rc=$?
	printf '%s\n' "$out" | sed 's/^/     > /'
	assert_eq 0 "$rc" "pcs resource create writer ocf:mpathpr:writer (writes /dev/mapper/shared0)"
	if ! e2e_wait "$STORY_WAIT" story_writes_any; then
		lab_not_ok "the writer started and writes"
		return 1
	fi
	node=$(story_writer_node "${STORY_NODES%% *}")
	lab_ok "the writer runs on $node and writes: $(tail -n 1 "$STORY_WRITES")"
}

story_writes_any() {
	grep -q ' ok ' "$STORY_WRITES"
}

# ---- node loss and rejoin -----------------------------------------------------------

# story_survivor_of NODE: the first other node.
story_survivor_of() {
	local n
	for n in $STORY_NODES; do
		[ "$n" = "$1" ] || { echo "$n"; return; }
	done
}

# story_since_fail T: T minus the failure's time, e.g. "8.412".
story_after_fail() {
	awk -v a="$STORY_T_FAIL" -v b="$1" 'BEGIN { printf "%.3f", b - a }'
}

# The history of NODE's fencing as SEEN (a node) shows it; the line of the
# latest success.
story_history_success() {
	story_on "$2" stonith_admin --history "$1" --verbose 2>&1 |
		grep -E "(reboot|off) of $1 successful" | head -n 1
}

# story_node_loss: the writer's node loses its cluster stack (SIGKILL); the
# survivors fence it without being asked, and the writer moves.
story_node_loss() {
	local victim survivor h off t_off ran_on hist t_write late
	victim=$(story_writer_node "${STORY_NODES%% *}")
	[ -n "$victim" ] || { lab_not_ok "the writer runs somewhere"; return 1; }
	survivor=$(story_survivor_of "$victim")
	h=$(node_host "$victim")
	STORY_VICTIM=$victim
	lab_info "SIGKILL to $victim's corosync and Pacemaker daemons (its writer lives on)"
	STORY_T_FAIL=$(e2e_now)
	node_kill "$victim"
	if e2e_wait "$STORY_FENCE_WAIT" story_fenced_since "$victim" "$STORY_T_FAIL"; then
		off=$(story_calls_of off "$victim" "$STORY_T_FAIL" | awk '$6 == 0' | head -n 1)
		t_off=$(echo "$off" | awk '{ print $2 }')
		ran_on=$(echo "$off" | awk '{ print $3 }')
		lab_ok "the survivors fenced $victim on their own: 'off' exit 0 on $ran_on," \
			"$(story_after_fail "$t_off")s after the SIGKILL"
	else
		lab_not_ok "the survivors fenced $victim within $STORY_FENCE_WAIT s"
		return 1
	fi
	case $ran_on in
	"$victim" | "") lab_not_ok "the fence ran on a survivor (it ran on '$ran_on')" ;;
	*) lab_ok "the fence ran on a survivor ($ran_on)" ;;
	esac
	story_assert_keyed "$victim" none
	for n in $STORY_NODES; do
		[ "$n" = "$victim" ] || story_assert_keyed "$n" "$(story_key "$n")"
	done
	if lab_write "$h" lun0; then
		lab_not_ok "a write from $victim's host to $(lab_map "$h" lun0) is refused"
	else
		lab_ok "a write from $victim's host to $(lab_map "$h" lun0) is refused (${LAB_IO_ERR%%$'\n'*})"
	fi
	late=$(story_writes_by "$victim" ok "$t_off")
	if [ -z "$late" ]; then
		lab_ok "no write $victim's writer began after the fence succeeded"
	else
		lab_not_ok "no write $victim's writer began after the fence succeeded"
		printf '%s\n' "$late" | head -n 3 | sed 's/^/     | /'
	fi
	if e2e_wait 30 eval "[ -n \"\$(story_writes_by $victim refused)\" ]"; then
		lab_ok "$victim's writer had its write refused: $(story_writes_by "$victim" refused | head -n 1 | cut -d' ' -f3-)"
	else
		lab_not_ok "$victim's writer had its write refused"
	fi
	local others=""
	for n in $STORY_NODES; do
		[ "$n" = "$victim" ] || others="$others $n"
	done
	# shellcheck disable=SC2086 # one word per node
	if e2e_wait "$STORY_WAIT" story_writer_moved $others; then
		t_write=$(story_first_write_since "$STORY_T_FAIL" $others)
		lab_ok "the writer writes again on $(story_writer_node "$survivor"), $(story_after_fail "$t_write")s after the SIGKILL"
	else
		lab_not_ok "the writer writes again on a survivor within $STORY_WAIT s"
	fi
	hist=$(story_history_success "$victim" "$survivor")
	case $hist in
	*"delegate=$victim"* | "") lab_not_ok "stonith_admin --history on $survivor: $victim fenced by a survivor"
	   story_on "$survivor" stonith_admin --history "$victim" --verbose 2>&1 | sed 's/^/     | /' ;;
	*"delegate=node-"*) lab_ok "stonith_admin --history on $survivor:$hist" ;;
	*) lab_not_ok "stonith_admin --history on $survivor names the executioner:$hist" ;;
	esac
	local line t_log
	line=$(story_fencer_done "$victim" "$ran_on")
	printf '%s\n' "$line" | sed 's/^/     | /'
	t_log=$(date -d "$(echo "$line" | awk '{ print $1, $2, $3 }')" +%s.%N 2>/dev/null)
	STORY_FENCE_S=$(story_after_fail "${t_log:-0}")
	STORY_WRITE_S=$(story_after_fail "${t_write:-0}")
	lab_info "from the SIGKILL: fence complete in the fencer's log ${STORY_FENCE_S}s" \
		"(the agent's 'off' returned at $(story_after_fail "$t_off")s), the writer writing" \
		"again on a survivor ${STORY_WRITE_S}s"
}

# story_fencer_done VICTIM NODE: the fencer's "OK (complete)" line for the
# fence of VICTIM, in NODE's log.
story_fencer_done() {
	grep -a -E "Operation '(reboot|off)' targeting $1 by .*: OK" \
		"$NODES_DIR/$2/log/pacemaker.log" 2>/dev/null | tail -n 1
}

# story_writer_moved NODE...: one of NODEs runs the writer and wrote since
# the failure.
story_writer_moved() {
	local n
	for n; do
		story_writes_since "$n" "$STORY_T_FAIL" && return 0
	done
	return 1
}

# story_first_write_since T NODE...: when the first write from NODEs after
# T returned.
story_first_write_since() {
	local t=$1
	shift
	awk -v t="$t" -v list=" $* " '$4 == "ok" && $1 > t && index(list, " " $3 " ") { print $2; exit }' \
		"$STORY_WRITES"
}

# story_rejoin: the fenced node "reboots" (every process of it killed, its
# /dev/shm emptied) and starts its stack: Pacemaker unfences it before it
# runs anything, and it joins.
story_rejoin() {
	local victim=$STORY_VICTIM t0 on t_on first
	[ -n "$victim" ] || { lab_not_ok "a node was fenced before"; return 1; }
	node_kill_all "$victim"
	node_exec "$victim" sh -c 'rm -rf /dev/shm/* /run/crm/* /run/mpathpr-writer.pid'
	story_assert_keyed "$victim" none
	t0=$(e2e_now)
	node_start "$victim"
	if story_wait_unfenced "$STORY_UNFENCE_WAIT" "$victim"; then
		lab_ok "$victim's key is back on every path of every LU, $(e2e_since "$t0")s after its stack started"
	else
		lab_not_ok "$victim's key is back on every path within $STORY_UNFENCE_WAIT s"
	fi
	story_assert_keyed "$victim" "$(story_key "$victim")"
	on=$(story_calls_of on "$victim" "$t0" | awk '$6 == 0' | head -n 1)
	case $on in
	*" $victim on "*) lab_ok "the unfencing ran on $victim itself (Pacemaker's 'on', exit 0)"
	   t_on=$(echo "$on" | awk '{ print $2 }') ;;
	*) lab_not_ok "the unfencing ran on $victim itself (Pacemaker's 'on', exit 0)" ;;
	esac
	if e2e_wait "$STORY_WAIT" story_all_online "$victim"; then
		lab_ok "$victim rejoined: every node online, $(e2e_since "$t0")s after its stack started"
	else
		lab_not_ok "$victim rejoined within $STORY_WAIT s"
	fi
	story_on "$victim" crm_mon -1 | sed 's/^/     > /'
	# Anything it ran: only after the unfencing returned.
	first=$(story_first_start "$victim" "$t0")
	if [ -z "$first" ]; then
		lab_ok "$victim started no resource (the writer stayed where it was)"
	elif [ -n "$t_on" ] && awk -v a="$first" -v b="$t_on" 'BEGIN { exit !(a > b) }'; then
		lab_ok "$victim's first resource start came after its unfencing returned"
	else
		lab_not_ok "$victim's first resource start came after its unfencing returned"
	fi
	if e2e_wait 20 story_writes_since "$(story_writer_node "$victim")" "$(e2e_now)"; then
		lab_ok "the writer still writes, on $(story_writer_node "$victim")"
	else
		lab_not_ok "the writer still writes after $victim rejoined"
	fi
}

# story_first_start NODE T: when NODE's writer began its first write after
# T, if it did (the writer is the only resource a node runs here).
story_first_start() {
	story_writes_by "$1" ok "$2" | awk '{ print $1; exit }'
}

# ---- fencing that cannot succeed ----------------------------------------------------

# story_paths NODE offline|online: every path of NODE's host's maps.
story_paths() {
	local h lun dev
	h=$(node_host "$1")
	for lun in $LAB_LUN_NAMES; do
		for dev in $(lab_paths "$h" "$lun"); do
			if [ "$2" = offline ]; then
				lab_offline "$dev"
			else
				[ "$(lab_dev_state "$dev")" = running ] || lab_online "$dev"
				lab_reinstate "$dev" 2>/dev/null
			fi
		done
	done
}

# story_fencing_fails: every path of the survivors down, the writer's node
# crashes: the fence fails, Pacemaker says so and starts the writer nowhere
# else (the crashed node's writer still writes: it was never fenced).
story_fencing_fails() {
	local victim n others="" failed
	victim=$(story_writer_node "${STORY_NODES%% *}")
	[ -n "$victim" ] || { lab_not_ok "the writer runs somewhere"; return 1; }
	for n in $STORY_NODES; do
		[ "$n" = "$victim" ] || { others="$others $n"; story_paths "$n" offline; }
	done
	lab_info "every path of$others offline; SIGKILL to $victim's corosync and Pacemaker"
	STORY_T_FAIL=$(e2e_now)
	node_kill "$victim"
	if e2e_wait "$STORY_FENCE_WAIT" eval "story_calls_of off $victim $STORY_T_FAIL | awk '\$6 != 0 { f = 1 } END { exit !f }'"; then
		failed=$(story_calls_of off "$victim" "$STORY_T_FAIL" | awk '$6 != 0' | head -n 1)
		lab_ok "the fence of $victim failed: 'off' on $(echo "$failed" | awk '{ print $3 }') exit" \
			"$(echo "$failed" | awk '{ print $6 }'), $(story_after_fail "$(echo "$failed" | awk '{ print $2 }')")s after the SIGKILL"
	else
		lab_not_ok "a survivor tried to fence $victim within $STORY_FENCE_WAIT s, and failed"
	fi
	# Pacemaker's answer to a failed fence is to try again, never to start
	# the writer elsewhere: watch for 20 s.
	sleep 20
	story_assert_keyed "$victim" "$(story_key "$victim")"
	# shellcheck disable=SC2086 # one word per node
	if story_writer_moved $others; then
		lab_not_ok "no survivor started the writer (a second writer)"
	else
		lab_ok "no survivor started the writer while $victim could not be fenced"
	fi
	if story_writes_since "$victim" "$(awk -v t="$(e2e_now)" 'BEGIN { print t - 5 }')"; then
		lab_ok "$victim's writer, never fenced, still writes: the only writer"
	else
		lab_info "$victim's writer stopped writing (it has not been fenced either)"
	fi
	local hist
	hist=$(story_on "$(story_survivor_of "$victim")" stonith_admin --history "$victim" --verbose 2>&1 |
		grep -E "(reboot|off) of $victim" | head -n 1)
	case $hist in
	*failed* | *pending*) lab_ok "stonith_admin --history $victim --verbose:$hist" ;;
	*) lab_not_ok "stonith_admin --history shows the failed fence of $victim ($hist)" ;;
	esac
	story_on "$(story_survivor_of "$victim")" crm_mon -1 | sed 's/^/     > /'
	for n in $others; do
		story_paths "$n" online
	done
	STORY_VICTIM=$victim
}
