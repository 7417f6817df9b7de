#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# mpathpr's own PR OUT subcommands on several maps at once, each result
# read back with sg_persist through every path: register (on every path),
# reserve, preempt --abort (the victim's writes refused), release, clear,
# unregister; a conflict and bad input (nothing sent); --json valid against
# the schema, with a line per command sent.
. "$LAB_DIR/lib.sh"
. "$LAB_DIR/persist.sh"

SCHEMA=$LAB_SRCDIR/cli/mpathpr-json.schema.json
maps_a=$(lab_maps "$a")
maps_b=$(lab_maps "$b")
lu0=$(lab_paths "$a" lun0 | cut -d' ' -f1)

lab_step "register a's and b's keys on all their maps"
assert_status 0 "mpathpr register --key $ka (a's maps)" -- "$MPATHPR" register --key="$ka" $maps_a
assert_status 0 "mpathpr register --key $kb (b's maps)" -- "$MPATHPR" register --key="$kb" $maps_b
for lun in $LAB_LUN_NAMES; do
	assert_keys_on_all_paths "$a" "$lun" "$ka"
	assert_keys_on_all_paths "$b" "$lun" "$kb"
done

lab_step "a reserves (type we-ro), b's reserve conflicts"
assert_status 0 "mpathpr reserve --key $ka" -- "$MPATHPR" reserve --key="$ka" $maps_a
for lun in $LAB_LUN_NAMES; do
	assert_resv_on_all_paths "$a" "$lun" "$(lab_norm_key "$ka") type 5"
done
out=$("$MPATHPR" reserve --key="$kb" --json $maps_b)
assert_eq 1 $? "mpathpr reserve --key $kb while a holds: exit 1"
printf '%s' "$out" | python3 -c '
import json, sys, jsonschema
doc = json.load(sys.stdin)
jsonschema.validate(doc, json.load(open(sys.argv[1])))
print(" ".join(sorted({c["outcome"] for d in doc["devices"] for c in d["commands"]
                       if c["command"].startswith("PR OUT")})))' "$SCHEMA" >/run/mpathpr-lab-persist/81.out
assert_eq 0 $? "the conflict's --json is valid against the schema"
assert_eq "reservation conflict" "$(cat /run/mpathpr-lab-persist/81.out)" \
	"every PR OUT sent for b (RESERVE) answered reservation conflict"

lab_step "b preempts a with --abort: a's key gone from every path, a's writes refused"
assert_status 0 "mpathpr preempt --key $kb --victim $ka --abort" -- \
	"$MPATHPR" preempt --key="$kb" --victim="$ka" --abort $maps_b
for lun in $LAB_LUN_NAMES; do
	assert_keys_on_all_paths "$a" "$lun" none
	assert_keys_on_all_paths "$b" "$lun" "$kb"
	assert_resv_on_all_paths "$b" "$lun" "$(lab_norm_key "$kb") type 5"
	lab_write "$a" "$lun"
	assert_eq 1 $? "$lun: a's write fails: $LAB_IO_ERR"
done

lab_step "release, unregister, clear"
assert_status 0 "mpathpr release --key $kb" -- "$MPATHPR" release --key="$kb" $maps_b
for lun in $LAB_LUN_NAMES; do
	assert_resv_on_all_paths "$b" "$lun" none
	assert_keys_on_all_paths "$b" "$lun" "$kb"
done
assert_status 0 "mpathpr unregister --key $kb (lun0)" -- "$MPATHPR" unregister --key="$kb" "$(lab_map "$b" lun0)"
assert_keys_on_all_paths "$b" lun0 none
assert_status 0 "mpathpr clear --key $kb (lun1)" -- "$MPATHPR" clear --key="$kb" "$(lab_map "$b" lun1)"
assert_eq "" "$(lab_sg_keys "$(lab_paths "$a" lun1 | cut -d' ' -f1)")" "lun1: no key left after clear"

lab_step "bad input: nothing sent"
before=$(lab_sg_status "$lu0")
assert_status 2 "a bad key" -- "$MPATHPR" register --key=zz $maps_a
assert_status 2 "a zero key" -- "$MPATHPR" register --key=0 $maps_a
assert_status 2 "a bad type" -- "$MPATHPR" reserve --key="$ka" --type=9 $maps_a
assert_status 2 "preempt without --victim" -- "$MPATHPR" preempt --key="$ka" $maps_a
assert_status 2 "an unknown option" -- "$MPATHPR" register --key="$ka" --frob $maps_a
assert_status 1 "a device that does not exist among good ones" -- \
	"$MPATHPR" register --key="$ka" $maps_a /dev/mapper/no-such-map
assert_eq "$before" "$(lab_sg_status "$lu0")" "nothing was registered by any of them"
lab_done
