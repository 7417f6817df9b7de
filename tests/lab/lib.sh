# SPDX-License-Identifier: LGPL-2.1-or-later
# shellcheck shell=bash
#
# lib.sh - helpers for scenarios running in the lab guest.
#
# `tests/lab/lab run SCRIPT` runs SCRIPT with bash and this file already
# loaded (BASH_ENV); scenarios may also source it themselves.  What the SAN
# looks like comes from the variables san.sh wrote:
#   LAB_HOSTS="a b"            the initiator hosts
#   LAB_LUN_NAMES="lun0 ..."   the LUNs
#   LAB_MAPS_<h>               host h's dm maps, /dev/mapper/<h>-lun<N>
#   LAB_PATHS_<h>_<lun>        host h's path devices for a LUN ("/dev/sda /dev/sdb")
#   LAB_KEY_<h>                host h's reservation key (0xaaaaaaaaaaaaaaaa for a)
#   LAB_IQN_<h>                host h's initiator name
#   LAB_HOST_<sdX> LAB_PORTAL_<sdX> LAB_LUN_<sdX> LAB_NEXUS_<sdX>
#                              a path device's host, portal, LUN, initiator port
#   LAB_WWID_<lun>             the LU's WWID as multipathd would name it
#   LAB_PRTOOL LAB_TOPOLOGY    the project's tools in the build under test
#   LAB_DEBS                   set when the guest runs the installed packages
#                              (guest-main ran dpkg -i on that directory's .debs)
# Assertions print "ok - ..." or "not ok - ..." and count failures in
# LAB_FAILS; a scenario ends with `lab_done`, which exits 1 if any failed.

[ -n "${LAB_LIB_LOADED:-}" ] && return 0
LAB_LIB_LOADED=1
# shellcheck disable=SC1091
[ -r /run/mpathpr-lab/san.env ] && . /run/mpathpr-lab/san.env
: "${LAB_BUILDDIR:=$PWD}"
LAB_PRTOOL=${LAB_PRTOOL:-$LAB_BUILDDIR/tests/lab/mpr-prtool}
LAB_TOPOLOGY=${LAB_TOPOLOGY:-$LAB_BUILDDIR/tests/lab/mpr-topology}
# The agent under test: the build's, or the package's (LAB_DEBS).
if [ -n "${LAB_DEBS:-}" ]; then
	LAB_AGENT=${LAB_AGENT:-/usr/sbin/fence_mpathpr}
else
	LAB_AGENT=${LAB_AGENT:-$LAB_BUILDDIR/agent/fence_mpathpr}
fi
LAB_FAILS=${LAB_FAILS:-0}
LAB_ASSERTS=${LAB_ASSERTS:-0}
# When this script started (guest uptime in centiseconds): each step says
# how far into it it begins, so the log shows where a scenario's time goes.
read -r LAB_T0 _ </proc/uptime
LAB_T0=$((10#${LAB_T0/./}))

# ---- output ---------------------------------------------------------------

# A step of the story a scenario tells.
lab_step() {
	local t
	read -r t _ </proc/uptime
	t=$((10#${t/./} - LAB_T0))
	printf '\n== %s [%d.%d s]\n' "$*" $((t / 100)) $((t % 100 / 10))
}

# A detail under a step.
lab_info() {
	printf '   %s\n' "$*"
}

# Run a command and show it first (for readable logs).
lab_show() {
	printf '   $ %s\n' "$*"
	"$@"
}

# ---- the agent under test ----------------------------------------------------

# lab_agent_real: LAB_AGENT_BIN, the agent's executable that keeps argv[0]
# (fence_mpathpr_check is told apart by it; libtool's wrapper would replace
# it), and LAB_AGENT_LIBPATH, the directory of the library it needs (empty
# when the linker finds it: the package's agent).
lab_agent_real() {
	LAB_AGENT_LIBPATH=
	LAB_AGENT_BIN=$LAB_AGENT
	if [ -z "${LAB_DEBS:-}" ] && [ -x "$LAB_BUILDDIR/agent/.libs/fence_mpathpr" ]; then
		LAB_AGENT_BIN=$LAB_BUILDDIR/agent/.libs/fence_mpathpr
		LAB_AGENT_LIBPATH=$LAB_BUILDDIR/lib/.libs
	fi
}

# lab_agent_link DIR NAME...: DIR/NAME, the agent under each name: a link
# to the package's /usr/sbin/NAME (LAB_DEBS), else to the build's binary,
# with LD_LIBRARY_PATH exported for the build's library.
lab_agent_link() {
	local dir=$1 n
	shift
	mkdir -p "$dir"
	lab_agent_real
	for n; do
		if [ -n "${LAB_DEBS:-}" ]; then
			ln -sf "/usr/sbin/$n" "$dir/$n"
		else
			ln -sf "$LAB_AGENT_BIN" "$dir/$n"
		fi
	done
	[ -z "$LAB_AGENT_LIBPATH" ] ||
		export LD_LIBRARY_PATH="$LAB_AGENT_LIBPATH${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
}

# ---- topology ---------------------------------------------------------------

# lab_maps HOST: host's dm maps.
lab_maps() {
	local v=LAB_MAPS_$1
	echo "${!v}"
}

# lab_map HOST LUN: one map, e.g. lab_map a lun0 -> /dev/mapper/a-lun0.
lab_map() {
	echo "/dev/mapper/$1-$2"
}

# lab_paths HOST LUN: the path devices of host's map for LUN.
lab_paths() {
	local v=LAB_PATHS_$1_$2
	echo "${!v}"
}

# lab_key HOST: host's reservation key.
lab_key() {
	local v=LAB_KEY_$1
	echo "${!v}"
}

# lab_path_host DEV / lab_path_portal DEV: who owns a path, over which portal.
lab_path_host() {
	local v=LAB_HOST_${1#/dev/}
	echo "${!v}"
}
lab_path_portal() {
	local v=LAB_PORTAL_${1#/dev/}
	echo "${!v}"
}
lab_path_lun() {
	local v=LAB_LUN_${1#/dev/}
	echo "${!v}"
}

# lab_reinstate DEV: put a path that came back online back into its dm map
# (no multipathd here to do it).
lab_reinstate() {
	local map n
	map=$(lab_map "$(lab_path_host "$1")" "$(lab_path_lun "$1")")
	read -r n <"/sys/block/${1#/dev/}/dev"
	dmsetup message "${map##*/}" 0 reinstate_path "$n" >/dev/null 2>&1
}

# lab_nexus DEV: the iSCSI initiator port (I_T nexus) of a path device as the
# target reports it in READ FULL STATUS: "<iqn>,i,0x<isid>".
lab_nexus() {
	local dev=${1#/dev/} s sid v
	v=LAB_NEXUS_$dev
	if [ -n "${!v:-}" ]; then
		echo "${!v}"
		return
	fi
	s=$(readlink -f "/sys/block/$dev/device")
	sid=$(echo "$s" | sed -n 's,.*/session\([0-9]*\)/.*,\1,p')
	printf '%s,i,0x%012x\n' "$(cat "/sys/class/iscsi_session/session$sid/initiatorname")" \
		$((0x00023d000000 + sid))
}

# lab_dev_state DEV: the SCSI device state ("running", "offline", ...).
lab_dev_state() {
	local s
	read -r s <"/sys/block/${1#/dev/}/device/state"
	echo "$s"
}

# lab_offline DEV / lab_online DEV: take a path away and give it back.
lab_offline() {
	echo offline >"/sys/block/${1#/dev/}/device/state"
	echo "$1" >>/run/mpathpr-lab/offlined
}
lab_online() {
	echo running >"/sys/block/${1#/dev/}/device/state"
}

# ---- I/O --------------------------------------------------------------------

# lab_write HOST LUN [BLOCK]: write 4 KiB through host's map with O_DIRECT;
# returns dd's status, dd's complaint is left in LAB_IO_ERR.
# shellcheck disable=SC2034 # LAB_IO_ERR is for the scenarios
lab_write() {
	local map rc
	map=$(lab_map "$1" "$2")
	LAB_IO_ERR=$(dd if=/dev/zero of="$map" bs=4096 count=1 seek="${3:-0}" \
		oflag=direct conv=notrunc,fsync status=none 2>&1)
	rc=$?
	return $rc
}

# lab_read HOST LUN [BLOCK]: read 4 KiB through host's map with O_DIRECT.
# shellcheck disable=SC2034 # LAB_IO_ERR is for the scenarios
lab_read() {
	local map rc
	map=$(lab_map "$1" "$2")
	LAB_IO_ERR=$(dd if="$map" of=/dev/null bs=4096 count=1 skip="${3:-0}" \
		iflag=direct status=none 2>&1)
	rc=$?
	return $rc
}

# ---- sg_persist: the independent cross-check (sg.sh) -------------------------
# shellcheck source=tests/lab/sg.sh
. "$LAB_DIR/sg.sh"

# ---- mpr-prtool -------------------------------------------------------------

lab_have_prtool() {
	[ -x "$LAB_PRTOOL" ]
}

# lab_prtool DEVICE ARGS...: the project's PR tool, output on stdout.
lab_prtool() {
	"$LAB_PRTOOL" "$@"
}

# Skip the rest of a scenario that needs mpr-prtool while it is not built.
lab_require_prtool() {
	lab_have_prtool && return 0
	echo "SKIP: $LAB_PRTOOL is not built yet"
	exit 77
}

# ---- assertions -------------------------------------------------------------

lab_ok() {
	LAB_ASSERTS=$((LAB_ASSERTS + 1))
	printf '   ok - %s\n' "$*"
}

lab_not_ok() {
	LAB_ASSERTS=$((LAB_ASSERTS + 1))
	LAB_FAILS=$((LAB_FAILS + 1))
	printf '   not ok - %s\n' "$*"
}

# assert_eq EXPECTED ACTUAL MESSAGE
assert_eq() {
	if [ "$1" = "$2" ]; then
		lab_ok "$3"
	else
		lab_not_ok "$3"
		printf '     expected: %s\n     actual:   %s\n' "$1" "$2"
	fi
}

# assert_status EXPECTED MESSAGE -- COMMAND...: run COMMAND, check its status.
assert_status() {
	local want=$1 msg=$2 rc out
	shift 2
	[ "$1" = "--" ] && shift
	out=$("$@" 2>&1)
	rc=$?
	if [ "$rc" = "$want" ]; then
		lab_ok "$msg (status $rc)"
	else
		lab_not_ok "$msg"
		printf '     command:  %s\n     expected status %s, got %s\n' "$*" "$want" "$rc"
		[ -z "$out" ] || printf '%s\n' "$out" | sed 's/^/     | /'
	fi
}

# assert_keys_on_all_paths HOST LUN KEY: through every path of host's map,
# sg_persist READ FULL STATUS shows KEY registered for that path's own I_T
# nexus, and READ KEYS (through the first path) lists KEY once per path.
# KEY "none": no registration on any of host's paths.
assert_keys_on_all_paths() {
	local h=$1 lun=$2 want dev got n=0 first=""
	want=$3
	[ "$want" = none ] || want=$(lab_norm_key "$want")
	for dev in $(lab_paths "$h" "$lun"); do
		n=$((n + 1))
		[ -n "$first" ] || first=$dev
		got=$(lab_sg_path_key "$dev")
		assert_eq "$want" "$got" "sg_persist: $h's nexus on $dev ($(lab_path_portal "$dev")) has key $want"
	done
	[ "$want" = none ] && return 0
	lab_sg_keys_read "$first"
	got=$(lab_count_lines "$LAB_SG_KEYS" "$want")
	assert_eq "$n" "$got" "sg_persist: READ KEYS through $first lists $want $n times"
}

# assert_resv_on_all_paths HOST LUN EXPECTED: READ RESERVATION through every
# path of host's map says EXPECTED ("none" or "0x<key> type <n>").
assert_resv_on_all_paths() {
	local dev
	for dev in $(lab_paths "$1" "$2"); do
		assert_eq "$3" "$(lab_sg_resv "$dev")" "sg_persist: reservation through $dev is $3"
	done
}

# assert_key_count DEV KEY N: READ KEYS through DEV lists KEY N times.
assert_key_count() {
	local n
	lab_sg_keys_read "$1"
	n=$(lab_count_lines "$LAB_SG_KEYS" "$(lab_norm_key "$2")")
	assert_eq "$3" "$n" "sg_persist: $2 registered $3 times (READ KEYS through $1)"
}

# End of a scenario: a summary line, status 1 if an assertion failed.
lab_done() {
	if [ "$LAB_FAILS" -gt 0 ]; then
		echo "FAIL: $LAB_FAILS of $LAB_ASSERTS assertions failed"
		exit 1
	fi
	echo "PASS: $LAB_ASSERTS assertions"
	exit 0
}

# ---- mpathpersist's view ------------------------------------------------------

# lab_udev_db HOST: fill the udev database with HOST's maps and paths (what
# mpathpersist reads a map's paths from), by running udevd once over them,
# then stop it; no path of any map may be failed after it.  mpathpersist
# takes only maps with multipathd's dm UUID (mpath-<wwid>), which only host
# a's maps carry (dm UUIDs are unique); only HOST's devices, because udev's
# rules for the others' maps make device-mapper fail every path of them
# (seen in the lab: "Failing path" for each, no I/O error).
lab_udev_db() {
	local devs=() lun m p
	for lun in $LAB_LUN_NAMES; do
		m=$(lab_map "$1" "$lun")
		devs+=("/sys/class/block/dm-$(dmsetup info -c --noheadings -o minor "${m##*/}" | tr -d ' ')")
		for p in $(lab_paths "$1" "$lun"); do
			devs+=("/sys/class/block/${p#/dev/}")
		done
	done
	export SYSTEMD_IGNORE_CHROOT=1
	/lib/systemd/systemd-udevd --daemon >/dev/null 2>&1 || lab_info "udevd did not start"
	udevadm trigger "${devs[@]}" >/dev/null 2>&1 || lab_info "udevadm trigger failed"
	udevadm settle --timeout=300 >/dev/null 2>&1 || lab_info "udevadm settle timed out"
	udevadm control --exit >/dev/null 2>&1 || lab_info "udevd did not stop"
	assert_eq 0 "$(dmsetup status | grep -c ' F ')" \
		"every path of every map is still active in device-mapper"
}

# ---- between scenarios ---------------------------------------------------------

# lab_reset: every fault undone (lab_fault_reset), every path running and
# back in its map, no PR state on any LUN.
lab_reset() {
	local dev
	lab_fault_reset
	if [ -s /run/mpathpr-lab/offlined ]; then
		for dev in $(sort -u /run/mpathpr-lab/offlined); do
			lab_online "$dev"
			lab_reinstate "$dev"
		done
		: >/run/mpathpr-lab/offlined
	fi
	lab_sg_clear_all
}

# ---- scenarios against mpr-prtool -----------------------------------------------

# lab_host N: the Nth host (1-based): lab_host 1 -> a.
lab_host() {
	local h
	read -r -a h <<<"$LAB_HOSTS"
	echo "${h[$1 - 1]}"
}

# assert_prtool STATUS MESSAGE ARGS...: mpr-prtool ARGS exits with STATUS.
assert_prtool() {
	local want=$1 msg=$2
	shift 2
	assert_status "$want" "mpr-prtool $msg" -- "$LAB_PRTOOL" "$@"
}

# lab_prtool_lines PREFIX MAP ARGS...: the lines of mpr-prtool's answer
# that start with PREFIX, without it (sed -n 's/^PREFIX//p', in the shell).
lab_prtool_lines() {
	local pre=$1 out l
	shift
	out=$("$LAB_PRTOOL" "$@")
	while IFS= read -r l; do
		[[ $l != "$pre"* ]] || printf '%s\n' "${l#"$pre"}"
	done <<<"$out"
}

# lab_pr_keys MAP: keys mpr-prtool read-keys reports, one per line.
lab_pr_keys() {
	lab_prtool_lines "key " "$1" read-keys
}

# lab_pr_resv MAP: "none" or "0x<key> type <n>" from mpr-prtool read-reservation.
lab_pr_resv() {
	lab_prtool_lines "reservation " "$1" read-reservation
}

# Sorted, space-separated: to compare key lists whatever their order
# (the words of stdin split at spaces, sorted as sort(1) does, by the
# locale's collation; an insertion sort: a few keys at a time).
lab_sorted() {
	local line w i n words=() out=() IFS=" "
	while IFS= read -r line || [ -n "$line" ]; do
		IFS=' ' read -r -a words <<<"$line"
		for w in "${words[@]}"; do
			n=${#out[@]}
			for ((i = n; i > 0; i--)); do
				[[ ${out[i - 1]} > $w ]] || break
				out[i]=${out[i - 1]}
			done
			out[i]=$w
		done
	done
	printf '%s' "${out[*]}"
}

# lab_repeat N WORD: WORD N times, space-separated.
lab_repeat() {
	local i out=""
	for ((i = 0; i < $1; i++)); do
		out="$out $2"
	done
	echo "${out# }"
}

# assert_pr_keys HOST LUN "KEY..." : mpr-prtool read-keys through host's map
# and sg_persist READ KEYS through each of host's paths list exactly KEYs.
assert_pr_keys() {
	local want got dev
	want=$(echo "$3" | lab_sorted)
	got=$(lab_pr_keys "$(lab_map "$1" "$2")" | lab_sorted)
	assert_eq "$want" "$got" "mpr-prtool read-keys on $(lab_map "$1" "$2")"
	for dev in $(lab_paths "$1" "$2"); do
		[ "$(lab_dev_state "$dev")" = running ] || continue
		lab_sg_keys_read "$dev"
		got=$(lab_sorted <<<"$LAB_SG_KEYS")
		assert_eq "$want" "$got" "sg_persist READ KEYS through $dev"
	done
}

# assert_pr_resv HOST LUN EXPECTED: mpr-prtool read-reservation on host's map
# and sg_persist through each of its running paths say EXPECTED.
assert_pr_resv() {
	local dev
	assert_eq "$3" "$(lab_pr_resv "$(lab_map "$1" "$2")")" \
		"mpr-prtool read-reservation on $(lab_map "$1" "$2") is $3"
	for dev in $(lab_paths "$1" "$2"); do
		[ "$(lab_dev_state "$dev")" = running ] || continue
		assert_eq "$3" "$(lab_sg_resv "$dev")" "sg_persist: reservation through $dev is $3"
	done
}

# assert_matrix HOST LUN "KEY...": mpr-prtool key-matrix on host's map has a
# line for each of its paths, running ones "active" with exactly KEYs.
assert_matrix() {
	local out dev l f1 st _ n want state keys
	want=$(echo "$3" | lab_sorted)
	out=$("$LAB_PRTOOL" "$(lab_map "$1" "$2")" key-matrix)
	for dev in $(lab_paths "$1" "$2"); do
		# DEV's lines (first field DEV): their second fields, and their
		# keys (what follows the first two fields, "key " dropped)
		n=0 state="" keys=""
		while IFS= read -r l; do
			read -r f1 st _ <<<"$l"
			[ "$f1" = "$dev" ] || continue
			n=$((n + 1))
			state+=${state:+$'\n'}$st
			[[ ! $l =~ ^[^\ ]*\ [^\ ]*\ (.*)$ ]] || keys+=" ${BASH_REMATCH[1]//key /}"
		done <<<"$out"
		if [ $n = 0 ]; then
			lab_not_ok "key-matrix has a line for $dev"
			continue
		fi
		if [ "$(lab_dev_state "$dev")" != running ]; then
			assert_eq offline "$state" "key-matrix: offline $dev reported offline"
			continue
		fi
		assert_eq "active $want" "$state $(lab_sorted <<<"$keys")" \
			"key-matrix: $dev active with $want"
	done
}

# lab_holder_count LUN: how many I_T nexuses READ FULL STATUS says hold it.
lab_holder_count() {
	local dev
	dev=$(lab_paths "$(lab_host 1)" "$1")
	lab_sg_status "${dev%% *}" | grep -c ' holder$'
}

# ---- real faults: blackholes, logouts, portals, LUN resets (fault.sh) ------------
# shellcheck source=tests/lab/fault.sh
. "$LAB_DIR/fault.sh"
