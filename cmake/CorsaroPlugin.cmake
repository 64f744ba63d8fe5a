# corsaro_add_plugin(NAME SOURCES src... [INSTALL_DIR dir])
#
# Builds NAME.so, a Corsaro plugin: a MODULE library without the "lib"
# prefix whose only exported symbol is the `corsaro_plugin` descriptor
# (everything else is hidden), linked with -z now so a missing symbol fails
# at load, not mid-run, and -z defs so it fails at link time already.
#
# It is installed into the plugin directory: inside Corsaro's own build,
# ${libdir}/corsaro/plugins of the install prefix; in a third party's
# project (after find_package(Corsaro)), INSTALL_DIR if given, else the
# cache variable CORSARO_PLUGIN_INSTALL_DIR, which defaults to the installed
# Corsaro's plugin directory (CORSARO_PLUGINDIR). The shipped plugins use
# this function exactly as a third party's project does.
function(corsaro_add_plugin NAME)
  cmake_parse_arguments(ARG "" "INSTALL_DIR" "SOURCES" ${ARGN})
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "corsaro_add_plugin(${NAME}): give SOURCES")
  endif()
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "corsaro_add_plugin(${NAME}): unknown arguments "
                        "'${ARG_UNPARSED_ARGUMENTS}' (expected SOURCES and INSTALL_DIR)")
  endif()
  # the loader's rule for plugin names; the name is also the file's name
  if(NOT NAME MATCHES "^[a-z0-9_]+$")
    message(FATAL_ERROR "corsaro_add_plugin(${NAME}): a plugin name is made "
                        "of [a-z0-9_] only")
  endif()
  add_library(${NAME} MODULE ${ARG_SOURCES})
  target_link_libraries(${NAME} PRIVATE Corsaro::corsaro)
  set_target_properties(${NAME} PROPERTIES
    PREFIX ""
    SUFFIX ".so"
    C_VISIBILITY_PRESET hidden
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  target_link_options(${NAME} PRIVATE "LINKER:-z,now" "LINKER:-z,defs")

  if(DEFINED CORSARO_BUILD_PLUGINDIR)
    # Corsaro's own tree: runs from the build tree find it here
    set_target_properties(${NAME} PROPERTIES
      LIBRARY_OUTPUT_DIRECTORY "${CORSARO_BUILD_PLUGINDIR}")
    set(dest "${CORSARO_INSTALL_PLUGINDIR}")
    set(libdir "${CMAKE_INSTALL_LIBDIR}")
  else()
    if(NOT DEFINED CORSARO_PLUGINDIR)
      message(FATAL_ERROR "corsaro_add_plugin(${NAME}): call find_package(Corsaro) first")
    endif()
    set(dest "${CORSARO_PLUGINDIR}")
    if(CORSARO_PLUGIN_INSTALL_DIR)
      set(dest "${CORSARO_PLUGIN_INSTALL_DIR}")
    endif()
    if(ARG_INSTALL_DIR)
      set(dest "${ARG_INSTALL_DIR}")
    endif()
    set(libdir "${CORSARO_LIBDIR}")
  endif()
  install(TARGETS ${NAME} LIBRARY DESTINATION "${dest}")

  # The host has libcorsaro loaded before it opens a plugin, so this RPATH
  # only serves ldd and other loaders. Beside libcorsaro (the usual case)
  # it is relative, so an installed tree can move.
  set(rel "")
  if(IS_ABSOLUTE "${dest}" AND IS_ABSOLUTE "${libdir}")
    file(RELATIVE_PATH rel "${dest}" "${libdir}")
  elseif(NOT IS_ABSOLUTE "${dest}" AND NOT IS_ABSOLUTE "${libdir}")
    file(RELATIVE_PATH rel "/p/${dest}" "/p/${libdir}")
  endif()
  string(REGEX REPLACE "/$" "" rel "${rel}") # CMake may add one
  if(rel MATCHES "^\\.\\.(/\\.\\.)*$")
    set_target_properties(${NAME} PROPERTIES INSTALL_RPATH "$ORIGIN/${rel}")
  elseif(IS_ABSOLUTE "${libdir}")
    set_target_properties(${NAME} PROPERTIES INSTALL_RPATH "${libdir}")
  endif()
endfunction()
