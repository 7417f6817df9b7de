#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# multipathd registers a map's reservation_key on the paths it reinstates:
# with a fixed key there that is not this node's, one node would end up
# with two keys on the LU (issue 13).  With such a multipath.conf (here in a
# conf.d file), `on` and `validate-all` exit 1 naming the file, the line and
# both keys, and `on` sends nothing (sg_persist: b's key nowhere); with the
# node's own key there, or "file", both succeed.  The guest's
# /etc/multipath.conf and conf.d are put back at the end.
. "$LAB_DIR/lib.sh"
. "$LAB_DIR/agent.sh"

conf=/etc/multipath.conf
confd=/etc/multipath/conf.d
saved=$(mktemp -d)
[ -e "$conf" ] && cp -a "$conf" "$saved/"
[ -d "$confd" ] && cp -a "$confd" "$saved/"
restore() {
	rm -rf "$conf" "$confd"
	[ -e "$saved/multipath.conf" ] && cp -a "$saved/multipath.conf" "$conf"
	[ -d "$saved/conf.d" ] && cp -a "$saved/conf.d" "$confd"
	rm -rf "$saved"
}
trap restore EXIT
kbn=$(lab_norm_key "$kb")
other=0x00000000000c1a55

lab_step "multipath.conf sets reservation_key $other (in conf.d) for $b"
mkdir -p "$confd"
printf 'defaults {\n\tuser_friendly_names no\n}\n' >"$conf"
printf '# multipathd registers this key\ndefaults {\n\treservation_key %s\n}\n' "$other" \
	>"$confd/50-key.conf"
for action in on validate-all; do
	out=$(agent "$b" -o "$action" -d "$(devices "$b")" -n "$kb" 2>&1)
	assert_eq 1 $? "fence_mpathpr -o $action as $b exits 1"
	printf '%s\n' "$out" | sed 's/^/     | /'
	line=$(printf '%s\n' "$out" | grep -F "$confd/50-key.conf line 3" | head -n 1)
	case $line in
	*"reservation_key 0x00000000000c1a55 differs from this node's key $kbn"*)
		lab_ok "$action names $confd/50-key.conf line 3 and both keys" ;;
	*) lab_not_ok "$action names $confd/50-key.conf line 3 and both keys: ${line:-(no line)}" ;;
	esac
done
for lun in $LAB_LUN_NAMES; do
	assert_keys_on_all_paths "$b" "$lun" none
done

lab_step "the node's own key there, then \"file\": on and validate-all succeed"
printf 'defaults {\n\treservation_key %s\n}\n' "$kb" >"$confd/50-key.conf"
assert_agent 0 "-o validate-all as $b" "$b" -o validate-all -d "$(devices "$b")" -n "$kb"
printf 'defaults {\n\treservation_key file\n}\n' >"$confd/50-key.conf"
assert_agent 0 "-o on as $b" "$b" -o on -d "$(devices "$b")" -n "$kb"
for lun in $LAB_LUN_NAMES; do
	assert_keys_on_all_paths "$b" "$lun" "$kb"
done
lab_done
