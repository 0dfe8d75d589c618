# Newcomer (label "newcomer", a few minutes once its caches are warm): the README's two
# commands in a fresh Debian 12 minbase root, on a clone of the committed tree at
# /root/clone (tests/newcomer/newcomer_test.sh). Plain build only: it builds and tests in
# its own root, so a sanitizer build would test nothing more. Exit 77: skipped (not root,
# no debootstrap, no mirror and no cached root).
if(PARKKIOSK_SANITIZE OR PARKKIOSK_FUZZ)
  return()
endif()
add_test(NAME newcomer
         COMMAND bash ${CMAKE_SOURCE_DIR}/tests/newcomer/newcomer_test.sh ${CMAKE_SOURCE_DIR})
# Serial: minutes of apt and compiler on both cores would starve the timing-sensitive
# tests beside it (soak, memcheck_kiosk and an e2e timing test failed while it ran beside
# them in a loaded full run).
set_tests_properties(newcomer PROPERTIES LABELS newcomer SKIP_RETURN_CODE 77 TIMEOUT 2400
                     RUN_SERIAL TRUE)
