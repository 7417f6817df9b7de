#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# guest.sh - the fencing benchmark inside one lab boot (tests/bench/run runs
# `tests/lab/lab run tests/bench/guest.sh`, lib.sh is loaded).
#
# Host b fences host a: "on" is host a unfencing itself, "status" and "off"
# are run by host b about host a's key.  Both agents work on the same LUNs
# and paths with the same keys, one after the other within each repetition
# (the order alternates between repetitions), so both always start from the
# same state: a fenced, b registered and holding the reservation.
#
# Prints one line per measurement on stdout:
#   BENCH <luns> <paths> <agent> <op> <rep> <wall_us> <maxrss_kib> <status>
# and "BENCHINFO <name> <value>" lines describing the guest.
#
# Environment (LAB_ENV passes them in): BENCH_STAGE (the staged install of
# the build to measure), BENCH_REPS (repetitions, 3),
# BENCH_MPATH (1: also run fence_mpath), BENCH_MPATH_REPS (its repetitions,
# default BENCH_REPS), BENCH_FLOOR_REPS (floor samples, 2 x BENCH_REPS),
# BENCH_FAULT_REPS (faulted fences of fence_mpathpr, default BENCH_REPS; 0:
# none): "off-faulted" is b fencing a while the packets of b's session over
# its first path's portal are dropped (lab_blackhole_session: that path of
# every LUN hangs, dm still shows it active), next to "off" in the same boot.
set -u

: "${BENCH_REPS:=3}" "${BENCH_MPATH:=1}"
: "${BENCH_MPATH_REPS:=$BENCH_REPS}" "${BENCH_FLOOR_REPS:=$((2 * BENCH_REPS))}"
: "${BENCH_FAULT_REPS:=$BENCH_REPS}"
B=$LAB_BUILDDIR
EXEC=$B/tests/bench/mpr-bench-exec
# The agent as a package installs it (tests/bench/run stages `make install`):
# copied into this boot's root (tmpfs), the library put in ld.so's cache.
# Whatever is at those paths already (the Pacemaker tests' links to the
# build tree in /usr/sbin) is replaced, not written through.
MPR=$(cd "$BENCH_STAGE" && find . -path '*/sbin/fence_mpathpr' | head -n 1)
MPR=${MPR#.}
[ -n "$MPR" ] || { echo "bench: no sbin/fence_mpathpr in $BENCH_STAGE" >&2; exit 1; }
# Only usr/: the stage's /lib/systemd (mpathprd's unit) cannot be copied
# over the guest's /lib, a symlink (merged /usr).
cp -a --remove-destination "$BENCH_STAGE/usr/." /usr/ && ldconfig || { echo "bench: cannot install $BENCH_STAGE" >&2; exit 1; }
FM=/usr/sbin/fence_mpath
ST=/run/bench
KA=$(lab_key a)
KB=$(lab_key b)
DEVS_a=$(lab_maps a | tr ' ' ,)
DEVS_b=$(lab_maps b | tr ' ' ,)
FLOOR_DEV=$(lab_paths b lun0)
FLOOR_DEV=${FLOOR_DEV%% *}

say() { echo "bench: $*" >&2; }

# measure AGENT OP REP COMMAND...: one timed run, one BENCH line.
measure() {
	local agent=$1 op=$2 rep=$3 out rc
	shift 3
	: >"$ST/last.log"
	out=$(BENCH_EXEC_LOG=$ST/last.log "$EXEC" "$@") || out="0 0 255"
	echo "BENCH $LUNS $PATHS $agent $op $rep $out"
	rc=${out##* }
	# status answers 2 for "off"; anything else unexpected is shown.
	if [ "$rc" != 0 ] && { [ "$op" != status ] || [ "$rc" != 2 ]; }; then
		say "$agent $op rep $rep: status $rc: $*"
		tail -n "${BENCH_LOG_LINES:-15}" "$ST/last.log" | sed 's/^/bench:   | /' >&2
	fi
}

info() {
	echo "BENCHINFO $1 $2"
}

# ---- fence_mpath's environment ------------------------------------------------

# mpathpersist finds a map's paths through udev and multipath's own view of
# the map: its dm UUID must be "mpath-<wwid>".  The lab gives that UUID to
# host a's maps and "mpath-<wwid>-<host>" to the others (dm UUIDs are
# unique), so before fence_mpath acts as host H, H's maps are recreated with
# the real UUID and the others with the suffix; only the UUIDs change, the
# tables (paths) are the same.
declare -A TABLE
OWNER=a

save_tables() {
	local h lun
	for h in $LAB_HOSTS; do
		for lun in $LAB_LUN_NAMES; do
			TABLE[$h-$lun]=$(dmsetup table "$h-$lun")
		done
	done
}

mpath_owner() {
	local owner=$1 h lun wwid uuid
	[ "$owner" = "$OWNER" ] && return 0
	for lun in $LAB_LUN_NAMES; do
		wwid=LAB_WWID_$lun
		wwid=${!wwid}
		for h in $LAB_HOSTS; do
			dmsetup remove "$h-$lun" 2>/dev/null || say "cannot remove $h-$lun"
		done
		for h in $LAB_HOSTS; do
			uuid=mpath-$wwid
			[ "$h" = "$owner" ] || uuid=$uuid-$h
			dmsetup create "$h-$lun" --uuid "$uuid" --table "${TABLE[$h-$lun]}" 2>/dev/null ||
				say "cannot create $h-$lun"
		done
	done
	dmsetup mknodes 2>/dev/null
	OWNER=$owner
}

# One multipath.conf, one "local" reservation key: the acting host's.
mpath_conf() {
	printf 'defaults {\n\treservation_key %s\n}\n' "$1" >/etc/multipath.conf
}

# fence_mpath acting as host H: its maps, its key in multipath.conf.
as_host() {
	local v=K${1^^}
	mpath_owner "$1"
	mpath_conf "${!v}"
}

# mpathpersist takes path properties from the udev database: run udevd once
# over the block devices to fill it, then stop it.  Left running, its rules
# for dm devices fail every path of a map mpath_owner() recreates (dm status
# "F" right after the create), which would leave both agents pathless.
start_udev() {
	# udevadm refuses to trigger "in a chroot" unless told otherwise.
	export SYSTEMD_IGNORE_CHROOT=1
	/lib/systemd/systemd-udevd --daemon >/dev/null 2>&1 || say "udevd did not start"
	udevadm trigger --subsystem-match=block >/dev/null 2>&1
	udevadm settle --timeout=300 >/dev/null 2>&1 || say "udevadm settle timed out"
	udevadm control --exit >/dev/null 2>&1 || say "udevd did not stop"
}

# ---- the two agents --------------------------------------------------------------

# mpr OP HOST: fence_mpathpr as HOST; "on" registers HOST's own key,
# status/off are about host a's key.
mpr() {
	local op=$1 h=$2 rep=$3 key=$KA devs=DEVS_$2
	case $op in on*) key=K${h^^}; key=${!key} ;; esac
	measure fence_mpathpr "$op" "$rep" "$MPR" -o "${op%-*}" -n "$key" -d "${!devs}" \
		--store-path "$ST/mpr-$h"
}

fm() {
	local op=$1 h=$2 rep=$3 key=$KA devs=DEVS_$2
	case $op in on*) key=K${h^^}; key=${!key} ;; esac
	as_host "$h"
	measure fence_mpath "$op" "$rep" "$FM" -o "${op%-*}" -n "${key#0x}" -d "${!devs}" \
		--store-path "$ST/fm-$h"
}

# One repetition of one agent: a unfences itself, b asks, b fences a.
round() {
	local agent=$1 rep=$2
	$agent on a "$rep"
	$agent status b "$rep"
	$agent off b "$rep"
}

# One fence with b's first path of every LUN hung (see BENCH_FAULT_REPS):
# a unfences again first, unmeasured; the path is back before it returns.
faulted_off() {
	local rep=$1 dev
	dev=$(lab_paths b lun0)
	dev=${dev%% *}
	"$MPR" -o on -n "$KA" -d "$DEVS_a" --store-path "$ST/mpr-a" >/dev/null 2>&1 ||
		say "on as a before the faulted off failed"
	lab_blackhole_session "$dev" || { say "cannot blackhole $dev"; return 1; }
	mpr off-faulted b "$rep"
	lab_unblackhole_session "$dev"
	lab_wait_path_back "$dev" 90 || say "$dev did not come back"
	lab_env_refresh 2>/dev/null || true
}

floor() {
	local rep=$1
	measure floor empty-process "$rep" /bin/true
	measure floor sg_persist-prin "$rep" sg_persist -n -i -k "$FLOOR_DEV"
	# The agent's own start (its shared libraries, no device work).
	measure floor agent-start "$rep" "$MPR" -V
}

# ---- main ----------------------------------------------------------------------------

mkdir -p "$ST"
info guest_kernel "$(uname -r)"
info guest_cpus "$(nproc)"
info guest_cpu "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1 | tr ' ' _)"
info luns "$LUNS"
info paths "$PATHS"
info reps "$BENCH_REPS"
info mpath_reps "$([ "$BENCH_MPATH" = 1 ] && echo "$BENCH_MPATH_REPS" || echo 0)"
lab_sg_clear_all

agents="mpr"
if [ "$BENCH_MPATH" = 1 ]; then
	save_tables
	start_udev
	agents="fm mpr"
	# Host b's own registration comes from fence_mpathpr's cold "on" below;
	# fence_mpath's store for b says what its "on" would have written (it
	# writes it only when it registers the key itself), which saves a
	# whole fence_mpath "on" per boot.
	mkdir -p "$ST/fm-b"
	for m in $(lab_maps b); do
		printf '%s\t%s\n' "$m" "${KB#0x}"
	done >"$ST/fm-b/mpath.devices"
	as_host b
	measure mpathpersist prin 0 mpathpersist -i -k -d "/dev/mapper/b-lun0"
fi
mpr on-cold b 0

for ((rep = 1; rep <= BENCH_REPS; rep++)); do
	for ((f = 0; f < BENCH_FLOOR_REPS / BENCH_REPS; f++)); do
		floor "$rep"
	done
	order="mpr fm"
	[ $((rep % 2)) = 0 ] && order="fm mpr"
	for agent in $order; do
		case " $agents " in *" $agent "*) ;; *) continue ;; esac
		[ "$agent" = fm ] && [ "$rep" -gt "$BENCH_MPATH_REPS" ] && continue
		round "$agent" "$rep"
	done
	if [ "$BENCH_MPATH" = 1 ] && [ "$rep" -le "$BENCH_MPATH_REPS" ]; then
		as_host b
		measure mpathpersist prin "$rep" mpathpersist -i -k -d "/dev/mapper/b-lun0"
	fi
done
if [ "$PATHS" -ge 2 ]; then
	for ((rep = 1; rep <= BENCH_FAULT_REPS; rep++)); do
		faulted_off "$rep"
	done
fi
# The state the last "off" left: host a's key gone, b's in place.
echo "BENCHCHECK lun0 keys $(lab_sg_keys "$FLOOR_DEV" | sort | uniq -c | tr -s ' \n' '  ')"
exit 0
