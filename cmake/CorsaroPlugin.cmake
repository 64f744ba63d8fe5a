# corsaro_add_plugin(NAME SOURCES src...)
#
# Builds NAME.so, a Corsaro plugin: a MODULE library without the "lib"
# prefix whose only exported symbol is the `corsaro_plugin` descriptor,
# linked with -z now so a missing symbol fails at load, not mid-run.
# It is installed into the plugin directory. The shipped plugins use this
# exactly as a third party's project does (via find_package(Corsaro)).
function(corsaro_add_plugin NAME)
  cmake_parse_arguments(ARG "" "" "SOURCES" ${ARGN})
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "corsaro_add_plugin(${NAME}): give SOURCES")
  endif()
  add_library(${NAME} MODULE ${ARG_SOURCES})
  target_link_libraries(${NAME} PRIVATE Corsaro::corsaro)
  set_target_properties(${NAME} PROPERTIES
    PREFIX ""
    C_VISIBILITY_PRESET hidden
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  target_link_options(${NAME} PRIVATE "LINKER:-z,now" "LINKER:-z,defs")
  if(DEFINED CORSARO_BUILD_PLUGINDIR)
    set_target_properties(${NAME} PROPERTIES
      LIBRARY_OUTPUT_DIRECTORY "${CORSARO_BUILD_PLUGINDIR}")
  endif()
  if(DEFINED CORSARO_INSTALL_PLUGINDIR)
    install(TARGETS ${NAME} LIBRARY DESTINATION "${CORSARO_INSTALL_PLUGINDIR}")
  elseif(DEFINED CORSARO_PLUGINDIR)
    install(TARGETS ${NAME} LIBRARY DESTINATION "${CORSARO_PLUGINDIR}")
  endif()
endfunction()
