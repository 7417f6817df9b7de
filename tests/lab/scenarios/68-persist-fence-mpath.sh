#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# fence-agents' fence_mpath (python) with mpathpersist_path pointing at
# mpathpr-persist, and no reservation_key in multipath.conf (no
# multipath.conf at all): on, status, monitor and off between hosts a and
# b, each verdict checked with sg_persist through every path.  With Debian's
# mpathpersist instead, the same configuration cannot work: PR OUT needs
# the key in multipath.conf.
. "$LAB_DIR/lib.sh"
. "$LAB_DIR/persist.sh"

FM=/usr/sbin/fence_mpath
[ -x "$FM" ] || { echo "FAIL: $FM is missing (tests/install-deps installs fence-agents)"; exit 1; }
persist_conf none
# fence_mpath keys: hex without 0x, compared with what -i -k prints after 0x
pa=${ka#0x} pa=${pa,,} pb=${kb#0x} pb=${pb,,}

# fm HOST ARGS...: fence_mpath as HOST runs it (its maps, its store).
fm() {
	local h=$1
	shift
	"$FM" --mpathpersist-path="$PERSIST" --store-path="/run/fm-$h" \
		--devices="$(lab_maps "$h" | tr ' ' ,)" "$@"
}
assert_fm() {
	local want=$1 msg=$2
	shift 2
	assert_status "$want" "fence_mpath $msg" -- fm "$@"
}
rm -rf /run/fm-a /run/fm-b
assert_eq "no" "$([ -e /etc/multipath.conf ] && echo yes || echo no)" "no multipath.conf (no reservation_key)"

lab_step "a and b unfence (on)"
assert_fm 0 "-o on -n $pa as $a" "$a" -o on -n "$pa"
assert_fm 0 "-o on -n $pb as $b" "$b" -o on -n "$pb"
for lun in $LAB_LUN_NAMES; do
	assert_keys_on_all_paths "$a" "$lun" "$ka"
	assert_keys_on_all_paths "$b" "$lun" "$kb"
	assert_eq "$(lab_norm_key "$ka") type 5" "$(lab_sg_resv "$(lab_paths "$a" "$lun" | cut -d' ' -f1)")" \
		"$lun: a (first to unfence) holds the type 5 reservation"
done
assert_fm 0 "-o on -n $pa as $a again (already registered)" "$a" -o on -n "$pa"
for lun in $LAB_LUN_NAMES; do
	assert_keys_on_all_paths "$a" "$lun" "$ka"
done

lab_step "status and monitor"
assert_fm 0 "-o status -n $pa as $b (a is on)" "$b" -o status -n "$pa"
assert_fm 0 "-o status -n $pb as $a" "$a" -o status -n "$pb"
assert_fm 0 "-o monitor as $a" "$a" -o monitor
assert_fm 0 "-o monitor as $b" "$b" -o monitor
assert_fm 2 "-o status -n 0c0ffee as $b (a key nobody has: off)" "$b" -o status -n 0c0ffee

lab_step "b fences a (off)"
assert_fm 0 "-o off -n $pa as $b" "$b" -o off -n "$pa"
for lun in $LAB_LUN_NAMES; do
	assert_keys_on_all_paths "$a" "$lun" none
	assert_keys_on_all_paths "$b" "$lun" "$kb"
	assert_eq "$(lab_norm_key "$kb") type 5" "$(lab_sg_resv "$(lab_paths "$b" "$lun" | cut -d' ' -f1)")" \
		"$lun: the reservation moved to b"
	lab_write "$a" "$lun"
	assert_eq 1 $? "$lun: a's write fails: $LAB_IO_ERR"
done
assert_fm 2 "-o status -n $pa as $b (a is off)" "$b" -o status -n "$pa"
assert_fm 0 "-o status -n $pb as $b" "$b" -o status -n "$pb"
lab_done
