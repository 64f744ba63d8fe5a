# Compiler flags of a fuzzing build (-DCORSARO_FUZZ=ON with CC=clang),
# included before any target exists so that libcorsaro, every plugin and
# the tools are instrumented alike: coverage for libFuzzer, ASan and UBSan.
#
# The sanitizer runtime is the shared one (-shared-libsan): plugins link
# with -z defs, which a static runtime (whose symbols only the executable
# has) cannot satisfy. The programs find it through an RPATH.
if(NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "CORSARO_FUZZ needs clang (libFuzzer): configure with CC=clang")
endif()
execute_process(COMMAND ${CMAKE_C_COMPILER} -print-file-name=libclang_rt.asan-x86_64.so
                OUTPUT_VARIABLE _fuzz_asan_rt OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT EXISTS "${_fuzz_asan_rt}")
  message(FATAL_ERROR "CORSARO_FUZZ: clang's sanitizer runtime is missing "
                      "(install libclang-rt-14-dev)")
endif()
get_filename_component(CORSARO_FUZZ_RUNTIME_DIR "${_fuzz_asan_rt}" DIRECTORY)

set(CORSARO_FUZZ_SANITIZERS address,undefined)
add_compile_options(-fsanitize=fuzzer-no-link,${CORSARO_FUZZ_SANITIZERS}
                    -shared-libsan -fno-omit-frame-pointer
                    -fno-sanitize-recover=undefined -g)
add_link_options(-fsanitize=${CORSARO_FUZZ_SANITIZERS} -shared-libsan
                 "LINKER:-rpath,${CORSARO_FUZZ_RUNTIME_DIR}")
