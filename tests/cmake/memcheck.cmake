# Valgrind memcheck on end-to-end runs (label "memcheck"): --dump-state, --screenshot and
# a running kiosk with live feeds (tests/memcheck/memcheck.sh). Valgrind cannot run a
# sanitizer build, so these are registered only in a plain build.
find_program(VALGRIND_EXE valgrind)
find_package(Python3 COMPONENTS Interpreter)
if(PARKKIOSK_SANITIZE OR PARKKIOSK_FUZZ)
  return()
endif()
if(NOT VALGRIND_EXE OR NOT Python3_Interpreter_FOUND)
  message(WARNING "valgrind or python3 missing: the memcheck tests are not registered")
  return()
endif()
foreach(case IN ITEMS dump screenshot kiosk)
  add_test(NAME memcheck_${case}
    COMMAND ${CMAKE_SOURCE_DIR}/tests/memcheck/memcheck.sh ${case})
  set_tests_properties(memcheck_${case} PROPERTIES LABELS memcheck TIMEOUT 180
    ENVIRONMENT "${PARKKIOSK_TEST_ENV};MEMCHECK_DIR=${CMAKE_CURRENT_BINARY_DIR}/memcheck")
endforeach()
