#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The watchdog check: fence_mpathpr called as fence_mpathpr_check reads its
# store and exits 0 while this node's key is registered, 2 once fenced.
. "$LAB_DIR/lib.sh"
. "$LAB_DIR/agent.sh"

# fence_mpathpr_check is told apart by argv[0] (lab_agent_link).
dir=/run/mpathpr-lab-agent
lab_agent_link "$dir" fence_mpathpr_check
check() {
	"$dir/fence_mpathpr_check" --store-path "/run/mpathpr-$1"
}

lab_step "before $a unfences: nothing recorded"
assert_status 0 "fence_mpathpr_check as $a, empty store" -- check "$a"

lab_step "$a and $b unfence (on) on every LUN"
assert_agent 0 "-o on as $a" "$a" -o on -d "$(devices "$a")" -n "$ka"
assert_agent 0 "-o on as $b" "$b" -o on -d "$(devices "$b")" -n "$kb"
assert_status 0 "fence_mpathpr_check as $a" -- check "$a"
assert_status 0 "fence_mpathpr_check as $b" -- check "$b"

lab_step "$b fences $a"
assert_agent 0 "-o off -n $ka as $b" "$b" -o off -d "$(devices "$b")" -n "$ka"
for lun in $LAB_LUN_NAMES; do
	assert_keys_on_all_paths "$a" "$lun" none
done
assert_status 2 "fence_mpathpr_check as $a (fenced)" -- check "$a"
assert_status 0 "fence_mpathpr_check as $b" -- check "$b"
assert_status 2 "watchdog's repair 2 is passed on" -- \
	"$dir/fence_mpathpr_check" --store-path "/run/mpathpr-$a" repair 2
lab_done
