#!/bin/sh
# pcs creates a stonith resource of the agent in a CIB file (no cluster):
# our parameters and fence_mpath's are accepted, an unknown one is not, and
# pcs sees that the agent unfences (provides=unfencing).
. "${srcdir:-.}/tests/pcmk/lib.sh"
require_clients pcs cibadmin
setup_agent

cib=$WORKDIR/cib.xml
cibadmin --empty > "$cib" || fail "cibadmin --empty"

run pcs -f "$cib" stonith create mpr fence_mpathpr devices="/dev/mapper/mpatha,/dev/mapper/mpathb" \
	pcmk_host_map="node1:1;node2:2" key_value=none reservation_type=6 aptpl=1 io_timeout=5 \
	store_path=/var/run/cluster delay=0 verbose=1
[ "$rc" -eq 0 ] || { cat "$WORKDIR/out" >&2; fail "create with the agent's parameters: exit $rc"; }
grep -q 'name="devices" value="/dev/mapper/mpatha,/dev/mapper/mpathb"' "$cib" ||
	fail "devices not in the CIB"
grep -q 'name="provides" value="unfencing"' "$cib" ||
	fail "pcs did not set provides=unfencing (on must be on_target/automatic)"
pass "create with the agent's parameters"

run pcs -f "$cib" stonith create mpr-hash fence_mpathpr devices=/dev/mapper/mpatha key_value=hash
[ "$rc" -eq 0 ] || { cat "$WORKDIR/out" >&2; fail "create with key_value=hash: exit $rc"; }
pass "create a fresh configuration (key_value=hash, no host map)"

# A fence_mpath configuration moves over unchanged (with deprecation warnings).
run pcs -f "$cib" stonith create mpr-old fence_mpathpr devices=/dev/mapper/mpatha key=1 \
	mpathpersist_path=/usr/sbin/mpathpersist power_timeout=20 suppress-errors=1
[ "$rc" -eq 0 ] || { cat "$WORKDIR/out" >&2; fail "create with fence_mpath parameters: exit $rc"; }
pass "create with fence_mpath's parameters"

run pcs -f "$cib" stonith create mpr-bad fence_mpathpr devices=/dev/mapper/mpatha frobnicate=1
[ "$rc" -ne 0 ] || fail "an unknown parameter was accepted"
expect_out "frobnicate" "the refusal names the parameter"
grep -q 'id="mpr-bad"' "$cib" && fail "the refused resource is in the CIB"
pass "unknown parameter refused"

run pcs -f "$cib" stonith create mpr-nodev fence_mpathpr key=1
[ "$rc" -ne 0 ] || fail "a resource without devices was accepted"
expect_out "devices" "the refusal names devices"
pass "missing devices refused"
