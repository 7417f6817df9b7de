#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# pacemaker.sh - fence_mpathpr under a real Pacemaker, in the lab guest
# (tests/e2e/pacemaker.test runs `tests/lab/lab run` on this file).
#
# Host b is a one-node corosync/Pacemaker cluster (node-b); host a (node-a)
# is the node to be fenced, outside the cluster.  The fence device is created
# with the pcs command of docs/pacemaker.md, read from the doc itself.
# Story: unfencing of node-b when the device starts, host a registering with
# the agent standalone, monitors, fencing node-a (stonith_admin, then pcs),
# fencing a node nobody can fence, fencing with all of b's paths offline.
# Every call Pacemaker makes to the agent is shown with its standard input.

# shellcheck disable=SC2154 # LAB_KEY_<host> and the rest come from the SAN's env
# shellcheck source=tests/lab/lib.sh
. "${LAB_DIR:?run me with tests/lab/lab run}/lib.sh"
# shellcheck source=tests/e2e/cluster.sh
. "$(dirname "${BASH_SOURCE[0]}")/cluster.sh"

[ -r /run/mpathpr-lab/san.env ] || { echo "e2e: not in the lab guest" >&2; exit 99; }

NODE_A='node-a'
NODE_B='node-b'
RSC=fence-mpathpr
STORE_A=$E2E_WORK/store-a

cleanup() {
	local rc=$?
	# Paths taken offline by a failed step come back, or the SAN's
	# teardown (and a later scenario in the same boot) would hang on them.
	paths_online b
	if [ "$rc" != 0 ] || [ "${LAB_FAILS:-0}" != 0 ]; then
		e2e_dump
	fi
	e2e_cluster_stop || true
	exit $rc
}
trap cleanup EXIT

paths_online() {
	local lun dev
	for lun in $LAB_LUN_NAMES; do
		for dev in $(lab_paths "$1" "$lun"); do
			[ "$(lab_dev_state "$dev")" = running ] || lab_online "$dev"
		done
	done
}

# ---- the configuration, from the doc -----------------------------------------

# The doc's example has to match the SAN it runs against.
check_doc_matches_lab() {
	local create maps
	create=$(e2e_doc_block create)
	[ -n "$create" ] || { lab_not_ok "docs/pacemaker.md has an e2e:create block"; return 1; }
	maps=$(lab_maps b | tr ' ' ',')
	case $create in
	*"devices=\"$maps\""*) lab_ok "the doc's devices are host b's maps ($maps)" ;;
	*) lab_not_ok "the doc's devices are host b's maps ($maps)"; return 1 ;;
	esac
	case $create in
	*"$NODE_A:${LAB_KEY_a#0x};$NODE_B:${LAB_KEY_b#0x}"*)
		lab_ok "the doc's pcmk_host_map gives $NODE_A ${LAB_KEY_a} and $NODE_B ${LAB_KEY_b}" ;;
	*) lab_not_ok "the doc's pcmk_host_map matches the lab's keys"; return 1 ;;
	esac
}

# pcs must add provides=unfencing by itself, from the agent's metadata (the
# doc writes it out, so the live CIB cannot tell).
check_pcs_adds_unfencing() {
	local cib=$E2E_WORK/scratch-cib.xml out rc t0
	e2e_run cibadmin --empty >"$cib"
	t0=$(e2e_now)
	out=$(e2e_run pcs -f "$cib" stonith create scratch fence_mpathpr devices="$(lab_map b lun0)" \
		pcmk_host_map="$NODE_B:1" 2>&1)
	rc=$?
	lab_info "pcs -f CIB stonith create without meta: status $rc after $(e2e_since "$t0")s"
	if grep -q 'name="provides" value="unfencing"' "$cib"; then
		lab_ok "pcs adds meta provides=unfencing by itself (from the metadata)"
	else
		lab_not_ok "pcs adds meta provides=unfencing by itself (status $rc)"
		printf '%s\n' "$out" | sed 's/^/     | /'
	fi
}

# The README's example is the doc's, with the README's map names.
check_readme_matches_doc() {
	local readme=$E2E_DIR/../../README.md want got
	want=$(e2e_doc_block create)
	got=$(awk '/^```/ { if (inside) { if (hit) exit; buf = ""; inside = 0 } else inside = 1; next }
		   inside { buf = buf $0 "\n"; if ($0 ~ /^pcs stonith create fence-mpathpr /) hit = 1 }
		   END { if (hit) printf "%s", buf }' "$readme" |
	      sed 's|/dev/mapper/shared\([0-9]\)|/dev/mapper/b-lun\1|g')
	if [ "$want" = "$got" ]; then
		lab_ok "README.md's pcs stonith create is the doc's (map names aside)"
	else
		lab_not_ok "README.md's pcs stonith create is the doc's (map names aside)"
		diff <(printf '%s\n' "$want") <(printf '%s\n' "$got") | sed 's/^/     | /'
	fi
}

create_device() {
	local block t0 rc
	block=$(e2e_doc_block create)
	lab_info "the doc's command:"
	printf '%s\n' "$block" | sed 's/^/     | /'
	t0=$(e2e_now)
	e2e_run bash -e -c "$block" >"$E2E_WORK/create.out" 2>&1
	rc=$?
	sed 's/^/     > /' "$E2E_WORK/create.out"
	assert_eq 0 "$rc" "pcs stonith create (the doc's command) against the live CIB, $(e2e_since "$t0")s"
	[ "$rc" = 0 ] || return 1
	local cib
	cib=$(e2e_run cibadmin -Q -o resources)
	lab_info "\$ cibadmin -Q -o resources"
	printf '%s\n' "$cib" | sed 's/^/     > /'
	for want in 'name="devices" value="'"$(lab_maps b | tr ' ' ',')"'"' \
		    'name="pcmk_host_map"' 'name="pcmk_host_list" value="node-a node-b"' \
		    'name="provides" value="unfencing"' 'name="monitor" interval="10s"'; do
		case $cib in
		*"$want"*) lab_ok "the CIB has $want" ;;
		*) lab_not_ok "the CIB has $want" ;;
		esac
	done
}

# ---- checks -------------------------------------------------------------------

# calls_with ACTION [MORE]: the number of recorded calls whose stdin had
# action=ACTION (and the line MORE).
calls_with() {
	awk -v a="    action=$1" -v m="${2:+    $2}" '
		/^=== .* stdin:$/ { if (hit) n++; hit = 0; seen_a = 0; seen_m = (m == ""); next }
		/^=== / { next }
		$0 == a { seen_a = 1 }
		m != "" && $0 == m { seen_m = 1 }
		{ hit = seen_a && seen_m }
		END { if (hit) n++; print n + 0 }' "$E2E_CALLS"
}

monitors_at_least() {
	[ "$(calls_with monitor)" -ge "$1" ]
}

# The last finished call with ACTION: its stdin and exit status.
last_call() {
	awk -v a="    action=$1" '
		/^=== .* stdin:$/ { id = $4; sub(/,$/, "", id); buf[id] = $0 "\n"; cur = id; next }
		/^=== .* exit / { if (act[$4]) { last = $4; ex = $0 }; next }
		{ buf[cur] = buf[cur] $0 "\n"; if ($0 == a) act[cur] = 1 }
		END { if (last != "") printf "%s%s\n", buf[last], ex }' "$E2E_CALLS"
}

keys_on_all_paths() {
	local h=$1 key=$2 lun
	for lun in $LAB_LUN_NAMES; do
		assert_keys_on_all_paths "$h" "$lun" "$key"
	done
}

# Every path of host H sees KEY (or "none") registered for itself.
key_state_is() {
	local h=$1 want=$2 lun dev
	[ "$want" = none ] || want=$(lab_norm_key "$want")
	for lun in $LAB_LUN_NAMES; do
		for dev in $(lab_paths "$h" "$lun"); do
			[ "$(lab_sg_path_key "$dev")" = "$want" ] || return 1
		done
	done
}

resv_on_all() {
	local lun
	for lun in $LAB_LUN_NAMES; do
		assert_resv_on_all_paths b "$lun" "$(lab_norm_key "$LAB_KEY_b") type 5"
	done
}

# Host a's registration, as the doc shows it, in a mount namespace where
# /var/run/cluster is host a's own (host b's agent keeps its store there).
register_host_a() {
	local block
	block=$(e2e_doc_block standalone-on)
	mkdir -p "$STORE_A"
	# shellcheck disable=SC2016 # expanded by the inner shell
	e2e_run unshare -m bash -c 'mount --bind "$1" /run/cluster && bash -e -c "$2"' _ \
		"$STORE_A" "$block" >"$E2E_WORK/on-a.out" 2>&1
}

resource_started() {
	e2e_run crm_mon -1 | grep -q "$RSC.*Started $NODE_B"
}

history_of() {
	e2e_run stonith_admin --history "$1" --verbose 2>&1
}

# ---- the story ------------------------------------------------------------------

lab_step "A one-node cluster on host b ($NODE_B)"
check_doc_matches_lab || lab_done
check_readme_matches_doc
e2e_install_agent || exit 99
lab_show fence_mpathpr --version
e2e_cluster_start "$NODE_B" || { lab_not_ok "the cluster came up"; lab_done; }
lab_ok "corosync and Pacemaker up, $NODE_B is the DC"

lab_step "The fence device, configured with pcs as docs/pacemaker.md shows"
check_pcs_adds_unfencing
create_device || lab_done

lab_step "Unfencing: Pacemaker runs on for $NODE_B when the device starts"
t0=$(e2e_now)
if e2e_wait 120 key_state_is b "$LAB_KEY_b"; then
	lab_ok "host b's key registered on all its paths $(e2e_since "$t0")s after the device was created"
else
	lab_not_ok "host b's key registered on all its paths within 120 s"
fi
keys_on_all_paths b "$LAB_KEY_b"
resv_on_all
e2e_wait 60 resource_started
lab_info "\$ crm_mon -1 -m 3"
e2e_run crm_mon -1 -m 3 | sed 's/^/     > /'
n=$(( $(calls_with on "plug=${LAB_KEY_b#0x}") + $(calls_with on "port=${LAB_KEY_b#0x}") ))
if [ "$n" -ge 1 ]; then
	lab_ok "Pacemaker called the agent with action=on and host b's key (from pcmk_host_map)"
else
	lab_not_ok "Pacemaker called the agent with action=on and host b's key (from pcmk_host_map)"
fi
lab_info "Pacemaker's 'on' call, as the agent received it:"
last_call on | sed 's/^/     | /'
case $(history_of "$NODE_B") in
*"successful"*) lab_ok "stonith_admin --history $NODE_B shows the unfencing succeeded" ;;
*) lab_not_ok "stonith_admin --history $NODE_B shows the unfencing succeeded"
   history_of "$NODE_B" | sed 's/^/     | /' ;;
esac

lab_step "Host a registers with the agent standalone (-o on), as its own unfencing would"
register_host_a
assert_eq 0 "$?" "the doc's fence_mpathpr -o on for host a"
sed 's/^/     > /' "$E2E_WORK/on-a.out"
keys_on_all_paths a "$LAB_KEY_a"
lab_write a lun0
assert_eq 0 "$?" "host a writes to $(lab_map a lun0) while registered"

lab_step "Monitor: recurring, and passing while healthy"
t0=$(e2e_now)
if e2e_wait 90 monitors_at_least 2; then
	lab_ok "a recurring monitor ran ($(calls_with monitor) monitor calls so far)"
else
	lab_not_ok "a recurring monitor ran within 90 s ($(calls_with monitor) monitor calls)"
fi
last_call monitor | sed 's/^/     | /'
case $(last_call monitor | tail -n 1) in
*" exit 0") lab_ok "the last monitor exited 0" ;;
*) lab_not_ok "the last monitor exited 0" ;;
esac
if e2e_run crm_mon -1 | grep -q 'Failed Resource Actions'; then
	lab_not_ok "crm_mon shows no failed actions"
	e2e_run crm_mon -1 | sed 's/^/     | /'
else
	lab_ok "crm_mon shows no failed actions"
fi

. "$E2E_DIR/fencing.sh"
