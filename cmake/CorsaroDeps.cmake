# Finds the Debian packages Corsaro needs. None ships .pc files, so each is
# found by header and library; a missing one names the package to install.
function(corsaro_require VAR HEADER LIBNAME PACKAGE)
  find_path(${VAR}_INCLUDE_DIR ${HEADER})
  if(LIBNAME)
    find_library(${VAR}_LIBRARY ${LIBNAME})
  else()
    set(${VAR}_LIBRARY "" CACHE INTERNAL "")
  endif()
  if(NOT ${VAR}_INCLUDE_DIR OR (LIBNAME AND NOT ${VAR}_LIBRARY))
    message(FATAL_ERROR "${HEADER} or lib${LIBNAME} not found: install it with "
                        "'apt-get install ${PACKAGE}' (or set CMAKE_PREFIX_PATH)")
  endif()
  message(STATUS "Found ${PACKAGE}: ${${VAR}_LIBRARY} ${${VAR}_INCLUDE_DIR}")
endfunction()

corsaro_require(LIBTRACE libtrace.h trace libtrace3-dev)
corsaro_require(WANDIO wandio.h wandio libwandio1-dev)
corsaro_require(LTDL ltdl.h ltdl libltdl-dev)
corsaro_require(UTHASH uthash.h "" uthash-dev)
corsaro_require(PCAP pcap/pcap.h pcap libpcap-dev)
find_package(Threads REQUIRED)

if(CORSARO_BUILD_TESTS)
  corsaro_require(CMOCKA cmocka.h cmocka libcmocka-dev)
endif()

find_path(PACKETDUMP_INCLUDE_DIR libpacketdump.h)
find_library(PACKETDUMP_LIBRARY packetdump)
