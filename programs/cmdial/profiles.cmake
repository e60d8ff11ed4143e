# SPDX-License-Identifier: MIT
# cmdial_profiles: the installed profiles and their phone books.
add_library(cmdial_profiles STATIC profile_commands.cc)
target_include_directories(cmdial_profiles PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
target_link_libraries(cmdial_profiles PUBLIC cm cm_cli PRIVATE fmt::fmt)
cm_target_flags(cmdial_profiles)
target_compile_options(cmdial_profiles PUBLIC -Wno-null-dereference)
