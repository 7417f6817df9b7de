#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# profile.sh - where fence_mpathpr's time goes, in one lab boot
# (`LUNS=8 tests/lab/lab run tests/bench/profile.sh`): a timeline of one
# "off" (strace -f -tt -T: process start, store, topology, commands, exit)
# and the agent's own per-command and per-device durations (-vvv).  Like
# the benchmark it runs the agent installed: `make install DESTDIR=DIR` first
# and pass BENCH_STAGE=DIR (LAB_ENV=BENCH_STAGE).
B=$LAB_BUILDDIR
if [ -n "${BENCH_STAGE:-}" ]; then
	cp -a "$BENCH_STAGE/." / && ldconfig
	MPR=$(cd "$BENCH_STAGE" && find . -path '*/sbin/fence_mpathpr' | head -n 1)
	MPR=${MPR#.}
else
	export LD_LIBRARY_PATH=$B/lib/.libs
	MPR=$B/agent/.libs/fence_mpathpr
fi
KA=$(lab_key a) KB=$(lab_key b)
DEVS_a=$(lab_maps a | tr ' ' ,) DEVS_b=$(lab_maps b | tr ' ' ,)
lab_sg_clear_all
"$MPR" -o on -n "$KB" -d "$DEVS_b" --store-path /run/p-b >/dev/null 2>&1
for i in 1 2; do
	"$MPR" -o on -n "$KA" -d "$DEVS_a" --store-path /run/p-a >/dev/null 2>&1
	"$B/tests/bench/mpr-bench-exec" "$MPR" -o off -n "$KA" -d "$DEVS_b" --store-path /run/p-b
done
"$MPR" -o on -n "$KA" -d "$DEVS_a" --store-path /run/p-a >/dev/null 2>&1
# Process start: empty, the agent's libraries alone, the agent (fastest of 10).
fastest() {
	local i
	for i in 1 2 3 4 5 6 7 8 9 10; do
		"$B/tests/bench/mpr-bench-exec" "$@" | awk '{ print $1 }'
	done | sort -n | head -n 1
}
echo "== process start, fastest of 10 (us)"
echo "START empty $(fastest /bin/true)"
echo "START libqb+libdevmapper+libudev $(fastest "$B/tests/bench/mpr-bench-libs")"
echo "START fence_mpathpr-V $(fastest "$MPR" -V)"
echo "START sg_persist-read-keys $(fastest sg_persist -n -i -k "$(lab_paths a lun0 | cut -d' ' -f1)")"
echo "== off, -vvv"
"$MPR" -o off -n "$KA" -d "$DEVS_b" --store-path /run/p-b -vvv 2>&1 | sed 's/^/PROF /'
"$MPR" -o on -n "$KA" -d "$DEVS_a" --store-path /run/p-a >/dev/null 2>&1
echo "== off, strace"
strace -f -tt -T -o /run/off.strace "$MPR" -o off -n "$KA" -d "$DEVS_b" --store-path /run/p-b
sed 's/^/STRACE /' /run/off.strace
echo "== -V, strace"
strace -f -tt -T -o /run/v.strace "$MPR" -V
sed 's/^/STRACEV /' /run/v.strace
