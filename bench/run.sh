#!/bin/sh
# Builds parkkiosk and its benchmarks (RelWithDebInfo, -O2, as the package is built; in
# build-bench/ or $BENCH_BUILD) and runs
# them all: prints every figure, then the summary table that docs/robustness.md quotes.
# Usage: bench/run.sh [--quick] [--only first,startup,render,idle,memory,parse,dump,speech]
# Peers in the same run: headless Chromium (apt-get install chromium when missing, unless
# --no-install) and node (JSON.parse); every figure with a peer is printed as a ratio too.
# Headless and loopback only; takes about 5 minutes (idle alone is 2 x 60 s).
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=${BENCH_BUILD:-$src/build-bench}
cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPARKKIOSK_WERROR=ON >/dev/null
cmake --build "$build" -j2 --target parkkiosk bench_render bench_parse speech_latency >/dev/null
exec python3 "$src/bench/bench.py" --build "$build" "$@"
