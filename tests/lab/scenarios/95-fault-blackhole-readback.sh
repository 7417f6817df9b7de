#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# A path of host b hangs during the read-back that follows the PREEMPT AND
# ABORT: b's session over 127.0.0.2 (the second path of every map; the
# PREEMPT goes to the first) is blackholed just before off, with that
# session's replacement_timeout at open-iscsi's default of 120 s (a host
# without multipathd's fast_io_fail_tmo): after the NOP-Out timeout the
# session stays blocked and SG_IO on it waits up to 120 s.  Required: off
# returns inside FAULT_BUDGET_S (40 s) with exit 0 and the fence done.
#
# At commit 0a132ba (before the engine work of issue 12) off exited 1 after
# 129.2 s; it passes since 063a7bc (README.md).
. "$LAB_DIR/lib.sh"
. "$LAB_DIR/agent.sh"
. "$LAB_DIR/agent-fault.sh"

lab_step "$a and $b unfence"
unfence_both

b2=$(path "$b" lun0 2)
lab_step "$b's session over 127.0.0.2 ($b2 for lun0) hung, replacement_timeout 120 s"
lab_set_recovery_tmo "$b2" "${LAB_FAULT_RECOVERY_TMO:-120}"
lab_info "replacement_timeout: $(cat "/sys/class/iscsi_session/session$(lab_session "$b2")/recovery_tmo") s"
lab_blackhole_session "$b2"

lab_step "$b fences $a"
agent_timed "$b" "$FAULT_LIMIT_S" -o off -d "$(devices "$b")" -n "$ka"
lab_info "during the fence: $b2 $(lab_dev_state "$b2"), session $(lab_session_state "$b2")"
assert_run 0 "$FAULT_BUDGET_S" "off with a path hung during the read-back"
assert_fenced "$a" "$b"

lab_step "$b's path 2 comes back"
lab_unblackhole_session "$b2"
lab_wait_path_back "$b2" 60
assert_eq running "$(lab_dev_state "$b2")" "$b2 back"
for lun in $LAB_LUN_NAMES; do
	assert_keys_on_all_paths "$a" "$lun" none
	assert_keys_on_all_paths "$b" "$lun" "$kb"
done
lab_done
