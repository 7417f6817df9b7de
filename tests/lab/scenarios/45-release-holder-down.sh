#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# RELEASE while the path that holds the reservation is offline: the library
# moves the reservation to a live path (PREEMPT of its own key), releases it
# there and registers the other live paths again, so no reservation is left
# behind on a nexus nobody can reach.
. "$LAB_DIR/lib.sh"
lab_require_prtool
a=$(lab_host 1)
ka=$(lab_key "$a")
ma=$(lab_map "$a" lun0)

# holder_nexus DEV: the initiator port READ FULL STATUS (sg_persist) marks as holder.
holder_nexus() {
	lab_sg_status "$1" | awk '$3 == "holder" { print $2; exit }'
}

lab_step "$a registers on every path and reserves"
assert_prtool 0 "register $a" "$ma" register "$ka"
assert_prtool 0 "reserve $a" "$ma" reserve "$ka"
assert_pr_resv "$a" lun0 "$ka type 5"

held=""
for dev in $(lab_paths "$a" lun0); do
	[ "$(lab_nexus "$dev" | tr A-Z a-z)" = "$(holder_nexus "$dev")" ] && held=$dev
done
assert_eq 1 "$([ -n "$held" ] && echo 1 || echo 0)" "sg_persist names the holder path ($held)"

lab_step "the holder path $held goes offline, then $a releases"
lab_offline "$held"
assert_prtool 0 "release $a with the holder path offline" "$ma" release "$ka"
for dev in $(lab_paths "$a" lun0); do
	[ "$dev" = "$held" ] && continue
	assert_eq none "$(lab_sg_resv "$dev")" "sg_persist: no reservation through $dev"
	assert_eq "$(lab_norm_key "$ka")" "$(lab_sg_path_key "$dev")" \
		"sg_persist: live path $dev keeps $a's key"
done
lab_online "$held"
lab_reinstate "$held"
lab_done
