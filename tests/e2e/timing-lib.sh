# SPDX-License-Identifier: LGPL-2.1-or-later
# shellcheck shell=bash
# shellcheck disable=SC2154 # LAB_KEY_<host> and the rest come from the SAN's env
#
# timing-lib.sh - the steps of tests/e2e/timing.sh (sourced after lib.sh,
# cluster.sh, nodes.sh and story.sh): the three agents, the timing devices,
# one measured fence, the figures.

TIMING_REPS=${TIMING_REPS:-3}
TIMING_KILLS=${TIMING_KILLS:-1}
TIMING_LUN_SETS=${TIMING_LUN_SETS:-3 4}
# The node-loss rounds fence with the devices listing the most LUNs.
TIMING_KILL_LUNS=$(echo "$TIMING_LUN_SETS" | tr ' ' '\n' | sort -n | tail -n 1)
TIMING_AGENTS="nothing mpathpr mpath"
TIMING_OUT=/var/lib/mpathpr-e2e/timing.txt
TIMING_UDEV=/var/lib/mpathpr-e2e/udev
# fence_mpath's key store, in node-a's own /run.
TIMING_FM_STORE=/run/mpathpr-e2e/fence_mpath
TIMING_EXEC=$LAB_BUILDDIR/tests/bench/mpr-bench-exec
TIMING_EXEC_LOG=/var/lib/mpathpr-e2e/work/timed-commands.log
TIMING_LEVEL=timing-level-node-c
TIMING_VICTIM="node-c"
TIMING_ASKER="node-b"
TIMING_EXECUTIONER="node-a"

# ---- names ----------------------------------------------------------------------

timing_agent_type() {
	case $1 in
	nothing) echo fence_lab_nothing ;;
	mpathpr) echo fence_mpathpr ;;
	mpath) echo fence_mpath ;;
	esac
}

# timing_dev_id AGENT LUNS: the device that fences with AGENT on LUNS LUNs.
timing_dev_id() {
	echo "time-$1-$2"
}

# timing_devs LUNS: /dev/mapper/shared0,...: the first LUNS shared maps.
timing_devs() {
	local i out=""
	for ((i = 0; i < $1; i++)); do
		out="$out,/dev/mapper/shared$i"
	done
	echo "${out#,}"
}

# timing_order REP: the agents, rotated by REP (each goes first in turn).
timing_order() {
	local -a a
	read -r -a a <<<"$TIMING_AGENTS"
	local n=${#a[@]} i
	for ((i = 0; i < n; i++)); do
		printf '%s ' "${a[$(((i + $1 - 1) % n))]}"
	done
}

# The guest's load.  The host's is sampled by tests/e2e/timing.test (every
# 10 s, into TIMING_HOST_LOAD) and printed after the boot with each
# measurement's share: the guest cannot read it (through 9p and the overlay
# it kept seeing the first value it read).
timing_load_note() {
	lab_info "$1: guest load $(cut -d' ' -f1-3 /proc/loadavg)"
}

# ---- the agents -------------------------------------------------------------------

# The agent that does nothing: answers every action Pacemaker sends with
# success, advertises the same actions as fence_mpathpr and fence_mpath.
timing_write_nothing() {
	cat >/usr/sbin/fence_lab_nothing <<-'EOF'
	#!/bin/sh
	# fence_lab_nothing: tests/e2e/timing.sh's fence agent that does nothing
	# (Pacemaker's own share of a fence); installed in the lab guest only.
	action=off
	if [ $# -gt 0 ]; then
		while [ $# -gt 0 ]; do
			case $1 in
			-o) action=$2; shift ;;
			--action=*) action=${1#--action=} ;;
			esac
			shift
		done
	else
		while IFS= read -r line; do
			case $line in action=* | option=*) action=${line#*=} ;; esac
		done
	fi
	case $action in
	metadata) cat <<-'XML' ;;
	<?xml version="1.0" ?>
	<resource-agent name="fence_lab_nothing" shortdesc="A fence agent that does nothing">
	<longdesc>Answers every action with success and touches no device: what a fence costs Pacemaker itself (mpathpr's lab only).</longdesc>
	<parameters>
		<parameter name="action" unique="0" required="1">
			<getopt mixed="-o, --action=[action]"/>
			<content type="string" default="off"/>
			<shortdesc lang="en">Fencing action</shortdesc>
		</parameter>
		<parameter name="plug" unique="0" required="0" obsoletes="port">
			<getopt mixed="-n, --plug=[key]"/>
			<content type="string"/>
			<shortdesc lang="en">The node's key (ignored)</shortdesc>
		</parameter>
		<parameter name="port" unique="0" required="0" deprecated="1">
			<getopt mixed="-n, --plug=[key]"/>
			<content type="string"/>
			<shortdesc lang="en">The node's key (ignored)</shortdesc>
		</parameter>
		<parameter name="devices" unique="0" required="0">
			<getopt mixed="-d, --devices=[devices]"/>
			<content type="string"/>
			<shortdesc lang="en">Devices (ignored)</shortdesc>
		</parameter>
	</parameters>
	<actions>
		<action name="on" on_target="1" automatic="1"/>
		<action name="off"/>
		<action name="status"/>
		<action name="monitor"/>
		<action name="list"/>
		<action name="metadata"/>
		<action name="validate-all"/>
	</actions>
	</resource-agent>
	XML
	on | off | status | monitor | list | validate-all) exit 0 ;;
	*) echo "fence_lab_nothing: unsupported action $action" >&2; exit 1 ;;
	esac
	EOF
	chmod 755 /usr/sbin/fence_lab_nothing
}

# fence_mpathpr as a package installs it: the staged `make install`
# (TIMING_STAGE) copied into the guest's root, or the package's binary
# (LAB_DEBS), where story_bring_up's recording shim stood, which would add
# its own processes to every call.
timing_install_agents() {
	local real
	if [ -n "${LAB_DEBS:-}" ]; then
		real=/usr/sbin/fence_mpathpr.real
	else
		real=$(cd "${TIMING_STAGE:-/nonexistent}" 2>/dev/null && find . -path '*/sbin/fence_mpathpr' | head -n 1)
		real=${real#.}
		# Only usr/: the stage's /lib (the systemd unit) would meet the
		# guest's /lib symlink (merged /usr).
		if [ -z "$real" ] || ! cp -a --remove-destination "$TIMING_STAGE/usr/." /usr/ || ! ldconfig; then
			lab_not_ok "fence_mpathpr installed from the staged build (TIMING_STAGE=${TIMING_STAGE:-})"
			return 1
		fi
	fi
	# (`make install` puts the agent in /usr/sbin itself, where Pacemaker looks.)
	[ "$real" = /usr/sbin/fence_mpathpr ] || ln -sf "$real" /usr/sbin/fence_mpathpr
	timing_write_nothing
	[ -x "$TIMING_EXEC" ] || { lab_not_ok "$TIMING_EXEC is built"; return 1; }
	lab_ok "agents: fence_lab_nothing (sh), fence_mpathpr -> $real, fence_mpath" \
		"$(dpkg-query -W -f '${Version}' fence-agents 2>/dev/null) (mpathpersist" \
		"$(dpkg-query -W -f '${Version}' multipath-tools 2>/dev/null))"
	: >"$TIMING_OUT"
}

# timing_register NODE: NODE's key on every path of every LU, by
# fence_mpathpr `on` inside NODE, as Pacemaker's unfencing runs it.
timing_register() {
	local key out
	key=$(story_key "$1")
	out=$(node_exec "$1" /usr/sbin/fence_mpathpr -o on -n "${key#0x}" \
		-d "$(timing_devs "$(echo $LAB_LUN_NAMES | wc -w)")" 2>&1) && return 0
	lab_not_ok "fence_mpathpr -o on in $1"
	printf '%s\n' "$out" | tail -n 5 | sed 's/^/     | /'
	return 1
}

timing_register_all() {
	local node
	for node in $STORY_NODES; do
		timing_register "$node" || return 1
	done
	if story_all_keyed; then
		lab_ok "every node's key on every path of the $(echo $LAB_LUN_NAMES | wc -w) LUs (fence_mpathpr on, in each node)"
	else
		lab_not_ok "every node's key on every path of every LU"
		return 1
	fi
}

# fence_mpath's world on node-a: a multipath.conf with its reservation_key
# in every node (each its own key), node-a's maps in the udev database
# (copied into node-a's /run), and fence_mpath's own `on` on node-a, which
# writes the store its `off` reads this node's key from.
timing_mpath_env() {
	local node key out wall rc
	for node in $STORY_NODES; do
		printf 'defaults {\n\treservation_key %s\n}\n' "$(story_key "$node")" \
			>"$NODES_DIR/$node/multipath.conf"
	done
	lab_udev_db a
	rm -rf "$TIMING_UDEV" && mkdir -p "$TIMING_UDEV" && cp -a /run/udev/data "$TIMING_UDEV/" ||
		{ lab_not_ok "the udev database copied"; return 1; }
	node_exec "$TIMING_EXECUTIONER" sh -c "mkdir -p /run/udev && cp -a '$TIMING_UDEV/data' /run/udev/" ||
		{ lab_not_ok "the udev database in $TIMING_EXECUTIONER's /run"; return 1; }
	key=$(story_key "$TIMING_EXECUTIONER")
	out=$(node_exec "$TIMING_EXECUTIONER" env BENCH_EXEC_LOG="$TIMING_EXEC_LOG" "$TIMING_EXEC" \
		/usr/sbin/fence_mpath -o on -n "${key#0x}" \
		-d "$(timing_devs "$(echo $LAB_LUN_NAMES | wc -w)")" --store-path="$TIMING_FM_STORE")
	rc=${out##* }
	wall=$(echo "$out" | awk '{ printf "%.3f", $1 / 1e6 }')
	if [ "$rc" = 0 ] && story_keyed "$TIMING_EXECUTIONER" "$key"; then
		lab_ok "fence_mpath -o on in $TIMING_EXECUTIONER: exit 0 in ${wall}s, its key on every path;" \
			"store: $(node_exec "$TIMING_EXECUTIONER" cat "$TIMING_FM_STORE/mpath.devices" | wc -l) devices"
	else
		lab_not_ok "fence_mpath -o on in $TIMING_EXECUTIONER (exit $rc in ${wall}s)"
		tail -n 20 "$TIMING_EXEC_LOG" | sed 's/^/     | /'
		return 1
	fi
}

# ---- the devices ---------------------------------------------------------------------

# timing_device_xml AGENT LUNS: the primitive and its two -INFINITY
# locations (only the executioner may run it).
timing_device_xml() {
	local id type map="" node extra="" t
	id=$(timing_dev_id "$1" "$2")
	type=$(timing_agent_type "$1")
	for node in $STORY_NODES; do
		map="$map;$node:$(story_key "$node" | sed 's/^0x//')"
	done
	[ "$1" != mpath ] || extra="<nvpair id='$id-store' name='store_path' value='$TIMING_FM_STORE'/>"
	printf "<primitive id='%s' class='stonith' type='%s'><instance_attributes id='%s-ia'>" "$id" "$type" "$id"
	printf "<nvpair id='%s-devices' name='devices' value='%s'/>" "$id" "$(timing_devs "$2")"
	printf "<nvpair id='%s-map' name='pcmk_host_map' value='%s'/>" "$id" "${map#;}"
	# Generous timeouts: fence_mpath's start (a monitor) took more than the
	# default 20 s at load 19; a timeout never shortens a measurement.
	for t in off reboot monitor; do
		printf "<nvpair id='%s-%s-t' name='pcmk_%s_timeout' value='400s'/>" "$id" "$t" "$t"
	done
	printf "%s</instance_attributes><operations>" "$extra"
	printf "<op id='%s-start' name='start' interval='0s' timeout='400s'/>" "$id"
	printf "<op id='%s-mon' name='monitor' interval='600s' timeout='400s'/>" "$id"
	printf "</operations></primitive>\n"
}

timing_location_xml() {
	local id node
	id=$(timing_dev_id "$1" "$2")
	for node in $STORY_NODES; do
		[ "$node" = "$TIMING_EXECUTIONER" ] ||
			printf "<rsc_location id='%s-not-%s' rsc='%s' node='%s' score='-INFINITY'/>" \
				"$id" "$node" "$id" "$node"
	done
}

# The devices with their locations and node-c's fencing level, in one CIB
# update (cibadmin; pcs would add provides=unfencing).
timing_create_devices() {
	local luns agent prims="" locs="" ids="" first xml
	for luns in $TIMING_LUN_SETS; do
		for agent in $TIMING_AGENTS; do
			prims="$prims$(timing_device_xml "$agent" "$luns")"
			locs="$locs$(timing_location_xml "$agent" "$luns")"
			ids="$ids $(timing_dev_id "$agent" "$luns")"
		done
	done
	first=${ids# }
	first=${first%% *}
	xml="<configuration><resources>$prims</resources><constraints>$locs</constraints>"
	xml="$xml<fencing-topology><fencing-level id='$TIMING_LEVEL' target='$TIMING_VICTIM'"
	xml="$xml index='1' devices='$first'/></fencing-topology></configuration>"
	assert_status 0 "cibadmin: the devices$ids, each only on $TIMING_EXECUTIONER, and a fencing level for $TIMING_VICTIM" -- \
		story_on "$TIMING_EXECUTIONER" cibadmin --modify --allow-create --scope configuration --xml-text "$xml"
	if e2e_wait "$STORY_WAIT" timing_devices_started $ids; then
		lab_ok "all$ids started on $TIMING_EXECUTIONER"
	else
		lab_not_ok "all$ids started on $TIMING_EXECUTIONER within $STORY_WAIT s"
		story_on "$TIMING_EXECUTIONER" crm_mon -1 | sed 's/^/     > /'
		return 1
	fi
	lab_info "registered in $TIMING_EXECUTIONER's fencer: $(story_on "$TIMING_EXECUTIONER" stonith_admin --list-registered | grep -c 'time-')," \
		"in $TIMING_ASKER's: $(story_on "$TIMING_ASKER" stonith_admin --list-registered | grep -c 'time-')"
}

# A device whose start failed (a metadata or monitor timeout on a busy
# host) is cleaned up, as docs/pacemaker.md's Troubleshooting says, so that
# the cluster starts it again.
timing_devices_started() {
	local id mon rc=0
	mon=$(story_on "$TIMING_EXECUTIONER" crm_mon -1 2>/dev/null)
	for id; do
		echo "$mon" | grep -q "$id.*Started $TIMING_EXECUTIONER" && continue
		rc=1
		if echo "$mon" | grep -q "\* $id .*could not\|\* $id .*failed\|\* $id .*Timed Out"; then
			lab_info "$id failed to start: crm_resource --cleanup --resource $id" >&2
			story_on "$TIMING_EXECUTIONER" crm_resource --cleanup --resource "$id" >/dev/null 2>&1
		fi
	done
	return $rc
}

# timing_use ID: node-c's one fencing level names ID, in the CIB of every
# running node (their fencers read it from there).
timing_use() {
	local node
	story_on "$TIMING_EXECUTIONER" cibadmin --modify --xml-text \
		"<fencing-level id='$TIMING_LEVEL' target='$TIMING_VICTIM' index='1' devices='$1'/>" ||
		{ lab_not_ok "fencing level for $TIMING_VICTIM set to $1"; return 1; }
	for node in $STORY_NODES; do
		node_has "$node" "pacemaker-fence*" || continue
		e2e_wait 60 eval "story_on $node cibadmin -Q -o fencing-topology | grep -q \"devices=.$1.\"" ||
			{ lab_not_ok "$node's CIB has the fencing level $1"; return 1; }
	done
	sleep 1
}

# ---- the fencer's log -----------------------------------------------------------------

timing_log() {
	echo "$NODES_DIR/$1/log/pacemaker.log"
}

# The fencer's verdict lines for node-c ("Operation 'off' targeting node-c
# by node-a for ...: OK (complete)"), in the executioner's log.
timing_ok_lines() {
	grep -a -E "Operation '(reboot|off)' targeting $TIMING_VICTIM by .*: OK" \
		"$(timing_log "$TIMING_EXECUTIONER")" 2>/dev/null
}

timing_ok_count() {
	timing_ok_lines | wc -l
}

timing_ok_since() {
	[ "$(timing_ok_count)" -gt "$1" ]
}

# timing_ran_count ID: how often the executioner's fencer ran ID against
# node-c and it returned 0.
timing_ran_count() {
	grep -a -c -E "targeting $TIMING_VICTIM using $1 returned 0" \
		"$(timing_log "$TIMING_EXECUTIONER")" 2>/dev/null
}

# timing_log_time LINE: the epoch time of a Pacemaker log line
# ("Dec 03 12:49:01.123 node-a pacemaker-fenced ...").
timing_log_time() {
	date -d "$(echo "$1" | awk '{ print $1, $2, $3 }')" +%s.%N 2>/dev/null
}

# timing_agent_secs ID: how long the executioner's fencer saw ID's agent
# run, its latest run: "now running" (a debug line: timing.sh starts
# Pacemaker with PCMK_debug=pacemaker-fenced) to "returned".
timing_agent_secs() {
	local log a b
	log=$(timing_log "$TIMING_EXECUTIONER")
	a=$(grep -a "targeting $TIMING_VICTIM using $1 now running" "$log" | tail -n 1)
	b=$(grep -a -E "targeting $TIMING_VICTIM using $1 returned" "$log" | tail -n 1)
	[ -n "$a" ] && [ -n "$b" ] || { echo "?"; return; }
	awk -v a="$(timing_log_time "$a")" -v b="$(timing_log_time "$b")" 'BEGIN { printf "%.3f", b - a }'
}

# ---- one measurement -------------------------------------------------------------------

# timing_record KIND LUNS AGENT REP SECONDS: one figure, kept for the
# summary with the time it was taken.
timing_record() {
	echo "$1 $2 $3 $4 $5 $(date +%s)" >>"$TIMING_OUT"
}

# timing_keyed_on LUNS KEY|none: node-c's nexus on every path of the first
# LUNS LUs has KEY.
timing_keyed_on() {
	local lun dev n=0 want=$2 h
	h=$(node_host "$TIMING_VICTIM")
	[ "$want" = none ] || want=$(lab_norm_key "$want")
	for lun in $LAB_LUN_NAMES; do
		[ "$n" -lt "$1" ] || break
		n=$((n + 1))
		for dev in $(lab_paths "$h" "$lun"); do
			[ "$(lab_sg_path_key "$dev")" = "$want" ] || return 1
		done
	done
}

# timing_check AGENT LUNS ID RAN_BEFORE LABEL: the fencer ran ID (and no
# other device), and node-c's key is gone from the LUs it lists (kept by
# the agent that does nothing).
timing_check() {
	local agent=$1 luns=$2 id=$3 before=$4 label=$5 want
	if [ "$(timing_ran_count "$id")" -gt "$before" ]; then
		lab_ok "$label: $TIMING_EXECUTIONER's fencer ran $id, exit 0 (agent $(timing_agent_secs "$id")s per its log)"
	else
		lab_not_ok "$label: $TIMING_EXECUTIONER's fencer ran $id"
		grep -a -E "targeting $TIMING_VICTIM using" "$(timing_log "$TIMING_EXECUTIONER")" |
			tail -n 3 | sed 's/^/     | /'
	fi
	want=none
	[ "$agent" != nothing ] || want=$(story_key "$TIMING_VICTIM")
	if timing_keyed_on "$luns" "$want"; then
		lab_ok "$label: sg_persist: $TIMING_VICTIM's nexus on every path of the $luns LUs has key $want"
	else
		lab_not_ok "$label: sg_persist: $TIMING_VICTIM's nexus on every path of the $luns LUs has key $want"
	fi
}

# timing_kill_round AGENT REP: node-c's corosync and Pacemaker SIGKILLed,
# until the executioner's fencer says OK; then node-c starts again.
timing_kill_round() {
	local agent=$1 rep=$2 luns=$TIMING_KILL_LUNS id before ran dc line t_done req t_req secs
	local label="node loss, $agent, round $rep"
	id=$(timing_dev_id "$agent" "$luns")
	timing_use "$id" && timing_register "$TIMING_VICTIM" || return 1
	before=$(timing_ok_count)
	ran=$(timing_ran_count "$id")
	dc=$(story_on "$TIMING_EXECUTIONER" crm_mon -1 2>/dev/null | sed -n 's/.*Current DC: \(node-[a-z]*\).*/\1/p')
	# shellcheck disable=SC2034 # story_after_fail reads it
	STORY_T_FAIL=$(e2e_now)
	node_kill "$TIMING_VICTIM"
	if ! e2e_wait "$STORY_WAIT" timing_ok_since "$before"; then
		lab_not_ok "$label: the fencer's OK for $TIMING_VICTIM within $STORY_WAIT s"
		return 1
	fi
	line=$(timing_ok_lines | tail -n 1)
	t_done=$(timing_log_time "$line")
	secs=$(story_after_fail "$t_done")
	req=$(grep -a "Requesting fencing (.*) of node $TIMING_VICTIM" "$(timing_log "$dc")" 2>/dev/null | tail -n 1)
	t_req=$(timing_log_time "$req")
	timing_record kill "$luns" "$agent" "$rep" "$secs"
	lab_info "TIMING kill ${luns}x$PATHS $agent rep $rep: fence complete ${secs}s after the SIGKILL" \
		"(DC $dc requested it at $(story_after_fail "${t_req:-0}")s); at $(date +%H:%M:%S)"
	[ "$rep" != 1 ] || printf '%s\n' "$req" "$line" | sed 's/^/     | /'
	timing_check "$agent" "$luns" "$id" "$ran" "$label"
	timing_restart_victim
}

# node-c "reboots" and rejoins (no device unfences: its key comes back by
# timing_register before the next fence).
timing_restart_victim() {
	local t0
	node_kill_all "$TIMING_VICTIM"
	node_exec "$TIMING_VICTIM" sh -c 'rm -rf /dev/shm/* /run/crm/*'
	t0=$(e2e_now)
	node_start "$TIMING_VICTIM"
	if e2e_wait "$STORY_WAIT" story_all_online "$TIMING_VICTIM" &&
	   e2e_wait "$STORY_WAIT" story_all_online "$TIMING_EXECUTIONER"; then
		lab_info "$TIMING_VICTIM restarted and rejoined in $(e2e_since "$t0")s"
	else
		lab_not_ok "$TIMING_VICTIM restarted and rejoined within $STORY_WAIT s"
		return 1
	fi
}

# node-c leaves the cluster cleanly (pacemakerd, then corosync, with TERM):
# fencing a running member would stop its Pacemaker (fence-reaction).
timing_stop_victim() {
	local v=$TIMING_VICTIM
	node_signal "$v" pacemakerd TERM
	e2e_wait 120 eval "! node_has $v 'pacemaker*'" || lab_info "$v's Pacemaker still runs after 120 s"
	node_signal "$v" corosync TERM
	e2e_wait 60 eval "! node_has $v corosync" || lab_info "$v's corosync still runs after 60 s"
	if e2e_wait 60 eval "story_on $TIMING_EXECUTIONER crm_mon -1 | grep -q 'OFFLINE: \[ $v \]'"; then
		lab_ok "$v stopped its stack and is OFFLINE for the others"
	else
		lab_not_ok "$v stopped its stack and is OFFLINE for the others"
	fi
}

# timing_fence_round AGENT LUNS REP: `stonith_admin --fence node-c` on
# node-b, timed from fork to exit (mpr-bench-exec).
timing_fence_round() {
	local agent=$1 luns=$2 rep=$3 id ran out wall rc
	local label="stonith_admin --fence, ${luns}x$PATHS, $agent, rep $rep"
	id=$(timing_dev_id "$agent" "$luns")
	timing_use "$id" && timing_register "$TIMING_VICTIM" || return 1
	ran=$(timing_ran_count "$id")
	out=$(node_exec "$TIMING_ASKER" env BENCH_EXEC_LOG="$TIMING_EXEC_LOG" "$TIMING_EXEC" \
		stonith_admin --fence "$TIMING_VICTIM" --timeout 600)
	rc=${out##* }
	wall=$(echo "$out" | awk '{ printf "%.3f", $1 / 1e6 }')
	if [ "$rc" != 0 ]; then
		lab_not_ok "$label: exit 0 (exit $rc after ${wall}s)"
		tail -n 5 "$TIMING_EXEC_LOG" | sed 's/^/     | /'
		return 1
	fi
	timing_record fence "$luns" "$agent" "$rep" "$wall"
	lab_info "TIMING fence ${luns}x$PATHS $agent rep $rep: ${wall}s; at $(date +%H:%M:%S)"
	timing_check "$agent" "$luns" "$id" "$ran" "$label"
}

# ---- the figures -----------------------------------------------------------------------

# timing_stats KIND LUNS AGENT: "MEDIAN MIN MAX N" of the recorded seconds.
timing_stats() {
	awk -v k="$1" -v l="$2" -v a="$3" '$1 == k && $2 == l && $3 == a { print $5 }' "$TIMING_OUT" |
		sort -n | awk '{ v[NR] = $1 }
			END { if (!NR) { print "- - - 0"; exit }
			      m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			      printf "%.3f %.3f %.3f %d\n", m, v[1], v[NR], NR }'
}

# timing_summary_of KIND LUNS WHAT: one line per agent, then each agent's
# share over the agent that does nothing (the target: fence_mpathpr's at
# most 0.2 s).
timing_summary_of() {
	local kind=$1 luns=$2 what=$3 agent s floor share
	lab_info "$what, 3 nodes, $luns LUNs x $PATHS paths (median (min..max) s, n):"
	for agent in $TIMING_AGENTS; do
		read -r -a s <<<"$(timing_stats "$kind" "$luns" "$agent")"
		lab_info "  $(timing_agent_type "$agent"): ${s[0]} (${s[1]}..${s[2]}), n=${s[3]}"
		[ "$agent" != nothing ] || floor=${s[0]}
		[ "$agent" = nothing ] || [ "${s[0]}" = - ] || [ "${floor:--}" = - ] ||
			share="$share $(timing_agent_type "$agent") $(awk -v a="${s[0]}" -v f="$floor" 'BEGIN { printf "%+.3f", a - f }')s"
	done
	lab_info "  over the agent that does nothing:${share:- -}"
}

timing_summary() {
	local luns s
	for luns in $TIMING_LUN_SETS; do
		timing_summary_of fence "$luns" "stonith_admin --fence $TIMING_VICTIM on $TIMING_ASKER"
		read -r -a s <<<"$(timing_stats fence "$luns" mpathpr)"
		local f
		f=$(timing_stats fence "$luns" nothing | awk '{ print $1 }')
		if [ "${s[0]}" != - ] && [ "$f" != - ]; then
			lab_info "  target (fence_mpathpr at most 0.2 s over the agent that does nothing):" \
				"$(awk -v a="${s[0]}" -v f="$f" 'BEGIN { print (a - f <= 0.2) ? "met" : "NOT met" }')"
		fi
	done
	timing_summary_of kill "$TIMING_KILL_LUNS" "SIGKILL of $TIMING_VICTIM's stack to the fencer's OK"
	lab_info "measured from $(awk 'NR == 1 { print $6 }' "$TIMING_OUT" | xargs -I{} date -d @{} +%H:%M:%S)" \
		"to $(awk 'END { print $6 }' "$TIMING_OUT" | xargs -I{} date -d @{} +%H:%M:%S) (guest clock)"
	timing_load_note "at the end"
}
