#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# REGISTER AND MOVE (classic API, iSCSI TransportID) against the real
# target: the holder moves its reservation to one of the other host's
# initiator ports, which the target registers with the key given; the
# holder's own registrations stay.  Checked with sg_persist per I_T nexus.
. "$LAB_DIR/lib.sh"
lab_require_prtool
a=$(lab_host 1) b=$(lab_host 2)
ka=$(lab_key "$a") kb=$(lab_key "$b")
map_b=$(lab_map "$b" lun0)
paths_a=$(lab_paths "$a" lun0)
dest=${paths_a%% *}
dest_port=$(lab_nexus "$dest")

lab_step "$b registers $kb on every path of lun0 and reserves"
assert_prtool 0 "register $kb" "$map_b" register "$kb"
assert_prtool 0 "reserve $kb" "$map_b" reserve "$kb" 5
assert_pr_resv "$b" lun0 "$kb type 5"
assert_keys_on_all_paths "$a" lun0 none

lab_step "a bad TransportID is refused before anything is sent"
gen=$(lab_prtool "$map_b" read-keys | sed -n 's/^generation //p')
assert_prtool 1 "register-move with no ISID" "$map_b" register-move "$kb" "$ka" iqn.bad 5
assert_eq "$gen" "$(lab_prtool "$map_b" read-keys | sed -n 's/^generation //p')" \
	"PR generation unchanged ($gen)"

lab_step "$b moves the reservation to $a's port $dest_port with key $ka"
assert_prtool 0 "register-move $kb -> $ka at $dest_port" "$map_b" register-move "$kb" "$ka" \
	"$dest_port" 5
assert_eq "$(lab_norm_key "$ka")" "$(lab_sg_path_key "$dest")" \
	"sg_persist: $dest ($a's first path) is registered with $ka"
for dev in ${paths_a#* }; do
	[ "$dev" = "$dest" ] && continue
	assert_eq none "$(lab_sg_path_key "$dev" "$dest")" \
		"sg_persist: $a's other path $dev is not registered"
done
assert_keys_on_all_paths "$b" lun0 "$kb"
assert_resv_on_all_paths "$b" lun0 "$(lab_norm_key "$ka") type 5"
holder=$(lab_sg_status "$dest" | awk '$3 == "holder" { print $1, $2 }')
assert_eq "$(lab_norm_key "$ka") ${dest_port,,}" "$holder" \
	"sg_persist -s: the holder is $dest_port with $ka"
assert_eq "$(lab_norm_key "$ka") type 5" "$(lab_pr_resv "$map_b")" \
	"mpr-prtool read-reservation agrees"
lab_done
