#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# fence-agents' own watchdog checks on fence_mpathpr's store.  A node moved
# from fence_mpath keeps its watchdog test binary, fence_mpath_check or
# fence_mpath_check_hardreboot (/usr/share/cluster, python): it reads
# /var/run/cluster/mpath.devices and looks for each key in what follows "0x"
# in `mpathpersist -i -k`.  fence_mpathpr `on` writes that file; before and
# after b fences a, fence-agents' checks must give the verdicts
# fence_mpathpr_check and fence_mpathpr_check_hardreboot give.
#
# The _hardreboot checks call reboot(2) (RB_AUTOBOOT, 0x1234567) once they
# find the node fenced.  Here every check runs as init of a PID namespace of
# its own: there the kernel turns that reboot into the end of the namespace,
# its init killed by SIGHUP (reboot(2), pid_namespaces(7)), which unshare
# passes on: status 129 means "rebooted".  The verdict is observed; the
# guest keeps running.
. "$LAB_DIR/lib.sh"
. "$LAB_DIR/agent.sh"

FM=/usr/share/cluster
for t in "$FM/fence_mpath_check" "$FM/fence_mpath_check_hardreboot" /usr/sbin/mpathpersist; do
	[ -x "$t" ] || { echo "FAIL: $t is missing (tests/install-deps installs fence-agents)"; exit 1; }
done

# Keys as a fence_mpath configuration spells them (plug without 0x), short
# enough that padding would show.
ka=0xa1 kb=0xb2

# fence_mpathpr's check modes are told apart by argv[0] (see 79-agent-check).
dir=/run/mpathpr-lab-agent80
lab_agent_link "$dir" fence_mpathpr_check fence_mpathpr_check_hardreboot

# watchdog HOST CHECK [ARGS]: CHECK as the watchdog on HOST runs it: HOST's
# store at /var/run/cluster (fence_mpath_check knows no other place) in a
# mount namespace, CHECK the init of a new PID namespace.  Nothing runs
# unless it really is (a reboot() elsewhere would be the guest's).
watchdog() {
	local store=/run/mpathpr-$1
	shift
	mkdir -p "$store"
	# shellcheck disable=SC2016 # expanded by the inner shell
	unshare --mount --pid --fork sh -c '
		[ "$$" = 1 ] || { echo "not the init of a new PID namespace: $1 not run" >&2; exit 99; }
		mkdir -p /var/run/cluster && mount --bind "$0" /var/run/cluster || exit 98
		exec "$@"' "$store" "$@"
}

# mpathpersist finds a map's paths in the udev database (as tests/bench does
# for fence_mpath): run udevd once over host a's maps and paths, then stop
# it.  Host a's maps carry multipathd's dm UUID (mpath-<wwid>), so
# mpathpersist takes them; host b's do not (dm UUIDs are unique), so
# fence-agents' checks are only asked about a.  Only a's devices: the rules
# for b's maps make device-mapper fail every path of them (seen in the lab:
# "Failing path" for each, no I/O error).
lab_step "udev database for mpathpersist (host $a's maps and paths)"
lab_udev_db "$a"

lab_step "what 129 means: reboot(2) as the init of a PID namespace of its own"
assert_status 129 "reboot(RB_AUTOBOOT) from python's ctypes, as fence_mpath_check_hardreboot calls it" -- \
	watchdog "$a" python3 -c 'import ctypes; ctypes.CDLL("libc.so.6").reboot(0x1234567)'

lab_step "$a and $b unfence with fence_mpathpr on (plugs a1 and 0xb2)"
assert_agent 0 "-o on -n a1 as $a" "$a" -o on -d "$(devices "$a")" -n a1
assert_agent 0 "-o on -n 0xb2 as $b" "$b" -o on -d "$(devices "$b")" -n 0xb2
for lun in $LAB_LUN_NAMES; do
	assert_keys_on_all_paths "$a" "$lun" "$ka"
	assert_keys_on_all_paths "$b" "$lun" "$kb"
done
want=$(for m in $(lab_maps "$a"); do printf '%s\ta1\n' "$m"; done)
assert_eq "$want" "$(cat "/run/mpathpr-$a/mpath.devices")" \
	"$a's store: one <map><TAB>a1 line per map, as fence_mpath writes it"
lab_info "$a's store: $(tr '\t\n' ' ;' <"/run/mpathpr-$a/mpath.devices")"
out=$(mpathpersist -i -k -d "$(lab_map "$a" lun0)" 2>&1)
n=$(printf '%s\n' "$out" | grep -c -x '[[:space:]]*0xa1[[:space:]]*')
np=$(lab_paths "$a" lun0 | wc -w)
assert_eq "$np" "$n" "mpathpersist -i -k prints a's key as 0xa1, once per path: the text fence_mpath_check compares"
[ "$n" = "$np" ] || printf '%s\n' "$out" | sed 's/^/     | /'

lab_step "before the fence: a is registered, every check lets it run"
assert_status 0 "fence_mpath_check as $a" -- watchdog "$a" "$FM/fence_mpath_check"
assert_status 0 "fence_mpath_check_hardreboot as $a (no reboot)" -- \
	watchdog "$a" "$FM/fence_mpath_check_hardreboot"
assert_status 0 "fence_mpathpr_check as $a" -- watchdog "$a" "$dir/fence_mpathpr_check"
assert_status 0 "fence_mpathpr_check_hardreboot as $a (no reboot)" -- \
	watchdog "$a" "$dir/fence_mpathpr_check_hardreboot"

lab_step "the store as fence_mpathpr wrote it before (0x + 16 digits): fence_mpath_check misreads it"
mkdir -p "/run/mpathpr-$a-padded"
sed 's/\ta1$/\t0x00000000000000a1/' "/run/mpathpr-$a/mpath.devices" \
	>"/run/mpathpr-$a-padded/mpath.devices"
assert_status 2 "fence_mpath_check on the padded store: 'fenced' although a is registered" -- \
	watchdog "$a-padded" "$FM/fence_mpath_check"
assert_status 0 "fence_mpathpr_check reads the padded store" -- \
	watchdog "$a-padded" "$dir/fence_mpathpr_check"

lab_step "$b fences $a (off -n a1)"
assert_agent 0 "-o off -n a1 as $b" "$b" -o off -d "$(devices "$b")" -n a1
for lun in $LAB_LUN_NAMES; do
	assert_keys_on_all_paths "$a" "$lun" none
	assert_keys_on_all_paths "$b" "$lun" "$kb"
done

lab_step "after the fence: a is fenced, every check says so (2) or reboots (129)"
assert_status 2 "fence_mpath_check as $a" -- watchdog "$a" "$FM/fence_mpath_check"
assert_status 129 "fence_mpath_check_hardreboot as $a (reboot)" -- \
	watchdog "$a" "$FM/fence_mpath_check_hardreboot"
assert_status 2 "fence_mpathpr_check as $a" -- watchdog "$a" "$dir/fence_mpathpr_check"
assert_status 129 "fence_mpathpr_check_hardreboot as $a (reboot)" -- \
	watchdog "$a" "$dir/fence_mpathpr_check_hardreboot"
assert_status 0 "fence_mpathpr_check as $b" -- watchdog "$b" "$dir/fence_mpathpr_check"
assert_status 0 "fence_mpathpr_check_hardreboot as $b (no reboot)" -- \
	watchdog "$b" "$dir/fence_mpathpr_check_hardreboot"

lab_step "watchdog(8)'s repair 2: passed on, no reboot"
assert_status 2 "fence_mpath_check_hardreboot repair 2" -- \
	watchdog "$a" "$FM/fence_mpath_check_hardreboot" repair 2
assert_status 2 "fence_mpathpr_check_hardreboot repair 2" -- \
	watchdog "$a" "$dir/fence_mpathpr_check_hardreboot" repair 2
lab_done
