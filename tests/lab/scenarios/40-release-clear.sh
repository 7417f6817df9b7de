#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# RELEASE by the holder drops the reservation and keeps the keys; CLEAR drops
# both, for every host and path.
. "$LAB_DIR/lib.sh"
lab_require_prtool
a=$(lab_host 1) b=$(lab_host 2)
ka=$(lab_key "$a") kb=$(lab_key "$b")
ma=$(lab_map "$a" lun0) mb=$(lab_map "$b" lun0)

lab_step "$a and $b register, $a reserves"
assert_prtool 0 "register $a" "$ma" register "$ka"
assert_prtool 0 "register $b" "$mb" register "$kb"
assert_prtool 0 "reserve $a" "$ma" reserve "$ka"
assert_pr_resv "$a" lun0 "$ka type 5"

lab_step "$a releases"
assert_prtool 0 "release $a" "$ma" release "$ka"
assert_pr_resv "$a" lun0 none
assert_pr_resv "$b" lun0 none
assert_keys_on_all_paths "$a" lun0 "$ka"
assert_keys_on_all_paths "$b" lun0 "$kb"

lab_step "$b reserves, then clears"
assert_prtool 0 "reserve $b" "$mb" reserve "$kb"
assert_pr_resv "$a" lun0 "$kb type 5"
assert_prtool 0 "clear" "$mb" clear "$kb"
assert_pr_resv "$a" lun0 none
assert_keys_on_all_paths "$a" lun0 none
assert_keys_on_all_paths "$b" lun0 none
assert_pr_keys "$a" lun0 ""
lab_write "$a" lun0
assert_eq 0 $? "$a writes again ($LAB_IO_ERR)"
lab_done
