# SPDX-License-Identifier: LGPL-2.1-or-later
# shellcheck shell=bash
#
# nodes.sh - a multi-node corosync + Pacemaker cluster inside the one lab
# guest.  Sourced by the cluster scenarios (lib.sh and cluster.sh loaded).
#
# Each lab host h (a, b, c, ...) becomes node-h:
#   - its own network namespace (/run/netns/node-h), joined to the others by
#     a veth pair on the bridge e2e-br (10.15.0.<n>/24): corosync talks knet
#     over it, so cutting the veth cuts the node off;
#   - its own mount namespace: tmpfs on /run and /dev/shm (libqb's IPC),
#     its own /etc/corosync, /var/lib/pacemaker, /var/log/pacemaker and
#     /etc/multipath.conf from $NODES_DIR/node-h, and a tmpfs on /dev/mapper
#     holding `control` and /dev/mapper/shared0..N, the device numbers of
#     host h's own maps: every node names the shared LUs alike, as on a real
#     SAN, while each reaches them through its own iSCSI sessions (nexuses);
#   - its own UTS namespace (hostname node-h).
# The iSCSI sessions themselves stay in the guest's root namespaces.
#
#   nodes_setup HOST...        the bridge and every node's namespaces
#   node_exec NODE CMD...      CMD inside NODE's namespaces
#   node_start NODE            corosync + pacemakerd in NODE (no wait)
#   node_kill NODE             SIGKILL NODE's corosync and Pacemaker daemons
#   node_kill_all NODE         SIGKILL every process of NODE (its "reboot")
#   node_link NODE up|down     NODE's cable, plugged or pulled
#   nodes_stop                 every node's stack, TERM then KILL

NODES_DIR=/var/lib/mpathpr-e2e/nodes
NODES_NS=/run/mpathpr-nodes
NODES_NET=10.15.0
NODES_BRIDGE=e2e-br

# node-h -> h;  h -> node-h
node_host() { echo "${1#node-}"; }
node_of() { echo "node-$1"; }

# The node's index (a=1, b=2, ...), its address.
node_index() { echo $(($(printf '%d' "'$(node_host "$1")") - 96)); }
node_addr() { echo "$NODES_NET.$(node_index "$1")"; }

# The guest runs chrooted into its overlay (guest-init): entering a mount
# namespace by its file would land in the initramfs's root, so each node's
# namespaces are held by a process (NODES_NS/NODE.pid) whose root, the
# overlay as that namespace sees it, nsenter takes too.
node_holder() {
	cat "$NODES_NS/$1.pid" 2>/dev/null
}

node_exec() {
	local node=$1 pid
	shift
	pid=$(node_holder "$node") || { echo "nodes: $node has no namespaces" >&2; return 1; }
	nsenter --target "$pid" --net --mount --uts --root --wd -- "$@"
}

# Inside the node's new mount namespace (run by nodes_setup through
# unshare): its own directories over the shared ones.
node_mounts() {
	local node=$1 h dir=$NODES_DIR/$1 i map rdev
	h=$(node_host "$node")
	hostname "$node"
	mount -t tmpfs -o mode=0755 tmpfs /run || return 1
	mkdir -p /run/crm /run/cluster /run/lock /run/mpathpr-e2e
	chown hacluster:haclient /run/crm
	mount -t tmpfs -o mode=1777 tmpfs /dev/shm || return 1
	mount --bind "$dir/corosync" /etc/corosync || return 1
	mount --bind "$dir/pacemaker" /var/lib/pacemaker || return 1
	mount --bind "$dir/log" /var/log/pacemaker || return 1
	mount --bind "$dir/log" /var/log/cluster || return 1
	touch /etc/multipath.conf
	mount --bind "$dir/multipath.conf" /etc/multipath.conf || return 1
	# The maps: read their numbers before the tmpfs hides them.
	local -a nodes=()
	i=0
	for map in $(lab_maps "$h"); do
		rdev=$(stat -L -c '%t:%T' "$map") || return 1
		nodes+=("shared$i:$((16#${rdev%:*})):$((16#${rdev#*:}))")
		i=$((i + 1))
	done
	mount -t tmpfs -o mode=0755 tmpfs /dev/mapper || return 1
	mknod /dev/mapper/control c 10 236
	for map in "${nodes[@]}"; do
		IFS=: read -r name maj min <<<"$map"
		mknod "/dev/mapper/$name" b "$maj" "$min"
	done
}

# The node's private directories, seeded from the guest's own.
node_dirs() {
	local dir=$NODES_DIR/$1
	rm -rf "$dir"
	mkdir -p "$dir/corosync" "$dir/pacemaker" "$dir/log" /var/log/cluster /var/log/pacemaker
	cp -a /var/lib/pacemaker/. "$dir/pacemaker/"
	rm -f "$dir/pacemaker/cib"/cib*
	chown -R hacluster:haclient "$dir/pacemaker" "$dir/log"
	: >"$dir/multipath.conf"
}

nodes_setup() {
	local h node n=0
	mkdir -p "$NODES_NS" /run/netns
	mountpoint -q "$NODES_NS" || mount --bind "$NODES_NS" "$NODES_NS" || return 1
	mount --make-private "$NODES_NS"
	ip link add "$NODES_BRIDGE" type bridge || return 1
	ip addr add "$NODES_NET.254/24" dev "$NODES_BRIDGE"
	ip link set "$NODES_BRIDGE" up
	for h in "$@"; do
		node=$(node_of "$h")
		n=$(node_index "$node")
		node_dirs "$node"
		ip netns add "$node" || return 1
		ip link add "veth-$h" type veth peer name eth0 netns "$node" || return 1
		ip link set "veth-$h" master "$NODES_BRIDGE" up
		ip -n "$node" addr add "$NODES_NET.$n/24" dev eth0
		ip -n "$node" link set eth0 up
		ip -n "$node" link set lo up
		rm -f "$NODES_DIR/$node/ready"
		# shellcheck disable=SC2016 # expanded by the inner shell
		nsenter --net="/run/netns/$node" -- unshare --mount --uts --propagation private \
			bash -c '. "$LAB_DIR/lib.sh"; . "$1"; node_mounts "$2" || exit 1
				 touch "$3/ready"; exec sleep infinity' _ \
			"${BASH_SOURCE[0]}" "$node" "$NODES_DIR/$node" </dev/null &
		echo $! >"$NODES_NS/$node.pid"
		e2e_wait 30 test -e "$NODES_DIR/$node/ready" || return 1
	done
}

# The corosync.conf of a cluster of NODE...: knet over the bridge, the
# default totem timeouts; two nodes get two_node (votequorum).
nodes_corosync_conf() {
	local node
	printf 'totem {\n\tversion: 2\n\tcluster_name: mpathpr-nodes\n\ttransport: knet\n'
	printf '\tcrypto_cipher: aes256\n\tcrypto_hash: sha256\n}\n\nnodelist {\n'
	for node; do
		printf '\tnode {\n\t\tring0_addr: %s\n\t\tname: %s\n\t\tnodeid: %s\n\t}\n' \
			"$(node_addr "$node")" "$node" "$(node_index "$node")"
	done
	printf '}\n\nquorum {\n\tprovider: corosync_votequorum\n'
	[ $# -ne 2 ] || printf '\ttwo_node: 1\n'
	printf '}\n\nlogging {\n\tto_stderr: no\n\tto_syslog: no\n\tto_logfile: yes\n'
	printf '\tlogfile: /var/log/cluster/corosync.log\n\ttimestamp: on\n}\n'
}

# nodes_configure NODE...: corosync.conf and one authkey for all, a seeded
# CIB in each (dc-deadtime 2 s, as for the one-node cluster).
nodes_configure() {
	local node key=$NODES_DIR/authkey
	corosync-keygen -k "$key" >/dev/null 2>&1 || return 1
	e2e_seed_cib || return 1
	for node; do
		nodes_corosync_conf "$@" >"$NODES_DIR/$node/corosync/corosync.conf"
		install -m 0400 "$key" "$NODES_DIR/$node/corosync/authkey"
		install -o hacluster -g haclient -m 0600 "$E2E_WORK/cib-seed.xml" \
			"$NODES_DIR/$node/pacemaker/cib/cib.xml"
	done
}

# node_start NODE [corosync|pacemaker]: both (or one) of its daemons, in
# the background.  NODES_PCMK_ENV: more NAME=VALUE words for Pacemaker's
# environment (timing.sh asks the fencer for its debug lines).
# shellcheck disable=SC2086 # NODES_PCMK_ENV is split into words
node_start() {
	local node=$1 dir=$NODES_DIR/$1
	[ "${2:-corosync}" != corosync ] ||
		node_exec "$node" setsid corosync -f </dev/null >"$dir/corosync.out" 2>&1 &
	[ "${2:-pacemaker}" != pacemaker ] ||
		node_exec "$node" env PCMK_logfile=/var/log/pacemaker/pacemaker.log PCMK_logfacility=none \
			${NODES_PCMK_ENV:-} setsid pacemakerd -f </dev/null >"$dir/pacemakerd.out" 2>&1 &
}

# The processes whose network namespace is NODE's, but the holder (bash
# builtins only: this runs in polling loops on a busy emulated CPU).
node_pids() {
	local pid holder
	[ -e "/run/netns/$1" ] || return 1
	holder=$(node_holder "$1")
	for pid in /proc/[0-9]*; do
		[ "${pid#/proc/}" != "$holder" ] || continue
		[[ $pid/ns/net -ef /run/netns/$1 ]] 2>/dev/null && echo "${pid#/proc/}"
	done
}

# node_comm PID: the process's name, or nothing.
node_comm() {
	local comm=""
	{ read -r comm <"/proc/$1/comm"; } 2>/dev/null
	echo "$comm"
}

# node_kill NODE: its corosync and Pacemaker daemons SIGKILLed at once, as
# a crash would leave them; the resources it ran (a writer) live on.
node_kill() {
	local pid comm kill=()
	for pid in $(node_pids "$1"); do
		comm=$(node_comm "$pid")
		case $comm in corosync | pacemakerd | pacemaker-*) kill+=("$pid") ;; esac
	done
	[ ${#kill[@]} -gt 0 ] && kill -KILL "${kill[@]}"
}

# node_kill_all NODE: every process in NODE (the node rebooting).
node_kill_all() {
	local pids
	pids=$(node_pids "$1")
	[ -z "$pids" ] || kill -KILL $pids 2>/dev/null
	sleep 0.5
}

node_link() {
	ip link set "veth-$(node_host "$1")" "$2"
}

# node_has NODE GLOB: NODE runs a process whose name matches GLOB.
node_has() {
	local pid comm
	for pid in $(node_pids "$1"); do
		comm=$(node_comm "$pid")
		# shellcheck disable=SC2053 # GLOB is a pattern
		[[ $comm == $2 ]] && return 0
	done
	return 1
}

# node_signal NODE GLOB SIGNAL: SIGNAL to NODE's processes named GLOB.
node_signal() {
	local pid comm
	for pid in $(node_pids "$1"); do
		comm=$(node_comm "$pid")
		# shellcheck disable=SC2053 # GLOB is a pattern
		[[ $comm == $2 ]] && kill "-$3" "$pid" 2>/dev/null
	done
	return 0
}

# nodes_stop NODE...: pacemakerd stopped with TERM (it stops its daemons),
# then corosync; whatever is left after 60 s is killed.
nodes_stop() {
	local node
	for node; do
		node_signal "$node" pacemakerd TERM
	done
	for node; do
		e2e_wait 60 eval "! node_has $node 'pacemaker*'" || true
		node_signal "$node" corosync TERM
	done
	for node; do
		e2e_wait 20 eval "! node_has $node corosync" || true
		node_kill_all "$node"
		kill "$(node_holder "$node")" 2>/dev/null
	done
}
