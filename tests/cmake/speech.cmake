# Speech tests synthesise real audio (espeak-ng) and play it through SDL's disk driver:
# slower than the pure unit tests, so they carry their own label too.
if(TARGET test_speech)
  set_tests_properties(test_speech PROPERTIES LABELS "unit;speech" TIMEOUT 180)
endif()

# Start-of-speech latency (speech_say -> first samples at the audio device). The number
# from the dummy driver is synthesis plus one audio period; on a kiosk, run
# build/tests/speech_latency with the real sound card.
add_executable(speech_latency ${CMAKE_CURRENT_SOURCE_DIR}/tools/speech_latency.c)
target_link_libraries(speech_latency PRIVATE parkkiosk_platform)
add_test(NAME speech_latency COMMAND speech_latency 250)
set_tests_properties(speech_latency PROPERTIES LABELS speech TIMEOUT 120
  ENVIRONMENT "${PARKKIOSK_TEST_ENV}")
