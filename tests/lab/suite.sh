#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# suite.sh - run lab scenarios inside one boot (tests/lab/system.test runs
# `tests/lab/lab run tests/lab/suite.sh`).  Arguments: scenario files or
# names (e.g. 30-preempt-abort); default: every tests/lab/scenarios/*.sh
# except the pending ones (a line "# lab-scenario: pending" in the file:
# they assert behaviour not built yet), which run when named or with
# LAB_PENDING=1.  Between scenarios every fault is undone, every path put
# back and every LUN's PR state cleared.  Exit 1 if a scenario failed;
# skipped ones (exit 77) don't fail the suite.

list=()
for a in "$@"; do
	case $a in
	*/*) list+=("$a") ;;
	*) list+=("$LAB_DIR/scenarios/${a%.sh}.sh") ;;
	esac
done
pending=""
if [ ${#list[@]} -eq 0 ]; then
	for s in "$LAB_DIR"/scenarios/*.sh; do
		if [ "${LAB_PENDING:-0}" != 1 ] && grep -q '^# lab-scenario: pending' "$s"; then
			pending="$pending $(basename "$s" .sh)"
			continue
		fi
		list+=("$s")
	done
fi
[ -z "$pending" ] ||
	echo "lab: pending scenarios not run (name them, or LAB_PENDING=1):$pending"

pass=0 fail=0 skip=0 failed=""
for s in "${list[@]}"; do
	name=$(basename "$s" .sh)
	printf '\n### %s\n' "$name"
	lab_reset
	start=$(date +%s.%N)
	bash "$s"
	rc=$?
	took=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
	case $rc in
	0) pass=$((pass + 1)); verdict=PASS ;;
	77) skip=$((skip + 1)); verdict=SKIP ;;
	*) fail=$((fail + 1)); verdict="FAIL (status $rc)"; failed="$failed $name" ;;
	esac
	printf '### %s: %s (%ss)\n' "$name" "$verdict" "$took"
done
echo
[ -z "$failed" ] || echo "failed scenarios:$failed"
echo "lab: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
