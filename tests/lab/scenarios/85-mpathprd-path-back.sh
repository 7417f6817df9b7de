#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Registration follows the paths (issue 13), with a real multipathd
# managing b's maps (multipathd.sh): b's path over 127.0.0.1 to every LUN
# is down (its SCSI device offline, failed by multipathd's path checker)
# while b unfences, so its nexus gets no registration.  Without mpathprd
# multipathd reinstates the path and it stays unregistered; with mpathprd
# running for b, b's key is on that nexus within MPRD_REPAIR_S (2 s) of
# dm's PATH_REINSTATED uevent, per sg_persist.  Then a nexus loses its key
# and its path goes down, and mpathprd is killed (SIGKILL) and started
# again while the path is down (it checks every map at start: nothing to
# do yet): it repairs the path when multipathd reinstates it.  Last, both
# repair: multipathd with b's key as its fixed reservation_key
# (multipathd reconfigure) and mpathprd: a path back gets the key once,
# neither logs an error.
. "$LAB_DIR/lib.sh"
. "$LAB_DIR/agent.sh"
. "$LAB_DIR/agent-fault.sh"
. "$LAB_DIR/mpathprd.sh"

lab_step "multipathd manages $b's maps"
lab_multipathd_start "$b"
assert_eq 0 $? "multipathd made $b's maps, every path active"
lab_info "$(dmsetup table "$b-lun0")"

down=()
for lun in $LAB_LUN_NAMES; do
	down+=("$(path "$b" "$lun" 1)")
done

lab_step "$a unfences; $b unfences with its paths ${down[*]} down"
agent_timed "$a" "$FAULT_LIMIT_S" -o on -d "$(devices "$a")" -n "$ka"
assert_run 0 "$FAULT_BUDGET_S" "on as $a"
for dev in "${down[@]}"; do
	mprd_path_down "$dev"
	assert_eq F "$(mprd_dm_state "$dev")" "$dev offline, failed in its map by multipathd's checker"
done
agent_timed "$b" "$FAULT_LIMIT_S" -o on -d "$(devices "$b")" -n "$kb"
assert_run 0 "$FAULT_BUDGET_S" "on as $b (the down paths skipped)"

lab_step "without mpathprd: multipathd reinstates the paths, without $b's key"
for dev in "${down[@]}"; do
	mprd_path_up "$dev"
	assert_eq 1 "$([ -n "$MPRD_UP_AT" ] && echo 1)" "dm reinstated $dev (PATH_REINSTATED uevent)"
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

lab_step "a nexus loses its key, its path goes down, mpathprd is killed and started again"
dev=$(path "$b" lun0 2)
mprd_unregister "$dev" "$kb"
assert_eq none "$(lab_sg_path_key "$dev" "$(mprd_sg "$dev")")" "sg_persist: $dev's nexus unregistered"
mprd_path_down "$dev"
assert_eq F "$(mprd_dm_state "$dev")" "$dev failed in its map by multipathd's checker"
mprd_stop "$b" KILL
mprd_start "$b"
mprd_path_up "$dev"
assert_repaired "$b" "$dev" "$kb" "$MPRD_UP_AT" "$(path "$b" lun0 1)"
assert_keys_on_all_paths "$b" lun0 "$kb"
assert_eq 1 "$(grep -c "path $dev: registered key" "/run/mpathprd-$b.log")" \
	"mpathprd's log names $dev once"
assert_keys_on_all_paths "$a" lun0 "$ka"

lab_step "both repair: multipathd's reservation_key is $b's key, mpathprd runs"
lab_multipathd_reconfigure "reservation_key $kb"
assert_eq 0 $? "multipathd reconfigured with reservation_key $kb"
dev=$(path "$b" lun1 2)
mprd_unregister "$dev" "$kb"
assert_eq none "$(lab_sg_path_key "$dev" "$(mprd_sg "$dev")")" "sg_persist: $dev's nexus unregistered"
since=$(lab_now)
mprd_path_down "$dev"
mprd_path_up "$dev"
mprd_wait_key "$dev" "$kb" "$MPRD_UP_AT" 30 "$(path "$b" lun1 1)"
assert_eq 1 "$([ "$MPRD_SECS" != never ] && echo 1)" \
	"sg_persist: $(lab_norm_key "$kb") on $dev's nexus ($(lab_nexus "$dev")), seen $MPRD_SECS s after the path was usable"
assert_key_count "$(path "$b" lun1 1)" "$kb" 2
lab_info "multipathd: $(awk -v t="$since" '$1 >= t' "$LAB_MPATHD_LOG" | grep -c "checking persistent reservation registration") registration check(s) on reinstatement; mpathprd: $(grep -c "path $dev: registered key" "/run/mpathprd-$b.log") registration(s) of $dev"
awk -v t="$since" '$1 >= t' "$LAB_MPATHD_LOG" | grep -i -e "reservation" -e "registration" | sed 's/^/     | /'
assert_eq 0 "$(awk -v t="$since" '$1 >= t' "$LAB_MPATHD_LOG" | grep -c -i -e "registration failed" -e "not authorised")" \
	"multipathd logged no failed registration"
assert_eq 0 "$(grep -c -e "not registered on every usable path" -e "cannot watch" -e "cannot listen" \
	-e "store not read" -e "rejects" "/run/mpathprd-$b.log")" "mpathprd logged no error"
assert_keys_on_all_paths "$b" lun1 "$kb"

mprd_times_report
mprd_stop "$b"
lab_done
