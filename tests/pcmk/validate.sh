#!/bin/sh
# validate-all really checks the configuration (fence_mpath's accepts
# anything).  Without SCSI storage here only refusals can be tested; the
# accepted configuration is covered by the lab.
. "${srcdir:-.}/tests/pcmk/lib.sh"
require_clients stonith_admin
setup_agent

nodev=/dev/mapper/mpathpr-test-does-not-exist

# The agent itself, on stdin as Pacemaker calls it.
printf 'action=validate-all\ndevices=%s\n' "$nodev" | "$SBIN/$AGENT" > "$WORKDIR/out" 2>&1
rc=$?
[ "$rc" -eq 1 ] || { cat "$WORKDIR/out" >&2; fail "validate-all of a missing device exited $rc"; }
expect_out "$nodev" "the reason names the device"
pass "validate-all refuses a missing device"

printf 'action=validate-all\ndevices=/dev/null\nkey=xyz\n' | "$SBIN/$AGENT" > "$WORKDIR/out" 2>&1
rc=$?
[ "$rc" -eq 1 ] || fail "validate-all with a bad key exited $rc"
expect_out "key 'xyz' is not a reservation key" "the reason names the key"
pass "validate-all refuses a malformed key"

printf 'action=validate-all\ndevices=/dev/null\n' | "$SBIN/$AGENT" > "$WORKDIR/out" 2>&1
rc=$?
[ "$rc" -eq 1 ] || { cat "$WORKDIR/out" >&2; fail "validate-all of a character device exited $rc"; }
pass "validate-all refuses a device that is not a block device"

run stonith_admin --validate --agent fence_mpathpr --option "devices=$nodev"
[ "$rc" -ne 0 ] || { cat "$WORKDIR/out" >&2; fail "stonith_admin --validate accepted a missing device"; }
expect_out "$nodev" "stonith_admin reports the agent's reason"
pass "stonith_admin --validate reports a missing device"

run stonith_admin --validate --agent fence_mpathpr --option devices=/dev/null --option key=0
[ "$rc" -ne 0 ] || fail "stonith_admin --validate accepted key=0"
expect_out "key '0' is not a reservation key" "stonith_admin reports the key problem"
pass "stonith_admin --validate reports a zero key"

run "$SBIN/fence_mpathpr_check" --help
[ "$rc" -eq 0 ] || fail "$SBIN/fence_mpathpr_check is not runnable"
pass "fence_mpathpr_check is installed"
