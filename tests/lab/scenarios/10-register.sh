#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Registration on every path of a map (REGISTER AND IGNORE EXISTING KEY),
# plain REGISTER to change a key, unregister; checked with mpr-prtool and,
# per I_T nexus, with sg_persist.
. "$LAB_DIR/lib.sh"
lab_require_prtool
a=$(lab_host 1) b=$(lab_host 2)
ka=$(lab_key "$a") kb=$(lab_key "$b")

lab_step "$a registers $ka on every LUN through its maps"
for lun in $LAB_LUN_NAMES; do
	assert_prtool 0 "register on $(lab_map "$a" "$lun")" "$(lab_map "$a" "$lun")" register "$ka"
	assert_keys_on_all_paths "$a" "$lun" "$ka"
	assert_keys_on_all_paths "$b" "$lun" none
	assert_pr_keys "$a" "$lun" "$(lab_repeat "$PATHS" "$ka")"
done
assert_matrix "$a" lun0 "$(lab_repeat "$PATHS" "$ka")"

lab_step "registering again with the same key changes nothing"
assert_prtool 0 "register again" "$(lab_map "$a" lun0)" register "$ka"
assert_pr_keys "$a" lun0 "$(lab_repeat "$PATHS" "$ka")"

lab_step "$b registers $kb on lun0; both hosts see both"
assert_prtool 0 "register on $(lab_map "$b" lun0)" "$(lab_map "$b" lun0)" register "$kb"
assert_keys_on_all_paths "$b" lun0 "$kb"
assert_keys_on_all_paths "$a" lun0 "$ka"
assert_pr_keys "$b" lun0 "$(lab_repeat "$PATHS" "$ka") $(lab_repeat "$PATHS" "$kb")"
assert_matrix "$b" lun0 "$(lab_repeat "$PATHS" "$ka") $(lab_repeat "$PATHS" "$kb")"

lab_step "$a changes its key with REGISTER (old key given)"
knew=0x00000000000000a2
assert_prtool 0 "register-key $ka $knew" "$(lab_map "$a" lun0)" register-key "$ka" "$knew"
assert_keys_on_all_paths "$a" lun0 "$knew"
assert_pr_keys "$a" lun0 "$(lab_repeat "$PATHS" "$knew") $(lab_repeat "$PATHS" "$kb")"

lab_step "$a unregisters"
assert_prtool 0 "unregister $knew" "$(lab_map "$a" lun0)" unregister "$knew"
assert_keys_on_all_paths "$a" lun0 none
assert_keys_on_all_paths "$b" lun0 "$kb"
assert_pr_keys "$a" lun0 "$(lab_repeat "$PATHS" "$kb")"
lab_done
