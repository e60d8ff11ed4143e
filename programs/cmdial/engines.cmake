# SPDX-License-Identifier: MIT
# cmdial_engines: the links and tunnels of issue 7 behind connect/link.h and connect/tunnel.h.
#   dial-up (modem + pppd): engines/dialup_*, engines/pppd_*          (this file)
#   VPN tunnels (OpenVPN, WireGuard, IKEv2, SSTP, L2TP, PPTP): engines/vpn.cmake
add_library(cmdial_engines STATIC engines/pppd_options.cc engines/dialup_link.cc
  engines/modem_settings.cc engines/modem_commands.cc engines/dialup_target.cc
  engines/engine_factory.cc)
target_include_directories(cmdial_engines PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
target_link_libraries(cmdial_engines PUBLIC cmdial_profiles cm_ini cm_modem cm_text cm_cli
  PRIVATE fmt::fmt nlohmann_json::nlohmann_json)
target_compile_options(cmdial_engines PUBLIC -Wno-null-dereference)
cm_target_flags(cmdial_engines)

if(CM_BUILD_TESTS)
  # The dial-up tests dial the modem emulator; a double stands in for pppd (no PPP here).
  cm_add_test(cmdial_dialup_test
    SOURCES engines/pppd_options_test.cc engines/dialup_link_test.cc engines/modem_commands_test.cc
      engines/dialup_target_test.cc
    LIBS cmdial_engines cmdial_connect)
  add_dependencies(cmdial_dialup_test cm-modem-emulator)
  target_compile_definitions(cmdial_dialup_test PRIVATE
    CM_ENGINES_TESTDATA="${CMAKE_CURRENT_SOURCE_DIR}/engines/testdata")
endif()
include(${CMAKE_CURRENT_SOURCE_DIR}/engines/vpn.cmake OPTIONAL)
