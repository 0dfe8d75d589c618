# Soak (label "soak"): 100,000 refresh cycles in one process (parse, view, layout, dump)
# and a check that memory does not grow (tests/soak/soak.c). Under the sanitizers the
# growth figures mean nothing and each cycle is ~10x slower, so fewer cycles run there
# and LeakSanitizer does the judging.
add_executable(soak ${CMAKE_SOURCE_DIR}/tests/soak/soak.c)
target_link_libraries(soak PRIVATE pk_test parkkiosk_platform)
if(PARKKIOSK_SANITIZE)
  set(SOAK_CYCLES 5000)
else()
  set(SOAK_CYCLES 100000)
endif()
add_test(NAME soak COMMAND soak ${SOAK_CYCLES} 1048576)
set_tests_properties(soak PROPERTIES LABELS soak ENVIRONMENT "${PARKKIOSK_TEST_ENV}" TIMEOUT 180)
