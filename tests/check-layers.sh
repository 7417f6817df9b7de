#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The layers run one way (README, "The layers").  This builds the graph of
# lib/, agent/, daemon/ and cli/ from the tree itself -- the #include lines of the
# sources, and the symbols each built object needs and defines (nm) -- and
# fails when:
#   - files depend on each other in a circle: A calls into B and B into A
#     (or through more files), or headers include each other;
#   - agent/, daemon/ or cli/ includes a header of the library other than its
#     public ones (lib/mpathpr/*.h), or calls a library function that
#     lib/libmpathpr.sym does not export;
#   - lib/ includes anything from agent/, daemon/, cli/ or tests/;
#   - common/ includes anything of the tree but common/.
# config.h (autoconf's) and common/ (helpers, common/README) are open to all.
set -u
srcdir=${srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
: "${abs_top_builddir:?}"
b=$abs_top_builddir
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mpathpr-layers.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
cd "$srcdir" || exit 99
fails=0
fail() { echo "check-layers: $*" >&2; fails=1; }

# ---- includes: "file header" pairs, paths from the top of the tree ----
# A quoted include is looked up as the compiler does: next to the file, then
# lib/ (-I lib), then the top (-I .); config.h is the build directory's.
for f in lib/*.[ch] lib/mpathpr/*.h agent/*.[ch] daemon/*.[ch] cli/*.[ch] common/*.[ch]; do
	[ -e "$f" ] || continue
	dir=${f%/*}
	sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f" |
	while read -r inc; do
		if [ "$inc" = config.h ]; then
			continue
		elif [ -e "$dir/$inc" ]; then
			echo "$f $dir/$inc"
		elif [ -e "lib/$inc" ]; then
			echo "$f lib/$inc"
		elif [ -e "$inc" ]; then
			echo "$f $inc"
		else
			echo "$f ?$inc"
		fi
	done
done | sed 's#/\./#/#g' > "$tmp/includes"

while read -r from to; do
	case $from:$to in
	*:\?*) fail "$from includes ${to#\?}, which is not in the tree" ;;
	agent/*:lib/mpathpr/*.h | daemon/*:lib/mpathpr/*.h | cli/*:lib/mpathpr/*.h) ;;
	agent/*:lib/* | daemon/*:lib/* | cli/*:lib/*)
		fail "$from includes $to, a header internal to the library (use lib/mpathpr/*.h)" ;;
	lib/*:agent/* | lib/*:daemon/* | lib/*:cli/* | lib/*:tests/*)
		fail "$from includes $to: the library depends on nothing above it" ;;
	common/*:common/*) ;;
	common/*:*) fail "$from includes $to: common/ depends on nothing else of the tree" ;;
	esac
done < "$tmp/includes"

# ---- calls: "file file" pairs from the objects' symbol tables ----
# Each object is named after its source: lib/.libs/libmpathpr_internal_la-ctx.o
# is lib/ctx.c.  Archives are rebuilt with every build, so they hold only
# the objects of current sources.  An archive also holds the objects of the
# convenience libraries it adds (libfenceagent.a common/'s file_replace.o,
# read as agent/file_replace.c): common/'s own archive comes last, so that
# the file that defines a symbol is the last one read, the real one.
objects() {
	for a in lib/.libs/libmpathpr-internal.a agent/.libs/libfenceagent.a agent/.libs/libmpathdconf.a \
		 daemon/.libs/libmpathprd.a cli/.libs/libmpathprcli.a common/.libs/libmpathprcommon.a; do
		[ -e "$b/$a" ] && nm -A "$b/$a" 2>/dev/null | sed "s#^[^:]*:#${a%%/*}/#"
	done
	for o in "$b"/agent/*-*.o "$b"/daemon/*-*.o "$b"/cli/*.o; do
		[ -e "$o" ] || continue
		d=${o#"$b"/}; d=${d%%/*}; base=${o##*/}; base=${base##*-}; base=${base%.o}
		[ -e "$d/$base.c" ] && nm -A "$o" | sed "s#^[^:]*:#$d/x-$base.o:#"
	done
}
objects | awk -v tmp="$tmp" '
	# "dir/prefix-base.o:value type symbol": the symbol belongs to dir/base.c
	NF == 3 {
		split($1, p, ":"); file = p[1]
		dir = file; sub(/\/.*/, "", dir)
		sub(/^.*\//, "", file); sub(/^.*-/, "", file); sub(/\.o$/, ".c", file); file = dir "/" file
		if ($2 ~ /^[TDBRVW]$/)
			def[$3] = file
		else if ($2 == "U") {
			n++; uf[n] = file; us[n] = $3
		}
	}
	END {
		for (i = 1; i <= n; i++)
			if (us[i] in def && def[us[i]] != uf[i])
				print uf[i], def[us[i]], us[i] > (tmp "/calls")
	}'
[ -s "$tmp/calls" ] || { echo "check-layers: no object read under $b (build first)" >&2; exit 99; }

# The agent, the daemon and the command reach the library through its exported functions only.
sed -n '/global:/,/local:/s/^[[:space:]]*\([A-Za-z_][A-Za-z0-9_]*\);.*/\1/p' \
	lib/libmpathpr.sym | LC_ALL=C sort -u > "$tmp/exported"
awk '$1 !~ /^lib\// && $2 ~ /^lib\// { print $3, $1 }' "$tmp/calls" | LC_ALL=C sort -u |
while read -r sym from; do
	grep -qx "$sym" "$tmp/exported" ||
		fail "$from calls $sym, which libmpathpr does not export"
done

# ---- circles ----
{ cat "$tmp/includes"; awk '{ print $1, $2 }' "$tmp/calls"; } | grep -v ' ?' |
	LC_ALL=C sort -u > "$tmp/edges"
if ! tsort < "$tmp/edges" > /dev/null 2> "$tmp/loops"; then
	echo "check-layers: files that depend on each other in a circle (tsort lists each):" >&2
	sed 's/^tsort: -: //; s/^tsort: //' "$tmp/loops" >&2
	echo "check-layers: what ties them (file -> file: symbol):" >&2
	sed -n 's/^tsort: //p' "$tmp/loops" | grep -v 'loop' | LC_ALL=C sort -u > "$tmp/in_loop"
	awk 'NR == FNR { in_loop[$1] = 1; next } ($1 in in_loop) && ($2 in in_loop)' \
		"$tmp/in_loop" "$tmp/calls" >&2
	fails=1
fi

[ "$fails" = 0 ] && echo "check-layers: $(wc -l < "$tmp/includes") includes and" \
	"$(wc -l < "$tmp/calls") cross-file calls in lib/, agent/, daemon/, cli/ and common/: one way, no internal header above lib/"
exit "$fails"
