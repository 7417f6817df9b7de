# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
#
# persist.sh - what the mpathpr command's scenarios share (66-69, 81-84;
# sourced after lib.sh): the built command, mpathpr-persist beside it, and
# Debian's mpathpersist ready to run on host a's maps, side by side.
#
# mpathpersist finds a map's paths in the udev database and takes only maps
# whose dm UUID is multipathd's "mpath-<wwid>": host a's (see 80-agent-fence-
# mpath-check); for PR OUT it wants the key in multipath.conf's
# reservation_key.  mpathpr-persist needs neither.

MPATHPR_BIN=$LAB_BUILDDIR/cli/.libs/mpathpr
[ -x "$MPATHPR_BIN" ] || MPATHPR_BIN=$LAB_BUILDDIR/cli/mpathpr
[ -x "$MPATHPR_BIN" ] || { echo "FAIL: $LAB_BUILDDIR/cli/mpathpr is not built (run make first)"; exit 1; }
export LD_LIBRARY_PATH="$LAB_BUILDDIR/lib/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
# The installed link, as `make install` makes it: the name selects the mode.
PERSIST_DIR=/run/mpathpr-lab-persist
mkdir -p "$PERSIST_DIR"
ln -sf "$MPATHPR_BIN" "$PERSIST_DIR/mpathpr-persist"
ln -sf "$MPATHPR_BIN" "$PERSIST_DIR/mpathpr"
PERSIST=$PERSIST_DIR/mpathpr-persist
MPATHPR=$PERSIST_DIR/mpathpr
MPATHPERSIST=/usr/sbin/mpathpersist
[ -x "$MPATHPERSIST" ] || { echo "FAIL: $MPATHPERSIST is missing (tests/install-deps installs multipath-tools)"; exit 1; }
a=$(lab_host 1) b=$(lab_host 2)
ka=$(lab_key "$a") kb=$(lab_key "$b")

# persist_conf KEY|none: multipath.conf with reservation_key KEY, or none at all.
persist_conf() {
	if [ "$1" = none ]; then
		rm -f /etc/multipath.conf
	else
		printf 'defaults {\n\treservation_key %s\n}\n' "$1" >/etc/multipath.conf
	fi
}

# side_by_side MESSAGE ARGS...: mpathpersist ARGS and mpathpr-persist ARGS:
# the same exit code and byte for byte the same standard output.
# SIDE_RC/SIDE_OUT hold mpathpr-persist's.
side_by_side() {
	local msg=$1 theirs rc_theirs nl
	shift
	theirs=$("$MPATHPERSIST" "$@" 2>/dev/null; echo "rc=$?")
	SIDE_OUT=$("$PERSIST" "$@" 2>/dev/null; echo "rc=$?")
	SIDE_RC=${SIDE_OUT##*rc=}
	rc_theirs=${theirs##*rc=}
	assert_eq "$rc_theirs" "$SIDE_RC" "$msg: exit code of mpathpersist $*"
	if [ "$theirs" = "$SIDE_OUT" ]; then
		# its newlines counted in the shell (wc -l, without a process)
		nl=${theirs%rc=*}
		nl=${nl//[!$'\n']/}
		lab_ok "$msg: standard output byte-identical (${#nl} lines)"
	else
		lab_not_ok "$msg: standard output byte-identical"
		diff <(printf '%s\n' "$theirs") <(printf '%s\n' "$SIDE_OUT") | sed 's/^/     | /'
	fi
}

# lu_state LUN: the LU's PR state per sg_persist: READ FULL STATUS through
# a's first path, one registration a line (its key, nexus, holder, type),
# sorted (the order of registration differs between the tools), without
# the generation; one line in all.
lu_state() {
	local dev
	dev=$(lab_paths "$a" "$1")
	lab_sg_persist -n -i -s "${dev%% *}" | awk '
		/Key=/ { if (r != "") print r; r = "" }
		!/generation/ { gsub(/[[:space:]]+/, " "); r = r $0 }
		END { if (r != "") print r }' | sort | tr '\n' ';'
	echo
}

# sg_register HOST LUN KEY: KEY registered through every path of HOST (sg_persist).
sg_register() {
	local dev
	for dev in $(lab_paths "$1" "$2"); do
		lab_sg_persist -n -o -I -S "$3" "$dev" >/dev/null 2>&1
	done
}

# sg_reserve HOST LUN KEY: a type 5 reservation through HOST's first path.
sg_reserve() {
	local dev
	dev=$(lab_paths "$1" "$2")
	lab_sg_persist -n -o -R -T 5 -K "$3" "${dev%% *}" >/dev/null 2>&1
}
