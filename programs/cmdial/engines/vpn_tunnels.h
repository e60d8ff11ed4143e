// SPDX-License-Identifier: MIT
// The VPN tunnels of issue 7 behind connect/tunnel.h: OpenVPN and WireGuard (run for real),
// IKEv2 (strongSwan swanctl), SSTP (sstp-client + pppd), L2TP/IPsec (xl2tpd + swanctl) and
// PPTP (pptp-linux + pppd). Each tunnel drives the well-known implementation with a
// configuration generated from the profile's [cmsuite Tunnel] settings (docs/tunnels.md lists
// the keys each type reads and what is generated).
//
// Secrets: the user's password reaches a daemon only through a channel no other user can read
// (OpenVPN's management socket in the 0700 runtime folder, pppd's stdin through the passwordfd
// plugin); never on a command line. WireGuard's private key is the user's own, kept 0600 in the
// user's data folder.
#pragma once

#include <memory>
#include <string>

#include "cm/result.h"
#include "cm/service_profile.h"
#include "connect/tunnel.h"

namespace cm::cmdial {

// The programs the tunnels run. Defaults: found in /usr/sbin, /usr/bin, /sbin, /bin (never
// through PATH); tests and benchmarks override them.
struct VpnTools {
  std::string openvpn;
  std::string wireguard_go;
  std::string wg;
  std::string ip;
  std::string swanctl;
  std::string pppd;
  std::string pptp;
  std::string sstpc;
  std::string xl2tpd;

  // Each tool found in the system folders; a tool that is absent is left as its bare name (Up()
  // then fails with kNotFound naming it and the Debian package that has it).
  static VpnTools Default();
};

// Where a tunnel keeps its files, and what it runs.
struct VpnContext {
  // Generated configurations, sockets and daemon logs of this connection. Created with mode 0700
  // when missing (its parent must exist); a tunnel writes only below <runtime_dir>/<short name>/.
  std::string runtime_dir;
  // The user's data folder for per-user keys and certificates (e.g. $XDG_DATA_HOME/cmsuite/keys):
  // <data_dir>/<short name>/wireguard.key (created once, 0600), client.crt / client.key for
  // certificate logons. Created 0700 when missing.
  std::string data_dir;
  // The network interface to make (WireGuard; the OpenVPN tun device). Empty: derived from the
  // profile's short name ("cm-" + up to 12 of its characters). Tests set unique names.
  std::string interface_name;
  VpnTools tools = VpnTools::Default();
};

// Makes the tunnel of `profile` (its tunnel_type, vpn_servers, server_choice and
// tunnel_settings). `profile_dir` is the installed profile folder (files named by settings, such
// as CAFile, are read from it). Nothing is started until Up().
// Errors: kInvalidArgument when a setting the type needs is missing or malformed (the message
// names the [cmsuite Tunnel] key and the form expected), or when there is no server;
// kUnsupported for Type=command (connect/command_tunnel.h makes that one).
[[nodiscard]] Result<std::unique_ptr<Tunnel>> MakeVpnTunnel(const ServiceProfile& profile,
                                                            const std::string& profile_dir,
                                                            const VpnContext& context);

}  // namespace cm::cmdial
