#!/usr/bin/env bash
# Quick start 1: installs what is missing, builds, and starts the kiosk full screen on the
# embedded Freiburg demo feed. With no display at hand it starts a virtual one (Xvfb) and
# writes a screenshot you can open. parkkiosk never runs as root: started as root, this
# script runs it as the unprivileged user "parkkiosk" (created if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/build.sh
BIN=$PWD/build/parkkiosk
mkdir -p out
"$BIN" --demo --screenshot out/demo-1920x1080.bmp --size 1920x1080
echo "demo: screenshot written to out/demo-1920x1080.bmp"

as_user=()
if [ "$(id -u)" -eq 0 ]; then
  id parkkiosk >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin parkkiosk
  chmod o+rx "$PWD" "$PWD/build" 2>/dev/null || true
  as_user=(runuser -u parkkiosk --)
fi

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "demo: no display found, starting a virtual one (Xvfb :77, 1920x1080)"
  Xvfb :77 -screen 0 1920x1080x24 -nolisten tcp -ac >/dev/null 2>&1 &
  XVFB=$!
  trap 'kill $XVFB 2>/dev/null' EXIT
  export DISPLAY=:77
  sleep 1
elif [ -n "${DISPLAY:-}" ] && [ ${#as_user[@]} -gt 0 ] && command -v xhost >/dev/null; then
  xhost +SI:localuser:parkkiosk >/dev/null || true
fi
echo "demo: starting parkkiosk (stop it with Ctrl+C)"
exec "${as_user[@]}" env DISPLAY="${DISPLAY:-}" WAYLAND_DISPLAY="${WAYLAND_DISPLAY:-}" \
  XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/tmp}" "$BIN" --demo "$@"
