#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Every path of host b hangs (both of b's sessions blackholed: dm and the
# SCSI layer still show them running) when b is asked to fence a.  Nothing
# can reach the target, so off must fail: exit 1 inside FAULT_BUDGET_S
# (40 s), with a message naming the paths that did not answer, never a
# success; a keeps its key.  Once the paths are back, off succeeds.
#
# Measured (2 cores, TCG, another VM on the host): at commit 0a132ba
# (before the engine work of issue 12) off exited 1 in 10.2 s without
# naming a path; at c8c9437 in 6.5 s naming both paths in one boot, in
# 4.8 s naming none ("no usable path to the device") in another; at
# 239163e in 6.7 s ("not fenced after 5058 ms", both paths named).
. "$LAB_DIR/lib.sh"
. "$LAB_DIR/agent.sh"
. "$LAB_DIR/agent-fault.sh"

lab_step "$a and $b unfence"
unfence_both

b1=$(path "$b" lun0 1) b2=$(path "$b" lun0 2)
lab_step "both of $b's sessions blackholed ($b1 and $b2 for lun0, every LUN)"
lab_blackhole_session "$b1"
lab_blackhole_session "$b2"
allb=$(for lun in $LAB_LUN_NAMES; do lab_paths "$b" "$lun"; done | tr ' ' '\n' | sort -V | tr '\n' ' ')
lab_info "$b's paths: $allb"

lab_step "$b fences $a with every path hung"
agent_timed "$b" "$FAULT_LIMIT_S" -o off -d "$(devices "$b")" -n "$ka"
assert_run 1 "$FAULT_BUDGET_S" "off with every path hung"
# "key ... fenced on N device(s)" is the success line; "fenced on 0 of N" is not.
if [[ $LAB_RUN_OUT == *" fenced on "*" device(s)"* && $LAB_RUN_OUT != *"fenced on 0 of"* ]]; then
	lab_not_ok "no claim of success"
else
	lab_ok "no claim of success"
fi
# The message names the paths that did not answer: both paths of at least
# the map it stopped at (the first in WWID order), by device name.
named=0
for lun in $LAB_LUN_NAMES; do
	n=0
	for d in $(lab_paths "$b" "$lun"); do
		[[ $LAB_RUN_OUT == *"${d#/dev/}"* ]] && n=$((n + 1))
	done
	[ "$n" -lt "$PATHS" ] || named=$((named + 1))
done
assert_eq 1 "$((named > 0))" "the message names every path of the map(s) it gave up on ($named map(s) fully named)"

lab_step "the paths come back: $a still holds its key, then $b fences it"
lab_unblackhole_session "$b1"
lab_unblackhole_session "$b2"
lab_wait_path_back "$b1" 60
lab_wait_path_back "$b2" 60
assert_eq "running running" "$(lab_dev_state "$b1") $(lab_dev_state "$b2")" "$b1 and $b2 back"
assert_registered "$a"
agent_timed "$b" "$FAULT_LIMIT_S" -o off -d "$(devices "$b")" -n "$ka"
assert_run 0 "$FAULT_BUDGET_S" "off with the paths back"
assert_fenced "$a" "$b"
lab_done
