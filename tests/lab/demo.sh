#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# make demo: mpathpr fencing a failed host on a real multipath SAN.
# Runs in the lab (tests/lab/lab run tests/lab/demo.sh): two hosts unfence
# (register on every path, reserve), host a "fails", host b fences it, and
# the keys per path are shown before and after (read with sg_persist, a
# client this project did not write), then host a's write is refused.
. "$LAB_DIR/lib.sh"

a=$(lab_host 1) b=$(lab_host 2)

# ---- the commands that unfence and fence: the only place that names them ----
# fence_mpathpr, as Pacemaker runs it: "on" on the node itself, "off" on the
# survivor.  Both hosts live in one guest kernel, so each keeps its own store
# (where "on" records its key and "off" finds the fencing node's key).
FENCE_TOOL=${LAB_AGENT:-$LAB_BUILDDIR/agent/fence_mpathpr}

maps_of() { lab_maps "$1" | tr ' ' ','; }

# unfence HOST: register HOST's key on every path of every map, reserve
# where nobody holds a reservation.
unfence() {
	run "$FENCE_TOOL" -o on -d "$(maps_of "$1")" -n "$(lab_key "$1")" \
		--store-path "/run/mpathpr-$1"
}

# fence ACTOR VICTIM: ACTOR removes VICTIM's key from every LUN (PREEMPT AND
# ABORT), checking every path afterwards.
fence() {
	run "$FENCE_TOOL" -o off -d "$(maps_of "$1")" -n "$(lab_key "$2")" \
		--store-path "/run/mpathpr-$1"
}
# ------------------------------------------------------------------------------

run() {
	printf '   $ %s\n' "${*/#$LAB_BUILDDIR\//}"
	"$@" >/dev/null
	local rc=$?
	[ $rc -eq 0 ] || printf '     -> failed, status %s\n' "$rc"
	return $rc
}

# One row per path (host, device, portal), one column per LUN: the key the
# target holds for that path's own I_T nexus; then who holds each LUN.
table() {
	local h lun dev i k r
	printf '\n   %-5s %-5s %-10s' host path portal
	for lun in $LAB_LUN_NAMES; do printf ' %-19s' "$lun"; done
	printf '\n'
	for h in $LAB_HOSTS; do
		for ((i = 1; i <= PATHS; i++)); do
			dev=$(lab_paths "$h" "${LAB_LUN_NAMES%% *}" | awk -v i=$i '{ print $i }')
			printf '   %-5s %-5s %-10s' "$h" "path$i" "$(lab_path_portal "$dev")"
			for lun in $LAB_LUN_NAMES; do
				dev=$(lab_paths "$h" "$lun" | awk -v i=$i '{ print $i }')
				k=$(lab_sg_path_key "$dev")
				[ "$k" = none ] && k="-"
				printf ' %-19s' "$k"
			done
			printf '\n'
		done
	done
	printf '   %-22s' "reservation holder"
	for lun in $LAB_LUN_NAMES; do
		dev=$(lab_paths "$a" "$lun")
		r=$(lab_sg_resv "${dev%% *}")
		case $r in
		none) r="none" ;;
		*) k=${r%% *}
		   for h in $LAB_HOSTS; do [ "$(lab_key "$h")" = "$k" ] && r="host $h (type ${r##* })"; done ;;
		esac
		printf ' %-19s' "$r"
	done
	printf '\n\n'
}

ka=$(lab_key "$a") kb=$(lab_key "$b")
cat <<EOF

mpathpr demo: I/O fencing on shared multipath storage
  A LIO iSCSI target exports $LUNS LUNs; hosts $a and $b each reach every LUN over
  $PATHS paths (portals 127.0.0.1..$PATHS) through a dm-multipath map
  (/dev/mapper/$a-lun0, /dev/mapper/$b-lun0, ...).  Host $a's key is $ka,
  host $b's is $kb.  Keys below are read back per path with sg_persist.
EOF
if ! [ -x "$FENCE_TOOL" ]; then
	echo "demo: $FENCE_TOOL is not built (run make first)" >&2
	exit 1
fi

lab_step "1. Both hosts join the cluster: unfence (register on every path, reserve)"
unfence "$a" || exit 1
unfence "$b" || exit 1
lab_step "Before: every path of both hosts is registered, host $a holds the reservations"
table

lab_step "2. Host $a stops responding; the cluster tells host $b to fence it"
fence "$b" "$a" || exit 1
lab_step "After: host $a's key is gone from all its paths, host $b holds the reservations"
table

lab_step "3. Host $a, unaware, tries to write to its disk"
printf '   $ dd if=/dev/zero of=%s bs=4096 count=1 oflag=direct\n' "$(lab_map "$a" lun0)"
status=0
if lab_write "$a" lun0; then
	echo "   !! the write went through: host $a is NOT fenced"
	status=1
else
	echo "   $LAB_IO_ERR"
	case $LAB_IO_ERR in
	*"Invalid exchange"*) echo "   -> refused by the storage: RESERVATION CONFLICT (EBADE). Host $a is fenced." ;;
	*) echo "   -> refused, but not with a reservation conflict"; status=1 ;;
	esac
fi
printf '   $ dd if=/dev/zero of=%s bs=4096 count=1 oflag=direct\n' "$(lab_map "$b" lun0)"
if lab_write "$b" lun0; then
	echo "   -> host $b's write succeeds: the survivor keeps working."
else
	echo "   $LAB_IO_ERR"
	echo "   !! host $b's write failed"
	status=1
fi
echo
[ $status -eq 0 ] && echo "demo: OK" || echo "demo: FAILED"
exit $status
