#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# A host asked to fence itself (off with its own key, its own store) refuses
# with one line naming itself, and sends nothing: every key, the reservation
# and the PR generation stay as they were.
. "$LAB_DIR/lib.sh"
. "$LAB_DIR/agent.sh"

lab_step "$a and $b unfence (on) on every LUN"
assert_agent 0 "-o on as $a" "$a" -o on -d "$(devices "$a")" -n "$ka"
assert_agent 0 "-o on as $b" "$b" -o on -d "$(devices "$b")" -n "$kb"

# lab_sg_generation DEV: the PR generation READ KEYS through DEV reports.
lab_sg_generation() {
	sg_persist -n -i -k "$1" 2>/dev/null | sed -n 's/.*PR generation=\(0x[0-9a-fA-F]*\).*/\1/p'
}
# state: every LUN's generation and reservation, every path's own key.
state() {
	local lun dev
	for lun in $LAB_LUN_NAMES; do
		dev=$(lab_paths "$a" "$lun")
		dev=${dev%% *}
		echo "$lun generation $(lab_sg_generation "$dev") resv $(lab_sg_resv "$dev")"
		for dev in $(lab_paths "$a" "$lun") $(lab_paths "$b" "$lun"); do
			echo "$dev $(lab_sg_path_key "$dev")"
		done
	done
}
before=$(state)
lab_info "before: $(echo "$before" | grep generation | tr '\n' ' ')"

# refuse SPELLING MESSAGE ARGS...: off as a with a's store exits 1, with one
# line saying it would fence itself, and changes nothing.
refuse() {
	local msg=$1 out rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	assert_eq 1 "$rc" "$msg: status 1"
	lab_info "said: $out"
	assert_eq 1 "$(echo "$out" | wc -l)" "$msg: one line"
	case $out in
	*itself*) lab_ok "$msg: the line says it would fence itself" ;;
	*) lab_not_ok "$msg: the line says it would fence itself" ;;
	esac
	assert_eq "$before" "$(state)" "$msg: keys, reservation and generation unchanged"
}

lab_step "$a is asked to fence itself"
refuse "off -n $ka as $a" agent "$a" -o off -d "$(devices "$a")" -n "$ka"
refuse "off -k AAAAAAAAAAAAAAAA (other spelling) as $a" \
	agent "$a" -o off -d "$(devices "$a")" -k AAAAAAAAAAAAAAAA
refuse "off through $b's maps with $a's store" agent "$a" -o off -d "$(devices "$b")" -n "$ka"
refuse "action=off port=$ka on stdin as $a" "$AGENT" <<IN
action=off
devices=$(devices "$a")
port=$ka
store_path=/run/mpathpr-$a
IN
for lun in $LAB_LUN_NAMES; do
	assert_keys_on_all_paths "$a" "$lun" "$ka"
	assert_keys_on_all_paths "$b" "$lun" "$kb"
	assert_resv_on_all_paths "$a" "$lun" "$(lab_norm_key "$ka") type 5"
	lab_write "$a" "$lun"
	assert_eq 0 $? "$a still writes to $lun ($LAB_IO_ERR)"
done
lab_done
