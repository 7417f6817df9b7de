#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# fence_mpathpr's read-only actions before and after a fence: status (0 while
# the key is registered, 2 once it is gone), monitor, list and list-status,
# each checked against sg_persist READ KEYS on every path.
. "$LAB_DIR/lib.sh"
. "$LAB_DIR/agent.sh"

lab_step "$a and $b unfence (on) on every LUN"
assert_agent 0 "-o on as $a" "$a" -o on -d "$(devices "$a")" -n "$ka"
assert_agent 0 "-o on as $b" "$b" -o on -d "$(devices "$b")" -n "$kb"

# list_keys HOST MAP ACTION: the keys fence_mpathpr ACTION prints for one map, sorted.
list_keys() {
	agent "$1" -o "$3" -d "$2" | cut -d, -f1 | lab_sorted
}
# assert_list HOST "KEY...": list and list-status per device of HOST's maps
# give exactly KEYs, and so does sg_persist READ KEYS through each path.
assert_list() {
	local h=$1 want lun map dev out
	want=$(echo "$2" | lab_sorted)
	for lun in $LAB_LUN_NAMES; do
		map=$(lab_map "$h" "$lun")
		assert_eq "$want" "$(list_keys "$h" "$map" list)" "fence_mpathpr -o list -d $map as $h"
		out=$(agent "$h" -o list-status -d "$map")
		assert_eq "$want" "$(echo "$out" | cut -d, -f1 | lab_sorted)" \
			"fence_mpathpr -o list-status -d $map as $h: keys"
		assert_eq 0 "$(echo "$out" | grep -cv ',on$')" "list-status: every line ends in ,on"
		for dev in $(lab_paths "$h" "$lun"); do
			assert_eq "$want" "$(lab_sg_keys "$dev" | sort -u | lab_sorted)" \
				"sg_persist READ KEYS through $dev"
		done
	done
}

lab_step "before the fence"
assert_agent 0 "status of $ka (on)" "$a" -o status -d "$(devices "$a")" -n "$ka"
assert_agent 0 "status of $kb (on), asked by $a" "$a" -o status -d "$(devices "$a")" -n "$kb"
assert_agent 2 "status of an unregistered key (off)" "$a" -o status -d "$(devices "$a")" \
	-n 0x1234
assert_agent 0 "monitor as $a" "$a" -o monitor -d "$(devices "$a")"
assert_agent 0 "monitor as $b" "$b" -o monitor -d "$(devices "$b")"
assert_list "$a" "$(lab_norm_key "$ka") $(lab_norm_key "$kb")"
assert_list "$b" "$(lab_norm_key "$ka") $(lab_norm_key "$kb")"
out=$(agent "$a" -o list -d "$(devices "$a")")
lab_info "list as $a over every LUN: $(echo "$out" | tr '\n' ' ')"
assert_eq 2 "$(echo "$out" | wc -l)" "list over every LUN: one line per key"
assert_eq "$(lab_norm_key "$ka"),$(uname -n)" "$(echo "$out" | grep -i "^$ka,")" \
	"list as $a names $a's own key with this node's name"
assert_eq "$(lab_norm_key "$kb")," "$(echo "$out" | grep -i "^$kb,")" \
	"list as $a leaves $b's key unnamed"

lab_step "$b fences $a"
assert_agent 0 "-o off -n $ka as $b" "$b" -o off -d "$(devices "$b")" -n "$ka"

lab_step "after the fence"
assert_agent 2 "status of $ka (off), asked by $b" "$b" -o status -d "$(devices "$b")" -n "$ka"
assert_agent 2 "status of $ka (off), asked by $a" "$a" -o status -d "$(devices "$a")" -n "$ka"
assert_agent 0 "status of $kb (on)" "$b" -o status -d "$(devices "$b")" -n "$kb"
assert_agent 0 "monitor as $b" "$b" -o monitor -d "$(devices "$b")"
assert_agent 0 "monitor as $a (reading keys is allowed to a fenced host)" "$a" \
	-o monitor -d "$(devices "$a")"
assert_list "$a" "$(lab_norm_key "$kb")"
assert_list "$b" "$(lab_norm_key "$kb")"
lab_done
