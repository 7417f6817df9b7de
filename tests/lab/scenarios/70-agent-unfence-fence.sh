#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# fence_mpathpr against the real target: hosts a and b unfence (on) with
# their keys on every LUN, then b fences a (off).  Each host keeps its own
# store (/run/mpathpr-<host>): that is how off knows this node's key, and
# both hosts share one guest kernel.
. "$LAB_DIR/lib.sh"
. "$LAB_DIR/agent.sh"

lab_step "$a unfences on the command line (on, key $ka, every LUN)"
assert_agent 0 "-o on as $a" "$a" -o on -d "$(devices "$a")" -n "$ka"
lab_step "$b unfences through standard input (name=value lines, as Pacemaker does)"
assert_status 0 "fence_mpathpr action=on on stdin as $b" -- "$AGENT" <<IN
action=on
devices=$(devices "$b")
plug=$kb
store_path=/run/mpathpr-$b
IN
for lun in $LAB_LUN_NAMES; do
	assert_keys_on_all_paths "$a" "$lun" "$ka"
	assert_keys_on_all_paths "$b" "$lun" "$kb"
	assert_pr_keys "$a" "$lun" "$(lab_repeat "$PATHS" "$ka") $(lab_repeat "$PATHS" "$kb")"
	assert_eq 1 "$(lab_holder_count "$lun")" "sg_persist: one reservation holder on $lun"
	assert_resv_on_all_paths "$b" "$lun" "$(lab_norm_key "$ka") type 5"
done
lab_info "$a's store: $(tr '\t\n' ' ;' <"/run/mpathpr-$a/mpath.devices")"

lab_step "on again is idempotent"
assert_agent 0 "-o on again as $a" "$a" -o on -d "$(devices "$a")" -n "$ka"
assert_agent 0 "-o on again as $b" "$b" -o on -d "$(devices "$b")" -n "$kb"
for lun in $LAB_LUN_NAMES; do
	assert_keys_on_all_paths "$a" "$lun" "$ka"
	assert_keys_on_all_paths "$b" "$lun" "$kb"
	first=$(lab_paths "$a" "$lun")
	assert_eq "$((2 * PATHS))" "$(lab_sg_keys "${first%% *}" | wc -l)" \
		"sg_persist: still $((2 * PATHS)) registrations on $lun after on again"
	assert_resv_on_all_paths "$a" "$lun" "$(lab_norm_key "$ka") type 5"
done
for lun in $LAB_LUN_NAMES; do
	lab_write "$a" "$lun"
	assert_eq 0 $? "$a writes to $lun before the fence ($LAB_IO_ERR)"
done

lab_step "$b fences $a (off -n $ka with $b's store)"
assert_agent 0 "-o off -n $ka as $b" "$b" -o off -d "$(devices "$b")" -n "$ka"
for lun in $LAB_LUN_NAMES; do
	assert_keys_on_all_paths "$a" "$lun" none
	assert_keys_on_all_paths "$b" "$lun" "$kb"
	assert_pr_keys "$b" "$lun" "$(lab_repeat "$PATHS" "$kb")"
	assert_resv_on_all_paths "$a" "$lun" "$(lab_norm_key "$kb") type 5"
	lab_write "$a" "$lun"
	rc=$?
	assert_eq 1 "$rc" "$a's write to $lun fails: $LAB_IO_ERR"
	case $LAB_IO_ERR in
	*"Invalid exchange"*) lab_ok "with a reservation conflict (EBADE)" ;;
	*) lab_not_ok "with a reservation conflict (EBADE)" ;;
	esac
	lab_write "$b" "$lun"
	assert_eq 0 $? "$b writes to $lun ($LAB_IO_ERR)"
done

lab_step "off again: $a is already fenced"
assert_agent 0 "-o off -n $ka again as $b" "$b" -o off -d "$(devices "$b")" -n "$ka"
for lun in $LAB_LUN_NAMES; do
	assert_keys_on_all_paths "$a" "$lun" none
	assert_keys_on_all_paths "$b" "$lun" "$kb"
done
lab_done
