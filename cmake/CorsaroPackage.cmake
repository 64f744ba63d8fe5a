# Installs the SDK: headers, corsaro.pc and the CMake package config.
include(CMakePackageConfigHelpers)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/corsaro
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT CorsaroTargets NAMESPACE Corsaro::
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/Corsaro)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/CorsaroConfig.cmake.in
  ${PROJECT_BINARY_DIR}/CorsaroConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/Corsaro
  PATH_VARS CORSARO_INSTALL_PLUGINDIR CMAKE_INSTALL_INCLUDEDIR)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/CorsaroConfigVersion.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/CorsaroConfig.cmake
              ${PROJECT_BINARY_DIR}/CorsaroConfigVersion.cmake
              ${PROJECT_SOURCE_DIR}/cmake/CorsaroPlugin.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/Corsaro)
configure_file(${PROJECT_SOURCE_DIR}/cmake/corsaro.pc.in
               ${PROJECT_BINARY_DIR}/corsaro.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/corsaro.pc
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
