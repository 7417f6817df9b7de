# SPDX-License-Identifier: LGPL-2.1-or-later
# shellcheck shell=bash
#
# mpathprd.sh - what the mpathprd scenarios (85-89) share; sourced after
# lib.sh and agent.sh.  mpathprd runs once per host, each on its host's store
# (/run/mpathpr-<host>, as the agent writes it), in the foreground with its
# log in /run/mpathprd-<host>.log; an EXIT trap stops every one started.
#
# The scenarios run a real multipathd for the host under test
# (multipathd.sh): a path goes down with its SCSI device offline, and
# multipathd's path checker fails it in dm; it comes back with the device
# running, and the checker reinstates it (dm-multipath's PATH_FAILED /
# PATH_REINSTATED uevents).  The other hosts' maps are dmsetup maps: their
# paths are failed and reinstated with dmsetup messages, as the checker
# would.  (A path only offlined in sysfs stays active in such a map, and
# dm sends nothing when it comes back.)
# shellcheck source=tests/lab/multipathd.sh
. "$LAB_DIR/multipathd.sh"
MPRD=${LAB_MPATHPRD:-$LAB_BUILDDIR/daemon/mpathprd}
[ -x "$MPRD" ] || { echo "FAIL: $MPRD is not built (run make first)"; exit 1; }
# "key registered within this many seconds of the path being usable in dm"
: "${MPRD_REPAIR_S:=2}"
declare -A MPRD_PID
MPRD_TIMES=""

mprd_stop_all() {
	local h
	for h in "${!MPRD_PID[@]}"; do
		mprd_stop "$h"
	done
}
trap 'mprd_stop_all; lab_multipathd_stop' EXIT

# mprd_start HOST: mpathprd for HOST's store, each line of its log stamped
# with the guest's uptime (lab_now); waits until it has checked every map
# once (its "N map(s) checked in T ms" line).
mprd_start() {
	local h=$1 i
	: >"/run/mpathprd-$h.log"
	"$MPRD" --foreground --store-path "/run/mpathpr-$h" --verbose \
		> >(awk '{ getline t < "/proc/uptime"; close("/proc/uptime"); split(t, u, " ")
			   print u[1], $0; fflush() }' >>"/run/mpathprd-$h.log") 2>&1 &
	MPRD_PID[$h]=$!
	# its first pass over the store's maps is over (or the store is empty)
	for ((i = 0; i < 600; i++)); do
		grep -q -e 'map(s) checked in' -e ': 0 map(s)$' "/run/mpathprd-$h.log" && break
		sleep 0.1
	done
	lab_info "mpathprd for $h started (pid ${MPRD_PID[$h]}): $(head -n 2 "/run/mpathprd-$h.log" | tr '\n' ' ')"
}

# mprd_stop HOST [SIGNAL]: SIGTERM (or SIGNAL), then the log.
mprd_stop() {
	local h=$1 pid=${MPRD_PID[$1]:-}
	[ -n "$pid" ] || return 0
	kill -"${2:-TERM}" "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	unset "MPRD_PID[$h]"
	lab_info "mpathprd for $h stopped; its log:"
	sed 's/^/     | /' "/run/mpathprd-$h.log"
}

# mprd_path_down DEV / mprd_path_up DEV: as multipathd's checker sees it;
# for the host multipathd runs for, by its checker.
mprd_path_down() {
	local map i
	map=$(lab_map "$(lab_path_host "$1")" "$(lab_path_lun "$1")")
	lab_offline "$1"
	if [ "$(lab_path_host "$1")" = "$LAB_MPATHD_HOST" ]; then
		# a healthy path is checked at most every 4 s
		for ((i = 0; i < 150; i++)); do
			[ "$(mprd_dm_state "$1")" = F ] && return 0
			sleep 0.2
		done
		return 1
	fi
	dmsetup message "${map##*/}" 0 fail_path "$(cat "/sys/block/${1#/dev/}/dev")" >/dev/null
}
# mprd_path_up also leaves in MPRD_UP_AT the moment the path became usable
# in dm: multipathd's reinstatement, the time of dm's PATH_REINSTATED
# uevent (empty if none came within 30 s); for a dmsetup map the uptime
# read (a shell builtin, no process started) right before dm is told to
# reinstate it, within the time dmsetup takes to start.
mprd_path_up() {
	local map n t0
	map=$(lab_map "$(lab_path_host "$1")" "$(lab_path_lun "$1")")
	n=$(cat "/sys/block/${1#/dev/}/dev")
	if [ "$(lab_path_host "$1")" = "$LAB_MPATHD_HOST" ]; then
		t0=$(lab_now)
		lab_online "$1"
		lab_uevent_wait_path "$1" PATH_REINSTATED "$t0" 30
		MPRD_UP_AT=$LAB_UEVENT_AT
		lab_info "multipathd reinstated $1: dm's PATH_REINSTATED at ${MPRD_UP_AT:-never} ($(awk -v a="$t0" -v b="$MPRD_UP_AT" 'BEGIN { if (b == "") print "never"; else printf "%.1f s", b - a }') after the device was running)"
		return 0
	fi
	lab_online "$1"
	read -r MPRD_UP_AT _ </proc/uptime
	dmsetup message "${map##*/}" 0 reinstate_path "$n" >/dev/null
}

# mprd_sg DEV: DEV's SCSI generic node (/dev/sgN).  udevd runs while
# multipathd does, and its watch turns the close of a /dev/sdX that was
# opened read-write (sg_persist opens it so) into a change uevent, on which
# a running mpathprd checks that map and registers a usable nexus at once:
# to leave a nexus unregistered and look at it, go through the sg node.
mprd_sg() {
	local sg
	sg=$(ls "/sys/block/${1#/dev/}/device/scsi_generic" 2>/dev/null)
	echo "/dev/${sg:-${1#/dev/}}"
}

# mprd_unregister DEV KEY: KEY's registration on DEV's nexus removed with
# sg_persist through DEV's sg node (mprd_sg).
mprd_unregister() {
	lab_sg_persist -n -o -G -K "$2" -S 0 "$(mprd_sg "$1")" >/dev/null 2>&1
}

# mprd_dm_state DEV: A (active) or F (failed), the path's state in its map.
mprd_dm_state() {
	local map n w prev="" ws
	map=$(lab_map "$(lab_path_host "$1")" "$(lab_path_lun "$1")")
	read -r n <"/sys/block/${1#/dev/}/dev"
	# the word after the path's device number (mprd_path_down polls this)
	read -r -a ws <<<"$(dmsetup status "${map##*/}")"
	for w in "${ws[@]}"; do
		[ "$prev" != "$n" ] || { echo "$w"; return 0; }
		prev=$w
	done
}

# mprd_logged_at HOST DEV: when (lab_now) HOST's mpathprd logged that it
# registered the key on DEV's nexus; empty if it did not.
mprd_logged_at() {
	awk -v d="path $2: registered key" 'index($0, d) { print $1; exit }' "/run/mpathprd-$1.log"
}

# mprd_event_before HOST DEV: when (lab_now) HOST's mpathprd received the
# uevent of the map (the reload that added DEV, or its reinstatement) it
# acted on before registering DEV's nexus: the last "dm-N: change" line
# before that; empty if none.
mprd_event_before() {
	awk -v d="path $2: registered key" '/ dm-[0-9]+: (change|add)/ { t = $1 }
		index($0, d) { print t; exit }' "/run/mpathprd-$1.log"
}

# mprd_wait_key DEV KEY SINCE LIMIT VIA: wait until sg_persist (READ FULL
# STATUS through VIA, another path of the same LU: a new nexus answers its
# first commands with the UNIT ATTENTIONs queued for it) shows KEY on DEV's
# nexus; MPRD_SECS is the time since SINCE (lab_now) when it did, or "never"
# after LIMIT seconds.
mprd_wait_key() {
	local dev=$1 want since=$3 limit=$4 via=$5
	want=$(lab_norm_key "$2")
	MPRD_SECS=never
	# asked at least once, however long the previous waits took
	while :; do
		if [ "$(lab_sg_path_key "$dev" "$via")" = "$want" ]; then
			MPRD_SECS=$(lab_since "$since")
			return 0
		fi
		lab_past "$since" "$limit" && return 1
		sleep 0.1
	done
}

# assert_repaired HOST DEV KEY SINCE VIA: sg_persist (through VIA) shows KEY
# on DEV's nexus within 30 s of SINCE, and HOST's mpathprd registered it
# within MPRD_REPAIR_S of the moment the path became usable in dm: SINCE
# (lab_now), or with SINCE "event:T" the uevent mpathprd acted on (the
# reload that added the path, inside lab_login; T is when the call
# returned), by the time stamps of its log.  (sg_persist itself takes
# seconds in the emulated guest on a busy host: polling it would measure
# sg_persist.)
assert_repaired() {
	local h=$1 dev=$2 key=$3 since=$4 via=$5 at secs
	mprd_wait_key "$dev" "$key" "${since#event:}" 30 "$via"
	assert_eq 1 "$([ "$MPRD_SECS" != never ] && echo 1)" \
		"sg_persist: $(lab_norm_key "$key") on $dev's nexus ($(lab_nexus "$dev")), seen $MPRD_SECS s after the path was usable"
	case $since in event:*) since=$(mprd_event_before "$h" "$dev") ;; esac
	at=$(mprd_logged_at "$h" "$dev")
	secs=$(awk -v a="$since" -v b="$at" 'BEGIN { if (a == "" || b == "") print "never"; else printf "%.1f", b - a }')
	[ "$secs" = never ] || MPRD_TIMES="$MPRD_TIMES $secs"
	lab_info "path usable -> key registered on $dev, by mpathprd's log: $secs s"
	assert_eq 1 "$(awk -v t="$secs" -v l="$MPRD_REPAIR_S" 'BEGIN { print (t != "never" && t <= l) }')" \
		"mpathprd registered $dev's nexus within $MPRD_REPAIR_S s of the path being usable (took $secs s)"
}

# mprd_times_report: the waits measured in this scenario, and their median.
mprd_times_report() {
	[ -n "$MPRD_TIMES" ] || return 0
	lab_info "path usable -> key registered (s):$MPRD_TIMES; median $(echo "$MPRD_TIMES" | tr ' ' '\n' | grep . | sort -g |
		awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }') s"
}
