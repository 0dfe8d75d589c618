#!/usr/bin/env bash
# Quick start 2: installs what is missing, builds, and runs the whole test suite: unit,
# golden images, speech, HTTP against a local server, deployment, the kiosk image booted
# in QEMU (label image, plain build only), then the same suite
# under AddressSanitizer + UndefinedBehaviorSanitizer, then each fuzzer for a short time.
# Set QUICK=1 to skip the sanitizer and fuzz stages, and LABELS=REGEX to run only the tests
# whose label matches (ctest -L), e.g. LABELS='unit|golden' QUICK=1 scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
export PARKKIOSK_ALLOW_ROOT=1   # CI runs as root; the kiosk itself refuses root otherwise
export CTEST_OUTPUT_ON_FAILURE=1

echo "== build and test (build/)"
scripts/build.sh
only=()
[ -z "${LABELS:-}" ] || only=(-L "$LABELS")
(cd build && ctest -j2 --timeout 600 "${only[@]}")

if [ "${QUICK:-0}" != 1 ]; then
  echo "== ASan + UBSan build and test (build-asan/)"
  BUILD_DIR=build-asan CMAKE_ARGS="-DPARKKIOSK_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug" scripts/build.sh
  (cd build-asan && ASAN_OPTIONS=detect_leaks=1 ctest -j2 --timeout 900 -LE "deploy|newcomer|image" "${only[@]}")
  if [ -x tests/fuzz/run.sh ]; then
    echo "== fuzzing (${FUZZ_SECONDS:-30} s per target)"
    tests/fuzz/run.sh "${FUZZ_SECONDS:-30}"
  fi
fi
echo "== all tests passed"
