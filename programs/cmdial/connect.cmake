# SPDX-License-Identifier: MIT
# cmdial_connect: the connection engine, custom actions and macros.
add_library(cmdial_connect STATIC connect_commands.cc)
target_include_directories(cmdial_connect PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
target_link_libraries(cmdial_connect PUBLIC cmdial_profiles cm cm_cli PRIVATE fmt::fmt)
cm_target_flags(cmdial_connect)
