# SPDX-License-Identifier: LGPL-2.1-or-later
# shellcheck shell=bash
#
# agent-fault.sh - what the fence_mpathpr fault scenarios (9x-fault-*) share;
# sourced after lib.sh and agent.sh.  Every agent call is bounded
# (lab_run_bounded: past its limit the blackholes are lifted so that hung
# SG_IO ends, then SIGKILL), so a scenario that fails cannot hang the suite.
#
# FAULT_BUDGET_S (40): what `off` may take when paths hang, the whole agent
# process: the worst case issue 12 wants well inside Pacemaker's default
# stonith-timeout (60 s); 40 s is also today's per-device budget of off
# (4 x io_timeout).  FAULT_HEDGE_S (5): what the fence may take with one of
# two paths hung (the hedge deadline plus the normal fence, issue 12),
# counted over the same fence without the fault in that boot.
# FAULT_LIMIT_S (150): when a bounded call is stopped (longer than any
# budget, so that a failing run still measures how long it takes).
: "${FAULT_BUDGET_S:=40}" "${FAULT_HEDGE_S:=5}" "${FAULT_LIMIT_S:=150}"

# agent_timed HOST LIMIT ARGS...: fence_mpathpr as HOST, bounded by LIMIT
# seconds; LAB_RUN_RC, LAB_RUN_SECS, LAB_RUN_OUT, LAB_RUN_TIMEDOUT.
agent_timed() {
	local h=$1 limit=$2
	shift 2
	lab_run_bounded "$limit" agent "$h" "$@"
	lab_info "fence_mpathpr $* as $h: exit $LAB_RUN_RC in $LAB_RUN_SECS s$([ "$LAB_RUN_TIMEDOUT" = 0 ] || echo " (stopped after ${limit} s)")"
	[ -z "$LAB_RUN_OUT" ] || printf '%s\n' "$LAB_RUN_OUT" | head -n 12 | sed 's/^/     | /'
}

# assert_run STATUS SECS MESSAGE: the last agent_timed ended with STATUS
# within SECS seconds.
assert_run() {
	assert_eq "$1" "$LAB_RUN_RC" "$3: exit $1"
	assert_eq 1 "$(awk -v t="$LAB_RUN_SECS" -v l="$2" 'BEGIN { print (t <= l) }')" \
		"$3: within $2 s (took $LAB_RUN_SECS s)"
}

# lab_write_dev DEV: 4 KiB O_DIRECT straight to one path device; dd's
# complaint in LAB_IO_ERR.
# shellcheck disable=SC2034
lab_write_dev() {
	LAB_IO_ERR=$(dd if=/dev/zero of="$1" bs=4096 count=1 oflag=direct conv=notrunc \
		status=none 2>&1)
}

# assert_fenced VICTIM FENCER: on every LUN, sg_persist finds no registration
# of VICTIM on any of its nexuses (through each of its own paths) and the
# reservation with FENCER's key; VICTIM's writes through each of its paths
# that still runs fail with a reservation conflict (EBADE).
assert_fenced() {
	local v=$1 f=$2 lun dev
	for lun in $LAB_LUN_NAMES; do
		assert_keys_on_all_paths "$v" "$lun" none
		for dev in $(lab_paths "$v" "$lun"); do
			[ "$(lab_dev_state "$dev")" = running ] || continue
			assert_eq "$(lab_norm_key "$(lab_key "$f")") type 5" "$(lab_sg_resv "$dev")" \
				"sg_persist: $lun reserved by $f (through $dev)"
			lab_write_dev "$dev"
			case $LAB_IO_ERR in
			*"Invalid exchange"*) lab_ok "$v's write through $dev ($lun) refused: reservation conflict" ;;
			*) lab_not_ok "$v's write through $dev ($lun) refused: reservation conflict (dd: ${LAB_IO_ERR:-succeeded})" ;;
			esac
		done
	done
}

# assert_registered HOST: HOST's key on every one of its nexuses, every LUN.
assert_registered() {
	local lun
	for lun in $LAB_LUN_NAMES; do
		assert_keys_on_all_paths "$1" "$lun" "$(lab_key "$1")"
	done
}

# path H LUN N: host H's path over portal 127.0.0.N to LUN (by portal, not
# by its place in the table: multipathd orders a map's paths its own way).
path() {
	local d
	for d in $(lab_paths "$1" "$2"); do
		[ "$(lab_path_portal "$d")" != "127.0.0.$3" ] || { echo "$d"; return 0; }
	done
}

# unfence_both: a and b run on (bounded), each must succeed.
# shellcheck disable=SC2154 # a, b, ka, kb come from agent.sh
unfence_both() {
	agent_timed "$a" "$FAULT_LIMIT_S" -o on -d "$(devices "$a")" -n "$ka"
	assert_run 0 "$FAULT_BUDGET_S" "on as $a"
	agent_timed "$b" "$FAULT_LIMIT_S" -o on -d "$(devices "$b")" -n "$kb"
	assert_run 0 "$FAULT_BUDGET_S" "on as $b"
}
