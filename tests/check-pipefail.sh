#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# In a script that sets pipefail, a producer piped into grep -q or head
# fails whenever the reader exits first and the producer dies of SIGPIPE:
# a test that is false at random, or always once the output is long enough
# (the lab's kernel lookup was broken that way for every new machine).  This
# fails when such a pipe appears in a script of the tree that sets pipefail.
set -u
srcdir=${srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$srcdir" || exit 99
found=0
for f in $(grep -rlE 'set -[a-z]*o pipefail|set -o pipefail' tests .ci autogen.sh 2>/dev/null); do
	case $f in
	*.c|*.h|*.md|*/check-pipefail.sh) continue ;;
	esac
	# Join continued lines ("cmd |" newline "  reader"), drop comments.
	awk -v f="$f" '
		{ line = $0; sub(/^[ \t]*#.*/, "", line) }
		held != "" { line = held " " line; held = "" }
		line ~ /\|[ \t]*$/ { held = line; if (!start) start = FNR; next }
		{ n = start ? start : FNR; start = 0 }
		line ~ /[|][ \t]*(head([ \t]|$)|sed[ \t]+-n[ \t]+[^|]*q|grep[ \t]+(-[a-zA-Z]*[qlm][a-zA-Z0-9]*|--quiet|--max-count))/ {
			print f ":" n ": " line; bad = 1
		}
		END { exit bad }' "$f" || found=1
done
if [ "$found" = 1 ]; then
	echo "check-pipefail: an early-exiting reader after a pipe under pipefail (read the output into a variable first)" >&2
	exit 1
fi
echo "check-pipefail: no early-exiting reader in a pipefail script"
