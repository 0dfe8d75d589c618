# Speech tests synthesise real audio (espeak-ng) and play it through SDL's disk driver:
# slower than the pure unit tests, so they carry their own label too.
if(TARGET test_speech)
  set_tests_properties(test_speech PROPERTIES LABELS "unit;speech" TIMEOUT 180)
endif()
