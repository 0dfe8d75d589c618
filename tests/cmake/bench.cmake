# Benchmarks (label "bench", ~20 s): bench/bench.py --smoke runs every benchmark once on
# small inputs, peers only where installed (nothing is installed here), so that they keep
# working; the figures come from bench/run.sh, never from ctest.
find_package(Python3 COMPONENTS Interpreter)
if(NOT Python3_Interpreter_FOUND)
  return()
endif()
add_test(NAME bench_smoke COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/bench/bench.py
  --build ${CMAKE_BINARY_DIR} --smoke --no-install)
set_tests_properties(bench_smoke PROPERTIES LABELS bench ENVIRONMENT "${PARKKIOSK_TEST_ENV}"
  TIMEOUT 300)
