# SPDX-License-Identifier: LGPL-2.1-or-later
# shellcheck shell=bash
#
# fault.sh - real faults for lab scenarios (sourced by lib.sh).
#
# Not sysfs states: what a failing SAN does.  A portal, or one host's
# session, whose packets are silently dropped (nftables in the guest: no RST,
# SG_IO hangs until the iSCSI timeouts fire, dm still shows the path
# active); an iSCSI session logged out and in again (a new ISID, so a new
# I_T nexus without registrations); the target's portal group or one portal
# disabled in LIO's configfs; a LUN reset that leaves UNIT ATTENTIONs.  How
# the lab's iSCSI timeouts make these behave, measured: README.md, "Faults".
#
# Every fault is written to /run/mpathpr-lab/faults; lab_fault_reset (run by
# lab_reset, so between scenarios) undoes whatever is listed there and puts
# every session, path and map back.  Functions that change the path devices
# (a login makes new /dev/sdX) rewrite san.env and reload it into the
# calling shell: read lab_paths again after them.

LAB_FAULTS=/run/mpathpr-lab/faults
LAB_NFT_TABLE=mpathpr_fault
# san.sh's functions and names (san_disks, san_map_table, LAB_CFS, ...);
# it only defines things.
# shellcheck source=tests/lab/san.sh
. "$LAB_DIR/san.sh"
LAB_TPG=$LAB_CFS/iscsi/$LAB_TARGET_IQN/tpgt_1

lab_fault_note() {
	echo "$*" >>"$LAB_FAULTS"
}

# Seconds since boot, and seconds since an earlier reading (one decimal).
lab_now() {
	local t
	read -r t _ </proc/uptime
	echo "$t"
}
lab_since() {
	awk -v a="$1" -v b="$(lab_now)" 'BEGIN { printf "%.1f", b - a }'
}

# lab_past T SECS: status 0 once more than SECS (a decimal) passed since T
# (a lab_now reading); shell arithmetic in centiseconds, no process started
# (the waits ask it every 0.1-0.2 s).
lab_past() {
	local t a l
	read -r t _ </proc/uptime
	lab_centis "$t"
	t=$REPLY
	lab_centis "$1"
	a=$REPLY
	lab_centis "$2"
	l=$REPLY
	[ $((t - a)) -gt "$l" ]
}

# lab_centis N: the non-negative decimal N in hundredths, in REPLY.
lab_centis() {
	local i=${1%%.*} f=""
	[[ $1 != *.* ]] || f=${1#*.}
	f=${f}00
	REPLY=$((10#${i:-0} * 100 + 10#${f:0:2}))
}

# ---- sessions ---------------------------------------------------------------

# lab_session DEV: the iSCSI session number behind a path device.
lab_session() {
	local s
	s=$(readlink -f "/sys/block/${1#/dev/}/device" 2>/dev/null)
	s=$(echo "$s" | sed -n 's,.*/session\([0-9]*\)/.*,\1,p')
	[ -n "$s" ] && echo "$s"
}

# lab_session_of HOST PORTAL: host's session to a portal (127.0.0.2), if any.
lab_session_of() {
	local s want=lab-$1-p${2##*.}
	for s in /sys/class/iscsi_session/session*; do
		[ -e "$s" ] || continue
		[ "$(cat "$s/ifacename" 2>/dev/null)" = "$want" ] && { echo "${s##*session}"; return 0; }
	done
	return 1
}

# lab_session_state DEV|SID: LOGGED_IN, FAILED (in recovery: the SCSI
# devices are "blocked") or FREE (recovery timed out: "transport-offline").
lab_session_state() {
	local sid=$1
	case $sid in /dev/*|sd*) sid=$(lab_session "$1") ;; esac
	cat "/sys/class/iscsi_session/session$sid/state" 2>/dev/null || echo gone
}

# lab_session_devs SID: the session's path devices, one per LUN.
lab_session_devs() {
	local d
	for d in /sys/class/iscsi_session/session"$1"/device/target*/*:*:*:*/block/*; do
		[ -e "$d" ] && echo "/dev/${d##*/}"
	done
}

# lab_dev_lun DEV: the LUN number of a path device, from sysfs.
lab_dev_lun() {
	local d
	d=$(readlink -f "/sys/block/${1#/dev/}/device")
	echo "${d##*:}"
}

# lab_dev_portal DEV: the portal address of a path device, from sysfs.
lab_dev_portal() {
	cat "/sys/class/iscsi_connection/connection$(lab_session "$1"):0/persistent_address"
}

# lab_set_recovery_tmo DEV SECS: replacement_timeout of DEV's session (the
# lab's is 5 s; open-iscsi's default without multipathd is 120 s).  Only
# while the session is logged in (the kernel refuses it during recovery).
lab_set_recovery_tmo() {
	local sid f
	sid=$(lab_session "$1") || return 1
	f=/sys/class/iscsi_session/session$sid/recovery_tmo
	lab_fault_note "recovery_tmo $sid $(cat "$f")"
	echo "$2" >"$f"
}

# lab_wait_dev_state DEV STATE [SECS]: wait until the SCSI device is in STATE
# (running, blocked, transport-offline); status 1 after SECS (30).
lab_wait_dev_state() {
	local t0 limit=${3:-30} st
	read -r t0 _ </proc/uptime
	while st=""; read -r st 2>/dev/null <"/sys/block/${1#/dev/}/device/state"; [ "$st" != "$2" ]; do
		lab_past "$t0" "$limit" && return 1
		sleep 0.2
	done
}

# lab_wait_path_back DEV [SECS]: DEV's session logged in again, its devices
# running and back in their dm maps (no multipathd here to reinstate them),
# and DEV answering a PR IN: "running" in sysfs comes before the session's
# recovery ends, and a check sent then failed and read as "no key" (CI, 92).
lab_wait_path_back() {
	local sid d t0
	read -r t0 _ </proc/uptime
	sid=$(lab_session "$1") || return 1
	lab_wait_dev_state "$1" running "${2:-60}" || return 1
	for d in $(lab_session_devs "$sid"); do
		lab_reinstate "$d"
	done
	until lab_sg_run -n -i -k "$1"; do
		lab_past "$t0" "${2:-60}" && return 1
		sleep 0.2
	done
}

# ---- blackholes (nftables, input hook: the packets are sent, never arrive) --

lab_nft_init() {
	nft list table inet "$LAB_NFT_TABLE" >/dev/null 2>&1 && return 0
	nft -f - <<-EOF
	table inet $LAB_NFT_TABLE {
		chain input { type filter hook input priority filter; policy accept; }
	}
	EOF
}

# lab_nft_drop TAG RULE...: add a drop rule commented TAG.
lab_nft_drop() {
	local tag=$1
	shift
	lab_nft_init || return 1
	nft add rule inet "$LAB_NFT_TABLE" input "$@" drop comment "\"$tag\""
}

# lab_nft_del TAG: delete the rules commented TAG.
lab_nft_del() {
	local h
	for h in $(nft -a list chain inet "$LAB_NFT_TABLE" input 2>/dev/null |
		   sed -n "s/.*comment \"$1\" # handle \([0-9]*\)$/\1/p"); do
		nft delete rule inet "$LAB_NFT_TABLE" input handle "$h"
	done
}

# PORTAL as 127.0.0.2 or 127.0.0.2:3260 -> "127.0.0.2 3260".
lab_portal_split() {
	local ip=${1%:*} port=3260
	[ "$ip" = "$1" ] || port=${1##*:}
	echo "$ip $port"
}

# lab_blackhole PORTAL: drop every packet to and from a portal (127.0.0.2 or
# 127.0.0.2:3260), for every host: the sessions over it see silence (no RST),
# SG_IO on their paths hangs until the NOP-Out timeout (5-10 s in the lab),
# then blocks until replacement_timeout (5 s), then fails at once.
lab_blackhole() {
	local ip port
	read -r ip port <<<"$(lab_portal_split "$1")"
	lab_nft_drop "blackhole $ip:$port" ip daddr "$ip" tcp dport "$port" || return 1
	lab_nft_drop "blackhole $ip:$port" ip saddr "$ip" tcp sport "$port" || return 1
	lab_fault_note "blackhole $ip:$port"
}

# lab_unblackhole PORTAL: let the portal's packets through again (iscsid
# logs the sessions back in within seconds: lab_wait_path_back).
lab_unblackhole() {
	local ip port
	read -r ip port <<<"$(lab_portal_split "$1")"
	lab_nft_del "blackhole $ip:$port"
	sed -i "/^blackhole $ip:$port\$/d" "$LAB_FAULTS"
}

# lab_blackhole_session DEV: drop the packets of the one iSCSI session behind
# DEV (one host, one portal: that host's path to every LUN over that
# portal), matched by its TCP connection's initiator port, and every new
# connection to that portal (so the session cannot log in again; nor can
# another host's session to that portal while this holds).
lab_blackhole_session() {
	local sid c ip port lport
	sid=$(lab_session "$1") || { echo "lab_blackhole_session: no session for $1" >&2; return 1; }
	c=/sys/class/iscsi_connection/connection$sid:0
	ip=$(cat "$c/persistent_address") port=$(cat "$c/persistent_port")
	lport=$(cat "$c/local_port")
	lab_nft_drop "session $sid" ip daddr "$ip" tcp dport "$port" tcp sport "$lport" || return 1
	lab_nft_drop "session $sid" ip saddr "$ip" tcp sport "$port" tcp dport "$lport" || return 1
	lab_nft_drop "session $sid" ip daddr "$ip" tcp dport "$port" \
		tcp flags '&' '(syn|ack)' == syn || return 1
	lab_fault_note "session $sid"
}

# lab_unblackhole_session DEV|SID: the session's packets flow again.
lab_unblackhole_session() {
	local sid=$1
	case $sid in /dev/*|sd*) sid=$(lab_session "$1") ;; esac
	lab_nft_del "session $sid"
	sed -i "/^session $sid\$/d" "$LAB_FAULTS"
}

# lab_unblackhole_all: every blackhole gone.
lab_unblackhole_all() {
	nft delete table inet "$LAB_NFT_TABLE" 2>/dev/null
	sed -i '/^blackhole /d; /^session /d' "$LAB_FAULTS" 2>/dev/null
	return 0
}

# ---- dm maps that follow the sessions, as multipathd would ------------------

# lab_map_set_paths MAP DEV...: reload a host's map with exactly these paths.
lab_map_set_paths() {
	local name=${1##*/} size table err
	shift
	size=$(dmsetup table "$name" | awk '{ print $2 }')
	table=$(san_map_table "$size" "$@") || return 1
	# (stderr kept for failures: libdevmapper notes that udev runs when a
	# scenario started one, though DM_DISABLE_UDEV is set)
	err=$( { dmsetup reload "$name" --table "$table" && dmsetup resume "$name"; } 2>&1) ||
		{ echo "$err" >&2; return 1; }
}

# lab_map_devs MAP: the path devices in a map's dm table, in table order.
lab_map_devs() {
	local n d
	for n in $(dmsetup table "${1##*/}" | grep -o '[0-9]\+:[0-9]\+'); do
		d=$(readlink "/sys/dev/block/$n" 2>/dev/null) && echo "/dev/${d##*/}"
	done
}

# lab_env_refresh: rewrite san.env from the sessions and dm tables, load it
# (keeping the LUNs lab_grow_luns chose for this shell).
lab_env_refresh() {
	san_write_env
	# shellcheck disable=SC1091
	. /run/mpathpr-lab/san.env
	[ -z "${LAB_GROWN:-}" ] || lab_use_luns "$LAB_GROWN"
}

# lab_use_luns N: LAB_LUN_NAMES and LAB_MAPS_<h> list the first N LUNs.
lab_use_luns() {
	local i h l
	LAB_LUN_NAMES=$(for ((i = 0; i < $1; i++)); do printf 'lun%d ' $i; done)
	LAB_LUN_NAMES=${LAB_LUN_NAMES% }
	for h in $LAB_HOSTS; do
		printf -v "LAB_MAPS_$h" '%s' \
			"$(for l in $LAB_LUN_NAMES; do printf '/dev/mapper/%s-%s ' "$h" "$l"; done | sed 's/ $//')"
	done
}

# lab_logout DEV: log out the iSCSI session behind DEV (one host, one portal,
# every LUN).  The session's paths leave the host's maps first, as
# multipathd takes a removed path out of its map; then the SCSI devices
# are gone.
lab_logout() {
	local sid h portal d map keep x gone
	sid=$(lab_session "$1") || { echo "lab_logout: no session for $1" >&2; return 1; }
	h=$(cat "/sys/class/iscsi_session/session$sid/ifacename")
	h=${h#lab-}
	h=${h%-p*}
	portal=$(lab_dev_portal "$1")
	gone=$(lab_session_devs "$sid")
	for d in $gone; do
		[ "$h" != "${LAB_MPATHD_HOST:-}" ] || break
		map=$(lab_map "$h" "lun$(lab_dev_lun "$d")")
		keep=()
		for x in $(lab_map_devs "$map"); do
			[ "$x" = "$d" ] || keep+=("$x")
		done
		lab_map_set_paths "$map" "${keep[@]}" || return 1
	done
	iscsiadm -m session -r "$sid" -u >/dev/null || return 1
	# multipathd (multipathd.sh) takes the removed paths out of its maps
	[ "$h" != "${LAB_MPATHD_HOST:-}" ] || lab_multipathd_wait 60 ||
		echo "lab_logout: multipathd did not take $gone out of $h's maps" >&2
	lab_fault_note "logout $h $portal"
	lab_env_refresh
}

# lab_login HOST PORTAL: log host in to a portal (127.0.0.2) again: a new
# session, so a new ISID and a new I_T nexus, with no registration; its path
# devices (new /dev/sdX, also in LAB_LOGIN_DEVS) join the host's maps in
# portal order.  Call it directly, not in $(...): it reloads san.env.
lab_login() {
	local h=$1 portal=${2%:*} sid i d map devs n
	iscsiadm -m node -T "$LAB_TARGET_IQN" -p "$portal:3260" -I "lab-$h-p${portal##*.}" \
		--login >/dev/null || return 1
	sid=$(lab_session_of "$h" "$portal") || return 1
	for ((i = 0; i < 150; i++)); do
		n=$(lab_session_devs "$sid" | wc -l)
		[ "$n" -ge "$(san_luns_total)" ] && break
		sleep 0.2
	done
	LAB_LOGIN_DEVS=""
	for d in $(lab_session_devs "$sid"); do
		lab_wait_dev_state "$d" running 30
		LAB_LOGIN_DEVS="$LAB_LOGIN_DEVS $d"
		# multipathd (multipathd.sh) adds the new paths to its maps
		[ "$h" != "${LAB_MPATHD_HOST:-}" ] || continue
		map=$(lab_map "$h" "lun$(lab_dev_lun "$d")")
		# shellcheck disable=SC2207
		devs=($( { lab_map_devs "$map"; echo "$d"; } | sort -u |
			 while read -r x; do echo "$(lab_dev_portal "$x") $x"; done |
			 sort -V | awk '{ print $2 }'))
		lab_map_set_paths "$map" "${devs[@]}" || return 1
	done
	LAB_LOGIN_DEVS=${LAB_LOGIN_DEVS# }
	[ "$h" != "${LAB_MPATHD_HOST:-}" ] || lab_multipathd_wait 60 ||
		echo "lab_login: multipathd did not put $LAB_LOGIN_DEVS in $h's maps" >&2
	sed -i "/^logout $h $portal\$/d" "$LAB_FAULTS"
	lab_env_refresh
}

# lab_relogin DEV: lab_logout DEV, then lab_login again to the same portal.
lab_relogin() {
	local h portal
	h=$(lab_path_host "$1") portal=$(lab_dev_portal "$1")
	lab_logout "$1" && lab_login "$h" "$portal"
}

# ---- the target: portal group, portals, LUN reset ---------------------------

# lab_tpg_disable / lab_tpg_enable: the target's only portal group off and
# on (configfs enable): LIO closes every session at once; iscsid retries the
# logins ("Unable to locate Target Portal Group") until the group is back.
lab_tpg_disable() {
	echo 0 >"$LAB_TPG/enable" && lab_fault_note tpg
}
lab_tpg_enable() {
	echo 1 >"$LAB_TPG/enable" && sed -i '/^tpg$/d' "$LAB_FAULTS"
}

# lab_portal_disable PORTAL / lab_portal_enable PORTAL: one portal's network
# portal removed from the TPG (configfs np), and its live connections reset
# (ss -K: removing a portal does not end its sessions in LIO); the sessions
# over it fail fast (RST, then "connection refused") and log in again once
# it is back.
lab_portal_disable() {
	local ip port
	read -r ip port <<<"$(lab_portal_split "$1")"
	rmdir "$LAB_TPG/np/$ip:$port" || return 1
	lab_fault_note "portal $ip:$port"
	ss -K dst "$ip" dport = "$port" >/dev/null
}
lab_portal_enable() {
	local ip port
	read -r ip port <<<"$(lab_portal_split "$1")"
	mkdir "$LAB_TPG/np/$ip:$port" && sed -i "/^portal $ip:$port\$/d" "$LAB_FAULTS"
}

# lab_lun_reset DEV: a LOGICAL UNIT RESET task management function sent
# through DEV's session (sg_reset -d).  LIO aborts the LU's tasks and
# queues a UNIT ATTENTION (29/03, bus device reset function occurred) for
# every initiator of the LU, the sender included: one per initiator name
# and LUN, which the first command from any of that host's paths receives.
lab_lun_reset() {
	sg_reset -d "$1" >/dev/null 2>&1 || return 1
	lab_fault_note "reset"
}

# lab_sg_ua DEV: TEST UNIT READY through DEV; prints the UNIT ATTENTION it
# got ("ua: Bus device reset function occurred") or "none".  It consumes it.
lab_sg_ua() {
	sg_turs -v "$1" 2>&1 | awk '
		/Unit Attention/ { ua = 1 }
		/Additional sense:/ { s = $0; sub(/.*Additional sense: */, "", s) }
		END { print ua ? "ua: " s : "none" }'
}

# lab_clear_ua: consume every pending UNIT ATTENTION (TEST UNIT READY
# through every path of every map).
lab_clear_ua() {
	local h lun d
	for h in $LAB_HOSTS; do
		for lun in ${LAB_LUN_NAMES_ALL:-$LAB_LUN_NAMES}; do
			for d in $(lab_paths "$h" "$lun"); do
				sg_turs "$d" >/dev/null 2>&1 || sg_turs "$d" >/dev/null 2>&1
			done
		done
	done
	return 0
}

# ---- topology ----------------------------------------------------------------

# lab_grow_luns N: at least N LUNs for the rest of the boot: new fileio LUNs
# on the target, a rescan of every session, a map per host for each.  In
# the calling shell LAB_LUN_NAMES and LAB_MAPS_<h> then list the first N
# LUNs; other scenarios keep the boot's LUNS (san.env's LAB_LUN_NAMES).
lab_grow_luns() {
	local want=$1 have i n
	have=$(san_luns_total)
	if [ "$have" -lt "$want" ]; then
		for ((i = have; i < want; i++)); do
			san_add_lun "$i" || return 1
		done
		iscsiadm -m session -R >/dev/null || return 1
		for ((i = 0; i < 300; i++)); do
			n=$(san_disks | wc -l)
			[ "$n" -ge $((NODES * PATHS * want)) ] && break
			sleep 0.2
		done
		[ "$n" -ge $((NODES * PATHS * want)) ] ||
			{ echo "lab_grow_luns: $n of $((NODES * PATHS * want)) disks" >&2; return 1; }
		san_maps "$have" >/dev/null || return 1
		lab_env_refresh
		# The new LUNs left REPORTED LUNS DATA HAS CHANGED on the old ones.
		lab_clear_ua
	fi
	LAB_GROWN=$want
	lab_use_luns "$want"
}

# ---- bounded runs ---------------------------------------------------------------

# lab_run_bounded SECS COMMAND...: run COMMAND with its output in
# LAB_RUN_OUT, its status in LAB_RUN_RC and its wall time in LAB_RUN_SECS.
# If it is still running after SECS, every blackhole is lifted (a thread in
# SG_IO on a hung path holds its process until the I/O ends: SIGKILL alone
# does not end it), it gets 30 s more, then SIGKILL; LAB_RUN_TIMEDOUT=1.
# shellcheck disable=SC2034 # LAB_RUN_* are for the scenarios
lab_run_bounded() {
	local limit=$1 t0 pid f
	shift
	f=$(mktemp)
	t0=$(lab_now)
	LAB_RUN_TIMEDOUT=0
	"$@" >"$f" 2>&1 &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		if awk -v a="$t0" -v b="$(lab_now)" -v l="$limit" 'BEGIN { exit !(b - a > l) }'; then
			LAB_RUN_TIMEDOUT=1
			lab_unblackhole_all
			timeout 30 tail --pid="$pid" -f /dev/null
			kill -9 "$pid" 2>/dev/null
			break
		fi
		sleep 0.1
	done
	wait "$pid"
	LAB_RUN_RC=$?
	LAB_RUN_SECS=$(lab_since "$t0")
	LAB_RUN_OUT=$(cat "$f")
	rm -f "$f"
}

# ---- between scenarios -----------------------------------------------------------

# lab_fault_reset: undo every fault in /run/mpathpr-lab/faults: blackholes
# lifted, portal group and portals enabled, logged-out sessions logged in,
# replacement timeouts restored; then every session logged in, every device
# running, every map over its host's current paths with all of them active,
# san.env rewritten, no UNIT ATTENTION left.  Nothing to do (and nothing
# done) when no fault was made.
lab_fault_reset() {
	local what a b h p sid d map want have i
	[ -s "$LAB_FAULTS" ] || return 0
	lab_unblackhole_all
	[ "$(cat "$LAB_TPG/enable")" = 1 ] || echo 1 >"$LAB_TPG/enable"
	for ((p = 1; p <= PATHS; p++)); do
		[ -e "$LAB_TPG/np/127.0.0.$p:3260" ] || mkdir "$LAB_TPG/np/127.0.0.$p:3260"
	done
	# Wait for the sessions iscsid is recovering, before anything else.
	for sid in /sys/class/iscsi_session/session*; do
		sid=${sid##*session}
		for ((i = 0; i < 150; i++)); do
			[ "$(lab_session_state "$sid")" = LOGGED_IN ] && break
			sleep 0.2
		done
	done
	while read -r what a b; do
		[ "$what" = recovery_tmo ] || continue
		echo "$b" >"/sys/class/iscsi_session/session$a/recovery_tmo" 2>/dev/null
	done <"$LAB_FAULTS"
	: >"$LAB_FAULTS"
	for h in $LAB_HOSTS; do
		for ((p = 1; p <= PATHS; p++)); do
			lab_session_of "$h" "127.0.0.$p" >/dev/null ||
				lab_login "$h" "127.0.0.$p" ||
				echo "lab_fault_reset: cannot log $h in to 127.0.0.$p" >&2
		done
	done
	# Every map over exactly its host's current paths, all reinstated.
	for h in $LAB_HOSTS; do
		for ((i = 0; i < $(san_luns_total); i++)); do
			map=$(lab_map "$h" "lun$i")
			want=()
			for ((p = 1; p <= PATHS; p++)); do
				sid=$(lab_session_of "$h" "127.0.0.$p") || continue
				for d in $(lab_session_devs "$sid"); do
					[ "$(lab_dev_lun "$d")" = "$i" ] || continue
					lab_wait_dev_state "$d" running 30 ||
						echo "lab_fault_reset: $d is $(lab_dev_state "$d")" >&2
					want+=("$d")
				done
			done
			have=$(lab_map_devs "$map" | tr '\n' ' ')
			[ "${have% }" = "${want[*]}" ] || lab_map_set_paths "$map" "${want[@]}"
			for d in "${want[@]}"; do
				dmsetup message "${map##*/}" 0 reinstate_path \
					"$(cat "/sys/block/${d#/dev/}/dev")" >/dev/null 2>&1
			done
		done
	done
	lab_env_refresh
	lab_clear_ua
	: >"$LAB_FAULTS"
}
