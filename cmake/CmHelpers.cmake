# SPDX-License-Identifier: MIT
# Build helpers shared by every folder: warning flags, sanitizers, tests.

set(CM_WARNINGS -Wall -Wextra -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
    -Wunused -Woverloaded-virtual -Wpedantic -Wnull-dereference -Wdouble-promotion
    -Wformat=2 -Wimplicit-fallthrough -Wno-missing-field-initializers)

# Applies the project's warnings (and -Werror with CM_WERROR) to a target.
function(cm_target_flags target)
  target_compile_options(${target} PRIVATE ${CM_WARNINGS})
  if(CM_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

if(CM_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()

# cm_add_test(NAME SOURCES... [LIBS ...]): one GoogleTest binary; ctest lists each case.
function(cm_add_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gtest_main GTest::gmock)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/lib ${PROJECT_SOURCE_DIR})
  target_compile_definitions(${name} PRIVATE
      CM_TESTDATA_DIR="${PROJECT_SOURCE_DIR}/testdata"
      CM_BIN_DIR="${CMAKE_BINARY_DIR}/bin")
  cm_target_flags(${name})
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES TIMEOUT 600)
endfunction()
