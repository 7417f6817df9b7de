#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The classic API's REPORT CAPABILITIES and READ FULL STATUS layouts
# (multipath-tools' struct prin_capdescr and print_fulldescr_list) against
# the real target, field by field against sg_persist's own decoding; and
# APTPL: a registration carrying the APTPL bit makes the target persist
# the registrations (PTPL_A 1, LIO's configfs says activated), a registration
# without it turns that off again.
. "$LAB_DIR/lib.sh"
lab_require_prtool
a=$(lab_host 1) b=$(lab_host 2)
ka=$(lab_key "$a") kb=$(lab_key "$b")
map_a=$(lab_map "$a" lun0) map_b=$(lab_map "$b" lun0)
first=$(lab_paths "$a" lun0)
first=${first%% *}
# After the preemption a's paths report a unit attention once: ask through b's.
first_b=$(lab_paths "$b" lun0)
first_b=${first_b%% *}

# sg_cap DEV FIELD: what sg_persist -c prints for FIELD (CRH, PTPL_A, ...).
sg_cap() {
	sg_persist -n -i -c "$1" 2>/dev/null | sed -n "s/.*($2): *\([0-9]*\).*/\1/p" | head -n 1
}
# sg_type_mask DEV: bytes 4-5 of the REPORT CAPABILITIES data, as 0x%04x.
sg_type_mask() {
	sg_persist -n -i -c -H "$1" 2>/dev/null |
		awk 'NR == 1 { printf "0x%s%s\n", $6, $7; exit }'
}
# pr_cap MAP FIELD: what mpr-prtool capabilities (the classic API) says.
pr_cap() {
	"$LAB_PRTOOL" "$1" capabilities | awk -v f="$2" '$1 == f { print $2 }'
}
# LIO's own view of lun0 (configfs): "Activated" or "Disabled".
lio_pr() {
	cat "/sys/kernel/config/target/core/fileio_0/lun0/pr/$1"
}
lio_aptpl() {
	lio_pr res_aptpl_active | sed -n 's/^APTPL Bit Status: //p'
}
# lio_keys: the keys LIO has registered on lun0, sorted, unique.
lio_keys() {
	lio_pr res_pr_registered_i_pts | sed -n 's/.* Key: \(0x[0-9a-f]*\) .*/\1/p' | sort -u |
		tr '\n' ' ' | sed 's/ $//'
}

lab_step "$a and $b register on lun0 (no APTPL), $b reserves"
assert_prtool 0 "register $ka" "$map_a" register "$ka"
assert_prtool 0 "register $kb" "$map_b" register "$kb"
assert_prtool 0 "reserve $kb" "$map_b" reserve "$kb" 5

lab_step "REPORT CAPABILITIES through the classic API equals sg_persist -c"
for f in crh:CRH sip_c:SIP_C atp_c:ATP_C ptpl_c:PTPL_C tmv:TMV ptpl_a:PTPL_A; do
	ours=${f%%:*} theirs=${f#*:}
	assert_eq "$(sg_cap "$first" "$theirs")" "$(pr_cap "$map_a" "$ours")" \
		"capabilities $ours equals sg_persist's $theirs ($(sg_cap "$first" "$theirs"))"
done
assert_eq "$(sg_type_mask "$first")" "$(pr_cap "$map_a" type_mask)" \
	"capabilities type_mask equals sg_persist's bytes 4-5 ($(sg_type_mask "$first"))"
assert_eq 0 "$(pr_cap "$map_a" ptpl_a)" "PTPL_A 0: nothing persists yet"
assert_eq Disabled "$(lio_aptpl)" "LIO configfs: APTPL disabled"

lab_step "READ FULL STATUS through the classic API equals sg_persist -s"
ours=$("$LAB_PRTOOL" "$map_a" full-status | awk '$1 == "key" {
	print $2, tolower($12), ($4 == 1 ? "holder" : "-") }' | sort)
theirs=$(lab_sg_status "$first" | sort)
lab_info "sg_persist -s: $(echo "$theirs" | tr '\n' ';')"
assert_eq "$theirs" "$ours" "full-status: key, initiator port and holder of every registration"
assert_eq "$((2 * PATHS))" "$(echo "$ours" | grep -c .)" \
	"full-status: one registration per I_T nexus ($((2 * PATHS)))"
assert_eq "5" "$("$LAB_PRTOOL" "$map_a" full-status | awk '$4 == 1 { print $8 }')" \
	"full-status: the holder's type is 5"
assert_eq "$(lab_sg_keys "$first" | sort -u | tr '\n' ' ')" \
	"$("$LAB_PRTOOL" "$map_a" full-status | awk '$1 == "key" { print $2 }' | sort -u | tr '\n' ' ')" \
	"full-status: the same keys as READ KEYS"

lab_step "$b re-registers with APTPL (fence_mpathpr on --aptpl)"
assert_status 0 "fence_mpathpr --aptpl -o on as $b" -- \
	"$LAB_BUILDDIR/agent/fence_mpathpr" --store-path "/run/mpathpr-65-$b" --aptpl -o on \
	-d "$map_b" -n "$kb"
assert_eq 1 "$(sg_cap "$first" PTPL_A)" "sg_persist -c: PTPL_A 1 after a registration with APTPL"
assert_eq 1 "$(pr_cap "$map_a" ptpl_a)" "capabilities: ptpl_a 1"
assert_eq Activated "$(lio_aptpl)" "LIO configfs: APTPL activated"

lab_step "$b fences $a (preempt-and-abort): persistence stays, $ka is gone"
assert_prtool 0 "preempt-abort $ka" "$map_b" preempt-abort "$kb" "$ka" 5
assert_eq "$kb" "$(lio_keys)" "LIO configfs: only $kb registered"
assert_eq 1 "$(sg_cap "$first_b" PTPL_A)" "sg_persist -c: PTPL_A still 1"

lab_step "a registration without APTPL turns persistence off"
assert_prtool 0 "register $ka again, no APTPL" "$map_a" register "$ka"
assert_eq 0 "$(sg_cap "$first_b" PTPL_A)" "sg_persist -c: PTPL_A 0"
assert_eq 0 "$(pr_cap "$map_a" ptpl_a)" "capabilities: ptpl_a 0"
assert_eq Disabled "$(lio_aptpl)" "LIO configfs: APTPL disabled"
rm -rf "/run/mpathpr-65-$b"
lab_done
