#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# debian/copyright says which license covers which files; every source file
# says it itself in its SPDX-License-Identifier line.  This fails, one line
# naming the file, when
#   - a file's SPDX line is not the license of the last Files stanza of
#     debian/copyright that matches it (Debian's rule: the last match wins);
#   - a file of lib/ is not under LGPL-2.1-or-later, or one of agent/, cli/
#     or daemon/ not under GPL-2.0-or-later (README, "License");
#   - a Files pattern matches no file (a stanza left behind by a rename), or
#     a stanza's License has no SPDX identifier known here.
# The files are those git tracks (the tree's own when it is no git
# checkout, without build directories); the SPDX line is looked for in a
# file's first 5 lines.  debian/ is not in the release tarball: there (make
# distcheck) this skips.
set -u
srcdir=${srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$srcdir" || exit 99
copyright=debian/copyright
if [ ! -f "$copyright" ]; then
	echo "SKIP: check-copyright: no $copyright in $srcdir (the release tarball leaves debian/ out)"
	exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mpathpr-copyright.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT

# The files, one a line, as paths from the top.
if [ -e .git ] && git ls-files >"$tmp/files" 2>/dev/null; then
	:
else
	# A copy without git: every file but git's, debian/'s build output and
	# that of any build directory below the top (it holds a config.status).
	find . \( -name .git -o -path ./debian/tmp -o -path './debian/*/DEBIAN' \
		-o \( -type d ! -name . -exec test -e '{}/config.status' \; \) \) -prune \
		-o -type f -print | sed 's#^\./##' >"$tmp/files"
fi

# "file<TAB>identifier" for each file with an SPDX line near its top.
tr '\n' '\0' <"$tmp/files" | xargs -0 awk '
	FNR == 1 { done = 0 }
	done || FNR > 5 { next }
	/SPDX-License-Identifier:/ {
		id = $0
		sub(/.*SPDX-License-Identifier:[ \t]*/, "", id)
		sub(/[ \t]*(\*\/|-->)?[ \t]*$/, "", id)
		print FILENAME "\t" id
		done = 1
	}' >"$tmp/spdx" 2>/dev/null

awk -v copyright="$copyright" -v files="$tmp/files" -F '\t' '
	function fail(msg) { print "check-copyright: " msg > "/dev/stderr"; failed = 1 }
	# A Files pattern as a regular expression: * is any text (slashes
	# too), ? one character, everything else itself.
	function pattern_re(p,    re, i, c) {
		re = "^"
		for (i = 1; i <= length(p); i++) {
			c = substr(p, i, 1)
			if (c == "*") re = re ".*"
			else if (c == "?") re = re "."
			else if (index("\\^$.[]|()+{}", c)) re = re "\\" c
			else re = re c
		}
		return re "$"
	}
	# Debian short names (and SPDX ones) -> SPDX identifiers.
	function spdx_of(name) {
		if (name == "LGPL-2.1+" || name == "LGPL-2.1-or-later") return "LGPL-2.1-or-later"
		if (name == "GPL-2+" || name == "GPL-2.0+" || name == "GPL-2.0-or-later") return "GPL-2.0-or-later"
		return ""
	}
	function end_paragraph() {
		if (npat_here && !lic_here)
			fail(copyright " line " line_here ": Files stanza without a License")
		if (npat_here && lic_here && spdx_of(lic_here) == "")
			fail(copyright " line " line_here ": License " lic_here \
			     " has no SPDX identifier known to tests/check-copyright.sh")
		for (k = 1; k <= npat_here; k++) {
			n++; pat[n] = pats_here[k]; re[n] = pattern_re(pats_here[k])
			id[n] = spdx_of(lic_here)
		}
		npat_here = 0; lic_here = ""; field = ""
	}
	FNR == 1 && FILENAME != copyright && !parsed { end_paragraph(); parsed = 1 }
	FILENAME == copyright {
		if ($0 ~ /^[ \t]*$/) { end_paragraph(); next }
		if ($0 ~ /^[^ \t]/) {
			field = $0; sub(/:.*/, "", field)
			value = $0; sub(/^[^:]*:[ \t]*/, "", value)
			if (field == "Files") line_here = FNR
			if (field == "License") { lic_here = value; sub(/[ \t].*/, "", lic_here) }
		} else
			value = $0
		if (field == "Files")
			for (k = split(value, w, /[ \t]+/); k > 0; k--)
				if (w[k] != "") pats_here[++npat_here] = w[k]
		next
	}
	FILENAME == files {
		for (i = 1; i <= n; i++)
			if (!(i in used) && $0 ~ re[i]) used[i] = 1
		next
	}
	{
		file = $1; have = $2; want = ""; from = ""
		for (i = 1; i <= n; i++)
			if (file ~ re[i]) { want = id[i]; from = pat[i] }
		if (from == "")
			fail(file " is under " have "; no Files stanza of " copyright " matches it")
		else if (want != "" && have != want)
			fail(file " says " have ", " copyright " (Files: " from ") says " want)
		split(file, top, "/")
		if (top[1] == "lib" && have != "LGPL-2.1-or-later")
			fail(file " says " have "; the library (lib/) is LGPL-2.1-or-later (README, License)")
		if ((top[1] == "agent" || top[1] == "cli" || top[1] == "daemon") && have != "GPL-2.0-or-later")
			fail(file " says " have "; the programs (" top[1] "/) are GPL-2.0-or-later (README, License)")
		checked++
	}
	END {
		for (i = 1; i <= n; i++)
			if (!(i in used))
				fail(copyright ": Files pattern " pat[i] " matches no file")
		if (!failed)
			printf "check-copyright: the SPDX lines of %d files agree with %s (%d Files patterns)\n",
				checked, copyright, n
		exit failed
	}' "$copyright" "$tmp/files" "$tmp/spdx"
