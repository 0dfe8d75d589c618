#!/bin/bash
# systemd units: `systemd-analyze verify` must be silent (any warning, e.g. an unknown or
# misspelt key that systemd would just ignore, fails) and `systemd-analyze security
# --offline=true` must rate each unit's exposure at or below the limit.
#
#   units_test.sh DEPLOY_DIR [MAX_EXPOSURE=3.0]
#
# verify runs against a scratch root holding the host's stock units (for the targets
# the units name) and executable stand-ins for /usr/bin/cage and /usr/bin/parkkiosk, so
# it needs neither cage installed nor the package. Exit 77 if systemd-analyze is absent.
set -uo pipefail

DEPLOY=$(cd "${1:?deploy dir}" && pwd)
MAX=${2:-3.0}
UNITS=(parkkiosk.service parkkiosk-kmsdrm.service)
FAILS=0
ok() { printf 'ok   %s\n' "$*"; }
fail() {
	printf 'FAIL %s\n' "$*"
	FAILS=$((FAILS + 1))
}

if ! command -v systemd-analyze >/dev/null; then
	echo "SKIP: systemd-analyze not installed (apt-get install systemd)"
	exit 77
fi
systemd-analyze --version | head -1

for u in "${UNITS[@]}"; do
	out=$(systemd-analyze security --offline=true "$DEPLOY/$u" 2>&1)
	score=$(sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p' <<<"$out")
	if [ -z "$score" ]; then
		fail "$u: no exposure figure from systemd-analyze security"
		printf '%s\n' "$out" | tail -5
	elif awk -v s="$score" -v m="$MAX" 'BEGIN { exit !(s <= m) }'; then
		ok "$u: exposure $score <= $MAX"
	else
		fail "$u: exposure $score > $MAX"
		grep '✗' <<<"$out"
	fi
done

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$TMP/usr/lib/systemd" "$TMP/usr/bin" "$TMP/etc/systemd/system" \
	"$TMP/usr/libexec/parkkiosk"
for d in /usr/lib/systemd/system /lib/systemd/system; do
	if [ -d "$d" ]; then
		cp -a "$d" "$TMP/usr/lib/systemd/"
		break
	fi
done
for b in bin/cage bin/parkkiosk libexec/parkkiosk/display; do
	printf '#!/bin/sh\nexit 0\n' >"$TMP/usr/$b"
	chmod 755 "$TMP/usr/$b"
done
for u in "${UNITS[@]}"; do
	cp "$DEPLOY/$u" "$TMP/etc/systemd/system/"
done
out=$(cd "$TMP" && systemd-analyze verify --root="$TMP" "${UNITS[@]}" 2>&1)
rc=$?
if [ $rc -eq 0 ] && [ -z "$out" ]; then
	ok "systemd-analyze verify: ${UNITS[*]} (silent)"
else
	fail "systemd-analyze verify (exit $rc):"
	printf '     %s\n' "$out"
fi

# The settings the deployment relies on, in both units.
for u in "${UNITS[@]}"; do
	for kv in Type=notify WatchdogSec=30 Restart=always RestartSec=2 User=parkkiosk \
		StateDirectory=parkkiosk CacheDirectory=parkkiosk CapabilityBoundingSet= \
		NoNewPrivileges=yes DevicePolicy=closed UMask=0077 StartLimitIntervalSec=300 \
		StartLimitBurst=5 RuntimeDirectoryPreserve=yes; do
		if grep -qx "$kv" "$DEPLOY/$u"; then ok "$u: $kv"; else fail "$u: $kv missing"; fi
	done
done
if grep -qx 'ExecStart=/usr/bin/cage -d -- /usr/bin/parkkiosk --config /etc/parkkiosk/config.json' \
	"$DEPLOY/parkkiosk.service"; then
	ok "parkkiosk.service runs parkkiosk under cage"
else
	fail "parkkiosk.service: ExecStart is not cage -d -- parkkiosk --config …"
fi
for kv in 'ExecStartPre=/usr/libexec/parkkiosk/display choose' \
	'ExecStopPost=/usr/libexec/parkkiosk/display stopped' \
	'EnvironmentFile=-/run/parkkiosk/compositor.env' 'Environment=XDG_RUNTIME_DIR=/run/parkkiosk' \
	'Wants=seatd.service'; do
	if grep -qx "$kv" "$DEPLOY/parkkiosk.service"; then
		ok "parkkiosk.service: $kv"
	else
		fail "parkkiosk.service: $kv missing"
	fi
done
if grep -q 'SDL_VIDEODRIVER' "$DEPLOY/parkkiosk.service"; then
	fail "parkkiosk.service pins SDL_VIDEODRIVER (parkkiosk chooses its display path)"
else
	ok "parkkiosk.service leaves the display path to parkkiosk"
fi
if grep -qx 'Environment=SDL_VIDEODRIVER=kmsdrm' "$DEPLOY/parkkiosk-kmsdrm.service"; then
	ok "parkkiosk-kmsdrm.service uses SDL's KMSDRM driver"
else
	fail "parkkiosk-kmsdrm.service: no SDL_VIDEODRIVER=kmsdrm"
fi

echo "units_test: $FAILS failed"
[ "$FAILS" -eq 0 ]
