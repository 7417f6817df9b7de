# SPDX-License-Identifier: LGPL-2.1-or-later
# shellcheck shell=bash
#
# sg.sh - sg_persist, the independent cross-check of every scenario, and
# the parsers of its answers; sourced by lib.sh.
#
# The parsers use shell builtins only: the cross-checks run sg_persist
# hundreds of times a boot, and every other process started beside it
# (awk, sed, grep, a pipe's end) costs tens of milliseconds in the emulated
# guest, more on a loaded host.  With them (and lib.sh's helpers that did
# the same), 10-register took 155 s at load 7-8, without them 85 s (one
# boot, the two alternating).

lab_norm_key() {
	printf '0x%016x\n' "$1"
}

# lab_sg_persist ARGS...: sg_persist, asked again once when it met a UNIT
# ATTENTION (exit 6: a LUN reset or a preemption left one for this host),
# as any initiator would: the cross-checks are about the PR state.
lab_sg_persist() {
	local out rc
	out=$(sg_persist "$@" 2>/dev/null)
	rc=$?
	[ $rc = 6 ] || { printf '%s\n' "$out"; return $rc; }
	sg_persist "$@"
}

# lab_sg_run ARGS...: lab_sg_persist's answer in LAB_SG_OUT (the retry's
# complaints too, which the parsers skip), its status returned.
lab_sg_run() {
	LAB_SG_OUT=$(lab_sg_persist "$@" 2>&1)
}

# lab_key_pad KEY: "0x1ab" as "0x00000000000001ab" in REPLY (text, so any
# 64-bit key; lower case).
lab_key_pad() {
	local k=${1,,}
	k=${k#0x}
	while [ ${#k} -lt 16 ]; do
		k=0$k
	done
	REPLY=0x$k
}

# lab_sg_keys_read DEV: registered keys (READ KEYS through DEV) in
# LAB_SG_KEYS, one per line (each ending in a newline), as 0x + 16 hex
# digits, in the target's order; sg_persist's status.
lab_sg_keys_read() {
	local rc line
	LAB_SG_KEYS=""
	lab_sg_run -n -i -k "$1"
	rc=$?
	while read -r line; do
		[[ $line =~ ^0x[0-9a-fA-F]+$ ]] || continue
		lab_key_pad "$line"
		LAB_SG_KEYS+=$REPLY$'\n'
	done <<<"$LAB_SG_OUT"
	return $rc
}

# lab_sg_keys DEV: lab_sg_keys_read's keys on stdout, its status.
lab_sg_keys() {
	local rc
	lab_sg_keys_read "$1"
	rc=$?
	printf '%s' "$LAB_SG_KEYS"
	return $rc
}

# lab_count_lines TEXT LINE: how many lines of TEXT are exactly LINE (grep -c -x).
lab_count_lines() {
	local l n=0
	while IFS= read -r l; do
		[ "$l" != "$2" ] || n=$((n + 1))
	done <<<"$1"
	echo $n
}

# lab_sg_resv DEV: "none" or "0x<key> type <n>" (READ RESERVATION through DEV).
lab_sg_resv() {
	local line k="" ty="" none=0
	lab_sg_run -n -i -r "$1" || { echo "error"; return 1; }
	while IFS= read -r line; do
		[[ $line != *"NO reservation"* ]] || none=1
		if [[ $line == *Key=0x* ]]; then
			k=${line##*Key=}
			k=${k%%[[:space:]]*}
		fi
		if [[ $line == *"type: "* ]]; then
			ty=${line##*type: }
			ty=${ty%"${ty##*[![:space:]]}"}
			case $ty in
			"Write Exclusive") ty=1 ;;
			"Exclusive Access") ty=3 ;;
			"Write Exclusive, registrants only") ty=5 ;;
			"Exclusive Access, registrants only") ty=6 ;;
			"Write Exclusive, all registrants") ty=7 ;;
			"Exclusive Access, all registrants") ty=8 ;;
			*) ty="?($ty)" ;;
			esac
		fi
	done <<<"$LAB_SG_OUT"
	if [ $none = 1 ] || [ -z "$k" ]; then
		echo none
	else
		lab_key_pad "$k"
		echo "$REPLY type $ty"
	fi
}

# lab_sg_status_read DEV: READ FULL STATUS through DEV into LAB_SG_STATUS,
# one registration a line: "<key> <initiator port> holder|-".
lab_sg_status_read() {
	local line k="" port="?" holder="-"
	LAB_SG_STATUS=""
	lab_sg_run -n -i -s "$1"
	LAB_SG_RC=$?
	while IFS= read -r line; do
		if [[ $line == *Key=0x* ]]; then
			[ -z "$k" ] || { lab_key_pad "$k"; LAB_SG_STATUS+="$REPLY $port $holder"$'\n'; }
			port="?" holder="-"
			k=${line##*Key=}
			k=${k%%[[:space:]]*}
			continue
		fi
		[[ $line != *[Rr]"eservation holder"* || $line == *not* ]] || holder=holder
		if [[ $line =~ ^.*(port id|iSCSI name):\ *(.*)$ ]]; then
			port=${BASH_REMATCH[2],,}
		fi
	done <<<"$LAB_SG_OUT"
	[ -z "$k" ] || { lab_key_pad "$k"; LAB_SG_STATUS+="$REPLY $port $holder"$'\n'; }
	return 0
}

# lab_sg_status DEV: lab_sg_status_read's lines on stdout.
lab_sg_status() {
	lab_sg_status_read "$1"
	printf '%s' "$LAB_SG_STATUS"
}

# lab_sg_path_key DEV [VIA]: the key registered for DEV's own I_T nexus, or
# "none"; asked through DEV, or through VIA (when DEV is offline).
lab_sg_path_key() {
	local v=LAB_NEXUS_${1#/dev/} nexus k p _ got=none
	nexus=${!v:-}
	[ -n "$nexus" ] || nexus=$(lab_nexus "$1")
	lab_sg_status_read "${2:-$1}"
	while read -r k p _; do
		[ "$p" != "${nexus,,}" ] || got=$k
	done <<<"$LAB_SG_STATUS"
	# A failed READ FULL STATUS is not "no key".
	[ "$LAB_SG_RC" = 0 ] || got="error(sg_persist exit $LAB_SG_RC)"
	echo "$got"
}

# lab_sg_clear LUN: drop every registration and reservation on a LUN (between
# scenarios): register a throwaway key through host a's first path, CLEAR.
lab_sg_clear() {
	local dev
	dev=$(lab_paths "${LAB_HOSTS%% *}" "$1")
	dev=${dev%% *}
	lab_sg_persist -n -o -I -S 0x1ab0000000000001 "$dev" >/dev/null 2>&1
	lab_sg_persist -n -o -C -K 0x1ab0000000000001 "$dev" >/dev/null 2>&1
}

lab_sg_clear_all() {
	local lun
	for lun in ${LAB_LUN_NAMES_ALL:-$LAB_LUN_NAMES}; do
		lab_sg_clear "$lun"
	done
}
