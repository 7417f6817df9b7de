#!/bin/sh
# pcs reads the agent's metadata and lists its options.
. "${srcdir:-.}/tests/pcmk/lib.sh"
require_clients pcs
setup_agent

run pcs stonith describe fence_mpathpr
[ "$rc" -eq 0 ] || { cat "$WORKDIR/out" >&2; fail "pcs stonith describe exited $rc"; }
expect_out '^fence_mpathpr - ' "describe names the agent"
expect_out 'devices (required)' "devices is required"
for p in plug key nodename store_path key_value reservation_type aptpl io_timeout; do
	expect_out "^  $p" "describe lists $p"
done
pass "pcs stonith describe fence_mpathpr"
