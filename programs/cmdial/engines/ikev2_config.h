// SPDX-License-Identifier: MIT
// IKEv2 with strongSwan: the swanctl.conf connection (a virtual IP from the server, all traffic
// through the tunnel, the server authenticated by its certificate against the profile's CA) and
// the plan that loads it into charon and initiates it. The EAP secret goes in a separate file
// that exists only while `swanctl --load-creds` reads it.
#pragma once

#include <string>

#include "engines/vpn_legacy_tunnel.h"

namespace cm::cmdial {

// swanctl.conf text for `settings` and `user` (Auth: eap-mschapv2 (default), eap-tls,
// certificate). Errors: kInvalidArgument (a value that cannot be written, unknown Auth).
[[nodiscard]] Result<std::string> Ikev2SwanctlConf(const LegacyTunnelSettings& settings,
                                                   const std::string& user);
[[nodiscard]] Result<TunnelPlan> Ikev2Plan(const LegacyTunnelSettings& settings,
                                           const std::string& user);

}  // namespace cm::cmdial
