# Shared by the Pacemaker client tests: real pcs / crm_resource / stonith_admin
# look for fence agents in /usr/sbin, so put the build tree's agent there.
# Sourced; make check runs the tests from the top build directory.
set -u

SKIP=77
HARD_ERROR=99
AGENT=fence_mpathpr
SBIN=/usr/sbin
SCHEMA=/usr/share/cluster/relaxng/metadata.rng
BUILDDIR=$(pwd)
LAUNCHER=$BUILDDIR/tests/pcmk/fence_mpathpr-launcher
WORKDIR=$(mktemp -d "${TMPDIR:-/tmp}/pcmk-test.XXXXXX")
trap 'rm -rf "$WORKDIR"' EXIT

skip() { echo "SKIP: $*"; exit $SKIP; }
fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok - $*"; }

require_clients() {
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || skip "$c is not installed (tests/install-deps)"
	done
}

# The build tree's agent under the name it is called by: the libtool wrapper
# would replace argv[0], and fence_mpathpr_check is told apart by argv[0].
write_launcher() {
	mkdir -p "${LAUNCHER%/*}"
	cat > "$LAUNCHER.tmp$$" <<LAUNCH
#!/bin/bash
b='$BUILDDIR'
if [ -x "\$b/agent/.libs/fence_mpathpr" ]; then
	export LD_LIBRARY_PATH="\$b/lib/.libs\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}"
	exec -a "\$0" "\$b/agent/.libs/fence_mpathpr" "\$@"
fi
exec -a "\$0" "\$b/agent/fence_mpathpr" "\$@"
LAUNCH
	chmod +x "$LAUNCHER.tmp$$" && mv "$LAUNCHER.tmp$$" "$LAUNCHER"
}

# Install /usr/sbin/NAME -> launcher unless a real agent (not one of our
# links) is installed there.  The links stay: tests may run in parallel.
install_link() {
	target=$SBIN/$1
	if [ -e "$target" ] && [ ! -L "$target" ]; then
		echo "note: testing the installed $target, not the build tree's"
		return 0
	fi
	if [ -L "$target" ] && [ "$(readlink "$target")" = "$LAUNCHER" ]; then
		return 0
	fi
	if [ -L "$target" ] && ! readlink "$target" | grep -q 'fence_mpathpr-launcher$'; then
		echo "note: testing $target -> $(readlink "$target")"
		return 0
	fi
	ln -sfn "$LAUNCHER" "$target.tmp$$" && mv -T "$target.tmp$$" "$target" ||
		fail "cannot install $target"
}

setup_agent() {
	[ -x "$BUILDDIR/agent/fence_mpathpr" ] || {
		echo "agent/fence_mpathpr is not built" >&2; exit $HARD_ERROR; }
	if [ "$(id -u)" -ne 0 ]; then
		[ -e "$SBIN/$AGENT" ] || skip "installing $SBIN/$AGENT needs root"
		return 0
	fi
	write_launcher
	install_link fence_mpathpr
	install_link fence_mpathpr_check
}

# Run "$@", keep stdout+stderr in $WORKDIR/out and the status in $rc.
run() {
	"$@" > "$WORKDIR/out" 2>&1
	rc=$?
}

expect_out() {
	grep -q -e "$1" "$WORKDIR/out" || { cat "$WORKDIR/out" >&2; fail "$2: no '$1' in the output"; }
}
