#!/bin/sh
# Builds the libFuzzer targets with clang in build-fuzz/ and runs each for SECONDS
# seconds (default 60) on a corpus seeded from the fixtures (seed.sh). Exits non-zero if
# any target crashed; crash inputs land in tests/fuzz/corpus-work/crashes/. Fix the bug,
# then copy the input to tests/fuzz/regress/ (feeds) or regress-config/ (config) so the
# unit tests replay it for ever.
# Usage: tests/fuzz/run.sh [SECONDS] [TARGET...]
set -u
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
secs=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-fuzz_feed_parkapi3 fuzz_feed_parkenddv1 fuzz_feed_ngsi fuzz_feed_datex2 fuzz_feed_auto fuzz_config fuzz_input_script}
build=$src/build-fuzz
work=$here/corpus-work

cmake -S "$src" -B "$build" -DCMAKE_C_COMPILER=clang -DPARKKIOSK_FUZZ=ON \
	-DBUILD_TESTING=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null || exit 2
# shellcheck disable=SC2086
cmake --build "$build" -j2 --target $targets >/dev/null || exit 2
sh "$here/seed.sh" "$work" >/dev/null || exit 2
mkdir -p "$work/crashes" "$work/logs"

status=0
for t in $targets; do
	log=$work/logs/$t.log
	echo "== $t: ${secs}s"
	dict=$here/json.dict
	[ "$t" = fuzz_feed_datex2 ] && dict=$here/xml.dict
	"$build/tests/fuzz/$t" "$work/$t" -max_len=65536 -max_total_time="$secs" -timeout=10 \
		-rss_limit_mb=2048 -dict="$dict" -artifact_prefix="$work/crashes/$t-" \
		-print_final_stats=1 >"$log" 2>&1
	rc=$?
	grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$log" | tr '\n' ' '
	echo
	if [ $rc -ne 0 ]; then
		echo "!! $t failed (exit $rc); see $log and $work/crashes/" >&2
		grep -m5 -E 'ERROR|SUMMARY|runtime error' "$log" >&2
		status=1
	fi
done
exit $status
