// SPDX-License-Identifier: MIT
// PPTP with pptp-linux (legacy: MS-CHAPv2 and MPPE are broken; cmak warns): pppd runs
// `pptp SERVER --nolaunchpppd` as its pty, the password on pppd's stdin (passwordfd plugin).
#pragma once

#include <string>
#include <vector>

#include "engines/vpn_legacy_tunnel.h"

namespace cm::cmdial {

// The pppd command line (argv). Errors: kInvalidArgument (no server, unknown Auth, bad value).
[[nodiscard]] Result<std::vector<std::string>> PptpPppdCommand(const LegacyTunnelSettings& settings,
                                                               const std::string& user);
[[nodiscard]] Result<TunnelPlan> PptpPlan(const LegacyTunnelSettings& settings,
                                          const std::string& user);

}  // namespace cm::cmdial
