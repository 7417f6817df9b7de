#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# fence_mpathpr and a real multipathd with "reservation_key file" (issue
# 13): `on` tells multipathd this node's key over its socket (setprkey,
# setprstatus) before and after registering, as mpathpersist does, so
# multipathd's repair uses that key.  multipathd manages host b's maps
# (tests/lab/multipathd.sh) and starts with no key recorded:
# - after `on`, `multipathd getprkey` shows b's key for every map, its
#   prkeys file (which multipathd writes) has the line, getprstatus is 1;
# - a nexus of b made to lack the key (sg_persist unregisters it), then
#   its path offline and back: multipathd's checker reinstates it and
#   registers b's key there (mpathprd is not running: only multipathd can);
# - mpathpr-persist unregistering b on a map: multipathd's key for it is
#   gone (getprkey none, getprstatus 0);
# - `on` with multipathd refusing (a map it does not manage): exit 1 naming
#   multipathd's answer, nothing registered.
# Every step is cross-checked per path with sg_persist.
. "$LAB_DIR/lib.sh"
. "$LAB_DIR/agent.sh"
. "$LAB_DIR/persist.sh"
. "$LAB_DIR/multipathd.sh"

prkeys=/etc/multipath/prkeys
trap 'lab_multipathd_stop' EXIT
kbn=$(lab_norm_key "$kb")
mkb=$(printf '0x%x' "$kb")	# multipathd prints keys without leading zeros

rm -f "$prkeys"
lab_step "multipathd manages $b's maps with reservation_key file, no key recorded"
lab_multipathd_start "$b" "reservation_key file" || { lab_not_ok "multipathd started"; lab_done; }
for m in $(lab_maps "$b"); do
	assert_eq none "$(multipathd getprkey map "${m##*/}" 2>&1 | tr -d '\n')" \
		"multipathd getprkey map ${m##*/}: none yet"
done

lab_step "on as $b: multipathd told the key (setprkey) and that it is registered (setprstatus)"
out=$(agent "$b" -o on -d "$(devices "$b")" -n "$kb" -v 2>&1)
assert_eq 0 $? "fence_mpathpr -o on as $b exits 0"
printf '%s\n' "$out" | grep -i 'multipathd\|registered' | sed 's/^/     | /'
for lun in $LAB_LUN_NAMES; do
	m=$(lab_map "$b" "$lun")
	assert_eq "$mkb" "$(multipathd getprkey map "${m##*/}" 2>&1 | tr -d '\n')" \
		"multipathd getprkey map ${m##*/}: $mkb"
	assert_eq 1 "$(multipathd getprstatus map "${m##*/}" 2>&1 | tr -d '\n')" \
		"multipathd getprstatus map ${m##*/}: 1"
	w=$(dmsetup info -c --noheadings -o uuid "${m##*/}" | sed 's/^mpath-//')
	assert_eq 1 "$(grep -c "^$kbn $w\$" "$prkeys")" "multipathd's $prkeys: $kbn $w"
	assert_keys_on_all_paths "$b" "$lun" "$kb"
done

lun=$(echo $LAB_LUN_NAMES | awk '{ print $2 }')
p=$(lab_paths "$b" "$lun" | awk '{ print $1 }')
lab_step "$b's nexus on $p made to lack the key, the path offline and back: multipathd registers $kbn"
lab_sg_persist --out --register --param-rk="$kb" --param-sark=0 "$p" >/dev/null 2>&1
assert_eq none "$(lab_sg_path_key "$p")" "sg_persist: $b's nexus on $p has no key now"
lab_offline "$p"
for ((i = 0; i < 40; i++)); do
	dmsetup status "$b-$lun" | grep -q ' F ' && break
	sleep 0.5
done
lab_online "$p"
t0=$(lab_now)
for ((i = 0; i < 60; i++)); do
	[ "$(lab_sg_path_key "$p")" = "$kbn" ] && break
	sleep 0.5
done
lab_info "key back on $p $(awk -v a="$t0" -v b="$(lab_now)" 'BEGIN { printf "%.1f", b - a }') s after the path was set running"
assert_keys_on_all_paths "$b" "$lun" "$kb"
grep -i "persistent reservation\|pr key found" "$LAB_MPATHD_LOG" | tail -n 3 | sed 's/^/     | /'

m0=$(lab_map "$b" "${LAB_LUN_NAMES%% *}")
lab_step "mpathpr-persist unregisters $b from $m0: multipathd's key for it gone"
assert_status 0 "mpathpr-persist --out --register --param-rk=$kb -d $m0" -- \
	"$PERSIST" --out --register --param-rk="$kb" -d "$m0"
assert_keys_on_all_paths "$b" "${LAB_LUN_NAMES%% *}" none
assert_eq none "$(multipathd getprkey map "${m0##*/}" 2>&1 | tr -d '\n')" \
	"multipathd getprkey map ${m0##*/}: none"
assert_eq 0 "$(multipathd getprstatus map "${m0##*/}" 2>&1 | tr -d '\n')" \
	"multipathd getprstatus map ${m0##*/}: 0"

lab_step "on as $a with multipathd running but not managing $a's maps: exit 1, nothing sent"
out=$(agent "$a" -o on -d "$(devices "$a")" -n "$ka" 2>&1)
assert_eq 1 $? "fence_mpathpr -o on as $a exits 1"
printf '%s\n' "$out" | sed 's/^/     | /'
if printf '%s\n' "$out" | grep -q "cannot record key $(lab_norm_key "$ka") for multipathd: multipathd: \"setprkey map .* key $(printf '%x' "$ka")\" answered \"fail\""; then
	lab_ok "on names multipathd's answer to setprkey"
else
	lab_not_ok "on names multipathd's answer to setprkey"
fi
for lun in $LAB_LUN_NAMES; do
	assert_keys_on_all_paths "$a" "$lun" none
done
lab_done
