# SPDX-License-Identifier: LGPL-2.1-or-later
# shellcheck shell=bash
# shellcheck disable=SC2154 # LAB_KEY_<host> and the rest come from the SAN's env
#
# fencing.sh - the second half of tests/e2e/pacemaker.sh (sourced by it, with
# the cluster up, the device started, host b unfenced and host a
# registered): fencing node-a, the failure paths, the record of the agent's
# calls, the daemons' stop.

# fence_with SHOWN COMMAND...: a fencing request (SHOWN is how it reads);
# reports the time from the request to the command's return; leaves the
# status in FENCE_RC.
fence_with() {
	local title=$1 t0 took
	shift
	lab_info "\$ $title"
	t0=$(e2e_now)
	e2e_run "$@" >"$E2E_WORK/fence.out" 2>&1
	FENCE_RC=$?
	took=$(e2e_since "$t0")
	sed 's/^/     > /' "$E2E_WORK/fence.out"
	lab_info "$title: status $FENCE_RC after ${took}s (from the request to completion)"
	lab_info "the agent's last 'off' ran for $(call_seconds off)s of that"
}

# call_seconds ACTION: how long the last finished call with ACTION ran.
call_seconds() {
	last_call "$1" | awk '
		NR == 1 { start = $2 }
		/^=== .* exit / { end = $2 }
		END { if (end) printf "%.3f", end - start; else printf "?" }'
}

host_a_is_fenced() {
	local lun
	keys_on_all_paths a none
	for lun in $LAB_LUN_NAMES; do
		assert_keys_on_all_paths b "$lun" "$LAB_KEY_b"
	done
	resv_on_all
	if lab_write a lun0; then
		lab_not_ok "host a's write to $(lab_map a lun0) is refused"
	else
		lab_ok "host a's write to $(lab_map a lun0) is refused (${LAB_IO_ERR%%$'\n'*})"
	fi
	lab_write b lun0
	assert_eq 0 "$?" "host b still writes to $(lab_map b lun0)"
}

# The doc's fence block, one command a line: fence, history, crm_mon.
fence_as_documented() {
	local block cmds=() line out
	block=$(e2e_doc_block fence)
	while IFS= read -r line; do
		[ -n "$line" ] && cmds+=("$line")
	done <<<"$block"
	assert_eq "stonith_admin --fence $NODE_A" "${cmds[0]:-}" "the doc's first command fences $NODE_A"
	assert_eq 3 "${#cmds[@]}" "the doc's fence block has fence, history and status commands"
	fence_with "${cmds[0]}" bash -c "${cmds[0]}"
	assert_eq 0 "$FENCE_RC" "${cmds[0]}"
	host_a_is_fenced
	for line in "${cmds[@]:1}"; do
		lab_info "\$ $line"
		out=$(e2e_run bash -c "$line" 2>&1)
		printf '%s\n' "$out" | sed 's/^/     > /'
		if printf '%s\n' "$out" | grep -q -E "off of ${NODE_A}[ :].*successful"; then
			lab_ok "'$line' shows the successful fencing of $NODE_A"
		else
			lab_not_ok "'$line' shows the successful fencing of $NODE_A"
		fi
	done
	lab_info "Pacemaker's 'off' call, as the agent received it:"
	last_call off | sed 's/^/     | /'
	if [ "$(calls_with off "plug=${LAB_KEY_a#0x}")" -ge 1 ] ||
	   [ "$(calls_with off "port=${LAB_KEY_a#0x}")" -ge 1 ]; then
		lab_ok "Pacemaker called the agent with action=off and host a's key (from pcmk_host_map)"
	else
		lab_not_ok "Pacemaker called the agent with action=off and host a's key (from pcmk_host_map)"
	fi
}

fence_with_pcs() {
	register_host_a
	assert_eq 0 "$?" "host a registers again (the doc's fence_mpathpr -o on)"
	keys_on_all_paths a "$LAB_KEY_a"
	fence_with "pcs stonith fence $NODE_A --off" pcs stonith fence "$NODE_A" --off
	assert_eq 0 "$FENCE_RC" "pcs stonith fence $NODE_A --off (no pcsd)"
	keys_on_all_paths a none
}

fence_unknown_node() {
	local hist
	fence_with "stonith_admin --fence node-x --timeout 20" stonith_admin --fence node-x --timeout 20
	if [ "$FENCE_RC" -ne 0 ]; then
		lab_ok "fencing node-x (in no map) fails (status $FENCE_RC)"
	else
		lab_not_ok "fencing node-x (in no map) fails"
	fi
	if grep -q 'node-x' "$E2E_CALLS"; then
		lab_not_ok "the agent was not asked about node-x"
	else
		lab_ok "the agent was not asked about node-x"
	fi
	hist=$(history_of node-x)
	printf '%s\n' "$hist" | sed 's/^/     > /'
	if printf '%s\n' "$hist" | grep -q -E "of node-x[ :].*successful"; then
		lab_not_ok "no success for node-x in the history"
	elif printf '%s\n' "$hist" | grep -q -E "of node-x[ :].*failed"; then
		lab_ok "the history says fencing node-x failed"
	else
		lab_not_ok "the history says fencing node-x failed"
	fi
	keys_on_all_paths b "$LAB_KEY_b"
}

fence_without_paths() {
	local lun dev hist
	register_host_a
	assert_eq 0 "$?" "host a registers again"
	for lun in $LAB_LUN_NAMES; do
		for dev in $(lab_paths b "$lun"); do
			lab_offline "$dev"
		done
	done
	lab_info "every path of host b's maps offline: $(for l in $LAB_LUN_NAMES; do lab_paths b "$l"; done | tr '\n' ' ')"
	fence_with "stonith_admin --fence $NODE_A --timeout 30" \
		stonith_admin --fence "$NODE_A" --timeout 30
	paths_online b
	if [ "$FENCE_RC" -ne 0 ]; then
		lab_ok "fencing without paths fails (status $FENCE_RC)"
	else
		lab_not_ok "fencing without paths fails"
	fi
	lab_info "the agent's last 'off', as it received it:"
	last_call off | sed 's/^/     | /'
	hist=$(history_of "$NODE_A")
	printf '%s\n' "$hist" | sed 's/^/     > /'
	if printf '%s\n' "$hist" | head -n 1 | grep -q -E "of ${NODE_A}[ :].*failed"; then
		lab_ok "the history's latest event for $NODE_A is a failure"
	else
		lab_not_ok "the history's latest event for $NODE_A is a failure"
	fi
	lab_info "\$ stonith_admin --history $NODE_A (without --verbose: the latest event only)"
	e2e_run stonith_admin --history "$NODE_A" 2>&1 | sed 's/^/     > /'
	keys_on_all_paths a "$LAB_KEY_a"
}

lab_step "Fencing $NODE_A as the doc shows it"
fence_as_documented

lab_step "Fencing $NODE_A with pcs (no pcsd)"
fence_with_pcs

lab_step "Failure: fencing a node that no device can fence"
fence_unknown_node

lab_step "Failure: every path of host b's devices offline"
fence_without_paths

lab_step "Every call Pacemaker made to the agent, with its standard input"
cat "$E2E_CALLS"

lab_step "What Pacemaker logged about the agent"
grep -a -E 'fence_mpathpr|fence-mpathpr' "$E2E_PCMK_LOG" |
	grep -E '\((log_action|log_async_result|log_executor_event|update_remaining_timeout|stonith__rhcs_get_metadata|pe_get_failcount)\)' |
	grep -v -E 'error output|exec-time' | tail -n 80

lab_step "Stopping: pacemakerd first, then corosync"
if e2e_cluster_stop; then
	lab_ok "pacemakerd and corosync stopped on TERM, nothing left behind"
else
	lab_not_ok "pacemakerd and corosync stopped on TERM, nothing left behind"
fi
lab_done
