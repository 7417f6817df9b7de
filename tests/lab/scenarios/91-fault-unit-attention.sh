#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# UNIT ATTENTIONs from LUN resets in the middle of fencing: a LOGICAL UNIT
# RESET of every LUN (through host a's first path) leaves a UNIT ATTENTION
# (29/03) for each host on each LUN; b's on, then b's off of a, each meets
# one on every LUN and must succeed, cross-checked with sg_persist.  Then
# the resets come while the agent runs (a loop resetting every LUN; LIO
# also aborts the LU's commands in flight, reporting TASK ABORTED to the
# other hosts, emulate_tas): on and off still succeed.
. "$LAB_DIR/lib.sh"
. "$LAB_DIR/agent.sh"
. "$LAB_DIR/agent-fault.sh"

# reset_all: a LUN reset of every LUN through a's first path to it; one
# line per reset in /tmp/lun-resets.
reset_all() {
	local lun
	for lun in $LAB_LUN_NAMES; do
		lab_lun_reset "$(path "$a" "$lun" 1)" && echo "$lun" >>/tmp/lun-resets
	done
}
resets() {
	wc -l </tmp/lun-resets
}
: >/tmp/lun-resets

lab_step "$a unfences; every LUN reset: a UNIT ATTENTION for $a and $b on each"
agent_timed "$a" "$FAULT_LIMIT_S" -o on -d "$(devices "$a")" -n "$ka"
assert_run 0 "$FAULT_BUDGET_S" "on as $a"
reset_all
out=$(sg_persist -n -i -k "$(path "$a" lun0 2)" 2>&1)
assert_eq 6 $? "sg_persist -k through $a's $(path "$a" lun0 2): unit attention (exit 6)"

lab_step "$b unfences with a UNIT ATTENTION pending on every LUN"
agent_timed "$b" "$FAULT_LIMIT_S" -o on -d "$(devices "$b")" -n "$kb"
assert_run 0 "$FAULT_BUDGET_S" "on as $b"
assert_registered "$a"
assert_registered "$b"

lab_step "every LUN reset again; $b fences $a"
reset_all
agent_timed "$b" "$FAULT_LIMIT_S" -o off -d "$(devices "$b")" -n "$ka"
assert_run 0 "$FAULT_BUDGET_S" "off as $b"
assert_fenced "$a" "$b"
assert_registered "$b"

lab_step "LUN resets while the agent runs (every LUN, again and again)"
lab_info "LIO emulate_tas of lun0's backstore: $(cat "$LAB_CFS/core/fileio_0/lun0/attrib/emulate_tas")"
lab_sg_clear_all
rm -rf "/run/mpathpr-$a" "/run/mpathpr-$b"
agent_timed "$a" "$FAULT_LIMIT_S" -o on -d "$(devices "$a")" -n "$ka"
assert_run 0 "$FAULT_BUDGET_S" "on as $a"
( while :; do reset_all; done ) &
loop=$!
r0=$(resets)
agent_timed "$b" "$FAULT_LIMIT_S" -o on -d "$(devices "$b")" -n "$kb"
r1=$(resets)
assert_run 0 "$FAULT_BUDGET_S" "on as $b during LUN resets ($((r1 - r0)) resets meanwhile)"
agent_timed "$b" "$FAULT_LIMIT_S" -o off -d "$(devices "$b")" -n "$ka"
r2=$(resets)
assert_run 0 "$FAULT_BUDGET_S" "off as $b during LUN resets ($((r2 - r1)) resets meanwhile)"
kill $loop
wait $loop 2>/dev/null
assert_eq 1 "$(( r1 > r0 && r2 > r1 ))" "LUN resets did happen during on and during off"
lab_clear_ua
assert_fenced "$a" "$b"
assert_registered "$b"
lab_done
