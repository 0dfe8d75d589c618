# Fuzz replay (label "fuzz") in the plain and sanitizer builds: each fuzz target linked
# with tests/fuzz/replay_main.c instead of libFuzzer, run once over the fixtures, the
# seeds and every kept crash input (tests/fuzz/regress*). Fuzzing itself needs clang and
# PARKKIOSK_FUZZ=ON (tests/fuzz/run.sh), whose build registers the same tests on the
# libFuzzer binaries (tests/fuzz/CMakeLists.txt) instead.
if(NOT PARKKIOSK_FUZZ)
  set(_fz ${CMAKE_SOURCE_DIR}/tests/fuzz)
  set(_fx ${PARKKIOSK_FIXTURES})
  set(_fuzz_inputs_fuzz_feed_parkapi3 ${_fx}/parkapi-v3 ${_fx}/parkapi-v3/push-input ${_fz}/regress)
  set(_fuzz_inputs_fuzz_feed_parkenddv1 ${_fx}/parkenddv1 ${_fz}/regress)
  set(_fuzz_inputs_fuzz_feed_ngsi ${_fx}/fiware ${_fz}/regress)
  set(_fuzz_inputs_fuzz_feed_datex2 ${_fx}/datex2 ${_fx}/handmade ${_fz}/regress)
  set(_fuzz_inputs_fuzz_feed_auto ${_fx}/parkapi-v3 ${_fx}/parkenddv1 ${_fx}/fiware ${_fx}/datex2
      ${_fz}/regress)
  set(_fuzz_inputs_fuzz_config ${_fz}/seeds-config ${_fz}/regress-config)
  set(_fuzz_inputs_fuzz_input_script ${_fz}/seeds-input)
  foreach(name fuzz_feed_parkapi3 fuzz_feed_parkenddv1 fuzz_feed_ngsi fuzz_feed_datex2 fuzz_feed_auto
          fuzz_config fuzz_input_script)
    add_executable(${name}_replay ${_fz}/${name}.c ${_fz}/replay_main.c)
    target_link_libraries(${name}_replay PRIVATE parkkiosk_core)
    add_test(NAME ${name}_replay COMMAND ${name}_replay ${_fuzz_inputs_${name}})
    set_tests_properties(${name}_replay PROPERTIES LABELS fuzz TIMEOUT 120)
  endforeach()
endif()
