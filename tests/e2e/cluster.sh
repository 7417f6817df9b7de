# SPDX-License-Identifier: LGPL-2.1-or-later
# shellcheck shell=bash
#
# cluster.sh - a one-node corosync + Pacemaker cluster in the lab guest, and
# the fence agent installed where Pacemaker looks for it.  Sourced by
# tests/e2e/pacemaker.sh (which runs in the guest, lib.sh already loaded).
#
#   e2e_install_agent        /usr/sbin/fence_mpathpr: the agent under test
#                            (the build's, or the package's diverted to
#                            fence_mpathpr.real) behind a shim that records
#                            each call's standard input
#   e2e_cluster_start NODE   corosync + pacemakerd, until NODE is the DC
#   e2e_cluster_stop         pacemakerd, then corosync, by pid with TERM
#   e2e_doc_block NAME       the code block tagged <!-- e2e:NAME --> in the doc
#
# Only ever run inside the guest: its root is a throwaway overlay, so writing
# /usr/sbin, /etc/corosync and /var/lib/pacemaker does not touch the host.

E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
E2E_DOC=${E2E_DOC:-$E2E_DIR/../../docs/pacemaker.md}
E2E_WORK=${E2E_WORK:-/run/mpathpr-e2e}
# The controller fetches metadata as hacluster: the record is writable by all.
E2E_CALLS_DIR=$E2E_WORK/calls
E2E_CALLS=$E2E_CALLS_DIR/agent-calls.log
E2E_COROSYNC_CONF=/etc/corosync/corosync.conf
E2E_CIB_DIR=/var/lib/pacemaker/cib
E2E_PCMK_LOG=$E2E_WORK/pacemaker.log
E2E_COROSYNC_PID=
E2E_PACEMAKERD_PID=

# e2e_run COMMAND...: a cluster client, never hanging the scenario (a
# Pacemaker client can wait forever on a daemon that is not there).
# E2E_CMD_TIMEOUT on the host reaches here through LAB_ENV (lab-test.sh).
e2e_run() {
	timeout -k 5 "${E2E_CMD_TIMEOUT:-300}" "$@"
}

# What went on, for a failure: processes, the daemons' logs.
e2e_dump() {
	echo "--- cluster processes"
	# shellcheck disable=SC2009 # the whole line is the point, not the pids
	ps -eo pid,ppid,stat,etime,args | grep -E 'corosync|pacemaker|fence_' | grep -v grep
	echo "--- pacemakerd/corosync output"
	tail -n 20 "$E2E_WORK/pacemakerd.out" "$E2E_WORK/corosync.out" 2>/dev/null
	echo "--- Pacemaker's log (last 80 lines)"
	tail -n 80 "$E2E_PCMK_LOG" 2>/dev/null
}

# Seconds since an arbitrary origin, with milliseconds.
e2e_now() {
	date +%s.%N
}

# e2e_since T0: seconds elapsed since T0, e.g. "1.234".
e2e_since() {
	awk -v a="$1" -v b="$(e2e_now)" 'BEGIN { printf "%.3f", b - a }'
}

# e2e_wait SECONDS COMMAND...: poll COMMAND every 0.2 s until it succeeds.
e2e_wait() {
	local deadline
	deadline=$(awk -v t="$1" -v n="$(e2e_now)" 'BEGIN { printf "%.1f", n + t }')
	shift
	until "$@" >/dev/null 2>&1; do
		awk -v d="$deadline" -v n="$(e2e_now)" 'BEGIN { exit !(n > d) }' && return 1
		sleep 0.2
	done
}

e2e_doc_block() {
	awk -v tag="<!-- e2e:$1 -->" '
		$0 == tag { armed = 1; next }
		armed && /^```/ { if (inside) exit; inside = 1; next }
		inside { print }' "$E2E_DOC"
}

# The agent Pacemaker runs: a shim that appends each call's standard input
# (what Pacemaker sent) and exit status to $E2E_CALLS, then runs the build's
# binary.  With arguments (pcs, a person) it is the agent itself.
#
# The shim uses dash and its builtins only (times from /proc/uptime, in
# seconds: e2e_calls_offset turns them into the epoch).  Pacemaker 2.1.5's
# fencer gives the agent's metadata 10 s (fixed, see docs/pacemaker.md,
# Troubleshooting), and every node's fencer asks at once when the device is
# created; in the emulated guest at host load 17 the former bash shim, which
# ran mktemp, cat, sed, date and hostname around the agent, took 1.8-2.9 s
# for one metadata call and 12 s for three at once (the agent alone: 0.2-1.5
# s, 2.1-2.5 s for three at once), so the fencers registered the device
# without its actions.  That was the test's doing, not the agent's.
e2e_install_agent() {
	local real envline=":"
	lab_agent_real
	real=$LAB_AGENT_BIN
	[ -z "$LAB_AGENT_LIBPATH" ] || envline="export LD_LIBRARY_PATH=$LAB_AGENT_LIBPATH"
	if [ "$real" = /usr/sbin/fence_mpathpr ]; then
		# The package's agent (LAB_DEBS): moved aside the Debian way, so that
		# the shim can take its name; the package's check links follow.
		real=/usr/sbin/fence_mpathpr.real
		dpkg-divert --quiet --local --rename --divert "$real" --add /usr/sbin/fence_mpathpr ||
			{ echo "e2e: cannot divert the package's /usr/sbin/fence_mpathpr" >&2; return 1; }
	fi
	[ -x "$real" ] || { echo "e2e: the agent is not built: $real" >&2; return 1; }
	mkdir -p "$E2E_CALLS_DIR"
	chmod 1777 "$E2E_CALLS_DIR"
	: >"$E2E_CALLS"
	chmod 666 "$E2E_CALLS"
	rm -f /usr/sbin/fence_mpathpr
	# The check links' names (fence_mpathpr_check) choose the agent's mode:
	# with arguments, bash's exec -a keeps the name the shim was called by.
	cat >/usr/sbin/fence_mpathpr <<-EOF
	#!/bin/dash
	# tests/e2e: the build's fence_mpathpr, with every call recorded.
	$envline
	[ \$# -eq 0 ] || exec /bin/bash -c 'exec -a "\$0" "$real" "\$@"' "\$0" "\$@"
	read -r t0 rest </proc/uptime
	read -r host </proc/sys/kernel/hostname
	input= body= nl='
	'
	while IFS= read -r line || [ -n "\$line" ]; do
		input="\$input\$line\$nl"
		body="\$body    \$line\$nl"
	done
	printf '=== %s call %s, on %s, stdin:\n%s' "\$t0" "\$\$" "\$host" "\$body" >>"$E2E_CALLS"
	printf '%s' "\$input" | "$real"
	rc=\$?
	read -r t1 rest </proc/uptime
	printf '=== %s call %s exit %s\n' "\$t1" "\$\$" "\$rc" >>"$E2E_CALLS"
	exit \$rc
	EOF
	chmod 755 /usr/sbin/fence_mpathpr
}

# e2e_calls_offset: what to add to a time in $E2E_CALLS (seconds since
# boot) to get the epoch.
e2e_calls_offset() {
	local up rest
	read -r up rest </proc/uptime
	awk -v n="$(e2e_now)" -v u="$up" 'BEGIN { printf "%.3f", n - u }'
}

# Render the corosync.conf template for NODE.
e2e_corosync_conf() {
	mkdir -p "${E2E_COROSYNC_CONF%/*}" /var/log/cluster
	sed -e "s|@NODE@|$1|g" -e "s|@LOGFILE@|$E2E_WORK/corosync.log|g" \
		"$E2E_DIR/corosync.conf.in" >"$E2E_COROSYNC_CONF"
}

# A CIB on disk before pacemaker-based starts: dc-deadtime=2s elects the DC
# in about two seconds instead of twenty.
e2e_seed_cib() {
	local cib=$E2E_WORK/cib-seed.xml
	e2e_run cibadmin --empty >"$cib" || return 1
	CIB_file=$cib e2e_run crm_attribute --type crm_config --name dc-deadtime --update 2s || return 1
	mkdir -p "$E2E_CIB_DIR"
	rm -f "$E2E_CIB_DIR"/cib*
	install -o hacluster -g haclient -m 0600 "$cib" "$E2E_CIB_DIR/cib.xml"
}

e2e_is_dc() {
	e2e_run crm_mon -1 2>/dev/null | grep -q "Current DC: $1 .*partition with quorum"
}

e2e_corosync_up() {
	e2e_run corosync-quorumtool -s 2>/dev/null | grep -q 'Quorate: *Yes'
}

# $1 is alive (and not a zombie).
e2e_alive() {
	[ -n "$1" ] && [ -e "/proc/$1" ] &&
		! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null
}

e2e_cluster_start() {
	local node=$1 t0
	# libqb's IPC lives in /dev/shm; without a tmpfs there corosync and
	# pacemakerd die without saying why.
	mountpoint -q /dev/shm || mount -t tmpfs -o mode=1777 tmpfs /dev/shm || return 1
	mkdir -p "$E2E_WORK" /run/crm /var/run/cluster /var/log/pacemaker
	chown hacluster:haclient /run/crm /var/log/pacemaker
	touch "$E2E_PCMK_LOG" && chown hacluster:haclient "$E2E_PCMK_LOG"
	corosync-keygen -k /etc/corosync/authkey >"$E2E_WORK/keygen.out" 2>&1 ||
		{ cat "$E2E_WORK/keygen.out" >&2; return 1; }
	e2e_corosync_conf "$node"
	e2e_seed_cib || { echo "e2e: cannot seed the CIB" >&2; return 1; }

	t0=$(e2e_now)
	setsid corosync -f -c "$E2E_COROSYNC_CONF" </dev/null >"$E2E_WORK/corosync.out" 2>&1 &
	E2E_COROSYNC_PID=$!
	if ! e2e_wait 30 e2e_corosync_up; then
		echo "e2e: corosync did not come up" >&2
		tail -n 20 "$E2E_WORK/corosync.out" "$E2E_WORK/corosync.log" >&2
		return 1
	fi
	lab_info "corosync (pid $E2E_COROSYNC_PID) up and quorate in $(e2e_since "$t0")s"

	PCMK_logfile=$E2E_PCMK_LOG PCMK_logfacility=none \
		setsid pacemakerd -f </dev/null >"$E2E_WORK/pacemakerd.out" 2>&1 &
	E2E_PACEMAKERD_PID=$!
	if ! e2e_wait 60 e2e_is_dc "$node"; then
		echo "e2e: $node did not become the DC" >&2
		e2e_run crm_mon -1 >&2
		e2e_dump >&2
		return 1
	fi
	lab_info "pacemakerd (pid $E2E_PACEMAKERD_PID) up, $node is the DC, $(e2e_since "$t0")s after corosync started"
}

# e2e_stop NAME PID SECONDS: TERM, wait for the exit; KILL after SECONDS.
# Prints how it ended; status 1 if it had to be killed.
e2e_stop() {
	local name=$1 pid=$2 rc
	e2e_alive "$pid" || { lab_info "$name (pid $pid) had already exited"; wait "$pid" 2>/dev/null; return 0; }
	kill -TERM "$pid"
	if ! e2e_wait "$3" eval "! e2e_alive $pid"; then
		kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		lab_info "$name (pid $pid) ignored TERM for $3 s: killed"
		return 1
	fi
	wait "$pid" 2>/dev/null
	rc=$?
	lab_info "$name (pid $pid) stopped, exit status $rc"
	return 0
}

# Pacemaker's daemons are pacemakerd's children: the pids to check after it
# is gone (and to kill if it left any behind).
e2e_pcmk_children() {
	[ -n "$E2E_PACEMAKERD_PID" ] || return 0
	pgrep -P "$E2E_PACEMAKERD_PID" 2>/dev/null
}

# Stop pacemakerd (which stops its daemons), then corosync.  Status 1 if
# anything had to be killed or stayed behind.
e2e_cluster_stop() {
	local rc=0 kids pid
	if [ -n "$E2E_PACEMAKERD_PID" ]; then
		kids=$(e2e_pcmk_children)
		e2e_stop pacemakerd "$E2E_PACEMAKERD_PID" 120 || rc=1
		for pid in $kids; do
			if e2e_alive "$pid"; then
				lab_info "pacemakerd left $(cat "/proc/$pid/comm" 2>/dev/null) (pid $pid) running: killed"
				kill -KILL "$pid" 2>/dev/null
				rc=1
			fi
		done
		E2E_PACEMAKERD_PID=
	fi
	if [ -n "$E2E_COROSYNC_PID" ]; then
		e2e_stop corosync "$E2E_COROSYNC_PID" 30 || rc=1
		E2E_COROSYNC_PID=
	fi
	return $rc
}
