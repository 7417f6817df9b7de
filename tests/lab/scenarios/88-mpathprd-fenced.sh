#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# A fenced node never gets its key back (issue 13).  A real multipathd
# manages a's maps (multipathd.sh); mpathprd runs for a and for b.  a's
# path over 127.0.0.1 is down (offline, failed by multipathd's checker)
# when b fences a.  Then multipathd reinstates that path, and a's session
# over 127.0.0.2 logs out and in again (new nexuses, which multipathd adds
# to a's maps): mpathprd for a must register nothing -- a's key stays
# absent on every nexus, per sg_persist, and a's writes through every path
# stay refused -- and say once per map that the node was fenced.
. "$LAB_DIR/lib.sh"
. "$LAB_DIR/agent.sh"
. "$LAB_DIR/agent-fault.sh"
. "$LAB_DIR/mpathprd.sh"

lab_step "multipathd manages $a's maps; both unfence; mpathprd runs for $a and $b"
lab_multipathd_start "$a"
assert_eq 0 $? "multipathd made $a's maps, every path active"
unfence_both
mprd_start "$a"
mprd_start "$b"

down=()
for lun in $LAB_LUN_NAMES; do
	down+=("$(path "$a" "$lun" 1)")
done
lab_step "$a's paths ${down[*]} go down; $b fences $a"
for dev in "${down[@]}"; do
	mprd_path_down "$dev"
	assert_eq F "$(mprd_dm_state "$dev")" "$dev failed in its map by multipathd's checker"
done
agent_timed "$b" "$FAULT_LIMIT_S" -o off -d "$(devices "$b")" -n "$ka"
assert_run 0 "$FAULT_BUDGET_S" "off $a as $b"

lab_step "$a's paths come back, its other session logs in again: nothing registers $a"
for dev in "${down[@]}"; do
	mprd_path_up "$dev"
	assert_eq 1 "$([ -n "$MPRD_UP_AT" ] && echo 1)" "multipathd reinstated $dev (PATH_REINSTATED uevent)"
done
lab_relogin "$(path "$a" lun0 2)"
lab_info "new paths of $a: $LAB_LOGIN_DEVS"
sleep 3
assert_fenced "$a" "$b"
for lun in $LAB_LUN_NAMES; do
	assert_eq 0 "$(lab_sg_keys "$(path "$b" "$lun" 1)" | grep -c -x -- "$(lab_norm_key "$ka")")" \
		"sg_persist: READ KEYS on $lun lists $a's key nowhere"
done
assert_eq 0 "$(grep -c 'registered key' "/run/mpathprd-$a.log")" "mpathprd for $a registered nothing"
n=$(grep -c 'was fenced' "/run/mpathprd-$a.log")
assert_eq "$(echo "$LAB_LUN_NAMES" | wc -w)" "$n" "mpathprd for $a said once per map that $a was fenced"
assert_registered "$b"

mprd_stop "$a"
mprd_stop "$b"
lab_done
