#!/bin/sh
# Valgrind memcheck on end-to-end runs of the real binary (CTest label "memcheck"; not in
# the sanitizer build, which valgrind cannot run). Any invalid read/write, use of
# uninitialised memory, or definite/indirect/possible leak fails the case.
#   memcheck.sh dump        parkkiosk --demo --dump-state
#   memcheck.sh screenshot  parkkiosk --demo --screenshot (1920x1080, software renderer)
#   memcheck.sh kiosk       the running kiosk (fetch threads, libcurl, cache, health file,
#                           the event loop) for ~15 s against a local HTTP server and a
#                           file feed, then SIGTERM
# Environment: PARKKIOSK_BIN, PARKKIOSK_SOURCE, PARKKIOSK_FIXTURES, MEMCHECK_DIR (scratch).
set -u
case_name=${1:?usage: memcheck.sh dump|screenshot|kiosk}
bin=${PARKKIOSK_BIN:?}
src=${PARKKIOSK_SOURCE:?}
fx=${PARKKIOSK_FIXTURES:?}
dir=${MEMCHECK_DIR:-${TMPDIR:-/tmp}/pk-memcheck}/$case_name
rm -rf "$dir"
mkdir -p "$dir"
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy PARKKIOSK_ALLOW_ROOT=1
unset NOTIFY_SOCKET WATCHDOG_USEC

supp=
[ -f "$src/tests/sanitizer/valgrind.supp" ] && supp="--suppressions=$src/tests/sanitizer/valgrind.supp"
vg() { # runs in a subshell when backgrounded: exec, so that $! is valgrind itself
	# shellcheck disable=SC2086
	exec valgrind --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect,possible \
		--errors-for-leak-kinds=definite,indirect,possible --num-callers=30 \
		--log-file="$dir/valgrind.log" $supp "$@"
}
verdict() { # verdict RC WHAT
	if [ "$1" -eq 99 ] || grep -q "ERROR SUMMARY: [1-9]" "$dir/valgrind.log"; then
		echo "memcheck $case_name: valgrind found errors in $2:"
		grep -v "^==[0-9]*== *$" "$dir/valgrind.log" | tail -60
		exit 1
	fi
	if [ "$1" -ne 0 ]; then
		echo "memcheck $case_name: $2 exited $1"
		tail -20 "$dir/out.log" 2>/dev/null
		exit 1
	fi
	grep -E "ERROR SUMMARY|definitely lost|indirectly lost|possibly lost|in use at exit" \
		"$dir/valgrind.log" | sed 's/^==[0-9]*== */  /'
	echo "memcheck $case_name: clean"
}

case $case_name in
dump)
	(vg "$bin" --demo --dump-state --now 2025-03-01T10:00:00Z >"$dir/state.json" 2>"$dir/out.log")
	rc=$?
	verdict $rc "--dump-state"
	grep -q '"entries"' "$dir/state.json" || { echo "no state printed"; exit 1; }
	;;
screenshot)
	(vg "$bin" --demo --screenshot "$dir/shot.bmp" --size 1920x1080 \
		--now 2025-03-01T10:00:00Z >"$dir/out.log" 2>&1)
	rc=$?
	verdict $rc "--screenshot"
	[ -s "$dir/shot.bmp" ] || { echo "no screenshot written"; exit 1; }
	;;
kiosk)
	python3 "$src/tests/http/server.py" --fixtures "$fx" --port-file "$dir/ports.json" \
		--lifetime 120 >"$dir/server.log" 2>&1 &
	server=$!
	i=0
	while [ ! -s "$dir/ports.json" ] && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	port=$(sed 's/.*"http": *\([0-9]*\).*/\1/' "$dir/ports.json")
	cat >"$dir/config.json" <<EOF
{"position": {"lat": 47.9947, "lon": 7.8492, "place": "memcheck"},
 "feeds": [{"url": "http://127.0.0.1:$port/f/parkapi-v3/freiburg-parking-sites.json"},
           {"url": "http://127.0.0.1:$port/plan/mc/ok,500,garbage,ok?f=parkapi-v3/freiburg-parking-spots-disabled.json"},
           {"url": "$fx/parkapi-v3/freiburg-parking-spots-disabled.json"}],
 "poll_interval_s": 5, "backoff_max_s": 5, "health_file": "$dir/health.json",
 "cache_dir": "$dir/cache"}
EOF
	vg "$bin" --config "$dir/config.json" >"$dir/out.log" 2>&1 &
	kiosk=$!
	sleep 15
	kill -TERM $kiosk
	wait $kiosk
	rc=$?
	kill -TERM $server 2>/dev/null
	wait $server 2>/dev/null
	verdict $rc "the running kiosk"
	grep -q "stopping after" "$dir/out.log" || { echo "no clean stop in the log"; exit 1; }
	grep -q '"frames_drawn"' "$dir/health.json" || { echo "no health file"; exit 1; }
	grep -E "HTTP 200|failed after|stopping after" "$dir/out.log" | sed 's/^/  /' | head -8
	;;
*)
	echo "unknown case $case_name" >&2
	exit 2
	;;
esac
