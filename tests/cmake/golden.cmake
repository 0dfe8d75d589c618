# Golden images: the demo rendered headless in both orientations and several themes,
# compared with tests/golden/*.png. Regenerate: tests/golden/golden.sh build/parkkiosk --update
file(STRINGS ${CMAKE_SOURCE_DIR}/tests/golden/cases.txt GOLDEN_LINES REGEX "^[a-z]")
foreach(line IN LISTS GOLDEN_LINES)
  string(REGEX MATCH "^[^ ]+" gname "${line}")
  add_test(NAME golden_${gname}
    COMMAND ${CMAKE_SOURCE_DIR}/tests/golden/golden.sh $<TARGET_FILE:parkkiosk> ${gname})
  set_tests_properties(golden_${gname} PROPERTIES LABELS golden
    ENVIRONMENT "${PARKKIOSK_TEST_ENV}" TIMEOUT 120)
endforeach()
