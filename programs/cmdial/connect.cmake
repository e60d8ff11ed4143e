# SPDX-License-Identifier: MIT
# cmdial_connect: the connection engine, custom actions and macros (sources in connect/).
add_library(cmdial_connect STATIC
  connect_commands.cc
  connect/command_line.cc connect/child_process.cc connect/connection_macros.cc
  connect/connection_log.cc connect/logon_actions.cc connect/action_runner.cc
  connect/direct_link.cc connect/command_tunnel.cc connect/idle_monitor.cc connect/interrupts.cc
  connect/engine.cc connect/engine_factory.cc connect/connection_state.cc connect/connect_plan.cc
  connect/connect_command.cc connect/control_commands.cc connect/phonebook_step.cc)
target_include_directories(cmdial_connect PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
target_link_libraries(cmdial_connect PUBLIC cmdial_profiles cm cm_cli PRIVATE fmt::fmt
  nlohmann_json::nlohmann_json ${CMAKE_DL_LIBS})
cm_target_flags(cmdial_connect)

if(CM_BUILD_TESTS)
  # A real shared-library action for the runner's tests (the seed's DLL model).
  add_library(cmdial_test_action MODULE connect/test_action_library.c)
  cm_add_test(cmdial_connect_test
    SOURCES connect/command_line_test.cc connect/action_runner_test.cc
      connect/command_tunnel_test.cc connect/engine_test.cc
      connect/idle_monitor_test.cc connect/connection_state_test.cc
    LIBS cmdial_connect fmt::fmt)
  add_dependencies(cmdial_connect_test cmdial_test_action)
  target_compile_definitions(cmdial_connect_test PRIVATE
    CMDIAL_TEST_ACTION_SO="$<TARGET_FILE:cmdial_test_action>")
endif()

if(CM_BUILD_TESTS)
  add_test(NAME cmdial_connect.acceptance
    COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/connect/connect_acceptance_test.sh ${CMAKE_BINARY_DIR}/bin)
  set_tests_properties(cmdial_connect.acceptance PROPERTIES TIMEOUT 300)
endif()
