#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# mpathpr-persist's PR OUT beside Debian's mpathpersist: the same sequence
# of commands, each tool from the same state on the same LU (a's map of
# lun0, cleared before each), and after every step the same exit code, the
# same standard output and the same state as sg_persist reads it (every
# registration with its I_T nexus, the holder, the reservation): success,
# reservation conflict and bad input.  mpathpersist gets a's key as
# multipath.conf's reservation_key, which it requires; mpathpr-persist runs
# with no multipath.conf at all.
. "$LAB_DIR/lib.sh"
. "$LAB_DIR/persist.sh"

lab_step "mpathpersist's view of host $a's maps (udev database)"
lab_udev_db "$a"
m=$(lab_map "$a" lun0)

# step NAME ARGS...: one command of TOOL (global), then the state.
step() {
	local name=$1 out rc
	shift
	out=$("$TOOL" "$@" 2>/dev/null)
	rc=$?
	printf '%s: rc %s out [%s] state %s\n' "$name" "$rc" "$(printf '%s' "$out" | tr '\n' '|')" \
		"$(lu_state lun0)"
}

# The sequence, from a cleared LU; b's part is played with sg_persist.
sequence() {
	lab_sg_clear lun0
	step "register a" -o -G -S "$ka" -d "$m"
	step "register a again, no old key (conflict on registered nexuses)" -o -G -S "$ka" -d "$m"
	step "reserve type 5" -o -R -T 5 -K "$ka" -d "$m"
	step "reserve again (same holder)" -o -R -T 5 -K "$ka" -d "$m"
	sg_register "$b" lun0 "$kb"
	step "preempt b" -o -P -T 5 -K "$ka" -S "$kb" -d "$m"
	sg_register "$b" lun0 "$kb"
	step "preempt and abort b" -o -A -T 5 -K "$ka" -S "$kb" -d "$m"
	step "release" -o -L -T 5 -K "$ka" -d "$m"
	step "release, nothing held" -o -L -T 5 -K "$ka" -d "$m"
	step "register with a wrong old key" -o -G -K 0x1234 -S "$ka" -d "$m"
	step "register and ignore" -o -I -S "$ka" -d "$m"
	step "register with APTPL" -o -G -K "$ka" -S "$ka" -Z -d "$m"
	step "reserve without --prout-type (type 0)" -o -R -K "$ka" -d "$m"
	step "reserve type 9" -o -R -T 9 -K "$ka" -d "$m"
	sg_register "$b" lun0 "$kb"
	sg_reserve "$b" lun0 "$kb"
	step "reserve while b holds (conflict)" -o -R -T 5 -K "$ka" -d "$m"
	step "clear" -o -C -K "$ka" -d "$m"
	step "clear again, a unregistered (conflict)" -o -C -K "$ka" -d "$m"
	step "register" -o -G -S "$ka" -d "$m"
	step "unregister" -o -G -K "$ka" -S 0 -d "$m"
	step "no service action" -o -K "$ka" -d "$m"
	step "two service actions" -o -G -R -S "$ka" -d "$m"
	step "PR IN action with --out" -o -k -d "$m"
	step "a bad key" -o -G -S zz -d "$m"
	step "a bad type" -o -R -T x -K "$ka" -d "$m"
	p=$(lab_paths "$a" lun0)
	step "a path device, not a map" -o -G -S "$ka" -d "${p%% *}"
	step "no such device" -o -G -S "$ka" -d /dev/mapper/no-such-map
}

lab_step "the sequence with mpathpersist (reservation_key $ka in multipath.conf)"
persist_conf "$ka"
TOOL=$MPATHPERSIST
theirs=$(sequence)
printf '%s\n' "$theirs" | sed 's/^/     /'

lab_step "the sequence with mpathpr-persist (no multipath.conf)"
persist_conf none
TOOL=$PERSIST
ours=$(sequence)
while IFS= read -r line; do
	name=${line%%: rc *}
	want=$(printf '%s\n' "$theirs" | grep -F -- "$name: rc " | head -n 1)
	assert_eq "$want" "$line" "$name: exit code, output and sg_persist's state as with mpathpersist"
done <<<"$ours"

# release_held_by_b TOOL: a releases while b holds (both registered); sets
# REL_BEFORE, REL_AFTER (sg_persist's state) and REL_RC.
release_held_by_b() {
	lab_sg_clear lun0
	sg_register "$a" lun0 "$ka"
	sg_register "$b" lun0 "$kb"
	sg_reserve "$b" lun0 "$kb"
	REL_BEFORE=$(lu_state lun0)
	"$1" -o -L -T 5 -K "$ka" -d "$m" >/dev/null 2>&1
	REL_RC=$?
	REL_AFTER=$(lu_state lun0)
}
lab_step "RELEASE by a while b holds the reservation"
persist_conf "$ka"
release_held_by_b "$MPATHPERSIST"
lab_info "mpathpersist: exit $REL_RC, after: $REL_AFTER"
lab_info "  (0.9.4 reads the reservation back, finds it held, and CLEARs the LU with a's key)"
persist_conf none
release_held_by_b "$PERSIST"
assert_eq "0 $REL_BEFORE" "$REL_RC $REL_AFTER" \
	"mpathpr-persist: a's RELEASE of b's reservation changes nothing (SPC: no effect), exit 0"

lab_step "what mpathpersist sends anyway, mpathpr-persist refuses unsent"
lab_sg_clear lun0
before=$(lu_state lun0)
assert_status 1 "a TransportID of no known form (mpathpersist sends zeros)" -- \
	"$PERSIST" -o -G -S "$ka" -X "nonsense" -d "$m"
assert_status 1 "a key with trailing junk (mpathpersist reads 0x12)" -- \
	"$PERSIST" -o -G -S 12zz -d "$m"
assert_status 1 "0x and no digit (mpathpersist reads 0)" -- "$PERSIST" -o -G -S 0xnothex -d "$m"
assert_eq "$before" "$(lu_state lun0)" "nothing was registered"
batch=/run/mpathpr-lab-persist/prout.batch
printf '%s\n' "-o -G -S $ka -d $m" "-o -R -T 5 -K $ka -d $m" "-o -G -S zz -d $m" >"$batch"
assert_status 1 "a batch file whose third line is bad" -- "$PERSIST" -f "$batch"
assert_eq "$before" "$(lu_state lun0)" "no line of it was sent"
printf '%s\n' "-o -G -S $ka -d $m" "-o -R -T 5 -K $ka -d $m" >"$batch"
assert_status 0 "the same batch file without the bad line" -- "$PERSIST" -f "$batch"
assert_keys_on_all_paths "$a" lun0 "$ka"
assert_eq "$(lab_norm_key "$ka") type 5" "$(lab_sg_resv "$(lab_paths "$a" lun0 | cut -d' ' -f1)")" \
	"a holds the type 5 reservation"
lab_done
