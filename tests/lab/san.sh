# SPDX-License-Identifier: LGPL-2.1-or-later
# shellcheck shell=bash
#
# san.sh - build the SAN inside the lab guest (sourced by guest-main).
#
# One LIO iSCSI target on loopback, one TPG with a portal per path
# (127.0.0.1:3260, 127.0.0.2:3260, ...) and LUNS fileio LUNs; NODES initiator
# "hosts" a, b, ... each with its own initiator name (one open-iscsi iface per
# host and portal), so every host reaches every LUN over PATHS sessions; one
# dm-multipath map per host and LUN, /dev/mapper/<host>-lun<N>.  The result
# is written as shell variables to $LAB_SAN_ENV for lib.sh.

LAB_TARGET_IQN=iqn.2003-01.org.mpathpr.lab:san
LAB_IQN_PREFIX=iqn.2003-01.org.mpathpr.lab:host-
LAB_CFS=/sys/kernel/config/target
LAB_SAN_ENV=/run/mpathpr-lab/san.env

san_hosts() {
	local i
	for ((i = 0; i < NODES; i++)); do
		printf '%s\n' "$(printf "\\x$(printf %x $((97 + i)))")"
	done
}

# A host's reservation key: its letter 16 times when that is hex
# (0xaaaaaaaaaaaaaaaa for a), else 0x00000000000000<index>.
san_key() {
	local h=$1 i
	case $h in
	[a-f]) printf '0x%s\n' "$(printf "%.0s$h" {1..16})" ;;
	*) i=$(($(printf '%d' "'$h") - 96)); printf '0x%016x\n' "$i" ;;
	esac
}

# san_add_lun I: fileio backstore lun<I> and LUN I of the target's TPG
# (san_target at boot; lab_grow_luns in fault.sh adds LUNs later).
san_add_lun() {
	local i=$1 d f t size=$((LAB_LUN_MB * 1024 * 1024))
	t=$LAB_CFS/iscsi/$LAB_TARGET_IQN/tpgt_1
	f=/var/lib/mpathpr-lab/lun$i.img
	truncate -s "$size" "$f"
	d=$LAB_CFS/core/fileio_0/lun$i
	mkdir "$d" || return 1
	echo "fd_dev_name=$f,fd_dev_size=$size" >"$d/control"
	# Before enable, or the VPD pages (and so the WWID) are missing.
	printf 'c0ffee%06d\n' "$i" >"$d/wwn/vpd_unit_serial"
	echo 1 >"$d/enable"
	mkdir "$t/lun/lun_$i"
	ln -s "$d" "$t/lun/lun_$i/lab_lun$i"
}

# How many LUNs the target has now (LUNS at boot, more after lab_grow_luns).
san_luns_total() {
	local l n=0
	for l in "$LAB_CFS/iscsi/$LAB_TARGET_IQN/tpgt_1/lun"/lun_*; do
		[ -e "$l" ] && n=$((n + 1))
	done
	echo "$n"
}

san_target() {
	local i t p
	mkdir -p /etc/target/pr /var/target/pr /var/lib/mpathpr-lab
	t=$LAB_CFS/iscsi/$LAB_TARGET_IQN/tpgt_1
	mkdir -p "$LAB_CFS/core/fileio_0" "$t"
	for ((i = 0; i < LUNS; i++)); do
		san_add_lun "$i" || return 1
	done
	for ((p = 1; p <= PATHS; p++)); do
		mkdir "$t/np/127.0.0.$p:3260"
	done
	# Any initiator may log in (dynamic ACLs), read-write, no CHAP.
	echo 1 >"$t/attrib/generate_node_acls"
	echo 1 >"$t/attrib/cache_dynamic_acls"
	echo 0 >"$t/attrib/demo_mode_write_protect"
	echo 0 >"$t/attrib/authentication"
	echo 1 >"$t/enable"
}

san_iscsid() {
	mkdir -p /run/lock/iscsi /var/lib/iscsi /etc/iscsi
	# Records the host may have are not ours (this is the overlay, the host
	# is untouched).
	rm -rf /etc/iscsi/nodes /etc/iscsi/send_targets /etc/iscsi/ifaces
	mkdir -p /etc/iscsi/nodes /etc/iscsi/send_targets /etc/iscsi/ifaces
	echo "InitiatorName=${LAB_IQN_PREFIX}default" >/etc/iscsi/initiatorname.iscsi
	iscsid || return 1
	# iscsiadm talks to iscsid over an abstract socket: wait until it answers
	# (exit 21, "no active sessions", instead of 20, "cannot connect").
	local n
	for ((n = 0; n < 100; n++)); do
		iscsiadm -m session >/dev/null 2>&1
		[ $? -ne 20 ] && return 0
		sleep 0.1
	done
	return 1
}

# One iface per host and portal; SendTargets (which returns every portal)
# makes a record per portal and iface, and each host logs in to exactly the
# (portal, its iface for that portal) pairs.
san_initiators() {
	local h p iface ifaces=() pids=() rc=0
	for h in $(san_hosts); do
		for ((p = 1; p <= PATHS; p++)); do
			iface=lab-$h-p$p
			iscsiadm -m iface -I "$iface" -o new >/dev/null
			iscsiadm -m iface -I "$iface" -o update \
				-n iface.initiatorname -v "$LAB_IQN_PREFIX$h" >/dev/null
			ifaces+=(-I "$iface")
		done
	done
	iscsiadm -m discovery -t st -p 127.0.0.1:3260 "${ifaces[@]}" >/dev/null || return 1
	# The timeouts that decide how a dead path behaves (README.md, "Faults"),
	# set here so that the host's iscsid.conf does not change the lab: a
	# NOP-Out every 5 s when the connection is idle, 5 s for its answer
	# (a silent portal is noticed 5-10 s after its last packet, the session
	# is then blocked); replacement_timeout 5 (multipathd's default
	# fast_io_fail_tmo, which it writes there): after 5 s blocked, I/O fails
	# at once (device "transport-offline") instead of queueing for 2 min.
	local n v
	for n in node.session.timeo.replacement_timeout=5 \
		 node.conn[0].timeo.noop_out_interval=5 \
		 node.conn[0].timeo.noop_out_timeout=5 \
		 node.conn[0].timeo.login_timeout=15; do
		v=${n#*=}
		iscsiadm -m node -o update -n "${n%%=*}" -v "$v" >/dev/null || return 1
	done
	for h in $(san_hosts); do
		for ((p = 1; p <= PATHS; p++)); do
			iscsiadm -m node -T "$LAB_TARGET_IQN" -p "127.0.0.$p:3260" \
				-I "lab-$h-p$p" --login >/dev/null &
			pids+=($!)
		done
	done
	for p in "${pids[@]}"; do
		wait "$p" || rc=1
	done
	return $rc
}

# Print "host portal lun /dev/sdX session-number" for every SCSI disk of every session.
# Shell builtins only: the waits poll it, and every process started in the
# emulated guest costs tens of milliseconds.
san_disks() {
	local s sid h addr d hctl
	for s in /sys/class/iscsi_session/session*; do
		[ -e "$s" ] || continue
		sid=${s##*session}
		h="" addr=""
		read -r h <"$s/initiatorname"
		h=${h#"$LAB_IQN_PREFIX"}
		read -r addr 2>/dev/null <"/sys/class/iscsi_connection/connection$sid:0/persistent_address"

		for d in "$s"/device/target*/*:*:*:*/block/*; do
			[ -e "$d" ] || continue
			hctl=${d%/block/*}
			hctl=${hctl##*/}
			echo "$h $addr ${hctl##*:} /dev/${d##*/} $sid"
		done
	done
}

san_wait_disks() {
	local want=$((NODES * PATHS * LUNS)) n i
	for ((i = 0; i < 300; i++)); do
		n=$(san_disks | wc -l)
		[ "$n" -ge "$want" ] && return 0
		sleep 0.1
	done
	echo "san: $n of $want disks appeared" >&2
	san_disks >&2
	return 1
}

# The multipath WWID of a disk as multipathd names it ("3" + NAA).
san_wwid() {
	local w
	read -r w <"/sys/block/${1#/dev/}/device/wwid" || return 1
	case $w in
	naa.*) echo "3${w#naa.}" ;;
	*) echo "$w" | tr ' ' _ ;;
	esac
}

# san_map_table SIZE DEV...: the dm-multipath table of a map over DEVs (in
# that order); no DEV: a map without paths (multipathd keeps those too).
san_map_table() {
	local size=$1 dev n table
	shift
	if [ $# -eq 0 ]; then
		echo "0 $size multipath 0 0 0 0"
		return
	fi
	table="0 $size multipath 0 0 1 1 round-robin 0 $# 1"
	for dev; do
		read -r n <"/sys/block/${dev#/dev/}/dev" || return 1
		table="$table $n 1000"
	done
	echo "$table"
}

# san_map_create HOST I DEV...: host's map for LUN I over DEVs.
san_map_create() {
	local h=$1 i=$2 size wwid uuid
	shift 2
	size=$(blockdev --getsz "$1") || return 1
	wwid=$(san_wwid "$1")
	# dm UUIDs are unique, so only the first host's map carries the UUID
	# multipathd would give it; the others add -<host>.
	uuid=mpath-$wwid
	[ "$h" = "$(san_hosts | head -n1)" ] || uuid=$uuid-$h
	dmsetup create "$h-lun$i" --uuid "$uuid" --table "$(san_map_table "$size" "$@")"
}

# san_maps [FIRST]: a map per host and LUN from LUN FIRST (0) on.
san_maps() {
	local first=${1:-0} h i p dev devs line total
	local -A pathdev
	total=$(san_luns_total)
	while read -r line; do
		set -- $line
		pathdev[$1,$2,$3]=$4
	done < <(san_disks)
	for h in $(san_hosts); do
		for ((i = first; i < total; i++)); do
			devs=()
			for ((p = 1; p <= PATHS; p++)); do
				dev=${pathdev[$h,127.0.0.$p,$i]:-}
				[ -n "$dev" ] || { echo "san: no disk for $h 127.0.0.$p lun $i" >&2; return 1; }
				devs+=("$dev")
			done
			san_map_create "$h" "$i" "${devs[@]}" || return 1
		done
	done
	dmsetup mknodes
}

# The path devices of every map, read back from the dm tables (so that they
# stay true when fault.sh takes a path out of a map or puts a new one in).
# One dmsetup call and shell builtins: at 64 LUNs this runs for 128 maps.
san_paths_env() {
	local d n name rest w devs first
	local -A node
	for d in /sys/block/sd*; do
		[ -e "$d/dev" ] || continue
		read -r n <"$d/dev"
		node[$n]=/dev/${d##*/}
	done
	first=$(san_hosts | head -n1)
	while read -r name rest; do
		name=${name%:}
		[[ $name =~ ^[a-z]+-lun[0-9]+$ ]] || continue
		devs=""
		for w in $rest; do
			[[ $w =~ ^[0-9]+:[0-9]+$ ]] && [ -n "${node[$w]:-}" ] && devs="$devs ${node[$w]}"
		done
		devs=${devs# }
		echo "export LAB_PATHS_${name%%-*}_${name#*-}=\"$devs\""
		[ "${name%%-*}" != "$first" ] || [ -z "$devs" ] ||
			echo "export LAB_WWID_${name#*-}=$(san_wwid "${devs%% *}")"
	done < <(dmsetup table)
}

# The SAN as shell variables for lib.sh (LAB_SAN_ENV), written at boot and
# again by fault.sh whenever a path or a LUN comes or goes.  LAB_LUN_NAMES
# and LAB_MAPS_<h> stay the boot's LUNS; LAB_LUN_NAMES_ALL and
# LAB_MAPS_ALL_<h> also list LUNs lab_grow_luns added.
san_write_env() {
	local h i maps all line total names
	total=$(san_luns_total)
	{
		echo "export LAB_HOSTS=\"$(san_hosts | tr '\n' ' ' | sed 's/ $//')\""
		names=$(for ((i = 0; i < LUNS; i++)); do printf 'lun%d ' $i; done)
		echo "export LAB_LUN_NAMES=\"${names% }\""
		names=$(for ((i = 0; i < total; i++)); do printf 'lun%d ' $i; done)
		echo "export LAB_LUN_NAMES_ALL=\"${names% }\" LAB_LUNS_ALL=$total"
		echo "export LAB_TARGET_IQN=$LAB_TARGET_IQN"
		for h in $(san_hosts); do
			maps="" all=""
			for ((i = 0; i < total; i++)); do
				[ $i -ge "$LUNS" ] || maps="$maps /dev/mapper/$h-lun$i"
				all="$all /dev/mapper/$h-lun$i"
			done
			echo "export LAB_MAPS_$h=\"${maps# }\" LAB_MAPS_ALL_$h=\"${all# }\""
			echo "export LAB_IQN_$h=$LAB_IQN_PREFIX$h"
			echo "export LAB_KEY_$h=$(san_key "$h")"
		done
		# The initiator port as READ FULL STATUS shows it: open-iscsi's
		# ISID is 0x00023d000000 + the session number.
		san_disks | while read -r h p i line sid; do
			printf 'export LAB_HOST_%s=%s LAB_PORTAL_%s=%s LAB_LUN_%s=lun%s LAB_NEXUS_%s=%s%s,i,0x%012x\n' \
				"${line#/dev/}" "$h" "${line#/dev/}" "$p" "${line#/dev/}" "$i" \
				"${line#/dev/}" "$LAB_IQN_PREFIX" "$h" $((0x00023d000000 + sid))
		done
		san_paths_env
	} >"$LAB_SAN_ENV.tmp" && mv "$LAB_SAN_ENV.tmp" "$LAB_SAN_ENV"
}

san_setup() {
	mkdir -p /run/mpathpr-lab
	ip link set lo up
	san_target || { echo "san: target setup failed" >&2; return 1; }
	san_iscsid || { echo "san: iscsid did not start" >&2; return 1; }
	san_initiators || { echo "san: iSCSI login failed" >&2; return 1; }
	san_wait_disks || return 1
	san_maps || { echo "san: dm maps failed" >&2; return 1; }
	san_write_env
}
