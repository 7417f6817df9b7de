#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# fence_mpathpr validate-all: a good configuration passes; a missing device,
# something that is not a block device, a block device that is neither a
# multipath map nor a SCSI disk, and a bad key each fail with one line, and
# no PERSISTENT RESERVE OUT is sent (the PR generation does not move).
. "$LAB_DIR/lib.sh"
. "$LAB_DIR/agent.sh"

lab_sg_generation() {
	sg_persist -n -i -k "$1" 2>/dev/null | sed -n 's/.*PR generation=\(0x[0-9a-fA-F]*\).*/\1/p'
}
generations() {
	local lun dev
	for lun in $LAB_LUN_NAMES; do
		dev=$(lab_paths "$a" "$lun")
		echo "$lun $(lab_sg_generation "${dev%% *}")"
	done | tr '\n' ' '
}
# invalid MESSAGE PATTERN ARGS...: validate-all as a exits 1 with one line
# matching PATTERN, and the generations do not move.
invalid() {
	local msg=$1 pat=$2 out rc
	shift 2
	out=$(agent "$a" -o validate-all "$@" 2>&1)
	rc=$?
	assert_eq 1 "$rc" "validate-all $msg: status 1"
	lab_info "said: $out"
	assert_eq 1 "$(echo "$out" | wc -l)" "validate-all $msg: one line"
	if echo "$out" | grep -q -- "$pat"; then
		lab_ok "validate-all $msg: says '$pat'"
	else
		lab_not_ok "validate-all $msg: says '$pat'"
	fi
	assert_eq "$gen" "$(generations)" "validate-all $msg: PR generation unchanged"
}
lab_step "$a unfences, so there is state to keep"
assert_agent 0 "-o on as $a" "$a" -o on -d "$(devices "$a")" -n "$ka"
gen=$(generations)
lab_info "generations: $gen"

lab_step "good configurations"
assert_agent 0 "validate-all, real maps, good key" "$a" -o validate-all -d "$(devices "$a")" -k "$ka"
assert_agent 0 "validate-all, real maps, no key" "$a" -o validate-all -d "$(devices "$a")"
first=$(lab_paths "$a" lun0)
first=${first%% *}
assert_agent 0 "validate-all on a plain SCSI disk ($first)" "$a" -o validate-all -d "$first" -k "$ka"
assert_status 0 "validate-all on stdin with Pacemaker's placeholder port=node1" -- "$AGENT" <<IN
action=validate-all
devices=$(devices "$a")
port=node1
store_path=/run/mpathpr-$a
IN
assert_eq "$gen" "$(generations)" "validate-all: PR generation unchanged"

lab_step "bad configurations"
m0=$(lab_map "$a" lun0)
invalid "with a missing device" "does not exist" -d "$m0,/dev/mapper/no-such-map" -k "$ka"
invalid "with /dev/null" "not a block device" -d "$m0,/dev/null" -k "$ka"
# A dm map that is not multipath: the error target is part of dm-mod itself.
if dmsetup create lab-agent-error --table "0 8 error" >/dev/null 2>&1; then
	invalid "with a dm error map" "neither a dm-multipath map nor a whole SCSI disk" \
		-d "$m0,/dev/mapper/lab-agent-error" -k "$ka"
	dmsetup remove lab-agent-error >/dev/null 2>&1
else
	lab_not_ok "dmsetup create lab-agent-error (a dm map that is not multipath)"
fi
if [ -b /dev/ram0 ]; then
	invalid "with /dev/ram0" "neither" -d "$m0,/dev/ram0" -k "$ka"
fi
invalid "with a key that is not hex" "key" -d "$(devices "$a")" -k nothex
invalid "with a key of 17 digits" "key" -d "$(devices "$a")" -k 0x11112222333344445
invalid "with no device" "device" -k "$ka"
for lun in $LAB_LUN_NAMES; do
	assert_keys_on_all_paths "$a" "$lun" "$ka"
done
lab_done
