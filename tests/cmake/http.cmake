# Live-feed tests (label "http"): a real local HTTP/HTTPS server (tests/http/server.py,
# python3 stdlib) started by a CTest fixture, and cases that run tests/http/fetch_probe
# (fetch_once / a fetcher against a config from argv) or the parkkiosk binary itself.
add_executable(fetch_probe ${CMAKE_CURRENT_SOURCE_DIR}/http/fetch_probe.c)
target_link_libraries(fetch_probe PRIVATE parkkiosk_platform)

find_package(Python3 COMPONENTS Interpreter)
find_program(OPENSSL_EXE openssl)
if(NOT Python3_Interpreter_FOUND OR NOT OPENSSL_EXE)
  message(WARNING "python3 or openssl missing: the http tests are not registered")
  return()
endif()

set(HTTP_CASES fixture_ok etag_304 last_modified_only restart_cache error_keeps_data
    not_found garbage empty_accepted bad_utf8 over_cap many_spots trickle_and_hang slow_headers_ok connect_timeout cut
    redirect_file redirect_chain redirect_other_origin retry_after backoff paged paged_cache fifo_feed
    paged_deadline max_age_stale
    https client_cert datex2_accept destroy_quick slow_feed_isolated file_feed corrupt_cache stale_log idle_threads
    dump_state dump_state_dead_server)
set(HTTP_ENV ${PARKKIOSK_TEST_ENV}
    "HTTP_STATE=${CMAKE_CURRENT_BINARY_DIR}/http-state"
    "FETCH_PROBE=$<TARGET_FILE:fetch_probe>")
set(HTTP_CASES_PY ${CMAKE_CURRENT_SOURCE_DIR}/http/cases.py)

add_test(NAME http_server_start COMMAND ${Python3_EXECUTABLE} ${HTTP_CASES_PY} setup)
add_test(NAME http_server_stop COMMAND ${Python3_EXECUTABLE} ${HTTP_CASES_PY} cleanup)
set_tests_properties(http_server_start PROPERTIES FIXTURES_SETUP http_server LABELS http
  ENVIRONMENT "${HTTP_ENV}" TIMEOUT 30)
set_tests_properties(http_server_stop PROPERTIES FIXTURES_CLEANUP http_server LABELS http
  ENVIRONMENT "${HTTP_ENV}" TIMEOUT 30)
foreach(case IN LISTS HTTP_CASES)
  add_test(NAME http_${case} COMMAND ${Python3_EXECUTABLE} ${HTTP_CASES_PY} ${case})
  set_tests_properties(http_${case} PROPERTIES FIXTURES_REQUIRED http_server LABELS http
    ENVIRONMENT "${HTTP_ENV}" TIMEOUT 60)
endforeach()
