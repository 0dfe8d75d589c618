#!/usr/bin/env bash
# Golden-image test: renders a case headless with --screenshot and compares it with
# tests/golden/NAME.png. Passes when fewer than 0.5 % of pixels differ by more than 8 %
# (font rasteriser noise). `golden.sh --update` rewrites every golden from the current
# build (review the images before committing them).
#   golden.sh BIN NAME | golden.sh BIN --update
set -euo pipefail
BIN=$1
DIR=$(cd "$(dirname "$0")" && pwd)
OUT=${GOLDEN_OUT:-$(mktemp -d)}
NOW=2026-11-28T12:00:00Z

render() { # name args...
  local name=$1; shift
  "$BIN" --demo --now "$NOW" --screenshot "$OUT/$name.bmp" "$@" 2>/dev/null
}

args_of() {
  awk -v n="$1" '$1 == n { $1 = ""; print }' "$DIR/cases.txt"
}

if [ "$2" = "--update" ]; then
  grep -v '^#' "$DIR/cases.txt" | while read -r name rest; do
    [ -n "$name" ] || continue
    # shellcheck disable=SC2086
    render "$name" $rest
    convert "$OUT/$name.bmp" "$DIR/$name.png"
    echo "updated $DIR/$name.png"
  done
  exit 0
fi

name=$2
args=$(args_of "$name")
[ -n "$args" ] || { echo "no case $name"; exit 2; }
# shellcheck disable=SC2086
render "$name" $args
[ -f "$DIR/$name.png" ] || { echo "missing golden $DIR/$name.png"; exit 1; }
total=$(identify -format '%w %h' "$DIR/$name.png" | awk '{ printf "%d", $1 * $2 }')
diff=$(compare -metric AE -fuzz 8% "$DIR/$name.png" "$OUT/$name.bmp" "$OUT/$name-diff.png" 2>&1 || true)
diff=${diff%% *}
limit=$(( total / 200 ))
echo "$name: $diff of $total pixels differ (limit $limit); diff image $OUT/$name-diff.png"
case "$diff" in ''|*[!0-9.e+]*) echo "compare failed: $diff"; exit 1;; esac
awk -v d="$diff" -v l="$limit" 'BEGIN { exit !(d + 0 <= l) }'
