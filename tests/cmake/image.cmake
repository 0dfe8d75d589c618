# Boot test of the kiosk image (label "image"): the .deb and the image built from this
# tree, booted in QEMU (KVM where it works, else TCG), every item of issue 13 asserted
# with a deadline (tests/image/image_test.py, docs/deployment.md "Boot test"). Needs root,
# qemu-system-x86, ovmf and the Debian mirror once; debootstrap and apt downloads are
# cached in /var/cache/parkkiosk-test. Exit 77 = skipped. Not in the ASan build
# (scripts/test.sh): it tests the package, not the instrumented binary.
find_package(Python3 COMPONENTS Interpreter)
if(Python3_Interpreter_FOUND)
  add_test(NAME image_boot
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tests/image/image_test.py
                   --src ${CMAKE_SOURCE_DIR} --work ${CMAKE_BINARY_DIR}/image-test
                   --cache /var/cache/parkkiosk-test --screen-deadline 600)
  # Two cores: nothing else alongside the emulator.
  set_tests_properties(image_boot PROPERTIES LABELS image SKIP_RETURN_CODE 77 TIMEOUT 2400
                       RUN_SERIAL TRUE)
endif()
