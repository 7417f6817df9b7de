#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Registration follows the paths (issue 13), with a real multipathd
# managing b's maps (multipathd.sh) and mpathprd running for b: b's iSCSI
# session over 127.0.0.1 logs out and in again.  The new session has a new
# ISID, so each of its paths is a new I_T nexus without a registration (the
# old nexus keeps b's key on the LU); multipathd adds the new paths to b's
# maps (udev's add event, a table reload) and mpathprd registers b's key on
# each new nexus within MPRD_REPAIR_S (2 s) of that reload's uevent, per
# sg_persist.  Host a's registrations are untouched.
. "$LAB_DIR/lib.sh"
. "$LAB_DIR/agent.sh"
. "$LAB_DIR/agent-fault.sh"
. "$LAB_DIR/mpathprd.sh"

lab_step "multipathd manages $b's maps; both unfence; mpathprd runs for $b"
lab_multipathd_start "$b"
assert_eq 0 $? "multipathd made $b's maps, every path active"
unfence_both
assert_registered "$b"
mprd_start "$b"

old=$(path "$b" lun0 1)
old_nexus=$(lab_nexus "$old")
lab_step "$b's session behind $old ($old_nexus) logs out and in again"
lab_relogin "$old"
lab_info "new paths: $LAB_LOGIN_DEVS"
for dev in $LAB_LOGIN_DEVS; do
	[ "$(lab_nexus "$dev")" != "$old_nexus" ] && lab_ok "$dev: a new nexus $(lab_nexus "$dev")" ||
		lab_not_ok "$dev: a new nexus (still $old_nexus)"
done
for dev in $LAB_LOGIN_DEVS; do
	t0=$(lab_uevent_joined_at "$dev")
	lab_info "multipathd put $dev in its map at ${t0:-?} (the reload's uevent)"
	assert_repaired "$b" "$dev" "$kb" "$t0" "$(path "$b" "lun$(lab_dev_lun "$dev")" 2)"
done
for lun in $LAB_LUN_NAMES; do
	for dev in $(lab_paths "$b" "$lun"); do
		assert_eq "$(lab_norm_key "$kb")" "$(lab_sg_path_key "$dev")" \
			"sg_persist: $b's nexus on $dev ($lun) has its key"
	done
done
assert_agent 0 "monitor as $b: every nexus registered" "$b" -o monitor -d "$(devices "$b")"
assert_registered "$a"

mprd_times_report
mprd_stop "$b"
lab_done
