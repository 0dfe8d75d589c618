# Debian package of parkkiosk (CPack DEB), and the deployment files a package installs.
#
#   cmake -S . -B build-deb -DCMAKE_INSTALL_PREFIX=/usr -DBUILD_TESTING=OFF
#   cmake --build build-deb -j2 && (cd build-deb && cpack -G DEB)
#
# The prefix must be /usr: the binary finds its fonts and catalogues through the data
# directory compiled into it (PARKKIOSK_DATADIR), so a package built with the default
# /usr/local prefix would look in the wrong place; cpack refuses it (cpack-options.cmake).
# Tested by tests/deploy/package_test.sh (label "deploy").

# Deployment files: the systemd units, the city's config, docs and examples. They name
# /usr/bin/parkkiosk and /etc/parkkiosk, so they are installed only for the /usr prefix.
if(CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  install(FILES deploy/parkkiosk.service deploy/parkkiosk-kmsdrm.service
          DESTINATION /lib/systemd/system)
  install(FILES deploy/config.example.json DESTINATION /etc/parkkiosk RENAME config.json
          PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
  install(PROGRAMS deploy/libexec/display DESTINATION ${CMAKE_INSTALL_LIBEXECDIR}/parkkiosk)
  install(FILES docs/deployment.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
  install(FILES deploy/config.example.json deploy/nginx/parkkiosk-relay.conf
          deploy/image/build-image.sh
          DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)
else()
  message(STATUS "parkkiosk: systemd units and /etc/parkkiosk are installed only with "
                 "CMAKE_INSTALL_PREFIX=/usr (package builds)")
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME parkkiosk)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "parkkiosk")
set(CPACK_PACKAGE_CONTACT "parkkiosk maintainers <parkkiosk@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "accessible parking availability kiosk (screen, keypad, speech)")
set(CPACK_PACKAGE_DESCRIPTION
    "parkkiosk shows where the nearest free accessible (disabled) parking spaces and car
parks are, in high contrast, several languages and by speech, on street displays and
touch or keypad kiosks. Feeds: ParkAPI v3, ParkenDD v1, FIWARE NGSI. Runs unattended
under systemd (watchdog, health metrics) in the cage kiosk compositor.")
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_STRIP_FILES TRUE)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Library dependencies are computed by dpkg-shlibdeps; these are the ones it cannot see
# (the dlopened libraries are added below):
# the compositor the unit runs, the seat daemon it gets its devices from, Xwayland for
# the software display path (with xkbcomp, without which it cannot start), the speech data espeak-ng loads at run time, and adduser
# for the postinst.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser, cage, seatd, xwayland, x11-xkb-utils, espeak-ng-data")

# dpkg-shlibdeps sees only the binary's DT_NEEDED: the libraries parkkiosk loads with
# dlopen (libcurl, libespeak-ng: src/platform/curl_lib.c, espeak_lib.c) are added here,
# with the versioned dependency their own package declares for its soname (its .shlibs
# file, as dpkg-shlibdeps would), else the package's plain name.
function(parkkiosk_dlopen_depends soname fallback out)
  set(dep ${fallback})
  if(soname MATCHES "^(.+)\\.so\\.([0-9]+)$")
    set(name ${CMAKE_MATCH_1})
    set(ver ${CMAKE_MATCH_2})
    file(GLOB shlibs /var/lib/dpkg/info/*.shlibs)
    foreach(f IN LISTS shlibs)
      file(STRINGS ${f} lines REGEX "^${name} ${ver} ")
      if(lines)
        list(GET lines 0 line)
        string(REGEX REPLACE "^${name} ${ver} +" "" dep "${line}")
        break()
      endif()
    endforeach()
  endif()
  set(${out} "${dep}" PARENT_SCOPE)
endfunction()
parkkiosk_dlopen_depends(${PARKKIOSK_CURL_SONAME} libcurl4 _curl_dep)
parkkiosk_dlopen_depends(${PARKKIOSK_ESPEAK_SONAME} libespeak-ng1 _espeak_dep)
string(APPEND CPACK_DEBIAN_PACKAGE_DEPENDS ", ${_curl_dep}, ${_espeak_dep}")
message(STATUS "parkkiosk: the package depends on the dlopened ${_curl_dep}, ${_espeak_dep}")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "fonts-dejavu-core")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "nginx-light, prometheus-node-exporter")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${CMAKE_SOURCE_DIR}/deploy/debian/conffiles
    ${CMAKE_SOURCE_DIR}/deploy/debian/postinst
    ${CMAKE_SOURCE_DIR}/deploy/debian/prerm
    ${CMAKE_SOURCE_DIR}/deploy/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)
configure_file(${CMAKE_SOURCE_DIR}/cmake/cpack-options.cmake.in
               ${CMAKE_BINARY_DIR}/cpack-options.cmake @ONLY)
set(CPACK_PROJECT_CONFIG_FILE ${CMAKE_BINARY_DIR}/cpack-options.cmake)
include(CPack)
