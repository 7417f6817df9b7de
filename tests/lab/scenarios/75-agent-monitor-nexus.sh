#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# fence_mpathpr monitor tells a nexus without this node's key from a healthy
# one.  One of b's paths to lun0 is offline while b unfences: on registers
# the paths usable then, so when the path comes back its I_T nexus has no
# registration (its writes get a reservation conflict) while READ KEYS still
# lists b's key through the other one.  monitor exits 1 naming the device and
# that path, cross-checked with sg_persist -s (READ FULL STATUS); on again
# registers the nexus and monitor is 0.  A healthy SAN's monitor stays 0.
#
# LIO lets WRITEs through such a nexus pass while another session of the same
# initiator name is registered (its registrants-only check looks at the
# initiator's ACL, not the ISID), but PR OUT commands are judged per nexus:
# REGISTER with b's key, which any registered nexus of b may send, gets
# RESERVATION CONFLICT there, as a PREEMPT through it would.
. "$LAB_DIR/lib.sh"
. "$LAB_DIR/agent.sh"

map=$(lab_map "$b" lun0)
# shellcheck disable=SC2046 # split the path list on purpose
set -- $(lab_paths "$b" lun0)
keep=$1 dev=${!#}
kbn=$(lab_norm_key "$kb")
missing="is usable but its nexus has no registration for key $kbn"

# reregister DEV: REGISTER b's key over b's key through DEV (changes nothing
# on a registered nexus); sg_persist's status, 24 for a reservation conflict.
reregister() {
	sg_persist -n -o -G -K "$kb" -S "$kb" "$1" >/dev/null 2>&1
}

lab_step "a healthy SAN: $a unfences, its monitor is 0"
assert_agent 0 "-o on as $a" "$a" -o on -d "$(devices "$a")" -n "$ka"
assert_agent 0 "monitor as $a" "$a" -o monitor -d "$(devices "$a")"

lab_step "$b unfences while its path $dev to lun0 is offline"
lab_offline "$dev"
assert_eq offline "$(lab_dev_state "$dev")" "$dev is offline"
assert_agent 0 "-o on as $b (the offline path is skipped)" "$b" -o on -d "$(devices "$b")" \
	-n "$kb"

lab_step "the path comes back: READ KEYS cannot tell, READ FULL STATUS can"
lab_online "$dev"
lab_reinstate "$dev"
assert_eq running "$(lab_dev_state "$dev")" "$dev is running again"
lab_info "$dev's nexus: $(lab_nexus "$dev")"
lab_info "sg_persist -s through $keep:"
lab_sg_status "$keep" | sed 's/^/     /'
assert_key_count "$keep" "$kb" 1
assert_eq "$kbn" "$(lab_sg_path_key "$keep")" "sg_persist -s: $b's nexus on $keep has $kbn"
assert_eq none "$(lab_sg_path_key "$dev" "$keep")" \
	"sg_persist -s: $b's nexus on $dev ($(lab_nexus "$dev")) has no registration"
reregister "$dev"
assert_eq 24 $? "sg_persist: REGISTER with $kbn through $dev: reservation conflict"
reregister "$keep"
assert_eq 0 $? "sg_persist: REGISTER with $kbn through $keep: accepted"

lab_step "monitor as $b fails and names $map and $dev"
out=$(agent "$b" -o monitor -d "$(devices "$b")" 2>&1)
assert_eq 1 $? "fence_mpathpr -o monitor as $b exits 1"
printf '%s\n' "$out" | sed 's/^/     | /'
line=$(printf '%s\n' "$out" | grep -F -- "$missing")
assert_eq 1 "$(printf '%s\n' "$line" | grep -c .)" "one line names a path without $b's key"
case $line in
*"device $map: path $dev ("*) lab_ok "the line names $map and $dev" ;;
*) lab_not_ok "the line names $map and $dev: $line" ;;
esac
case $line in
*"initiator port $(lab_nexus "$dev"))"*) lab_ok "the line gives the nexus as LIO names it" ;;
*) lab_not_ok "the line gives the nexus $(lab_nexus "$dev") as LIO names it: $line" ;;
esac
out=$(agent "$b" -o monitor -d "$(devices "$b")" -v 2>&1)
assert_eq 1 "$(printf '%s\n' "$out" | grep -c "path $keep (usable, .*key $kbn registered on its nexus")" \
	"-v shows $keep's nexus registered"
assert_agent 0 "monitor as $a is not disturbed" "$a" -o monitor -d "$(devices "$a")"

lab_step "status: $b is still on (it writes through $keep), and says why not everywhere"
out=$(agent "$b" -o status -d "$(devices "$b")" -n "$kb" 2>&1)
assert_eq 0 $? "fence_mpathpr -o status -n $kb as $b exits 0"
assert_eq 1 "$(printf '%s\n' "$out" | grep -cF -- "path $dev (")" "status names $dev"
assert_agent 0 "status of $kb asked by $a" "$a" -o status -d "$(devices "$a")" -n "$kb"

lab_step "$b unfences again: the nexus is registered, monitor is 0"
assert_agent 0 "-o on as $b" "$b" -o on -d "$(devices "$b")" -n "$kb"
assert_keys_on_all_paths "$b" lun0 "$kb"
out=$(agent "$b" -o monitor -d "$(devices "$b")" 2>&1)
assert_eq 0 $? "fence_mpathpr -o monitor as $b exits 0"
assert_eq "" "$out" "monitor prints nothing"
assert_agent 0 "monitor as $a" "$a" -o monitor -d "$(devices "$a")"
reregister "$dev"
assert_eq 0 $? "sg_persist: REGISTER with $kbn through $dev: accepted now"
lab_done
