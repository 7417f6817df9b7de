#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# suite.sh - run lab scenarios inside one boot (tests/lab/system.test runs
# `tests/lab/lab run tests/lab/suite.sh`).  Arguments: scenario files or
# names (e.g. 30-preempt-abort); default: every tests/lab/scenarios/*.sh.
# Between scenarios every path is put back and every LUN's PR state cleared.
# Exit 1 if a scenario failed; skipped ones (exit 77) don't fail the suite.

list=()
for a in "$@"; do
	case $a in
	*/*) list+=("$a") ;;
	*) list+=("$LAB_DIR/scenarios/${a%.sh}.sh") ;;
	esac
done
[ ${#list[@]} -gt 0 ] || list=("$LAB_DIR"/scenarios/*.sh)

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
