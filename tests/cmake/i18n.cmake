# Languages: the spoken-catalogue test synthesises a sample in every language's espeak-ng
# voice, so it carries the speech label too (and a longer timeout).
if(TARGET test_speech_locales)
  set_tests_properties(test_speech_locales PROPERTIES LABELS "unit;speech" TIMEOUT 180)
endif()
