# Power loss (label "powerloss"): a cache writer killed with SIGKILL at 200 random
# moments; the cache must always load as the old or the new file (tests/powerloss).
add_executable(powerloss ${CMAKE_SOURCE_DIR}/tests/powerloss/powerloss.c)
target_link_libraries(powerloss PRIVATE pk_test)
add_test(NAME powerloss COMMAND powerloss ${CMAKE_CURRENT_BINARY_DIR}/powerloss-cache 200)
set_tests_properties(powerloss PROPERTIES LABELS powerloss
  ENVIRONMENT "${PARKKIOSK_TEST_ENV}" TIMEOUT 120)
