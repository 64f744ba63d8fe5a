# Installs the SDK: headers, corsaro.pc and the CMake package config.
# Any install prefix works (cmake --install --prefix P): the CMake config
# finds everything relative to its own location (so a moved tree works
# too), and corsaro.pc gets the prefix given at install time.
include(CMakePackageConfigHelpers)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/corsaro
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT CorsaroTargets NAMESPACE Corsaro::
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/Corsaro)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/CorsaroConfig.cmake.in
  ${PROJECT_BINARY_DIR}/CorsaroConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/Corsaro
  PATH_VARS CORSARO_INSTALL_PLUGINDIR CMAKE_INSTALL_INCLUDEDIR CMAKE_INSTALL_LIBDIR)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/CorsaroConfigVersion.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/CorsaroConfig.cmake
              ${PROJECT_BINARY_DIR}/CorsaroConfigVersion.cmake
              ${PROJECT_SOURCE_DIR}/cmake/CorsaroPlugin.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/Corsaro)

# corsaro.pc holds absolute paths, the prefix given at install time
# (cmake --install --prefix P works): everything but the prefix is filled
# in now, the prefix by the install step.
function(corsaro_pc_path OUT DIR)
  if(IS_ABSOLUTE "${DIR}")
    set(${OUT} "${DIR}" PARENT_SCOPE)
  else()
    set(${OUT} "\${prefix}/${DIR}" PARENT_SCOPE)
  endif()
endfunction()
set(CORSARO_PC_PREFIX "@CORSARO_PC_PREFIX@") # kept for the install step
corsaro_pc_path(CORSARO_PC_LIBDIR "${CMAKE_INSTALL_LIBDIR}")
corsaro_pc_path(CORSARO_PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")
corsaro_pc_path(CORSARO_PC_PLUGINDIR "${CORSARO_INSTALL_PLUGINDIR}")
# Plugins call libtrace directly; libtrace ships no .pc file.
get_filename_component(_corsaro_trace_dir "${LIBTRACE_LIBRARY}" DIRECTORY)
set(CORSARO_PC_LIBTRACE "-ltrace")
if(NOT _corsaro_trace_dir IN_LIST CMAKE_C_IMPLICIT_LINK_DIRECTORIES)
  set(CORSARO_PC_LIBTRACE "-L${_corsaro_trace_dir} -ltrace")
endif()
configure_file(${PROJECT_SOURCE_DIR}/cmake/corsaro.pc.in
               ${PROJECT_BINARY_DIR}/corsaro.pc.in @ONLY)
install(CODE "
  get_filename_component(CORSARO_PC_PREFIX \"\${CMAKE_INSTALL_PREFIX}\" ABSOLUTE)
  configure_file(\"${PROJECT_BINARY_DIR}/corsaro.pc.in\"
                 \"${PROJECT_BINARY_DIR}/install/corsaro.pc\" @ONLY)
")
install(FILES ${PROJECT_BINARY_DIR}/install/corsaro.pc
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
