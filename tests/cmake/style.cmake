# Source rules (label "style"): tests/style/checksrc.py, after curl's checksrc —
# clang-format clean, no assignment inside a condition, no banned functions, no SDL/curl/
# espeak-ng header under src/core. Runs in every build; it reads the sources only.
find_package(Python3 COMPONENTS Interpreter)
if(Python3_Interpreter_FOUND)
  add_test(NAME checksrc
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/style/checksrc.py ${CMAKE_SOURCE_DIR})
  set_tests_properties(checksrc PROPERTIES LABELS style TIMEOUT 120)
else()
  message(WARNING "python3 missing: the style check is not registered")
endif()
