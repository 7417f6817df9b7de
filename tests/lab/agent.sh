# SPDX-License-Identifier: LGPL-2.1-or-later
#
# agent.sh - what the fence_mpathpr scenarios share (sourced after lib.sh).
# Hosts a and b live in one guest kernel, so each keeps its own store
# (/run/mpathpr-<host>): that is how off knows the fencing node's own key.
AGENT=$LAB_AGENT
# make check builds the agent before the lab runs (make deb-check installs
# the package): its absence is a failure
[ -x "$AGENT" ] || { echo "FAIL: $AGENT is not built (run make first) or installed"; exit 1; }
a=$(lab_host 1) b=$(lab_host 2)
ka=$(lab_key "$a") kb=$(lab_key "$b")

# agent HOST ARGS...: fence_mpathpr as HOST runs it, with HOST's own store.
agent() {
	local h=$1
	shift
	"$AGENT" --store-path "/run/mpathpr-$h" "$@"
}
# assert_agent STATUS MESSAGE HOST ARGS...
assert_agent() {
	local want=$1 msg=$2
	shift 2
	assert_status "$want" "fence_mpathpr $msg" -- agent "$@"
}
# devices HOST: HOST's maps, comma separated, as the devices parameter takes them
devices() {
	local m
	m=$(lab_maps "$1")
	echo "${m// /,}"
}
rm -rf "/run/mpathpr-$a" "/run/mpathpr-$b"
