# DATEX II through the real binary (label "e2e"): table + status --feed files joined in
# --dump-state, and a feed of only unusable items reported as such (tests/e2e/datex2_dump.py).
foreach(case IN ITEMS frankfurt friedrichshafen orphans unusable)
  add_test(NAME e2e_datex2_${case}
    COMMAND python3 ${CMAKE_SOURCE_DIR}/tests/e2e/datex2_dump.py ${case})
  set_tests_properties(e2e_datex2_${case} PROPERTIES LABELS e2e
    ENVIRONMENT "${PARKKIOSK_TEST_ENV}" TIMEOUT 120)
endforeach()
