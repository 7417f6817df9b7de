#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The lab itself, with sg_persist only (no project code): every host sees
# every LUN through PATHS running paths with one WWID, registrations are per
# I_T nexus, and PREEMPT AND ABORT fences a host's writes through its map.
. "$LAB_DIR/lib.sh"

lab_step "topology: $NODES hosts x $PATHS paths x $LUNS LUNs"
for lun in $LAB_LUN_NAMES; do
	wwid=LAB_WWID_$lun
	for h in $LAB_HOSTS; do
		map=$(lab_map "$h" "$lun")
		want="" got=""
		for dev in $(lab_paths "$h" "$lun"); do
			read -r w <"/sys/block/${dev#/dev/}/device/wwid"
			want="$want running $h ${!wwid};"
			got="$got $(lab_dev_state "$dev") $(lab_path_host "$dev") 3${w#naa.};"
		done
		assert_eq "$want" "$got" "$map: $PATHS running paths of host $h to LU ${!wwid}"
		assert_eq "multipath" "$(dmsetup table "${map##*/}" | awk '{ print $3 }')" \
			"$map is a multipath map"
	done
done

a=${LAB_HOSTS%% *}
b=$(echo "$LAB_HOSTS" | awk '{ print $2 }')
ka=$(lab_key "$a")
kb=$(lab_key "$b")
lun=lun0

lab_step "sg_persist: $a and $b register on each of their paths of $lun"
for h in "$a" "$b"; do
	k=$(lab_key "$h")
	for dev in $(lab_paths "$h" $lun); do
		assert_status 0 "register $k through $dev" -- sg_persist -n -o -G -S "$k" "$dev"
	done
done
assert_keys_on_all_paths "$a" $lun "$ka"
assert_keys_on_all_paths "$b" $lun "$kb"
dev=$(lab_paths "$a" $lun)
assert_key_count "${dev%% *}" "$ka" "$PATHS"

lab_step "sg_persist: $a reserves $lun, type 5 (write exclusive, registrants only)"
dev=$(lab_paths "$a" $lun)
assert_status 0 "reserve through ${dev%% *}" -- sg_persist -n -o -R -T 5 -K "$ka" "${dev%% *}"
assert_resv_on_all_paths "$a" $lun "$ka type 5"
assert_resv_on_all_paths "$b" $lun "$ka type 5"
lab_write "$a" $lun
assert_eq 0 $? "$a writes through its map"
lab_write "$b" $lun
assert_eq 0 $? "$b (registered) writes through its map"

lab_step "sg_persist: $b preempts and aborts $a"
dev=$(lab_paths "$b" $lun)
assert_status 0 "preempt-abort $ka through ${dev%% *}" -- \
	sg_persist -n -o -A -T 5 -K "$kb" -S "$ka" "${dev%% *}"
assert_keys_on_all_paths "$a" $lun none
assert_keys_on_all_paths "$b" $lun "$kb"
assert_resv_on_all_paths "$a" $lun "$kb type 5"
lab_write "$a" $lun
rc=$?
assert_eq 1 "$rc" "$a's write through its map fails ($LAB_IO_ERR)"
case $LAB_IO_ERR in
*"Invalid exchange"*) lab_ok "the error is a reservation conflict (EBADE)" ;;
*) lab_not_ok "the error is a reservation conflict (EBADE): $LAB_IO_ERR" ;;
esac
lab_write "$b" $lun
assert_eq 0 $? "$b writes through its map"

lab_step "sg_persist: $b clears $lun"
assert_status 0 "clear" -- sg_persist -n -o -C -K "$kb" "${dev%% *}"
assert_keys_on_all_paths "$b" $lun none
assert_resv_on_all_paths "$b" $lun none
lab_done
