#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Registration follows the paths (issue 13): b's path over 127.0.0.1 to
# every LUN is down (offline, failed in dm) while b unfences, so its nexus
# gets no registration.  Without mpathprd the path comes back unregistered
# and stays so; with mpathprd running for b, b's key is on that nexus
# within MPRD_REPAIR_S (2 s) of the path being usable in dm, per sg_persist.
# Then mpathprd is stopped, a path's registration is removed and the path
# goes down; mpathprd started again while it is down (it checks every map at
# start: nothing to do yet) repairs it when it returns.
. "$LAB_DIR/lib.sh"
. "$LAB_DIR/agent.sh"
. "$LAB_DIR/agent-fault.sh"
. "$LAB_DIR/mpathprd.sh"

down=()
for lun in $LAB_LUN_NAMES; do
	down+=("$(path "$b" "$lun" 1)")
done

lab_step "$a unfences; $b unfences with its paths ${down[*]} down"
agent_timed "$a" "$FAULT_LIMIT_S" -o on -d "$(devices "$a")" -n "$ka"
assert_run 0 "$FAULT_BUDGET_S" "on as $a"
for dev in "${down[@]}"; do
	mprd_path_down "$dev"
	assert_eq F "$(mprd_dm_state "$dev")" "$dev failed in its map"
done
agent_timed "$b" "$FAULT_LIMIT_S" -o on -d "$(devices "$b")" -n "$kb"
assert_run 0 "$FAULT_BUDGET_S" "on as $b (the down paths skipped)"

lab_step "without mpathprd: the paths come back without $b's key"
for dev in "${down[@]}"; do
	mprd_path_up "$dev"
	assert_eq A "$(mprd_dm_state "$dev")" "$dev active in its map again"
done
sleep 3
for dev in "${down[@]}"; do
	assert_eq none "$(lab_sg_path_key "$dev")" \
		"sg_persist: 3 s later $dev's nexus ($(lab_nexus "$dev")) still has no key"
done

lab_step "with mpathprd: the same paths down and back get $b's key"
for dev in "${down[@]}"; do
	mprd_path_down "$dev"
done
mprd_start "$b"
for dev in "${down[@]}"; do
	assert_eq none "$(lab_sg_path_key "$dev" "$(path "$b" "$(lab_path_lun "$dev")" 2)")" \
		"sg_persist: $dev's nexus has no key while it is down (nothing registered at start)"
done
for dev in "${down[@]}"; do
	mprd_path_up "$dev"
	assert_repaired "$b" "$dev" "$kb" "$MPRD_UP_AT" "$(path "$b" "lun$(lab_dev_lun "$dev")" 2)"
done
for lun in $LAB_LUN_NAMES; do
	assert_keys_on_all_paths "$b" "$lun" "$kb"
done
assert_agent 0 "monitor as $b: every nexus registered" "$b" -o monitor -d "$(devices "$b")"

lab_step "mpathprd stopped, a nexus loses its key, the path goes down; mpathprd started again"
mprd_stop "$b"
dev=$(path "$b" lun0 2)
lab_sg_persist -n -o -G -K "$kb" -S 0 "$dev" >/dev/null 2>&1
assert_eq none "$(lab_sg_path_key "$dev")" "sg_persist: $dev's nexus unregistered"
mprd_path_down "$dev"
mprd_start "$b"
mprd_path_up "$dev"
assert_repaired "$b" "$dev" "$kb" "$MPRD_UP_AT" "$(path "$b" lun0 1)"
assert_keys_on_all_paths "$b" lun0 "$kb"
assert_eq 1 "$(grep -c "path $dev: registered key" "/run/mpathprd-$b.log")" \
	"mpathprd's log names $dev once"
assert_keys_on_all_paths "$a" lun0 "$ka"

mprd_times_report
mprd_stop "$b"
lab_done
