#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The classic (seed) API's return codes against a real target, each
# compared with what sg_persist gets for the same request on a path.
. "$LAB_DIR/lib.sh"
lab_require_prtool
a=$(lab_host 1) b=$(lab_host 2)
ka=$(lab_key "$a") kb=$(lab_key "$b")
ma=$(lab_map "$a" lun0) mb=$(lab_map "$b" lun0)
# shellcheck disable=SC2046 # split the path list on purpose
set -- $(lab_paths "$b" lun0); b1=$1

assert_prtool 0 "register $a" "$ma" register "$ka"
assert_prtool 0 "reserve $a" "$ma" reserve "$ka"

lab_step "reservation conflict: MPATH_PR_RESERVATION_CONFLICT (11)"
assert_prtool 11 "reserve by unregistered $b" "$mb" reserve "$kb"
assert_status 24 "sg_persist: the same RESERVE through $b1 (SG_LIB_CAT_RES_CONFLICT)" -- \
	sg_persist -n -o -R -T 5 -K "$kb" "$b1"
assert_prtool 11 "REGISTER by $b with a wrong old key" "$mb" register-key 0x0000000000001234 0x0000000000005678
assert_status 24 "sg_persist: the same REGISTER through $b1" -- \
	sg_persist -n -o -G -K 0x1234 -S 0x5678 "$b1"
assert_pr_resv "$a" lun0 "$ka type 5"

lab_step "invalid requests: the target says ILLEGAL REQUEST, the library refuses them first"
assert_prtool 0 "register $b" "$mb" register "$kb"
assert_status 5 "sg_persist: PREEMPT with a zero service action key through $b1 (SG_LIB_CAT_ILLEGAL_REQ)" -- \
	sg_persist -n -o -P -T 5 -K "$kb" -S 0 "$b1"
assert_status 5 "sg_persist: RESERVE with type 2 through $b1 (SG_LIB_CAT_ILLEGAL_REQ)" -- \
	sg_persist -n -o -R -T 2 -K "$kb" "$b1"
# Both are caught before anything is sent: MPATH_PR_SYNTAX_ERROR (1).
assert_prtool 1 "PREEMPT with a zero victim key (MPATH_PR_SYNTAX_ERROR)" "$mb" preempt "$kb" 0x0000000000000000
assert_prtool 1 "RESERVE with type 2 (MPATH_PR_SYNTAX_ERROR)" "$ma" reserve "$ka" 2
assert_pr_resv "$a" lun0 "$ka type 5"
assert_keys_on_all_paths "$a" lun0 "$ka"

lab_step "no such device: MPATH_PR_FILE_ERROR (12)"
assert_prtool 12 "read-keys on /dev/mapper/no-such-map" /dev/mapper/no-such-map read-keys
lab_done
