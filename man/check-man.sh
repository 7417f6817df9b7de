#!/bin/sh
# check-man.sh - the library's and the daemon's man pages render without groff warnings.
# Run by `make check`; skipped (77) when groff is not installed.
command -v groff >/dev/null 2>&1 || exit 77
dir=$(dirname "$0")
status=0
for page in mpathpr.3 mpath_persistent_reserve_out.3 mpath_persistent_reserve_in.3 mpathprd.8 mpathpr.8; do
	out=$(LC_ALL=C.UTF-8 groff -t -man -Tutf8 -ww -z "$dir/$page" 2>&1)
	if [ -n "$out" ]; then
		printf '%s:\n%s\n' "$page" "$out" >&2
		status=1
	fi
done
exit $status
