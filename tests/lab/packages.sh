#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# packages.sh - the installed packages in one lab boot (make deb-check,
# CI): `tests/lab/lab run` with LAB_DEBS has dpkg -i'd the .debs into the
# guest; this runs, against them instead of the build tree, the package
# checks (packages-installed.sh, with `pcs stonith describe`), the agent
# scenarios (7x-agent-*) and the Pacemaker end-to-end test.
[ -n "${LAB_DEBS:-}" ] || { echo "packages.sh: run with LAB_DEBS (make deb-check)" >&2; exit 2; }
agent_scenarios=()
for s in "$LAB_DIR"/scenarios/7*-agent-*.sh; do
	agent_scenarios+=("$s")
done
exec bash "$LAB_DIR/suite.sh" "$LAB_DIR/packages-installed.sh" "${agent_scenarios[@]}" \
	"$LAB_SRCDIR/tests/e2e/pacemaker.sh"
