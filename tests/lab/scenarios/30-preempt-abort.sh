#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Fencing: host b preempts and aborts host a.  a's key is gone from every
# one of its paths, b holds the reservation, a write from a's map fails with
# a reservation conflict and one from b's map succeeds.
. "$LAB_DIR/lib.sh"
lab_require_prtool
a=$(lab_host 1) b=$(lab_host 2)
ka=$(lab_key "$a") kb=$(lab_key "$b")
ma=$(lab_map "$a" lun0) mb=$(lab_map "$b" lun0)

lab_step "$a and $b register, $a reserves"
assert_prtool 0 "register $a" "$ma" register "$ka"
assert_prtool 0 "register $b" "$mb" register "$kb"
assert_prtool 0 "reserve $a" "$ma" reserve "$ka"
lab_write "$a" lun0
assert_eq 0 $? "$a writes before the fence ($LAB_IO_ERR)"

lab_step "$b preempts and aborts $a"
assert_prtool 0 "preempt-abort $ka" "$mb" preempt-abort "$kb" "$ka"
assert_keys_on_all_paths "$a" lun0 none
assert_keys_on_all_paths "$b" lun0 "$kb"
assert_pr_keys "$b" lun0 "$(lab_repeat "$PATHS" "$kb")"
assert_pr_resv "$b" lun0 "$kb type 5"
assert_pr_resv "$a" lun0 "$kb type 5"
assert_matrix "$a" lun0 "$(lab_repeat "$PATHS" "$kb")"

lab_step "$a is fenced, $b is not"
lab_write "$a" lun0
rc=$?
assert_eq 1 "$rc" "$a's write fails: $LAB_IO_ERR"
case $LAB_IO_ERR in
*"Invalid exchange"*) lab_ok "with a reservation conflict (EBADE)" ;;
*) lab_not_ok "with a reservation conflict (EBADE)" ;;
esac
lab_write "$b" lun0
assert_eq 0 $? "$b writes ($LAB_IO_ERR)"
lab_read "$a" lun0
assert_eq 0 $? "$a may still read (type 5 is write exclusive) ($LAB_IO_ERR)"

lab_step "plain PREEMPT (no abort) on lun1 does the same to the keys"
assert_prtool 0 "register $a on lun1" "$(lab_map "$a" lun1)" register "$ka"
assert_prtool 0 "register $b on lun1" "$(lab_map "$b" lun1)" register "$kb"
assert_prtool 0 "reserve $a on lun1" "$(lab_map "$a" lun1)" reserve "$ka"
assert_prtool 0 "preempt $ka" "$(lab_map "$b" lun1)" preempt "$kb" "$ka"
assert_keys_on_all_paths "$a" lun1 none
assert_pr_resv "$b" lun1 "$kb type 5"
lab_done
