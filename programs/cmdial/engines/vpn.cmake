# SPDX-License-Identifier: MIT
# The VPN tunnels: sources are added to cmdial_engines with target_sources().
# docs/tunnels.md describes them; tests/netns/ runs OpenVPN and WireGuard for real.
target_sources(cmdial_engines PRIVATE
  engines/vpn_support.cc engines/vpn_watch.cc engines/vpn_kernel.cc engines/vpn_tunnels.cc
  engines/openvpn_config.cc engines/openvpn_management.cc engines/openvpn_tunnel.cc
  engines/wireguard_keys.cc engines/wireguard_tunnel.cc engines/vpn_commands.cc
  engines/vpn_legacy_tunnel.cc engines/ikev2_config.cc engines/sstp_config.cc
  engines/l2tp_config.cc engines/pptp_config.cc)
target_link_libraries(cmdial_engines PUBLIC cmdial_connect PRIVATE PkgConfig::SODIUM)

# A small driver over MakeVpnTunnel: brings a profile's tunnel up, runs a command through it,
# takes it down (scripts/demo-vpn, bench/vpn_tunnel_up.sh, the administrator's key registration).
add_executable(cm-vpn-driver engines/vpn_driver_main.cc)
target_link_libraries(cm-vpn-driver PRIVATE cmdial_engines cmdial_profiles fmt::fmt)
cm_target_flags(cm-vpn-driver)

if(CM_BUILD_TESTS)
  cm_add_test(cmdial_vpn_test
    SOURCES engines/vpn_support_test.cc engines/openvpn_config_test.cc
      engines/openvpn_management_test.cc engines/wireguard_test.cc engines/vpn_legacy_test.cc
      engines/vpn_tunnels_test.cc engines/vpn_commands_test.cc
    LIBS cmdial_engines fmt::fmt)
endif()
