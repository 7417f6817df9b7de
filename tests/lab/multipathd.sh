# SPDX-License-Identifier: LGPL-2.1-or-later
# shellcheck shell=bash
#
# multipathd.sh - a real multipathd (and the udevd it needs) managing ONE
# host's maps, for the scenarios that must see multipathd's path checker
# fail and reinstate paths; sourced after lib.sh.  Every other scenario
# keeps the dmsetup-built maps of san.sh.
#
# All hosts live in one guest kernel and reach the same LUs, so every host's
# SCSI disks carry the same WWIDs.  multipathd must take the host under
# test's disks only:
# - a udev rule (/etc/udev/rules.d/59-mpathpr-lab.rules, before
#   60-multipath.rules' `multipath -u`) gives every iSCSI disk the property
#   MPATHPR_LAB_WWID: its WWID ("3" + NAA) for the host under test, found
#   by the initiator name of the disk's session, "lab-other-<wwid>" for the
#   other hosts;
# - multipath.conf takes the WWID from that property (uid_attrs) and
#   blacklists "^lab-other-": the other hosts' disks are never paths of
#   multipathd's.  (A property blacklist cannot do it: multipathd always
#   adds ID_WWN and SCSI_IDENT_ to blacklist_exceptions, and every disk has
#   those.)
# - multipathd adopts or flushes every map whose dm UUID starts "mpath-":
#   the other hosts' maps are re-created as "lab-<wwid>-<host>" while it
#   runs; the host under test's maps are removed and multipathd creates
#   them, named <host>-lun<N> by multipath.conf aliases.
# lab_multipathd_stop undoes all of it: multipathd and udevd stopped, the
# files removed, every map of every host re-created over its host's
# current paths as san.sh makes them (the first host's "mpath-<wwid>", the
# others' "mpath-<wwid>-<host>"), san.env rewritten.
#
# A kernel uevent log (/run/mpathpr-lab/uevents, one line an event: guest
# uptime, action, device, DM_ACTION, DM_PATH) runs meanwhile: when dm
# failed or reinstated a path, when a reload put a new path in a map.

[ -n "${LAB_MPATHD_LOADED:-}" ] && return 0
LAB_MPATHD_LOADED=1
LAB_MPATHD_HOST=""
LAB_MPATHD_DIR=/run/mpathpr-lab/multipathd
LAB_MPATHD_LOG=$LAB_MPATHD_DIR/multipathd.log
LAB_UEVENTS=/run/mpathpr-lab/uevents
LAB_MPATHD_RULE=/etc/udev/rules.d/59-mpathpr-lab.rules
LAB_MPATHD_PID="" LAB_UEVENT_PID=""

# lab_mpathd_log_stamped FILE: stdin to FILE, each line prefixed with the
# guest's uptime (lab_now's clock).
lab_mpathd_log_stamped() {
	awk '{ getline t < "/proc/uptime"; close("/proc/uptime"); split(t, u, " ")
	       print u[1], $0; fflush() }' >>"$1"
}

# The program the udev rule imports: MPATHPR_LAB_WWID for disk $1.  udevd
# runs it on every event of every disk (a close after sg_persist opened one
# read-write is a change event), so it starts no process of its own: each
# costs tens of milliseconds in the emulated guest.
lab_mpathd_write_id() {
	cat >"$LAB_MPATHD_DIR/path-id" <<-EOF
	#!/bin/sh
	# (written by tests/lab/multipathd.sh) MPATHPR_LAB_WWID of an iSCSI disk
	cd -P "/sys/class/block/\$1/device" 2>/dev/null || exit 0
	d=\$PWD
	case \$d in */session[0-9]*/*) ;; *) exit 0 ;; esac
	sid=\${d#*/session}
	sid=\${sid%%/*}
	read -r ini <"/sys/class/iscsi_session/session\$sid/initiatorname" || exit 0
	read -r w <"/sys/class/block/\$1/device/wwid" || exit 0
	case \$w in
	naa.*) w=3\${w#naa.} ;;
	*) r=
	   while :; do
		case \$w in
		*" "*) r=\$r\${w%%" "*}_ w=\${w#*" "} ;;
		*) w=\$r\$w; break ;;
		esac
	   done ;;
	esac
	if [ "\$ini" = "$1" ]; then
		echo "MPATHPR_LAB_WWID=\$w"
	else
		echo "MPATHPR_LAB_WWID=lab-other-\$w"
	fi
	EOF
	chmod +x "$LAB_MPATHD_DIR/path-id"
}

# lab_mpathd_conf HOST [LINE...]: multipath.conf; LINEs go into defaults
# (e.g. "reservation_key file").
lab_mpathd_conf() {
	local h=$1 lun w l
	shift
	{
		echo "# written by tests/lab/multipathd.sh for host $h"
		echo "defaults {"
		# the checker every second for a failed path (at most 4 s for a healthy one)
		echo "	polling_interval 1"
		echo "	find_multipaths no"
		echo "	user_friendly_names no"
		echo "	uid_attrs \"sd:MPATHPR_LAB_WWID\""
		for l; do
			echo "	$l"
		done
		echo "}"
		# multipathd's table for LIO asks for the ALUA device handler
		# (hardware_handler "1 alua"), which the lab kernel does not
		# load: the reload fails with EINVAL.  Loaded, it would attach to
		# every disk and change the dmsetup maps of the other scenarios.
		echo "devices {"
		echo "	device {"
		echo "		vendor \"LIO-ORG\""
		echo "		product \".*\""
		echo "		hardware_handler \"0\""
		echo "	}"
		echo "}"
		echo "blacklist {"
		echo "	wwid \"^lab-other-\""
		echo "}"
		echo "multipaths {"
		for lun in ${LAB_LUN_NAMES_ALL:-$LAB_LUN_NAMES}; do
			w=LAB_WWID_$lun
			w=${!w}
			printf '\tmultipath {\n\t\twwid %s\n\t\talias %s-%s\n\t}\n' "$w" "$h" "$lun"
		done
		echo "}"
	} >/etc/multipath.conf
}

# lab_mpathd_host_devs DISKS HOST LUN: HOST's path devices to LUN, in
# portal order (then session order), from DISKS (san_disks' output: the
# sessions, whatever the maps say; read once by the caller).  Shell
# builtins only (an indexed array lists its elements in index order): the
# start, the stop and the wait call it for every host and LUN.
lab_mpathd_host_devs() {
	local h p l d sid o1 o2 o3 o4 i
	local -a by=()
	while read -r h p l d sid; do
		[ "$h" = "$2" ] && [ "$l" = "${3#lun}" ] || continue
		if [[ $p =~ ^([0-9]+)\.([0-9]+)\.([0-9]+)\.([0-9]+)$ ]]; then
			o1=${BASH_REMATCH[1]} o2=${BASH_REMATCH[2]} o3=${BASH_REMATCH[3]} o4=${BASH_REMATCH[4]}
			i=$(( ((10#$o1 << 24) | (10#$o2 << 16) | (10#$o3 << 8) | 10#$o4) * 65536 + 10#$sid ))
		else
			i=$(( (1 << 48) + 10#$sid ))
		fi
		by[i]=$d
	done <<<"$1"
	[ ${#by[@]} -eq 0 ] || printf '%s\n' "${by[@]}"
}

# lab_mpathd_maps_other HOST: every other host's maps re-created with a dm
# UUID multipathd leaves alone; HOST's maps removed (multipathd makes them).
lab_mpathd_maps_other() {
	local h lun w size devs disks
	disks=$(san_disks)
	for lun in ${LAB_LUN_NAMES_ALL:-$LAB_LUN_NAMES}; do
		w=LAB_WWID_$lun
		w=${!w}
		for h in $LAB_HOSTS; do
			dmsetup remove "$h-$lun" || return 1
		done
		for h in $LAB_HOSTS; do
			[ "$h" != "$1" ] || continue
			# shellcheck disable=SC2207
			devs=($(lab_mpathd_host_devs "$disks" "$h" "$lun"))
			size=$(blockdev --getsz "${devs[0]}") || return 1
			dmsetup create "$h-$lun" --uuid "lab-$w-$h" \
				--table "$(san_map_table "$size" "${devs[@]}")" || return 1
		done
	done
}

# lab_mpathd_maps_restore: every map of every host as san.sh makes it, over
# the host's current paths; the maps multipathd made are replaced.
lab_mpathd_maps_restore() {
	local h lun i devs disks rc=0
	disks=$(san_disks)
	for lun in ${LAB_LUN_NAMES_ALL:-$LAB_LUN_NAMES}; do
		i=${lun#lun}
		for h in $LAB_HOSTS; do
			dmsetup info "$h-$lun" >/dev/null 2>&1 || continue
			dmsetup remove "$h-$lun" || rc=1
		done
		for h in $LAB_HOSTS; do
			# shellcheck disable=SC2207
			devs=($(lab_mpathd_host_devs "$disks" "$h" "$lun"))
			san_map_create "$h" "$i" "${devs[@]}" || rc=1
		done
	done
	dmsetup mknodes
	return $rc
}

# lab_multipathd_wait [SECS]: every map of the managed host has exactly its
# host's current paths in its table (by device number: a logged-out path's
# device is gone from sysfs) and none failed: multipathd caught up with the
# sessions.  Status 1 after SECS (60).  Each look starts
# three processes (san_disks' subshell, dmsetup table, dmsetup status) and
# reads sysfs with shell builtins: a look with a process per path and LUN
# took seconds in the emulated guest, and so did noticing the maps ready.
lab_multipathd_wait() {
	local limit=${1:-60} t0 lun map ok disks table status name rest want n w d
	read -r t0 _ </proc/uptime
	while :; do
		ok=1
		disks=$(san_disks)
		table=$(dmsetup table 2>/dev/null)
		status=$(dmsetup status 2>/dev/null)
		for lun in ${LAB_LUN_NAMES_ALL:-$LAB_LUN_NAMES}; do
			map=$LAB_MPATHD_HOST-$lun
			want=()
			for d in $(lab_mpathd_host_devs "$disks" "$LAB_MPATHD_HOST" "$lun"); do
				read -r n 2>/dev/null <"/sys/block/${d#/dev/}/dev" && want+=("$n")
			done
			rest=""
			while read -r name rest; do
				[ "$name" = "$map:" ] && break
				rest=""
			done <<<"$table"
			# the same set of device numbers (each appears once in a table)
			n=0
			for w in $rest; do
				[[ $w =~ ^[0-9]+:[0-9]+$ ]] && n=$((n + 1))
			done
			[ ${#want[@]} -gt 0 ] && [ "$n" -eq ${#want[@]} ] || { ok=0; break; }
			for w in "${want[@]}"; do
				[[ " $rest " == *" $w "* ]] || { ok=0; break 2; }
			done
			while read -r name rest; do
				[ "$name" = "$map:" ] || continue
				[[ " $rest " != *" F "* ]] || ok=0
				break
			done <<<"$status"
			[ $ok = 1 ] || break
		done
		[ $ok = 0 ] || return 0
		lab_past "$t0" "$limit" && return 1
		sleep 0.2
	done
}

# lab_multipathd_start HOST [LINE...]: udevd with the rule above, then
# multipathd (foreground, -v3 to LAB_MPATHD_LOG with the guest's uptime)
# over HOST's paths, multipath.conf's defaults plus LINEs; returns once
# HOST's maps are multipathd's with every path active.  Status 1 (and a
# message) if it did not get there.
lab_multipathd_start() {
	local h=$1 i t=()
	shift
	[ -z "$LAB_MPATHD_HOST" ] || { echo "lab_multipathd_start: already running for $LAB_MPATHD_HOST" >&2; return 1; }
	LAB_MPATHD_HOST=$h
	mkdir -p "$LAB_MPATHD_DIR"
	: >"$LAB_MPATHD_LOG"
	: >"$LAB_UEVENTS"
	[ -e /run/udev/data ] || touch "$LAB_MPATHD_DIR/no-udev-db"
	[ ! -e /etc/multipath.conf ] || cp -a /etc/multipath.conf "$LAB_MPATHD_DIR/multipath.conf.saved"
	[ ! -d /etc/multipath ] || touch "$LAB_MPATHD_DIR/etc-multipath-existed"
	[ ! -d /run/multipath ] || touch "$LAB_MPATHD_DIR/run-multipath-existed"
	# udevadm refuses to work "in a chroot" unless told otherwise
	export SYSTEMD_IGNORE_CHROOT=1
	# the kernel's uevents, stamped (udevadm monitor needs no udevd)
	udevadm monitor --kernel --property --subsystem-match=block 2>/dev/null > >(awk '
		/^KERNEL\[/ { getline t < "/proc/uptime"; close("/proc/uptime"); split(t, u, " ")
			      ts = u[1]; act = $2; dev = $3; sub(/.*\//, "", dev); dma = "-"; dmp = "-"; next }
		/^DM_ACTION=/ { dma = substr($0, 11) }
		/^DM_PATH=/ { dmp = substr($0, 9) }
		/^$/ { if (ts != "") { print ts, act, dev, dma, dmp; fflush() } ts = "" }' >>"$LAB_UEVENTS") &
	LAB_UEVENT_PID=$!
	t[0]=$(lab_now)
	lab_mpathd_maps_other "$h" || { echo "lab_multipathd_start: cannot re-create the maps" >&2; return 1; }
	i=LAB_IQN_$h
	lab_mpathd_write_id "${!i}"
	printf '%s\n' "# written by tests/lab/multipathd.sh: which host's disks multipathd takes" \
		"SUBSYSTEM==\"block\", KERNEL==\"sd*\", ENV{DEVTYPE}==\"disk\", ACTION==\"add|change\", IMPORT{program}=\"$LAB_MPATHD_DIR/path-id %k\"" \
		>"$LAB_MPATHD_RULE"
	lab_mpathd_conf "$h" "$@"
	/lib/systemd/systemd-udevd --daemon >/dev/null 2>&1 ||
		{ echo "lab_multipathd_start: udevd did not start" >&2; return 1; }
	udevadm trigger --subsystem-match=block --sysname-match='sd*' >/dev/null 2>&1
	t[1]=$(lab_now)
	udevadm settle --timeout=120 >/dev/null 2>&1 || echo "lab_multipathd_start: udevadm settle timed out" >&2
	t[2]=$(lab_now)
	multipathd -d -v3 -s > >(lab_mpathd_log_stamped "$LAB_MPATHD_LOG") 2>&1 &
	LAB_MPATHD_PID=$!
	lab_multipathd_wait 90 || {
		echo "lab_multipathd_start: $h's maps are not multipathd's with every path active" >&2
		dmsetup table >&2
		tail -n 30 "$LAB_MPATHD_LOG" >&2
		return 1
	}
	lab_env_refresh
	echo "   multipathd for $h: the other maps re-created and udevd started in" \
		"$(awk -v a="${t[0]}" -v b="${t[1]}" 'BEGIN { printf "%.1f", b - a }') s, its disks" \
		"through udev in $(awk -v a="${t[1]}" -v b="${t[2]}" 'BEGIN { printf "%.1f", b - a }') s," \
		"its maps ready $(lab_since "${t[2]}") s later (multipathd's first log line" \
		"$(awk -v a="${t[2]}" 'NR == 1 { printf "%.1f", $1 - a }' "$LAB_MPATHD_LOG") s, its first map" \
		"$(awk -v a="${t[2]}" '/: (addmap|reload) \[0 / { printf "%.1f", $1 - a; exit }' "$LAB_MPATHD_LOG") s after it started)"
}

# lab_multipathd_reconfigure [LINE...]: multipath.conf written again with
# LINEs in defaults (none: the plain one), `multipathd reconfigure`, and
# back once every path of the managed host is active again.
lab_multipathd_reconfigure() {
	[ -n "$LAB_MPATHD_HOST" ] || { echo "lab_multipathd_reconfigure: multipathd is not running" >&2; return 1; }
	lab_mpathd_conf "$LAB_MPATHD_HOST" "$@"
	multipathd reconfigure >/dev/null || return 1
	lab_multipathd_wait 60
}

# lab_multipathd_stop: everything lab_multipathd_start did undone (see the
# top of this file); nothing if it was not started.
lab_multipathd_stop() {
	local i t0 t1
	[ -n "$LAB_MPATHD_HOST" ] || return 0
	t0=$(lab_now)
	multipathd shutdown >/dev/null 2>&1
	for ((i = 0; i < 100; i++)); do
		kill -0 "$LAB_MPATHD_PID" 2>/dev/null || break
		sleep 0.2
	done
	kill -9 "$LAB_MPATHD_PID" 2>/dev/null
	wait "$LAB_MPATHD_PID" 2>/dev/null
	udevadm settle --timeout=60 >/dev/null 2>&1
	udevadm control --exit >/dev/null 2>&1
	kill "$LAB_UEVENT_PID" 2>/dev/null
	wait "$LAB_UEVENT_PID" 2>/dev/null
	rm -f "$LAB_MPATHD_RULE" /etc/multipath.conf
	[ ! -e "$LAB_MPATHD_DIR/multipath.conf.saved" ] ||
		mv "$LAB_MPATHD_DIR/multipath.conf.saved" /etc/multipath.conf
	[ -e "$LAB_MPATHD_DIR/etc-multipath-existed" ] || rm -rf /etc/multipath
	[ -e "$LAB_MPATHD_DIR/run-multipath-existed" ] || rm -rf /run/multipath
	[ ! -e "$LAB_MPATHD_DIR/no-udev-db" ] || rm -rf /run/udev
	rm -f "$LAB_MPATHD_DIR/etc-multipath-existed" "$LAB_MPATHD_DIR/run-multipath-existed" \
		"$LAB_MPATHD_DIR/no-udev-db"
	t1=$(lab_now)
	lab_mpathd_maps_restore || echo "lab_multipathd_stop: the maps were not all re-created" >&2
	echo "   multipathd for $LAB_MPATHD_HOST: it and udevd stopped in" \
		"$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s, every map re-created in $(lab_since "$t1") s"
	LAB_MPATHD_HOST=""
	lab_env_refresh
}

# ---- when dm moved a path (the uevent log) ----------------------------------

# lab_uevent_path_at DEV DM_ACTION AFTER: the stamp (lab_now) of the first
# uevent after AFTER in which dm reported DM_ACTION (PATH_FAILED,
# PATH_REINSTATED) for DEV; empty if none.
lab_uevent_path_at() {
	local n
	n=$(cat "/sys/block/${1#/dev/}/dev") || return 1
	awk -v n="$n" -v a="$2" -v t="$3" '$1 > t && $4 == a && $5 == n { print $1; exit }' "$LAB_UEVENTS"
}

# lab_uevent_joined_at DEV: when DEV became usable in its map: the first
# change uevent of the map's dm device after the kernel added DEV (the
# reload that put it in); empty if none.
lab_uevent_joined_at() {
	local map minor
	map=$(lab_map "$(lab_path_host "$1")" "$(lab_path_lun "$1")")
	minor=$(dmsetup info -c --noheadings -o minor "${map##*/}" | tr -d ' ')
	awk -v d="${1#/dev/}" -v m="dm-$minor" '$2 == "add" && $3 == d { added = 1; next }
		added && $2 == "change" && $3 == m { print $1; exit }' "$LAB_UEVENTS"
}

# lab_uevent_wait_path DEV DM_ACTION AFTER [SECS]: wait for that uevent
# (lab_uevent_path_at); its stamp in LAB_UEVENT_AT (empty: not within SECS, 30).
lab_uevent_wait_path() {
	local i
	LAB_UEVENT_AT=""
	for ((i = 0; i < ${4:-30} * 5; i++)); do
		LAB_UEVENT_AT=$(lab_uevent_path_at "$1" "$2" "$3")
		[ -z "$LAB_UEVENT_AT" ] || return 0
		sleep 0.2
	done
	return 1
}
