#!/usr/bin/env bash
# Installs the Debian 12 packages parkkiosk needs to build, run and test — only those
# missing, so a second run costs nothing. Needs root (or sudo) on a fresh machine.
set -euo pipefail

PKGS=(
  build-essential cmake pkg-config git
  libsdl2-dev libsdl2-ttf-dev libcurl4-openssl-dev libcjson-dev libfribidi-dev
  libespeak-ng-dev espeak-ng-data espeak-ng
  xvfb xauth sox python3 openssl nginx-light imagemagick
  clang libclang-rt-14-dev valgrind systemd debootstrap
)

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
