// SPDX-License-Identifier: MIT
// L2TP/IPsec: an IKEv1 transport-mode IPsec connection with the profile's pre-shared key
// (swanctl), then xl2tpd with a generated xl2tpd.conf whose LAC runs pppd with generated
// options. The logon goes through xl2tpd's control fifo (`c LAC USER PASSWORD`), which xl2tpd
// passes on to pppd (docs/tunnels.md: xl2tpd puts it on pppd's command line).
#pragma once

#include <string>

#include "engines/vpn_legacy_tunnel.h"

namespace cm::cmdial {

[[nodiscard]] Result<std::string> L2tpSwanctlConf(const LegacyTunnelSettings& settings);
[[nodiscard]] Result<std::string> L2tpXl2tpdConf(const LegacyTunnelSettings& settings);
// pppd's options file for the LAC (one option per line).
[[nodiscard]] Result<std::string> L2tpPppdOptions(const LegacyTunnelSettings& settings,
                                                  const std::string& user);
// Errors: kInvalidArgument (no server, no PreSharedKey, a value that cannot be written).
[[nodiscard]] Result<TunnelPlan> L2tpPlan(const LegacyTunnelSettings& settings,
                                          const std::string& user);

}  // namespace cm::cmdial
