#!/usr/bin/env bash
# Installs the Debian 12 packages parkkiosk needs to build, run and test — only those
# missing, so a second run costs nothing. Needs root (or sudo) on a fresh machine; works
# on a minimal (debootstrap --variant=minbase) Debian 12.
# Adding a package: put it on the line of the part that needs it, with a word on why when
# the name does not say it.
set -euo pipefail

PKGS=(
  # build
  build-essential cmake pkg-config git
  libsdl2-dev libsdl2-ttf-dev libcurl4-openssl-dev libcjson-dev libfribidi-dev
  libharfbuzz-dev libfreetype-dev # the glyph atlas shapes and rasterises simple text itself
  libxml2-dev # DATEX II (Mobilithek) feeds are XML
  libespeak-ng-dev espeak-ng-data espeak-ng
  libqrencode-dev # the QR code that hands a parking place to a phone
  # run: the demo's virtual display, the unprivileged user (useradd, setpriv), and xhost
  # to let that user onto your own X display
  xvfb xauth passwd util-linux x11-xserver-utils
  # tests and benchmarks
  sox python3 openssl nginx-light imagemagick
  zbar-tools # zbarimg decodes the QR code from screenshots
  x11-utils # xmessage: the window that covers the kiosk in tests/e2e/expose.py
  clang libclang-rt-14-dev valgrind
  clang-format # tests/style/checksrc.py (label style)
  ca-certificates # HTTPS: live feeds, git clone
  # deploy tests
  systemd debootstrap
  man-db # systemd-analyze verify resolves Documentation=man:
  file   # CPack's DEB generator
  # the kiosk image and its boot test (deploy/image/build-image.sh, tests/image)
  dosfstools mtools fdisk e2fsprogs qemu-system-x86 ovmf openssh-client
)

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "deps: installing ${missing[*]}"
# Waits for another apt run (unattended-upgrades, a parallel build) instead of failing.
APT=(env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600)
[ "$(id -u)" -eq 0 ] || APT=(sudo "${APT[@]}")
"${APT[@]}" update -qq
"${APT[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
