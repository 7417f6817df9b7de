#!/bin/sh
# The generated metadata must validate against fence-agents' metadata.rng,
# the schema Debian's fence-agents package installs and pcs/Pacemaker expect.
set -u
schema=/usr/share/cluster/relaxng/metadata.rng
xml=metadata/fence_mpathpr.xml	# make check runs in the top build directory

if ! command -v xmllint >/dev/null 2>&1; then
	echo "xmllint is missing: install libxml2-utils (tests/install-deps)" >&2
	exit 99
fi
if [ ! -r "$schema" ]; then
	echo "$schema is missing: install fence-agents (tests/install-deps)" >&2
	exit 99
fi
if [ ! -s "$xml" ]; then
	echo "$xml was not generated (make all builds it from agent/fence_mpathpr)" >&2
	exit 99
fi
xmllint --noout --relaxng "$schema" "$xml" || exit 1
# What Pacemaker relies on: unfencing on the target, and no reboot.
xmllint --xpath "//action[@name='on' and @on_target='1' and @automatic='1']" "$xml" \
	>/dev/null || { echo "on is not advertised as automatic unfencing" >&2; exit 1; }
if xmllint --xpath "//action[@name='reboot']" "$xml" >/dev/null 2>&1; then
	echo "reboot must not be advertised" >&2
	exit 1
fi
echo "$xml: valid, on_target/automatic on, no reboot"

# The man page comes from the same table: it must render without warnings.
man=agent/fence_mpathpr.8
if command -v groff >/dev/null 2>&1 && [ -s "$man" ]; then
	out=$(LC_ALL=C.UTF-8 groff -t -man -Tutf8 -ww -z "$man" 2>&1)
	if [ -n "$out" ]; then
		printf '%s:\n%s\n' "$man" "$out" >&2
		exit 1
	fi
	echo "$man: renders without groff warnings"
fi

# Fencing must not pay for libxml2 (and ICU, libstdc++ behind it) at every
# start: only the metadata loads it (agent/libxml_loader.c).
bin=agent/.libs/fence_mpathpr
[ -x "$bin" ] || bin=agent/fence_mpathpr
if command -v readelf >/dev/null 2>&1; then
	if readelf -d "$bin" | grep NEEDED | grep -q libxml2; then
		echo "$bin links libxml2: it must load it only for the metadata" >&2
		exit 1
	fi
	echo "$bin: libxml2 is not linked, the metadata loads it"
fi
