#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# fence_mpathpr off while one of the fencing host's paths to each LUN is
# offline: the fence still succeeds over the remaining path, the victim's key
# is gone from every one of its paths; then the paths come back.
. "$LAB_DIR/lib.sh"
. "$LAB_DIR/agent.sh"

lab_step "$a and $b unfence (on) on every LUN"
assert_agent 0 "-o on as $a" "$a" -o on -d "$(devices "$a")" -n "$ka"
assert_agent 0 "-o on as $b" "$b" -o on -d "$(devices "$b")" -n "$kb"

lab_step "one of $b's paths to each LUN goes offline"
down=""
for lun in $LAB_LUN_NAMES; do
	# shellcheck disable=SC2046 # split the path list on purpose
	set -- $(lab_paths "$b" "$lun")
	dev=${!#}
	lab_offline "$dev"
	assert_eq offline "$(lab_dev_state "$dev")" "$b's $lun path $dev is offline"
	down="$down $dev"
done

lab_step "$b fences $a with those paths offline"
assert_agent 0 "-o off -n $ka as $b" "$b" -o off -d "$(devices "$b")" -n "$ka"
for lun in $LAB_LUN_NAMES; do
	# shellcheck disable=SC2046 # split the path list on purpose
	set -- $(lab_paths "$b" "$lun")
	b1=$1
	assert_keys_on_all_paths "$a" "$lun" none
	for dev in $(lab_paths "$b" "$lun"); do
		assert_eq "$(lab_norm_key "$kb")" "$(lab_sg_path_key "$dev" "$b1")" \
			"sg_persist (through $b1): $b's nexus on $dev keeps $kb"
	done
	assert_eq "$(lab_norm_key "$kb") type 5" "$(lab_sg_resv "$b1")" \
		"sg_persist: $b holds the reservation on $lun"
	lab_write "$a" "$lun"
	assert_eq 1 $? "$a's write to $lun fails: $LAB_IO_ERR"
	lab_write "$b" "$lun"
	assert_eq 0 $? "$b writes to $lun over its remaining path ($LAB_IO_ERR)"
done
assert_agent 2 "status of $ka (off) with the paths still offline" "$b" -o status \
	-d "$(devices "$b")" -n "$ka"

lab_step "the paths come back"
for dev in $down; do
	lab_online "$dev"
	lab_reinstate "$dev"
	assert_eq running "$(lab_dev_state "$dev")" "$dev is running again"
done
for lun in $LAB_LUN_NAMES; do
	assert_keys_on_all_paths "$a" "$lun" none
	assert_keys_on_all_paths "$b" "$lun" "$kb"
	assert_resv_on_all_paths "$b" "$lun" "$(lab_norm_key "$kb") type 5"
done
assert_agent 2 "status of $ka (off) with every path back" "$b" -o status \
	-d "$(devices "$b")" -n "$ka"
assert_agent 0 "off again with every path back" "$b" -o off -d "$(devices "$b")" -n "$ka"
lab_done
