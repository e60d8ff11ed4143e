// SPDX-License-Identifier: MIT
// The OpenVPN client configuration cmdial generates from a profile (docs/tunnels.md). The user's
// password never appears in it: `management-query-passwords` makes OpenVPN ask for it over the
// management socket.
#pragma once

#include <string>
#include <vector>

#include "cm/result.h"
#include "engines/vpn_support.h"

namespace cm::cmdial {

struct OpenVpnClientOptions {
  std::string profile_name;       // for the header comment
  std::vector<HostPort> remotes;  // in the order to try them
  std::string protocol = "udp";   // udp or tcp ([cmsuite Tunnel] Protocol)
  std::string ca_file;            // absolute path (CAFile, in the profile folder)
  std::string auth = "password";  // password, certificate, password+certificate (Auth)
  std::string cert_file;          // certificate logons: the user's client.crt
  std::string key_file;           // and client.key
  std::string cipher;             // data-ciphers (Cipher); empty: OpenVPN's default
  std::string device;             // tun device name; empty: "tun" (the kernel picks)
  std::string management_socket;  // unix socket path
  std::string log_file;           // OpenVPN's own log
  int connect_timeout_seconds = 10;
};

// The configuration text. Errors: kInvalidArgument when a value cannot be written safely (quote,
// backslash, control character), when there is no remote, or when protocol or auth is unknown.
[[nodiscard]] Result<std::string> OpenVpnClientConfig(const OpenVpnClientOptions& options);

}  // namespace cm::cmdial
