#!/usr/bin/env bash
# Quick start 1: installs what is missing, builds, and starts the kiosk full screen on the
# embedded Freiburg demo feed. With no display at hand it starts a virtual one (Xvfb) and
# writes a screenshot you can open. parkkiosk never runs as root: started as root, this
# script runs it as the unprivileged user "parkkiosk" (created if missing).
#
# The kiosk runs from a staged install, not from the clone: `cmake --install` copies the
# binary and its data (fonts, locales, assets) into a fresh world-readable directory under
# /var/tmp, which the unprivileged user can read wherever the clone is (/root is mode 700).
# The directory is removed when the demo ends.
#
#   scripts/demo.sh [KIOSK OPTIONS...]     extra options go to parkkiosk (e.g. --lang en)
#   PARKKIOSK_DEMO_SECONDS=N               the kiosk quits by itself after N seconds
#   DEMO_STAGE_DIR=DIR                     parent of the staging directory (default /var/tmp)
# Ctrl+C (SIGINT) or SIGTERM stops the kiosk; the virtual display goes with it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/build.sh
mkdir -p out
build/parkkiosk --demo --screenshot out/demo-1920x1080.bmp --size 1920x1080
echo "demo: screenshot written to out/demo-1920x1080.bmp"

STAGE="" XVFB="" KIOSK=""
# shellcheck disable=SC2317 # cleanup and on_signal run from traps
cleanup() {
  local rc=$?
  if [ -n "$KIOSK" ] && kill -0 "$KIOSK" 2>/dev/null; then
    kill -TERM "$KIOSK" 2>/dev/null || true
    wait "$KIOSK" 2>/dev/null || true
  fi
  if [ -n "$XVFB" ]; then
    kill -TERM "$XVFB" 2>/dev/null || true
    wait "$XVFB" 2>/dev/null || true
  fi
  [ -z "$STAGE" ] || rm -rf --one-file-system "$STAGE"
  exit "$rc"
}
trap cleanup EXIT

STAGE=$(mktemp -d "${DEMO_STAGE_DIR:-/var/tmp}/parkkiosk-demo.XXXXXX")
chmod 755 "$STAGE"
# DESTDIR keeps every file under the staging directory, even one a build configured for
# the /usr prefix installs to an absolute path (the systemd units, /etc/parkkiosk).
DESTDIR=$STAGE cmake --install build --prefix /usr/local >/dev/null
BIN=$STAGE/usr/local/bin/parkkiosk
DATADIR=$STAGE/usr/local/share/parkkiosk
echo "demo: installed into $STAGE (removed when the demo ends)"

as_user=()
if [ "$(id -u)" -eq 0 ]; then
  id parkkiosk >/dev/null 2>&1 ||
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin parkkiosk
  # setpriv execs the kiosk in place: signals reach it directly, and $! is its pid.
  as_user=(setpriv --reuid=parkkiosk --regid=parkkiosk --init-groups --no-new-privs --)
  install -d -m 700 -o parkkiosk -g parkkiosk "$STAGE/run" "$STAGE/cache"
else
  install -d -m 700 "$STAGE/run" "$STAGE/cache"
fi

extra=()
if [ -n "${PARKKIOSK_DEMO_SECONDS:-}" ]; then
  case $PARKKIOSK_DEMO_SECONDS in
    *[!0-9]* | 0*) echo "demo: PARKKIOSK_DEMO_SECONDS must be a whole number > 0" >&2; exit 2 ;;
  esac
  # The kiosk's own input script ends it: a clean stop through its event loop.
  printf '%s quit\n' "$PARKKIOSK_DEMO_SECONDS" >"$STAGE/quit.script"
  chmod 644 "$STAGE/quit.script"
  extra=(--input-script "$STAGE/quit.script")
fi

if [ -z "${DISPLAY:-}" ] && { [ -z "${WAYLAND_DISPLAY:-}" ] || [ ${#as_user[@]} -gt 0 ]; }; then
  # -displayfd: Xvfb picks a free display and writes its number once it accepts clients.
  Xvfb -displayfd 3 -screen 0 1920x1080x24 -nolisten tcp -ac 3>"$STAGE/display" \
    >"$STAGE/xvfb.log" 2>&1 &
  XVFB=$!
  for _ in $(seq 100); do
    [ -s "$STAGE/display" ] || ! kill -0 "$XVFB" 2>/dev/null && break
    sleep 0.1
  done
  if [ ! -s "$STAGE/display" ]; then
    echo "demo: Xvfb did not start:" >&2
    cat "$STAGE/xvfb.log" >&2
    exit 1
  fi
  DISPLAY=":$(head -n1 "$STAGE/display")"
  export DISPLAY
  echo "demo: no display found, started a virtual one (Xvfb $DISPLAY, 1920x1080)"
elif [ -n "${DISPLAY:-}" ] && [ ${#as_user[@]} -gt 0 ] && command -v xhost >/dev/null; then
  xhost +SI:localuser:parkkiosk >/dev/null || true
fi

who=$(id -un)
[ ${#as_user[@]} -eq 0 ] || who=parkkiosk
echo "demo: starting parkkiosk as $who (stop it with Ctrl+C)"
# A clean environment: the data directory of the staged install, a runtime and cache
# directory of its own. Root's Wayland socket is out of the user's reach (XWayland's
# DISPLAY works), so WAYLAND_DISPLAY is passed on only when the kiosk runs as you.
kenv=(PATH=/usr/bin:/bin PARKKIOSK_DATADIR="$DATADIR" XDG_CACHE_HOME="$STAGE/cache"
  DISPLAY="${DISPLAY:-}")
if [ ${#as_user[@]} -eq 0 ] && [ -n "${WAYLAND_DISPLAY:-}" ]; then
  kenv+=(WAYLAND_DISPLAY="$WAYLAND_DISPLAY" XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$STAGE/run}")
else
  kenv+=(XDG_RUNTIME_DIR="$STAGE/run")
fi
# No sound card (a VM, a container): SDL's dummy output instead of a screenful of ALSA errors.
[ -e /dev/snd ] || [ -n "${SDL_AUDIODRIVER:-}" ] || kenv+=(SDL_AUDIODRIVER=dummy)
for v in SDL_VIDEODRIVER SDL_AUDIODRIVER LANG; do
  [ -z "${!v:-}" ] || kenv+=("$v=${!v}")
done
"${as_user[@]}" env -i "${kenv[@]}" "$BIN" --demo "${extra[@]}" "$@" &
KIOSK=$!

# A signal to this script is passed on to the kiosk, which stops through its event loop;
# the EXIT trap then ends Xvfb and removes the staging directory.
forwarded=0
# shellcheck disable=SC2317
on_signal() {
  forwarded=1
  kill -TERM "$KIOSK" 2>/dev/null || true
}
trap on_signal INT TERM HUP
rc=0
wait "$KIOSK" || rc=$?
while [ "$forwarded" = 1 ] && [ "$rc" -gt 128 ]; do # the wait was cut short by our trap
  forwarded=0
  rc=0
  wait "$KIOSK" || rc=$?
done
KIOSK=""
echo "demo: parkkiosk exited with status $rc"
exit "$rc"
