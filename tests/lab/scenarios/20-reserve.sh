#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# A type 5 reservation (write exclusive, registrants only) is taken once:
# one holder nexus, seen through every path of every host; taking it again
# is harmless; another host's RESERVE is a reservation conflict.
. "$LAB_DIR/lib.sh"
lab_require_prtool
a=$(lab_host 1) b=$(lab_host 2)
ka=$(lab_key "$a") kb=$(lab_key "$b")
ma=$(lab_map "$a" lun0) mb=$(lab_map "$b" lun0)

lab_step "$a and $b register on lun0, $a reserves (type 5)"
assert_prtool 0 "register $a" "$ma" register "$ka"
assert_prtool 0 "register $b" "$mb" register "$kb"
assert_prtool 0 "reserve $a" "$ma" reserve "$ka"
assert_pr_resv "$a" lun0 "$ka type 5"
assert_pr_resv "$b" lun0 "$ka type 5"
assert_eq 1 "$(lab_holder_count lun0)" "sg_persist READ FULL STATUS: one holder nexus"

lab_step "$a reserves again: still one reservation"
assert_prtool 0 "reserve $a again" "$ma" reserve "$ka"
assert_pr_resv "$a" lun0 "$ka type 5"
assert_eq 1 "$(lab_holder_count lun0)" "sg_persist READ FULL STATUS: one holder nexus"

lab_step "$b tries to reserve: reservation conflict"
assert_prtool 11 "reserve $b (MPATH_PR_RESERVATION_CONFLICT)" "$mb" reserve "$kb"
assert_pr_resv "$b" lun0 "$ka type 5"

lab_step "registrants write, the reservation is type 5"
lab_write "$a" lun0
assert_eq 0 $? "$a writes ($LAB_IO_ERR)"
lab_write "$b" lun0
assert_eq 0 $? "$b (registered) writes ($LAB_IO_ERR)"
lab_done
