#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# `mpathpr status`: the per-path matrix against sg_persist per path.  For
# every path of a map: the key READ FULL STATUS lists for that path's own
# I_T nexus (or none), the holder, the reservation, the keys; with a path
# whose nexus is not registered (offline while a registered) and with a
# path offline.  The JSON is checked against its schema, the text has a row
# per path, and in a pipe there are no colours and no progress line.
. "$LAB_DIR/lib.sh"
. "$LAB_DIR/persist.sh"

SCHEMA=$LAB_SRCDIR/cli/mpathpr-json.schema.json

# json_matrix MAP...: "devnode key|none holder|-" per path, from --json.
json_matrix() {
	"$MPATHPR" status --json "$@" | python3 -c '
import json, sys
for d in json.load(sys.stdin)["devices"]:
    for p in d["paths"]:
        key = "0x%016x" % int(p["key"], 16) if p["key"] else p["registration"].replace("unregistered", "none")
        print(p["devnode"], key, "holder" if p["holder"] else "-")'
}

# sg_matrix HOST LUN: the same per sg_persist (READ FULL STATUS through a running path).
sg_matrix() {
	local dev via="" st
	for dev in $(lab_paths "$1" "$2"); do
		[ "$(lab_dev_state "$dev")" = running ] && via=${via:-$dev}
	done
	st=$(lab_sg_status "$via")
	for dev in $(lab_paths "$1" "$2"); do
		printf '%s\n' "$st" | awk -v d="$dev" -v n="$(lab_nexus "$dev" | tr 'A-Z' 'a-z')" '
			$2 == n { k = $1; h = ($3 == "holder") ? "holder" : "-" }
			END { print d, (k == "" ? "none" : k), (k == "" ? "-" : h) }'
	done
}

# check_matrix HOST WHAT: every LUN of HOST, mpathpr status against sg_persist.
check_matrix() {
	local h=$1 lun
	for lun in $LAB_LUN_NAMES; do
		assert_eq "$(sg_matrix "$h" "$lun")" "$(json_matrix "$(lab_map "$h" "$lun")")" \
			"$2: $h-$lun, each path's key and holder as sg_persist reads its nexus"
	done
}

# check_schema ARGS...: mpathpr ARGS --json is valid against the schema.
check_schema() {
	local out
	out=$("$MPATHPR" "$@" --json)
	printf '%s' "$out" | python3 -c '
import json, sys, jsonschema
jsonschema.validate(json.load(sys.stdin), json.load(open(sys.argv[1])))' "$SCHEMA"
	assert_eq 0 $? "mpathpr $* --json is valid against cli/mpathpr-json.schema.json"
}

lab_step "nobody registered"
check_matrix "$a" "empty"
check_schema status $(lab_maps "$a")

lab_step "a registered while its path 1 of lun0 was offline; b registered; a reserves"
p1=$(lab_paths "$a" lun0)
p1=${p1%% *}
lab_offline "$p1"
for lun in $LAB_LUN_NAMES; do
	assert_status 0 "mpathpr register --key $ka $a-$lun" -- \
		"$MPATHPR" register --key="$ka" "$(lab_map "$a" "$lun")"
	assert_status 0 "mpathpr register --key $kb $b-$lun" -- \
		"$MPATHPR" register --key="$kb" "$(lab_map "$b" "$lun")"
	assert_status 0 "mpathpr reserve --key $ka $a-$lun" -- \
		"$MPATHPR" reserve --key="$ka" --type=we-ro "$(lab_map "$a" "$lun")"
done
lab_step "with $p1 offline"
check_matrix "$a" "path offline"
line=$("$MPATHPR" status --color=never "$(lab_map "$a" lun0)" | awk -v d="$p1" '$1 == d')
lab_info "$line"
assert_eq offline "$(echo "$line" | awk '{ print $4 }')" "the text names $p1 offline"
lab_online "$p1"
lab_reinstate "$p1"
lab_step "$p1 back: its nexus has no registration"
check_matrix "$a" "path back, unregistered"
check_matrix "$b" "b"
line=$("$MPATHPR" status "$(lab_map "$a" lun0)" | awk -v d="$p1" '$1 == d')
assert_eq none "$(echo "$line" | awk '{ print $NF }')" "the text shows 'none' in $p1's KEY column"
check_schema status $(lab_maps "$a") $(lab_maps "$b")

lab_step "text: a row per path, the reservation, no colour or progress in a pipe"
out=$("$MPATHPR" status $(lab_maps "$a") 2>/run/mpathpr-lab-persist/status.err)
printf '%s\n' "$out" | sed -n '1,6p' | sed 's/^/     | /'
for lun in $LAB_LUN_NAMES; do
	for dev in $(lab_paths "$a" "$lun"); do
		assert_eq 1 "$(printf '%s\n' "$out" | awk -v d="$dev" '$1 == d' | wc -l)" "a row for $dev"
	done
done
assert_eq "$(echo $LAB_LUN_NAMES | wc -w)" \
	"$(printf '%s\n' "$out" | grep -c "reservation: $(printf '0x%x' "$ka") type 5 (write exclusive, registrants only)")" \
	"the reservation of each LU: a's key, type 5"
assert_eq 0 "$(printf '%s' "$out" | grep -c $'\033')" "no escape sequence in a pipe"
assert_eq 0 "$(wc -c </run/mpathpr-lab-persist/status.err)" "nothing on stderr (no progress line) when it is no terminal"
col=$("$MPATHPR" status --color=always "$(lab_map "$a" lun0)" | grep -c $'\033')
assert_eq 1 "$([ "$col" -gt 0 ] && echo 1 || echo 0)" "--color=always colours"

lab_step "bad input"
assert_status 1 "status of a device that does not exist" -- "$MPATHPR" status /dev/mapper/no-such-map
assert_status 2 "an unknown subcommand" -- "$MPATHPR" frobnicate "$(lab_map "$a" lun0)"
assert_status 2 "status without a device" -- "$MPATHPR" status
lab_done
