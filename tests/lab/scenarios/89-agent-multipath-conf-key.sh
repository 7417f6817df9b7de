#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# multipathd registers a map's reservation_key on the paths it reinstates:
# with a fixed key there that is not this node's, one node would end up
# with two keys on the LU (issue 13).  With such a multipath.conf (here in a
# conf.d file), `on` and `validate-all` exit 1 naming the file, the line and
# both keys, and `on` sends nothing (sg_persist: b's key nowhere); with the
# node's own key there, or "file", both succeed.
#
# With "file" (and no multipathd running), `on` records the node's key in
# multipathd's prkeys file before it sends anything, as mpathpersist would
# have multipathd do: one line per map ("0x" + 16 hex digits, the map's
# WWID), other maps' lines kept, a stale line for the map replaced, mode
# 0600; a prkeys file that cannot be written fails `on` with nothing sent.
# mpathpr-persist, as mpathpersist: unregistering the node on one map
# removes that map's line (the others stay), registering records it again.
# The guest's /etc/multipath.conf, conf.d and prkeys are put back at the end.
. "$LAB_DIR/lib.sh"
. "$LAB_DIR/agent.sh"
. "$LAB_DIR/persist.sh"

conf=/etc/multipath.conf
confd=/etc/multipath/conf.d
prkeys=/etc/multipath/prkeys
saved=$(mktemp -d)
[ -e "$conf" ] && cp -a "$conf" "$saved/"
[ -d "$confd" ] && cp -a "$confd" "$saved/"
[ -e "$prkeys" ] && cp -a "$prkeys" "$saved/"
restore() {
	rm -rf "$conf" "$confd" "$prkeys"
	[ -e "$saved/multipath.conf" ] && cp -a "$saved/multipath.conf" "$conf"
	[ -d "$saved/conf.d" ] && cp -a "$saved/conf.d" "$confd"
	[ -e "$saved/prkeys" ] && cp -a "$saved/prkeys" "$prkeys"
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

lab_step "reservation_key file, the prkeys file unwritable (a directory): on exits 1, sends nothing"
rm -rf "$prkeys"
mkdir -p "$prkeys"
out=$(agent "$b" -o on -d "$(devices "$b")" -n "$kb" 2>&1)
assert_eq 1 $? "fence_mpathpr -o on as $b exits 1"
printf '%s\n' "$out" | sed 's/^/     | /'
if printf '%s\n' "$out" | grep -q "cannot record key $kbn for multipathd: $prkeys: not a regular file"; then
	lab_ok "on names the prkeys file and why"
else
	lab_not_ok "on names the prkeys file and why"
fi
for lun in $LAB_LUN_NAMES; do
	assert_keys_on_all_paths "$b" "$lun" none
done
rmdir "$prkeys"

# map_wwid MAP: the WWID multipathd knows the map by (its dm UUID after "mpath-")
map_wwid() {
	dmsetup info -c --noheadings -o uuid "${1##*/}" | sed 's/^mpath-//'
}
first=$(map_wwid "$(lab_map "$b" "${LAB_LUN_NAMES%% *}")")
lab_step "reservation_key file, no multipathd: on records $kbn in $prkeys"
printf '%s\n' "# an administrator's line" "0x0000000000000abc 3600140500000000000000000000000ff" \
	"0x00000000000c1a55 $first" >"$prkeys"
chmod 0644 "$prkeys"
assert_agent 0 "-o on as $b" "$b" -o on -d "$(devices "$b")" -n "$kb"
for lun in $LAB_LUN_NAMES; do
	assert_keys_on_all_paths "$b" "$lun" "$kb"
done
sed 's/^/     | /' "$prkeys"
want=$(printf '%s\n' "# an administrator's line" "0x0000000000000abc 3600140500000000000000000000000ff"
       for lun in $LAB_LUN_NAMES; do
	       echo "$kbn $(map_wwid "$(lab_map "$b" "$lun")")"
       done | sort)
got=$( (head -n 2 "$prkeys"; tail -n +3 "$prkeys" | sort) )
assert_eq "$want" "$got" "$prkeys: other lines kept, one line per map with $kbn, the stale one replaced"
assert_eq 600 "$(stat -c %a "$prkeys")" "$prkeys is mode 0600"

lab_step "on again: the prkeys file unchanged (one line per map still)"
before=$(cat "$prkeys")
assert_agent 0 "-o on as $b" "$b" -o on -d "$(devices "$b")" -n "$kb"
assert_eq "$before" "$(cat "$prkeys")" "$prkeys is the same after a second on"

m0=$(lab_map "$b" "${LAB_LUN_NAMES%% *}")
w0=$(map_wwid "$m0")
lab_step "mpathpr-persist unregisters $b from $m0: its line leaves $prkeys, the others stay"
assert_status 0 "mpathpr-persist --out --register --param-rk=$kb -d $m0" -- \
	"$PERSIST" --out --register --param-rk="$kb" -d "$m0"
assert_keys_on_all_paths "$b" "${LAB_LUN_NAMES%% *}" none
sed 's/^/     | /' "$prkeys"
assert_eq "$(printf '%s\n' "$before" | grep -v " $w0\$")" "$(cat "$prkeys")" \
	"$prkeys without $m0's line, every other line as it was"

lab_step "mpathpr-persist registers $b on $m0 again (--register-ignore): recorded again"
assert_status 0 "mpathpr-persist --out --register-ignore --param-sark=$kb -d $m0" -- \
	"$PERSIST" --out --register-ignore --param-sark="$kb" -d "$m0"
assert_keys_on_all_paths "$b" "${LAB_LUN_NAMES%% *}" "$kb"
assert_eq 1 "$(grep -c "^$kbn $w0\$" "$prkeys")" "$prkeys has one line $kbn $w0"
lab_done
