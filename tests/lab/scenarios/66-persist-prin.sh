#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# mpathpr-persist's PR IN beside Debian's mpathpersist (multipath-tools
# 0.9.4) on the same maps in the same states: for -k, -r, -s, -c, with --hex
# and --alloc-length, long options, a batch file, and bad input, the same
# exit code and byte for byte the same standard output (what fence_mpath
# and scripts parse).  No reservation_key anywhere: PR IN needs none.
. "$LAB_DIR/lib.sh"
. "$LAB_DIR/persist.sh"

lab_step "mpathpersist's view of host $a's maps (udev database), no multipath.conf"
persist_conf none
lab_udev_db "$a"
m0=$(lab_map "$a" lun0)
m1=$(lab_map "$a" lun1)

# every PR IN service action on MAP
all_prin() {
	local m=$1 what=$2 o
	for o in -k -r -s -c; do
		side_by_side "$what: -i $o" -i "$o" -d "$m"
	done
}

lab_step "no registration, no reservation"
all_prin "$m0" "empty"

lab_step "a registered on its paths, b on its, a holds a type 5 reservation (set with sg_persist)"
sg_register "$a" lun0 "$ka"
sg_register "$b" lun0 "$kb"
sg_reserve "$a" lun0 "$ka"
all_prin "$m0" "a and b registered, a holds"
side_by_side "long options" --in --read-full-status --device="$m0"
side_by_side "the device as an argument" -i -r "$m0"
side_by_side "--hex -k (the bytes go to stderr)" -i -H -k -d "$m0"
side_by_side "--hex -s" -i --hex -s -d "$m0"
# the keys as fence_mpath reads them: in mpathpr-persist's output too
side_by_side "registered keys" -i -k -d "$m0"
n=$(printf '%s\n' "$SIDE_OUT" | grep -c -x "    ${ka,,}")
assert_eq "$(lab_paths "$a" lun0 | wc -w)" "$n" "a's key once per path of a in mpathpr-persist -i -k"

lab_step "--alloc-length: the answer cut at the length, as a device sends it"
for l in 8 16 20; do
	side_by_side "-l $l -k" -i -k -l "$l" -d "$m0"
	side_by_side "-l $l -r" -i -r -l "$l" -d "$m0"
	side_by_side "-l $l -c" -i -c -l "$l" -d "$m0"
done

assert_status 1 "-l 4 (shorter than the header) is refused unsent (mpathpersist sends it: LIO says ILLEGAL REQUEST, 5)" -- \
	"$PERSIST" -i -k -l 4 -d "$m0"

lab_step "b holds an all-registrants reservation (type 7) on lun1"
sg_register "$a" lun1 "$ka"
sg_register "$b" lun1 "$kb"
sg_reserve "$b" lun1 "$kb"
dev=$(lab_paths "$b" lun1)
lab_sg_persist -n -o -L -T 5 -K "$kb" "${dev%% *}" >/dev/null 2>&1
lab_sg_persist -n -o -R -T 7 -K "$kb" "${dev%% *}" >/dev/null 2>&1
all_prin "$m1" "type 7 held by b"

lab_step "a batch file of PR IN commands (comments, a leading program name, blank lines)"
batch=/run/mpathpr-lab-persist/prin.batch
printf '%s\n' "# keys and reservation of two maps" "-i -k -d $m0" "" \
	"mpathpersist -i -r -d $m0   # trailing comment" "-i -s $m1" >"$batch"
side_by_side "batch file" -f "$batch"
side_by_side "batch file (long option) and a command" --batch-file="$batch" -i -c -d "$m1"

lab_step "bad input: the same exit code and output"
side_by_side "no PR IN service action" -i -d "$m0"
side_by_side "two service actions" -i -k -r -d "$m0"
side_by_side "neither --in nor --out" -k -d "$m0"
side_by_side "both --in and --out" -i -o -k -d "$m0"
side_by_side "PR OUT action with --in" -i -G -d "$m0"
side_by_side "no device" -i -k
side_by_side "an extra argument" -i -k "$m0" "$m1"
side_by_side "unknown option" -i -k -q -d "$m0"
side_by_side "--alloc-length too large" -i -k -l 9000 -d "$m0"
side_by_side "--alloc-length not a number" -i -k -l x -d "$m0"
side_by_side "--verbose not a number" -v x -i -k -d "$m0"
side_by_side "no such device" -i -k -d /dev/mapper/no-such-map
side_by_side "not a block device" -i -k -d /dev/null
p=$(lab_paths "$a" lun0)
side_by_side "a path device, not a multipath map" -i -k -d "${p%% *}"
echo "-f $batch" >"$batch.nested"
side_by_side "-f in a batch file" -f "$batch.nested"
side_by_side "a batch file that does not exist" -f /run/no-such-batch
side_by_side "help" -h
side_by_side "no argument at all"
lab_done
