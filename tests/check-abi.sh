#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The ABI of libmpathpr.so is written down in one place, lib/libmpathpr.sym,
# one function a line.  This fails when that list, the functions the public
# headers (lib/mpathpr/*.h) declare, and the functions the built shared
# object exports are not the same set, or when a public function is named
# in no man page: a new public function cannot be forgotten in the list (it
# would not link for users) nor an internal one leak into the ABI.
set -u
srcdir=${srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
: "${abs_top_builddir:?}"
CC=${CC:-cc}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mpathpr-abi.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
fails=0

# What the version script exports: the names between "global:" and "local:".
sed -n '/global:/,/local:/p' "$srcdir/lib/libmpathpr.sym" |
	sed -n 's/^[[:space:]]*\([A-Za-z_][A-Za-z0-9_]*\);.*/\1/p' | LC_ALL=C sort > "$tmp/sym"

# What the public headers declare, as the compiler sees it (-aux-info writes
# one prototype a line, with the file it came from).
printf '#include "mpathpr/mpathpr.h"\n#include "mpathpr/mpath_persist.h"\n' > "$tmp/abi.c"
if ! $CC -I"$srcdir/lib" -fsyntax-only -aux-info "$tmp/aux" "$tmp/abi.c"; then
	echo "check-abi: $CC cannot read the public headers" >&2
	exit 99
fi
grep '/lib/mpathpr/[a-z_]*\.h:' "$tmp/aux" |
	sed -n 's/.*[ *]\([A-Za-z_][A-Za-z0-9_]*\) (.*/\1/p' | LC_ALL=C sort -u > "$tmp/declared"
[ -s "$tmp/declared" ] || { echo "check-abi: no declaration read from lib/mpathpr/" >&2; exit 99; }

if ! diff -u "$tmp/declared" "$tmp/sym" > "$tmp/diff"; then
	echo "check-abi: lib/libmpathpr.sym (+) differs from the public headers' functions (-):" >&2
	cat "$tmp/diff" >&2
	fails=1
fi

so=$abs_top_builddir/lib/.libs/libmpathpr.so
if [ -e "$so" ]; then
	nm -D --defined-only "$so" | awk '$2 != "A" { sub(/@.*/, "", $3); print $3 }' |
		LC_ALL=C sort -u > "$tmp/exported"
	if ! diff -u "$tmp/sym" "$tmp/exported" > "$tmp/diff"; then
		echo "check-abi: $so exports (+) other than lib/libmpathpr.sym lists (-):" >&2
		cat "$tmp/diff" >&2
		fails=1
	fi
else
	echo "check-abi: no shared object built (--disable-shared?): exports not compared"
fi

for f in $(cat "$tmp/declared"); do
	if ! grep -q -w "$f" "$srcdir"/man/*.3; then
		echo "check-abi: $f is public but in no man page (man/*.3)" >&2
		fails=1
	fi
done
[ "$fails" = 0 ] && echo "check-abi: $(wc -l < "$tmp/sym") public functions, listed, declared and exported alike"
exit "$fails"
