#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# A path offline (echo offline > /sys/block/sdX/device/state) during
# REGISTER and during PREEMPT AND ABORT.
. "$LAB_DIR/lib.sh"
lab_require_prtool
a=$(lab_host 1) b=$(lab_host 2)
ka=$(lab_key "$a") kb=$(lab_key "$b")
ma=$(lab_map "$a" lun0) mb=$(lab_map "$b" lun0)
# shellcheck disable=SC2046 # split the path list on purpose
set -- $(lab_paths "$a" lun0); a1=$1 a2=${!#}
# shellcheck disable=SC2046 # split the path list on purpose
set -- $(lab_paths "$b" lun0); b1=$1 b2=${!#}

lab_step "$a's path $a2 goes offline, then $a registers"
lab_offline "$a2"
assert_eq offline "$(lab_dev_state "$a2")" "$a2 is offline"
assert_prtool 0 "register $a with $a2 offline" "$ma" register "$ka"
assert_eq "$ka" "$(lab_sg_path_key "$a1")" "sg_persist: $a1's nexus registered"
lab_info "$a2's nexus (asked through $a1): $(lab_sg_path_key "$a2" "$a1")"
assert_matrix "$a" lun0 "$(lab_repeat $((PATHS - 1)) "$ka")"

lab_step "$a2 comes back; registering again covers it"
lab_online "$a2"
lab_reinstate "$a2"
assert_prtool 0 "register $a again" "$ma" register "$ka"
assert_keys_on_all_paths "$a" lun0 "$ka"

lab_step "$b registers; $a reserves; $b's path $b2 goes offline, then $b fences $a"
assert_prtool 0 "register $b" "$mb" register "$kb"
assert_prtool 0 "reserve $a" "$ma" reserve "$ka"
lab_offline "$b2"
assert_prtool 0 "preempt-abort with $b2 offline" "$mb" preempt-abort "$kb" "$ka"
for dev in $(lab_paths "$a" lun0); do
	assert_eq none "$(lab_sg_path_key "$dev" "$b1")" "sg_persist (through $b1): $a's nexus on $dev has no key"
done
assert_eq "$kb type 5" "$(lab_sg_resv "$b1")" "sg_persist: $b holds the reservation"
lab_write "$a" lun0
assert_eq 1 $? "$a's write fails: $LAB_IO_ERR"
lab_write "$b" lun0
assert_eq 0 $? "$b writes over its remaining path ($LAB_IO_ERR)"

lab_step "the victim's path offline: $a re-registers, $a1 offline, $b preempts again"
lab_online "$b2"
lab_reinstate "$b2"
assert_prtool 0 "register $a" "$ma" register "$ka"
lab_offline "$a1"
assert_prtool 0 "preempt-abort with the victim's $a1 offline" "$mb" preempt-abort "$kb" "$ka"
for dev in $(lab_paths "$a" lun0); do
	assert_eq none "$(lab_sg_path_key "$dev" "$b1")" "sg_persist (through $b1): $a's nexus on $dev has no key"
done
lab_done
