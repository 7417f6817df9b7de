# SPDX-License-Identifier: LGPL-2.1-or-later
# shellcheck shell=sh
#
# lab-test.sh - what the Pacemaker tests (tests/e2e/*.test) check before
# they boot the lab; sourced with $here set to tests/e2e.  If the lab cannot
# run here: a failure (exit 99) when LAB_REQUIRED=1 (CI), else a skip (77)
# that says why.
lab=$here/../lab/lab
LAB_BUILDDIR=${LAB_BUILDDIR:-${abs_top_builddir:-$(pwd)}}
export LAB_BUILDDIR
# The guest reads E2E_CMD_TIMEOUT, the bound on each cluster command
# (cluster.sh's e2e_run, story.sh's story_on): the host's value goes in for
# every test (the lab passes only what LAB_ENV names; each test adds its own
# names after these).  Unset here, it arrives empty and the default holds.
LAB_ENV="${LAB_ENV:+$LAB_ENV }E2E_CMD_TIMEOUT"
export LAB_ENV

hard_fail() {
	echo "ERROR: $*" >&2
	exit 99
}

unavailable() {
	if [ "${LAB_REQUIRED:-0}" = 1 ]; then
		hard_fail "the lab is required (LAB_REQUIRED=1) but cannot run: $*"
	fi
	echo "SKIP: $*"
	echo "      (CI sets LAB_REQUIRED=1, which makes this a failure)"
	exit 77
}

e2e_test_requires() {
	[ -x "$lab" ] || unavailable "tests/lab/lab is missing"
	why=$("$lab" check 2>&1) || unavailable "the qemu lab cannot run here: $why"
	for c in corosync corosync-keygen pacemakerd pcs stonith_admin crm_mon cibadmin; do
		command -v "$c" >/dev/null 2>&1 ||
			PATH=$PATH:/usr/sbin:/sbin command -v "$c" >/dev/null 2>&1 ||
			unavailable "$c is not installed (tests/install-deps)"
	done
	[ -n "${LAB_DEBS:-}" ] || [ -x "$LAB_BUILDDIR/agent/fence_mpathpr" ] ||
		hard_fail "$LAB_BUILDDIR/agent/fence_mpathpr is not built"
}
