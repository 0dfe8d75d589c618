# Deployment tests (label "deploy"): the systemd units, the example config, the watchdog
# restart, the nginx fleet relay and the Debian package. Exit code 77 means skipped
# (a tool is missing, or the package test is not run as root). See docs/deployment.md.
find_package(Python3 COMPONENTS Interpreter)
find_program(PARKKIOSK_NGINX nginx PATHS /usr/sbin /sbin)
set(_deploy ${CMAKE_SOURCE_DIR}/deploy)
set(_dtests ${CMAKE_SOURCE_DIR}/tests/deploy)

add_test(NAME deploy_units COMMAND bash ${_dtests}/units_test.sh ${_deploy} 3.0)
set_tests_properties(deploy_units PROPERTIES TIMEOUT 120)

if(Python3_Interpreter_FOUND)
  add_test(NAME deploy_config_example
           COMMAND ${Python3_EXECUTABLE} ${_dtests}/config_example_test.py ${CMAKE_SOURCE_DIR}
                   $<TARGET_FILE:parkkiosk>)
  add_test(NAME deploy_watchdog_supervisor
           COMMAND ${Python3_EXECUTABLE} ${_dtests}/watchdog_test.py
                   --unit ${_deploy}/parkkiosk.service --stub)
  add_test(NAME deploy_watchdog
           COMMAND ${Python3_EXECUTABLE} ${_dtests}/watchdog_test.py
                   --unit ${_deploy}/parkkiosk.service --bin $<TARGET_FILE:parkkiosk>)
  add_test(NAME deploy_relay
           COMMAND ${Python3_EXECUTABLE} ${_dtests}/relay_test.py
                   --conf ${_deploy}/nginx/parkkiosk-relay.conf
                   --fixture ${PARKKIOSK_FIXTURES}/parkapi-v3/freiburg-parking-sites.json
                   --nginx ${PARKKIOSK_NGINX} --bin $<TARGET_FILE:parkkiosk>)
  add_test(NAME deploy_mdwe
           COMMAND ${Python3_EXECUTABLE} ${_dtests}/mdwe_test.py $<TARGET_FILE:parkkiosk>)
  set_tests_properties(deploy_config_example deploy_mdwe PROPERTIES TIMEOUT 120)
  # Timing-sensitive (watchdog gaps, cache windows): not alongside CPU-heavy tests.
  set_tests_properties(deploy_watchdog_supervisor deploy_watchdog deploy_relay PROPERTIES
                       TIMEOUT 180 RUN_SERIAL TRUE)
endif()

add_test(NAME deploy_package
         COMMAND bash ${_dtests}/package_test.sh ${CMAKE_SOURCE_DIR} ${CMAKE_BINARY_DIR}/deploy-pkg)
set_tests_properties(deploy_package PROPERTIES TIMEOUT 900 RUN_SERIAL TRUE)

set(_deploy_tests deploy_units deploy_package)
if(Python3_Interpreter_FOUND)
  list(APPEND _deploy_tests deploy_config_example deploy_mdwe deploy_watchdog_supervisor
       deploy_watchdog deploy_relay)
endif()
set_tests_properties(${_deploy_tests} PROPERTIES LABELS deploy SKIP_RETURN_CODE 77
                     ENVIRONMENT "${PARKKIOSK_TEST_ENV}")
