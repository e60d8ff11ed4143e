// SPDX-License-Identifier: MIT
// SSTP with sstp-client: pppd runs `sstpc --nolaunchpppd` as its pty (so the password reaches
// pppd on its stdin through the passwordfd plugin, never on a command line), MS-CHAPv2 by
// default, the server's certificate checked against the profile's CA.
#pragma once

#include <string>
#include <vector>

#include "engines/vpn_legacy_tunnel.h"

namespace cm::cmdial {

// The pppd command line (argv, argv[0] = pppd) for `settings` and `user`.
// Errors: kInvalidArgument (no server, a value that cannot be written, unknown Auth).
[[nodiscard]] Result<std::vector<std::string>> SstpPppdCommand(const LegacyTunnelSettings& settings,
                                                               const std::string& user);
[[nodiscard]] Result<TunnelPlan> SstpPlan(const LegacyTunnelSettings& settings,
                                          const std::string& user);

}  // namespace cm::cmdial
