# Chaos (label "chaos", ~2.5 min): a headless kiosk against a local server that fails in
# every way in rotation (tests/chaos/). In a sanitizer build the test still demands no
# crash and honest state, but does not judge RSS (ASan's quarantine grows by design).
find_package(Python3 COMPONENTS Interpreter)
find_program(OPENSSL_EXE openssl)
if(NOT Python3_Interpreter_FOUND OR NOT OPENSSL_EXE)
  message(WARNING "python3 or openssl missing: the chaos test is not registered")
  return()
endif()
set(CHAOS_ENV ${PARKKIOSK_TEST_ENV} "CHAOS_STATE=${CMAKE_CURRENT_BINARY_DIR}/chaos-state")
if(PARKKIOSK_SANITIZE)
  list(APPEND CHAOS_ENV "CHAOS_NO_RSS=1")
endif()
add_test(NAME chaos COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tests/chaos/chaos.py)
set_tests_properties(chaos PROPERTIES LABELS chaos ENVIRONMENT "${CHAOS_ENV}" TIMEOUT 300)

# Idle (label "idle", ~40 s): a kiosk on live feeds that answer 304 draws no frame while
# nothing on screen changes (bench/bench.py --idle-check; the CPU figure is bench/run.sh's).
add_test(NAME idle_frames COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/bench/bench.py
  --build ${CMAKE_BINARY_DIR} --idle-check 20)
set_tests_properties(idle_frames PROPERTIES LABELS idle ENVIRONMENT "${PARKKIOSK_TEST_ENV}"
  TIMEOUT 180)
