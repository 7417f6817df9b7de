#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Registration follows the paths (issue 13), with a real multipathd
# managing b's maps (multipathd.sh): after b unfenced, the array gets a new
# target port -- a second portal group of the LIO target (tpgt_2, portal
# 127.0.0.3, every LUN mapped: a new relative target port) -- and b logs in
# to it; multipathd adds the new paths to b's maps.  With mpathprd running
# for b, b's key is on each new nexus within MPRD_REPAIR_S (2 s) of the
# reload's uevent, per sg_persist (which shows the new relative target
# port).  The port, the session and the paths are taken away again at the
# end, before multipathd stops.
. "$LAB_DIR/lib.sh"
. "$LAB_DIR/agent.sh"
. "$LAB_DIR/agent-fault.sh"
. "$LAB_DIR/mpathprd.sh"

tpg2=$LAB_CFS/iscsi/$LAB_TARGET_IQN/tpgt_2
portal=127.0.0.3
iface=lab-$b-p3

port_add() {
	local i
	mkdir "$tpg2" || return 1
	for ((i = 0; i < $(san_luns_total); i++)); do
		mkdir "$tpg2/lun/lun_$i" &&
			ln -s "$LAB_CFS/core/fileio_0/lun$i" "$tpg2/lun/lun_$i/lab_lun$i" || return 1
	done
	mkdir "$tpg2/np/$portal:3260" || return 1
	echo 1 >"$tpg2/attrib/generate_node_acls"
	echo 1 >"$tpg2/attrib/cache_dynamic_acls"
	echo 0 >"$tpg2/attrib/demo_mode_write_protect"
	echo 0 >"$tpg2/attrib/authentication"
	echo 1 >"$tpg2/enable"
	iscsiadm -m iface -I "$iface" -o new >/dev/null &&
		iscsiadm -m iface -I "$iface" -o update -n iface.initiatorname \
			-v "$(cat "/sys/class/iscsi_session/session$(lab_session "$(path "$b" lun0 1)")/initiatorname")" \
			>/dev/null &&
		iscsiadm -m node -o new -T "$LAB_TARGET_IQN" -p "$portal:3260,2" -I "$iface" >/dev/null
}

port_remove() {
	local d l
	d=$(lab_session_of "$b" "$portal") && lab_logout "$(lab_session_devs "$d" | head -n 1)"
	sed -i "/^logout $b $portal\$/d" "$LAB_FAULTS"
	iscsiadm -m node -o delete -T "$LAB_TARGET_IQN" -p "$portal:3260" -I "$iface" >/dev/null 2>&1
	iscsiadm -m iface -I "$iface" -o delete >/dev/null 2>&1
	[ -d "$tpg2" ] || return 0
	echo 0 >"$tpg2/enable"
	rmdir "$tpg2/np/$portal:3260"
	for l in "$tpg2"/lun/lun_*; do
		[ -e "$l" ] || continue
		rm -f "$l"/lab_lun*
		rmdir "$l"
	done
	rmdir "$tpg2"
}
trap 'mprd_stop_all; port_remove; lab_multipathd_stop' EXIT

lab_step "multipathd manages $b's maps; both unfence; mpathprd runs for $b"
lab_multipathd_start "$b"
assert_eq 0 $? "multipathd made $b's maps, every path active"
unfence_both
mprd_start "$b"

lab_step "the target gets a new port ($portal, portal group 2); $b logs in to it"
port_add
assert_eq 0 $? "tpgt_2 with every LUN and portal $portal"
lab_login "$b" "$portal"
assert_eq 0 $? "$b logged in to $portal"
lab_info "new paths: $LAB_LOGIN_DEVS"
for dev in $LAB_LOGIN_DEVS; do
	t0=$(lab_uevent_joined_at "$dev")
	lab_info "multipathd put $dev in its map at ${t0:-?} (the reload's uevent)"
	assert_repaired "$b" "$dev" "$kb" "$t0" "$(path "$b" "lun$(lab_dev_lun "$dev")" 2)"
done
for lun in $LAB_LUN_NAMES; do
	assert_eq 3 "$(lab_paths "$b" "$lun" | wc -w)" "$b's map for $lun has 3 paths"
	assert_keys_on_all_paths "$b" "$lun" "$kb"
done
lab_info "sg_persist -s on lun0 (the new nexus $(lab_nexus "$(path "$b" lun0 3)") registered):"
lab_sg_status "$(path "$b" lun0 1)" | sed 's/^/     /'
assert_agent 0 "monitor as $b: every nexus registered" "$b" -o monitor -d "$(devices "$b")"

mprd_times_report
lab_done
