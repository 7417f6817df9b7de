#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# A path of host b is down while b unfences (on) and back before b fences
# a: the returning I_T nexus has no registration of b's key (issue 12,
# item 1).  Twice, each time on path 1 (127.0.0.1, the first path of every
# map):
#  - b's session logged out during on, logged in again after it (a new
#    ISID, a new nexus; its paths leave and rejoin b's maps as multipathd
#    would do it).  monitor as b must exit 1 naming the path.  Then b's
#    other path is taken offline, so that the PREEMPT AND ABORT can only go
#    through the unregistered nexus: off must succeed by repairing it
#    (registering b's key there), and a is fenced on every LUN.
#  - b's session blackholed during on, let through after it (the same
#    nexus, back from recovery).  Whatever on managed, monitor must agree
#    with sg_persist (exit 1 while a path lacks the key), and off must
#    succeed with both paths usable.
#
# At commit 0a132ba (before the engine work of issue 12) monitor exited 0
# and off 1 (reservation conflict); it passes since 063a7bc (README.md).
. "$LAB_DIR/lib.sh"
. "$LAB_DIR/agent.sh"
. "$LAB_DIR/agent-fault.sh"

# unregistered_paths: b's path devices whose own nexus has no key (sg_persist -s).
unregistered_paths() {
	local lun d out=""
	for lun in $LAB_LUN_NAMES; do
		for d in $(lab_paths "$b" "$lun"); do
			[ "$(lab_dev_state "$d")" = running ] || continue
			[ "$(lab_sg_path_key "$d")" = none ] && out="$out $d"
		done
	done
	echo "${out# }"
}

# monitor_agrees WHEN: monitor as b exits 1 and names the paths sg_persist
# finds without b's key, or 0 when there are none.
monitor_agrees() {
	local missing d n=0
	missing=$(unregistered_paths)
	lab_info "$b's running paths without $b's key (sg_persist -s): ${missing:-none}"
	agent_timed "$b" "$FAULT_LIMIT_S" -o monitor -d "$(devices "$b")"
	if [ -z "$missing" ]; then
		assert_run 0 "$FAULT_BUDGET_S" "monitor as $b, every path registered ($1)"
		return
	fi
	assert_run 1 "$FAULT_BUDGET_S" "monitor as $b while a usable path lacks $b's key ($1)"
	for d in $missing; do
		[[ $LAB_RUN_OUT == *"${d#/dev/}"* ]] && n=$((n + 1))
	done
	assert_eq 1 "$((n > 0))" "monitor names the unregistered path(s) ($n of $(echo "$missing" | wc -w) named)"
}

lab_step "$a unfences; $b's session over 127.0.0.1 logged out"
agent_timed "$a" "$FAULT_LIMIT_S" -o on -d "$(devices "$a")" -n "$ka"
assert_run 0 "$FAULT_BUDGET_S" "on as $a"
b1=$(path "$b" lun0 1)
old_nexus=$(lab_nexus "$b1")
lab_logout "$b1"
lab_info "$b's lun0 map now: $(lab_paths "$b" lun0)"

lab_step "$b unfences with path 1 gone"
agent_timed "$b" "$FAULT_LIMIT_S" -o on -d "$(devices "$b")" -n "$kb"
assert_run 0 "$FAULT_BUDGET_S" "on as $b with path 1 logged out"

lab_step "$b logs in to 127.0.0.1 again: a new nexus without registration"
lab_login "$b" 127.0.0.1
b1=$(path "$b" lun0 1)
lab_info "nexus $old_nexus -> $(lab_nexus "$b1") ($b1, first path of $(lab_map "$b" lun0): $(lab_paths "$b" lun0))"
for lun in $LAB_LUN_NAMES; do
	d=$(path "$b" "$lun" 1)
	assert_eq none "$(lab_sg_path_key "$d")" "sg_persist -s: $b's new nexus on $d ($lun) has no key"
done
monitor_agrees "after the re-login"

lab_step "$b's path 2 offline: only the unregistered nexus is left; $b fences $a"
for lun in $LAB_LUN_NAMES; do
	lab_offline "$(path "$b" "$lun" 2)"
done
agent_timed "$b" "$FAULT_LIMIT_S" -o off -d "$(devices "$b")" -n "$ka"
assert_run 0 "$FAULT_BUDGET_S" "off through the unregistered nexus only"
assert_fenced "$a" "$b"
for lun in $LAB_LUN_NAMES; do
	d=$(path "$b" "$lun" 1)
	assert_eq "$(lab_norm_key "$kb")" "$(lab_sg_path_key "$d")" \
		"sg_persist -s: the nexus on $d ($lun) repaired: $b's key"
done
for lun in $LAB_LUN_NAMES; do
	d=$(path "$b" "$lun" 2)
	lab_online "$d"
	lab_reinstate "$d"
done
monitor_agrees "after the off, path 2 back"

lab_step "again with a blackhole: PR state cleared, stores removed, $a unfences"
lab_sg_clear_all
rm -rf "/run/mpathpr-$a" "/run/mpathpr-$b"
agent_timed "$a" "$FAULT_LIMIT_S" -o on -d "$(devices "$a")" -n "$ka"
assert_run 0 "$FAULT_BUDGET_S" "on as $a"
b1=$(path "$b" lun0 1)
lab_blackhole_session "$b1"

lab_step "$b unfences while its session over 127.0.0.1 ($b1 for lun0) is hung"
agent_timed "$b" "$FAULT_LIMIT_S" -o on -d "$(devices "$b")" -n "$kb"
lab_info "on with path 1 hung: exit $LAB_RUN_RC in $LAB_RUN_SECS s (not asserted: issue 12 asks nothing of it)"
lab_unblackhole_session "$b1"
lab_wait_path_back "$b1" 60
assert_eq running "$(lab_dev_state "$b1")" "$b1 back (the same nexus, $(lab_nexus "$b1"))"
monitor_agrees "after the blackhole"

lab_step "$b fences $a with both paths usable"
agent_timed "$b" "$FAULT_LIMIT_S" -o off -d "$(devices "$b")" -n "$ka"
assert_run 0 "$FAULT_BUDGET_S" "off after the blackhole"
assert_fenced "$a" "$b"
monitor_agrees "after the off"
lab_done
