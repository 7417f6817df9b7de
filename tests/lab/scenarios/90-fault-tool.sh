#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The fault tool (fault.sh) against the real SAN, with sg3-utils only: a
# blackholed portal hangs SG_IO while dm still shows the path active, and
# how long until the iSCSI timeouts end it (the figures README.md's
# "Faults" section quotes); a blackholed session hangs one host's path
# only; a logout and login makes a new I_T nexus without registration; the
# portal group and a portal disabled and enabled; a LUN reset leaves a UNIT
# ATTENTION for every host.  (lab_grow_luns is exercised by
# 92-fault-blackhole-one-path.)
. "$LAB_DIR/lib.sh"
a=$(lab_host 1) b=$(lab_host 2)
ka=$(lab_key "$a") kb=$(lab_key "$b")

# path H LUN N: host H's Nth path (portal 127.0.0.N) to LUN.
path() {
	lab_paths "$1" "$2" | awk -v n="$3" '{ print $n }'
}
# dm_path_state MAP DEV: "A" (active) or "F" (failed) in dm's status.
dm_path_state() {
	dmsetup status "${1##*/}" | awk -v n="$(cat "/sys/block/${2#/dev/}/dev")" \
		'{ for (i = 1; i < NF; i++) if ($i == n) print $(i + 1) }'
}

a1=$(path "$a" lun0 1) a2=$(path "$a" lun0 2)
b1=$(path "$b" lun0 1) b2=$(path "$b" lun0 2)
lab_clear_ua   # an earlier scenario's PREEMPT may have left some
for d in $a1 $a2; do sg_persist -n -o -G -S "$ka" "$d" >/dev/null; done
for d in $b1 $b2; do sg_persist -n -o -G -S "$kb" "$d" >/dev/null; done
assert_keys_on_all_paths "$a" lun0 "$ka"
assert_keys_on_all_paths "$b" lun0 "$kb"

lab_step "blackhole 127.0.0.2 (every host's path 2): SG_IO hangs, then fails"
sa2=$(lab_session "$a2")
t0=$(lab_now)
lab_blackhole 127.0.0.2
lab_info "nft: $(nft list chain inet mpathpr_fault input | grep -c drop) drop rules"
timeout 20 sg_persist -n -i -k "$a2" >/tmp/fault-sgp.out 2>&1 &
sgp=$!
# sg_raw with the agent's default io_timeout (10 s) shows the transport error.
(
	s=$(lab_now)
	sg_raw -t 10 -r 1024 "$a2" 5e 00 00 00 00 00 00 04 00 00 >/tmp/fault-raw.out 2>&1
	echo "rc=$? after $(lab_since "$s") s" >>/tmp/fault-raw.out
) &
raw=$!
sleep 3
kill -0 $sgp 2>/dev/null
assert_eq 0 $? "timeout 20 sg_persist -k $a2 has not answered 3 s into the blackhole"
assert_eq running "$(lab_dev_state "$a2")" "$a2 still 'running' for the SCSI layer"
assert_eq A "$(dm_path_state "$(lab_map "$a" lun0)" "$a2")" "dm still shows $a2 active"
assert_eq LOGGED_IN "$(lab_session_state "$a2")" "session $sa2 still LOGGED_IN"
t_blocked="" t_offline="" t_raw="" t_sgp=""
while :; do
	s=$(lab_dev_state "$a2")
	[ -n "$t_blocked" ] || [ "$s" != blocked ] || t_blocked=$(lab_since "$t0")
	[ -n "$t_raw" ] || kill -0 $raw 2>/dev/null || t_raw=$(lab_since "$t0")
	[ -n "$t_sgp" ] || kill -0 $sgp 2>/dev/null || t_sgp=$(lab_since "$t0")
	if [ "$s" = transport-offline ]; then
		t_offline=$(lab_since "$t0")
		break
	fi
	awk -v t="$(lab_since "$t0")" 'BEGIN { exit !(t > 40) }' && break
	sleep 0.2
done
wait $raw $sgp
lab_info "sg_raw -t 10 (READ KEYS) returned at ${t_raw:-?} s: $(grep -o 'Host_status=0x[0-9a-f]* \[[A-Z_]*\]' /tmp/fault-raw.out | head -n1)"
lab_info "sg_persist -k returned at ${t_sgp:-?} s: $(grep -o 'Host_status=0x[0-9a-f]* \[[A-Z_]*\]' /tmp/fault-sgp.out | head -n1) (and exit 0: sg_persist prints the transport error, then an empty key list)"
lab_info "device $a2 blocked at ${t_blocked:-never} s (session FAILED: in recovery), transport-offline at ${t_offline:-never} s"
lab_info "the lab's timeouts: NOP-Out every $(iscsiadm -m node -T "$LAB_TARGET_IQN" -p 127.0.0.2:3260 -I "lab-$a-p2" | sed -n 's/.*noop_out_interval = //p') s, answer within $(iscsiadm -m node -T "$LAB_TARGET_IQN" -p 127.0.0.2:3260 -I "lab-$a-p2" | sed -n 's/.*noop_out_timeout = //p') s, replacement_timeout $(cat "/sys/class/iscsi_session/session$sa2/recovery_tmo") s"
grep -q DID_TRANSPORT_DISRUPTED /tmp/fault-raw.out
assert_eq 0 $? "the hung READ KEYS ends with DID_TRANSPORT_DISRUPTED (connection declared dead)"
# Not at its own 10 s timeout: while a NOP-Out is pending the iSCSI layer
# restarts the command's timer.  5-10 s in theory, later under TCG load.
assert_eq 1 "$(awk -v t="${t_raw:-99}" 'BEGIN { print (t >= 3 && t <= 25) }')" \
	"it ended 3-25 s into the blackhole (NOP-Out interval + timeout): ${t_raw:-?} s"
assert_eq transport-offline "$(lab_dev_state "$a2")" \
	"after replacement_timeout, $a2 is transport-offline (at ${t_offline:-?} s)"
s=$(lab_now)
sg_raw -t 10 -r 1024 "$a2" 5e 00 00 00 00 00 00 04 00 00 >/tmp/fault-raw.out 2>&1
rc=$?
lab_info "READ KEYS on the transport-offline path: exit $rc in $(lab_since "$s") s: $(grep -v '^ *$' /tmp/fault-raw.out | head -n1)"
assert_eq 1 "$(awk -v t="$(lab_since "$s")" -v rc=$rc 'BEGIN { print (rc != 0 && t < 2) }')" \
	"then it fails at once"
assert_eq A "$(dm_path_state "$(lab_map "$a" lun0)" "$a2")" "dm still shows $a2 active (no I/O went through the map)"
out=$(timeout 5 sg_persist -n -i -k "$a1" 2>&1)
assert_eq 0 $? "path 1 ($a1) answers meanwhile"

lab_step "unblackhole 127.0.0.2: the sessions log in again, same nexus, keys kept"
s=$(lab_now)
lab_unblackhole 127.0.0.2
lab_wait_path_back "$a2" 60
assert_eq running "$(lab_dev_state "$a2")" "$a2 running again after $(lab_since "$s") s"
lab_wait_path_back "$b2" 60
assert_eq "$sa2" "$(lab_session "$a2")" "same session $sa2 (same ISID): iscsid recovered it"
assert_keys_on_all_paths "$a" lun0 "$ka"
assert_keys_on_all_paths "$b" lun0 "$kb"
assert_eq "" "$(nft list table inet mpathpr_fault 2>/dev/null | grep drop)" "no drop rule left"

lab_step "blackhole only $b's session over 127.0.0.2 ($b2): $a's path 2 still answers"
lab_blackhole_session "$b2"
timeout 20 sg_persist -n -i -k "$b2" >/dev/null 2>&1 &
sgp=$!
out=$(timeout 5 sg_persist -n -i -k "$a2" 2>&1)
assert_eq 0 $? "$a's $a2 (same portal) answers"
sleep 2
kill -0 $sgp 2>/dev/null
assert_eq 0 $? "$b's $b2 has not answered after 2 s"
lab_unblackhole_session "$b2"
wait $sgp
lab_wait_path_back "$b2" 60
assert_eq running "$(lab_dev_state "$b2")" "$b2 back"
assert_eq "$(lab_norm_key "$kb")" "$(lab_sg_path_key "$b2")" "$b's nexus on $b2 kept its key"

lab_step "log $b out of 127.0.0.2 and in again: a new ISID, a new I_T nexus"
old_nexus=$(lab_nexus "$b2") old_sid=$(lab_session "$b2")
lab_logout "$b2"
assert_eq "$b1" "$(lab_paths "$b" lun0)" "while logged out, $b's lun0 map has only $b1"
assert_eq 1 "$(dmsetup table "$b-lun0" | awk '{ print $10 }')" "dm table: one path"
lab_login "$b" 127.0.0.2
nb2=$(path "$b" lun0 2)
lab_info "new path devices of $b over 127.0.0.2: $LAB_LOGIN_DEVS"
assert_eq "${LAB_LOGIN_DEVS%% *}" "$nb2" "the new path device $nb2 is $b's path 2 to lun0"
assert_eq 2 "$(dmsetup table "$b-lun0" | awk '{ print $10 }')" "dm table: two paths"
lab_info "session $old_sid -> $(lab_session "$nb2"), nexus $old_nexus -> $(lab_nexus "$nb2")"
[ "$old_nexus" != "$(lab_nexus "$nb2")" ]
assert_eq 0 $? "the new nexus differs from the old one"
assert_eq none "$(lab_sg_path_key "$nb2" "$b1")" "sg_persist -s: the new nexus has no registration"
assert_eq "$(lab_norm_key "$kb")" \
	"$(lab_sg_status "$b1" | awk -v n="${old_nexus,,}" '$2 == n { print $1 }')" \
	"sg_persist -s: the old nexus's registration is still there"
assert_eq "$(lab_norm_key "$kb")" "$(lab_sg_path_key "$b1")" "$b1 keeps its key"
lab_write "$b" lun0
assert_eq 0 $? "$b writes through its map ($LAB_IO_ERR)"
b2=$nb2

lab_step "the target portal group disabled, then enabled (configfs)"
lab_tpg_disable
lab_wait_dev_state "$a1" blocked 10
assert_eq blocked "$(lab_dev_state "$a1")" "$a1 blocked at once (LIO closed the sessions)"
lab_wait_dev_state "$a1" transport-offline 15
assert_eq transport-offline "$(lab_dev_state "$a1")" "transport-offline after replacement_timeout"
timeout 5 sg_turs "$b1" >/dev/null 2>&1
assert_eq 1 "$(($? != 0))" "TEST UNIT READY through $b1 fails"
s=$(lab_now)
lab_tpg_enable
for d in $a1 $a2 $b1 $b2; do lab_wait_path_back "$d" 60; done
lab_info "every session back $(lab_since "$s") s after the enable"
for d in $a1 $a2 $b1 $b2; do
	assert_eq running "$(lab_dev_state "$d")" "$d running"
done
assert_keys_on_all_paths "$a" lun0 "$ka"

lab_step "portal 127.0.0.2 disabled, then enabled (configfs np, connections reset)"
lab_portal_disable 127.0.0.2
lab_wait_dev_state "$a2" blocked 10
assert_eq blocked "$(lab_dev_state "$a2")" "$a2 blocked at once"
timeout 5 sg_turs "$a1" >/dev/null 2>&1
assert_eq 0 $? "$a1 (portal 127.0.0.1) answers"
s=$(lab_now)
lab_portal_enable 127.0.0.2
lab_wait_path_back "$a2" 60
lab_wait_path_back "$b2" 60
assert_eq "running running" "$(lab_dev_state "$a2") $(lab_dev_state "$b2")" \
	"$a2 and $b2 back $(lab_since "$s") s after the enable"

lab_step "a LUN reset through $a1: a UNIT ATTENTION for every host"
lab_clear_ua
lab_lun_reset "$a1"
assert_eq "ua: Bus device reset function occurred" "$(lab_sg_ua "$b2")" \
	"TEST UNIT READY through $b2 gets the UNIT ATTENTION"
assert_eq none "$(lab_sg_ua "$b1")" "one per host and LUN: $b1 then gets none"
assert_eq "ua: Bus device reset function occurred" "$(lab_sg_ua "$a2")" "so does $a's $a2"
lab_lun_reset "$a1"
out=$(sg_persist -n -i -k "$b1" 2>&1)
assert_eq 6 $? "sg_persist -k through $b1 after another reset: exit 6 (unit attention)"
out=$(sg_persist -n -i -k "$b1" 2>&1)
assert_eq 0 $? "the next one succeeds"

lab_done
