#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The packages guest-main installed from LAB_DEBS (dpkg -i): each one
# installed at the version built, the agent and its check names from
# fence-mpathpr in /usr/sbin, running against libmpathpr0's library (not the
# build tree's), its metadata through the libxml2 the package depends on,
# mpathprd with its service enabled, and `pcs stonith describe
# fence_mpathpr` as an administrator runs it.
. "$LAB_DIR/lib.sh"

[ -n "${LAB_DEBS:-}" ] || { echo "SKIP: no packages installed (LAB_DEBS, make deb-check)"; exit 77; }
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || gcc -print-multiarch)

lab_step "dpkg -i installed every package built"
for deb in "$LAB_DEBS"/*.deb; do
	case ${deb##*/} in *-dbgsym_*) continue ;; esac
	pkg=$(dpkg-deb -f "$deb" Package) ver=$(dpkg-deb -f "$deb" Version)
	assert_eq "install ok installed $ver" \
		"$(dpkg-query -W -f '${Status} ${Version}' "$pkg" 2>&1)" "$pkg $ver is installed"
done

lab_step "files and the packages they come from"
# dpkg -L reads one package's list (dpkg -S would read them all, over 9p).
declare -A files
for pkg in fence-mpathpr libmpathpr0 libmpathpr-dev mpathprd mpathpr multipath-tools; do
	files[$pkg]=$'\n'$(dpkg-query -L "$pkg" 2>/dev/null)$'\n'
done
# assert_owns PACKAGE FILE...
assert_owns() {
	local pkg=$1 f
	shift
	for f; do
		case ${files[$pkg]} in
		*$'\n'"$f"$'\n'*) lab_ok "$f is $pkg's" ;;
		*) lab_not_ok "$f is $pkg's" ;;
		esac
	done
}
assert_owns fence-mpathpr /usr/sbin/fence_mpathpr /usr/sbin/fence_mpathpr_check \
	/usr/sbin/fence_mpathpr_check_hardreboot /usr/share/man/man8/fence_mpathpr.8.gz \
	/usr/share/man/man8/fence_mpathpr_check.8.gz /usr/share/mpathpr/fence_mpathpr.xml
assert_owns libmpathpr0 "/usr/lib/$multiarch/libmpathpr.so.0"
assert_owns libmpathpr-dev /usr/include/mpathpr/mpathpr.h "/usr/lib/$multiarch/pkgconfig/libmpathpr.pc" \
	"/usr/lib/$multiarch/libmpathpr.so" /usr/share/man/man3/mpathpr.3.gz
assert_owns mpathprd /usr/sbin/mpathprd /lib/systemd/system/mpathprd.service \
	/usr/share/man/man8/mpathprd.8.gz
assert_owns mpathpr /usr/sbin/mpathpr /usr/sbin/mpathpr-persist /usr/share/man/man8/mpathpr.8.gz \
	/usr/share/man/man8/mpathpr-persist.8.gz \
	/usr/share/mpathpr/mpathpr-json.schema.json
# multipath-tools ships man pages named after libmpathpersist's functions:
# the classic API's pages are in section 3mpathpr, beside them.
assert_owns libmpathpr-dev /usr/share/man/man3/mpath_persistent_reserve_in.3mpathpr.gz
[ "${files[multipath-tools]}" = $'\n\n' ] ||
	assert_owns multipath-tools /usr/share/man/man3/mpath_persistent_reserve_in.3.gz
lib=$(ldd /usr/sbin/fence_mpathpr | awk '$1 == "libmpathpr.so.0" { print $3 }')
assert_eq "/usr/lib/$multiarch/libmpathpr.so.0" "$(readlink -f "$lib" | sed 's/\.so\.0\..*/.so.0/')" \
	"the installed agent loads the installed library ($lib)"
assert_eq 0 "$(ldd /usr/sbin/fence_mpathpr | grep -c "$LAB_BUILDDIR")" "nothing from the build tree"

lab_step "the installed agent runs"
lab_show fence_mpathpr --version
assert_status 0 "fence_mpathpr -o metadata (libxml2 loaded)" -- fence_mpathpr -o metadata
meta=$(fence_mpathpr -o metadata 2>&1)
case $meta in
*'<resource-agent name="fence_mpathpr"'*) lab_ok "the metadata names fence_mpathpr" ;;
*) lab_not_ok "the metadata names fence_mpathpr: $(head -c 200 <<<"$meta")" ;;
esac
assert_eq "$meta" "$(cat /usr/share/mpathpr/fence_mpathpr.xml)" "the packaged metadata file is what the agent prints"

lab_step "mpathpr: the installed command, and mpathpr-persist as mpathpersist"
assert_status 0 "mpathpr-persist -i -k -d $(lab_map "$(lab_host 1)" lun0)" -- \
	/usr/sbin/mpathpr-persist -i -k -d "$(lab_map "$(lab_host 1)" lun0)"
assert_status 0 "mpathpr status $(lab_map "$(lab_host 1)" lun0)" -- \
	/usr/sbin/mpathpr status "$(lab_map "$(lab_host 1)" lun0)"

lab_step "mpathprd: installed, its service enabled"
lab_show mpathprd --version
assert_status 0 "mpathprd --version" -- mpathprd --version
# dh_installsystemd's postinst enabled it (deb-systemd-helper); it was not
# started: no systemd runs in the guest.
wants=/etc/systemd/system/multi-user.target.wants/mpathprd.service
assert_eq /lib/systemd/system/mpathprd.service "$(readlink "$wants")" "mpathprd.service is enabled ($wants)"
# systemctl reads the unit files itself (no manager needed for is-enabled).
assert_eq enabled "$(systemctl is-enabled mpathprd.service 2>&1)" "systemctl is-enabled mpathprd.service"

lab_step "pcs stonith describe fence_mpathpr"
# pcs is python: its start over 9p under TCG takes seconds to minutes.
t0=$(lab_now)
out=$(timeout 300 pcs stonith describe fence_mpathpr 2>&1)
rc=$?
lab_info "pcs stonith describe: status $rc in $(lab_since "$t0") s"
sed -n '1,6p' <<<"$out" | sed 's/^/   | /'
assert_eq 0 "$rc" "pcs stonith describe fence_mpathpr exits 0"
for p in devices key store_path; do
	case $out in
	*"  $p"*) lab_ok "pcs describes parameter $p" ;;
	*) lab_not_ok "pcs describes parameter $p" ;;
	esac
done
lab_done
