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
