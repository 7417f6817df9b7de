#!/bin/sh
# Pacemaker's own clients fetch the agent's metadata; it must be what the
# fence-agents schema describes, with unfencing and without reboot.
. "${srcdir:-.}/tests/pcmk/lib.sh"
require_clients crm_resource stonith_admin xmllint
setup_agent
[ -r "$SCHEMA" ] || { echo "$SCHEMA is missing: install fence-agents" >&2; exit $HARD_ERROR; }

check_xml() {
	xml=$1 what=$2
	xmllint --noout --relaxng "$SCHEMA" "$xml" 2>"$WORKDIR/lint" ||
		{ cat "$WORKDIR/lint" >&2; fail "$what: not valid against $SCHEMA"; }
	xmllint --xpath "//action[@name='on' and @on_target='1' and @automatic='1']" "$xml" \
		>/dev/null 2>&1 || fail "$what: on is not automatic unfencing on the target"
	if xmllint --xpath "//action[@name='reboot']" "$xml" >/dev/null 2>&1; then
		fail "$what: reboot is advertised"
	fi
	xmllint --xpath "//parameter[@name='plug' and @obsoletes='port']" "$xml" \
		>/dev/null 2>&1 || fail "$what: plug (for pcmk_host_map) is missing"
	pass "$what"
}

# Pacemaker appends start/stop actions with default timeouts, which the
# fence-agents schema does not know: drop those attributes before checking.
crm_resource --show-metadata stonith:fence_mpathpr > "$WORKDIR/crm.raw" ||
	fail "crm_resource --show-metadata exited $?"
sed 's/ timeout="[^"]*"//' "$WORKDIR/crm.raw" > "$WORKDIR/crm.xml"
check_xml "$WORKDIR/crm.xml" "crm_resource --show-metadata stonith:fence_mpathpr"

stonith_admin --metadata --agent fence_mpathpr > "$WORKDIR/st.raw" ||
	fail "stonith_admin --metadata exited $?"
sed 's/ timeout="[^"]*"//' "$WORKDIR/st.raw" > "$WORKDIR/st.xml"
check_xml "$WORKDIR/st.xml" "stonith_admin --metadata --agent fence_mpathpr"
