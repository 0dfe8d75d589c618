#!/bin/bash
# Package test: builds the .deb (cpack -G DEB, prefix /usr) and installs, upgrades,
# removes and purges it in a clean Debian 12 root made by debootstrap (minbase), checking
# files, permissions, the system user, the conffile, that parkkiosk runs there as that
# unprivileged user (one-shot --dump-state, no display needed) and refuses root, and
# that purge leaves nothing behind.
#
#   package_test.sh SOURCE_DIR WORK_DIR
#
# WORK_DIR (under the build directory) caches between runs: the package build tree, the
# debootstrap'ed base root (copied afresh for every run, so each run starts clean) and
# apt's downloaded .debs. Cold: ~1 min debootstrap + ~1-2 min dependencies + the build.
# Needs root (chroot, mounts) and the Debian mirror; installs debootstrap if missing.
# Exit 0 pass, 1 fail, 77 skipped (not root, or no mirror and no cached root).
set -uo pipefail

SRC=$(cd "${1:?source dir}" && pwd)
WORK=${2:?work dir}
MIRROR=${PARKKIOSK_DEBIAN_MIRROR:-http://deb.debian.org/debian}
SUITE=bookworm
FAILS=0
step() { printf '== %s (%ds)\n' "$*" "$SECONDS"; }
ok() { printf 'ok   %s\n' "$*"; }
fail() {
	printf 'FAIL %s\n' "$*"
	FAILS=$((FAILS + 1))
}
check() { # check "description" command...
	local what=$1
	shift
	if "$@"; then ok "$what"; else fail "$what"; fi
}
die() {
	printf 'FAIL %s\n' "$*"
	exit 1
}

if [ "$(id -u)" -ne 0 ]; then
	echo "SKIP: needs root (debootstrap, chroot)"
	exit 77
fi
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
BASE=$WORK/base-$SUITE
ROOT=$WORK/root
ARCHIVES=$WORK/apt-archives
PKGBUILD=$WORK/build

cleanup() {
	for m in "$ROOT/var/cache/apt/archives" "$ROOT/proc" "$ROOT/dev/pts" "$ROOT/dev"; do
		mountpoint -q "$m" && umount -l "$m"
	done
}
trap cleanup EXIT

# --- 1. The package.
step "building the package (prefix /usr) in $PKGBUILD"
cmake -S "$SRC" -B "$PKGBUILD" -DCMAKE_INSTALL_PREFIX=/usr -DBUILD_TESTING=OFF \
	-DCMAKE_BUILD_TYPE=RelWithDebInfo >"$WORK/cmake.log" 2>&1 ||
	{ tail -20 "$WORK/cmake.log"; die "cmake configure"; }
cmake --build "$PKGBUILD" -j2 --target parkkiosk >"$WORK/build.log" 2>&1 ||
	{ tail -30 "$WORK/build.log"; die "build"; }
rm -f "$PKGBUILD"/parkkiosk_*.deb
(cd "$PKGBUILD" && cpack -G DEB) >"$WORK/cpack.log" 2>&1 ||
	{ tail -30 "$WORK/cpack.log"; die "cpack -G DEB"; }
DEB=$(ls "$PKGBUILD"/parkkiosk_*.deb)
ok "built $(basename "$DEB")"
CONTROL=$(dpkg-deb -f "$DEB")
sed 's/^/     /' <<<"$CONTROL"
DEPENDS=$(dpkg-deb -f "$DEB" Depends)
for dep in cage espeak-ng-data adduser; do
	check "Depends has $dep" grep -qE "(^|, )$dep( |,|$)" <<<"$DEPENDS"
done
# Every library the binary links must come from a package in Depends (shlibdeps).
MULTIARCH=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || gcc -dumpmachine)
rm -rf "$WORK/extract"
dpkg-deb -x "$DEB" "$WORK/extract"
for so in $(objdump -p "$WORK/extract/usr/bin/parkkiosk" | awk '/NEEDED/ {print $2}'); do
	pkg=""
	for dir in /lib/"$MULTIARCH" /usr/lib/"$MULTIARCH"; do
		[ -n "$pkg" ] || pkg=$(dpkg -S "$dir/$so" 2>/dev/null | head -1 | cut -d: -f1)
	done
	check "linked $so comes from ${pkg:-?}, in Depends" grep -qE "(^|, )$pkg( |,|$)" <<<"$DEPENDS"
done
# The libraries it loads with dlopen (not in DT_NEEDED, so shlibdeps cannot see them)
# must be in Depends too (cmake/packaging.cmake adds them).
for so in libcurl.so.4 libespeak-ng.so.1; do
	pkg=""
	for dir in /lib/"$MULTIARCH" /usr/lib/"$MULTIARCH"; do
		[ -n "$pkg" ] || pkg=$(dpkg -S "$dir/$so" 2>/dev/null | head -1 | cut -d: -f1)
	done
	check "dlopened $so comes from ${pkg:-?}, in Depends" grep -qE "(^|, )$pkg( |,|$)" <<<"$DEPENDS"
done
check "conffile /etc/parkkiosk/config.json" \
	sh -c "dpkg-deb -I '$DEB' conffiles | grep -qx /etc/parkkiosk/config.json"
CONTENTS=$(dpkg-deb -c "$DEB")
for f in ./usr/bin/parkkiosk ./lib/systemd/system/parkkiosk.service \
	./lib/systemd/system/parkkiosk-kmsdrm.service ./etc/parkkiosk/config.json \
	./usr/share/parkkiosk/locales/ ./usr/share/parkkiosk/fonts/ \
	./usr/share/parkkiosk/assets/ ./usr/share/doc/parkkiosk/deployment.md; do
	check "package contains $f" grep -q " $f\$" <<<"$CONTENTS"
done
# The cpack guard: a build for another prefix must not make a .deb.
mkdir -p "$WORK/guard"
(cd "$WORK/guard" && cpack -G DEB --config "$PKGBUILD/CPackConfig.cmake" \
	-D CPACK_PACKAGING_INSTALL_PREFIX=/usr/local) >"$WORK/guard.log" 2>&1
RC=$?
check "cpack refuses a package for prefix /usr/local" \
	sh -c "[ $RC -ne 0 ] && grep -q 'needs a build configured with' '$WORK/guard.log'"
rm -rf "$WORK/guard"

# --- 2. A clean Debian root.
if [ ! -f "$BASE/.complete" ]; then
	if ! command -v debootstrap >/dev/null; then
		step "installing debootstrap"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null 2>&1 ||
			{ apt-get update -qq >/dev/null 2>&1 &&
				DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; } ||
			die "cannot install debootstrap"
	fi
	if ! python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=20)' \
		"$MIRROR/dists/$SUITE/Release" 2>/dev/null; then
		echo "SKIP: the Debian mirror $MIRROR is unreachable and no root is cached"
		exit 77
	fi
	step "debootstrap --variant=minbase $SUITE (cached in $BASE)"
	rm -rf "$BASE"
	debootstrap --variant=minbase "$SUITE" "$BASE" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 ||
		{ tail -20 "$WORK/debootstrap.log"; die "debootstrap"; }
	# The same suites as a kiosk would use: point releases and security updates.
	cat >"$BASE/etc/apt/sources.list" <<-SOURCES
		deb $MIRROR $SUITE main
		deb $MIRROR $SUITE-updates main
		deb ${MIRROR%/debian}/debian-security $SUITE-security main
	SOURCES
	# No daemons start inside the test root.
	printf '#!/bin/sh\nexit 101\n' >"$BASE/usr/sbin/policy-rc.d"
	chmod 755 "$BASE/usr/sbin/policy-rc.d"
	touch "$BASE/.complete"
fi
step "fresh root from the cached base"
rm -rf "$ROOT"
cp -a "$BASE" "$ROOT"
mkdir -p "$ARCHIVES/partial"
mount --bind "$ARCHIVES" "$ROOT/var/cache/apt/archives"
mount -t proc proc "$ROOT/proc"
mount --bind /dev "$ROOT/dev"
mount --bind /dev/pts "$ROOT/dev/pts"
cp /etc/resolv.conf "$ROOT/etc/resolv.conf" 2>/dev/null || true
in_root() { chroot "$ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
	DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 "$@"; }
# Keep downloaded .debs for the next run.
echo 'Binary::apt::APT::Keep-Downloaded-Packages "true";' >"$ROOT/etc/apt/apt.conf.d/90keep"
step "apt-get update"
in_root apt-get update -qq >"$WORK/apt.log" 2>&1 || { tail "$WORK/apt.log"; die "apt-get update"; }

# --- 3. Install: dpkg -i (dependencies missing, as on a fresh kiosk), then apt-get -f.
cp "$DEB" "$ROOT/tmp/parkkiosk.deb"
step "dpkg -i + apt-get -f install"
in_root dpkg -i /tmp/parkkiosk.deb >>"$WORK/apt.log" 2>&1
in_root apt-get -f install -y -qq --no-install-recommends >>"$WORK/apt.log" 2>&1 ||
	{ tail -30 "$WORK/apt.log"; die "apt-get -f install"; }
STATUS=$(in_root dpkg-query -W -f='${Status}' parkkiosk 2>/dev/null)
check "parkkiosk is installed ($STATUS)" test "$STATUS" = "install ok installed"
check "cage was pulled in by Depends" sh -c "chroot '$ROOT' dpkg-query -W cage >/dev/null"
check "espeak-ng-data was pulled in by Depends" sh -c "chroot '$ROOT' dpkg-query -W espeak-ng-data >/dev/null"
for pkg in libcurl4 libespeak-ng1; do # dlopened: only Depends brings them
	check "$pkg was pulled in by Depends" sh -c "chroot '$ROOT' dpkg-query -W $pkg >/dev/null"
done

for f in /usr/bin/parkkiosk /lib/systemd/system/parkkiosk.service \
	/lib/systemd/system/parkkiosk-kmsdrm.service /usr/share/parkkiosk/locales/de \
	/usr/share/parkkiosk/fonts /usr/share/doc/parkkiosk/deployment.md; do
	check "installed: $f" test -e "$ROOT$f"
done
check "config is a conffile" sh -c \
	"chroot '$ROOT' dpkg-query -W -f='\${Conffiles}' parkkiosk | grep -q /etc/parkkiosk/config.json"
check "config.json is root:parkkiosk 0640" \
	test "$(in_root stat -c '%U:%G %a' /etc/parkkiosk/config.json)" = "root:parkkiosk 640"
PW=$(in_root getent passwd parkkiosk)
check "system user parkkiosk exists ($PW)" test -n "$PW"
check "parkkiosk has no login shell" test "${PW##*:}" = "/usr/sbin/nologin"
check "parkkiosk is a system user (uid < 1000)" test "$(cut -d: -f3 <<<"$PW")" -lt 1000
for d in /var/lib/parkkiosk /var/cache/parkkiosk; do
	check "$d is parkkiosk:parkkiosk 0700" \
		test "$(in_root stat -c '%U:%G %a' "$d")" = "parkkiosk:parkkiosk 700"
done

# --- 4. It runs there, unprivileged, with the installed config and data.
step "running parkkiosk as the parkkiosk user"
as_kiosk() { in_root setpriv --reuid=parkkiosk --regid=parkkiosk --init-groups \
	/usr/bin/env HOME=/var/lib/parkkiosk SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy "$@"; }
as_kiosk /usr/bin/parkkiosk --version >"$WORK/run.out" 2>&1
check "parkkiosk --version: $(head -1 "$WORK/run.out")" grep -q "^parkkiosk " "$WORK/run.out"
as_kiosk /usr/bin/parkkiosk --config /etc/parkkiosk/config.json --demo --dump-state \
	>"$WORK/dump.json" 2>"$WORK/dump.err"
RC=$?
check "parkkiosk --config /etc/parkkiosk/config.json --demo --dump-state exits 0 (got $RC)" \
	test "$RC" -eq 0
[ "$RC" -eq 0 ] || sed 's/^/     /' "$WORK/dump.err"
check "--dump-state printed JSON with the demo feed" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["demo"] is True and d["feeds"] and d["feeds"][0]["has_data"], d' "$WORK/dump.json"
in_root env SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy /usr/bin/parkkiosk --demo \
	>"$WORK/root.out" 2>&1
RC=$?
check "as root it refuses to run (exit $RC, wants 2)" test "$RC" -eq 2
check "and says why" grep -q "root" "$WORK/root.out"

# --- 5. Upgrade (same version again: exercises postinst's upgrade path), then remove.
step "reinstall (upgrade path)"
in_root dpkg -i /tmp/parkkiosk.deb >>"$WORK/apt.log" 2>&1
check "reinstall over itself succeeds" test "$(in_root dpkg-query -W -f='${Status}' parkkiosk)" = \
	"install ok installed"
echo '{"edited": "by the city"}' >>"$ROOT/etc/parkkiosk/config.json"
step "dpkg -r"
in_root dpkg -r parkkiosk >>"$WORK/apt.log" 2>&1
check "dpkg -r succeeds" test "$(in_root dpkg-query -W -f='${Status}' parkkiosk)" = \
	"deinstall ok config-files"
check "removed: binary" test ! -e "$ROOT/usr/bin/parkkiosk"
check "removed: units" test ! -e "$ROOT/lib/systemd/system/parkkiosk.service"
check "kept after remove: the city's edited config" grep -q "by the city" \
	"$ROOT/etc/parkkiosk/config.json"
check "kept after remove: state and cache" test -d "$ROOT/var/lib/parkkiosk" -a \
	-d "$ROOT/var/cache/parkkiosk"

step "dpkg --purge"
in_root dpkg --purge parkkiosk >>"$WORK/apt.log" 2>&1
check "dpkg --purge succeeds" sh -c "! chroot '$ROOT' dpkg-query -W parkkiosk 2>/dev/null | grep -q ."
LEFT=""
while read -r path; do
	path=${path#.}
	case "$path" in
	"" | /) ;;
	*/) # shared directories (/usr/bin/) stay; the package's own must go
		case "$path" in *parkkiosk*) [ -d "$ROOT$path" ] && LEFT="$LEFT $path" ;; esac ;;
	*) if [ -e "$ROOT$path" ] || [ -L "$ROOT$path" ]; then LEFT="$LEFT $path"; fi ;;
	esac
done < <(awk '{print $6}' <<<"$CONTENTS")
for d in /etc/parkkiosk /var/lib/parkkiosk /var/cache/parkkiosk /usr/share/parkkiosk \
	/usr/share/doc/parkkiosk; do
	[ -e "$ROOT$d" ] && LEFT="$LEFT $d"
done
check "purge left nothing of the package behind${LEFT:+ (left:$LEFT)}" test -z "$LEFT"
check "the system user stays (Debian practice, see postrm)" sh -c "chroot '$ROOT' getent passwd parkkiosk >/dev/null"

cleanup
trap - EXIT
echo "package_test: $FAILS failed (${SECONDS}s)"
[ "$FAILS" -eq 0 ]
