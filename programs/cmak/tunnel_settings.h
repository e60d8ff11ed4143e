// SPDX-License-Identifier: MIT
// The per-tunnel settings of [cmsuite Tunnel] (CAFile, ServerPublicKey, AllowedIPs, Port,
// Protocol, Auth): which tunnel types take which, and the form of each value. `cmak new` checks
// its options with these and `cmak lint` checks the .cms with the same rules
// (docs/formats/profile.md, "[cmsuite Tunnel]").
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cm/profile_names.h"
#include "cm/result.h"

namespace cm::cmak {

// A setting key cmak knows, with the tunnel types it applies to.
struct TunnelSettingInfo {
  std::string_view key;     // as written in [cmsuite Tunnel]
  std::string_view option;  // the `cmak new` option that writes it
  std::string_view what;    // one line for --help and messages
};

// The known setting keys (CAFile, ServerPublicKey, AllowedIPs, Port, Protocol, Auth).
const std::vector<TunnelSettingInfo>& KnownTunnelSettings();

// Keys of [cmsuite Tunnel] that are not settings: Type, ServerChoice, Up, Down, ServerN.
bool IsTunnelStructureKey(std::string_view key);

// Whether `type` takes the known setting `key` (any case). False for unknown keys.
bool TunnelTakesSetting(TunnelType type, std::string_view key);

// The authentication methods `type` accepts for Auth (empty: the type takes no Auth).
std::vector<std::string_view> TunnelAuthMethods(TunnelType type);

// Checks `value` of known setting `key` for tunnel `type`: kInvalidArgument saying what form is
// expected (a WireGuard key is base64 of 32 bytes; AllowedIPs a comma-separated list of
// IPv4/IPv6 CIDR prefixes; Port 1-65535; Protocol udp or tcp; Auth one of TunnelAuthMethods)
// or that the type does not take the key. CAFile is only checked for being non-empty here (the
// caller checks the file).
[[nodiscard]] Status CheckTunnelSetting(TunnelType type, std::string_view key,
                                        std::string_view value);

// Settings a tunnel type cannot work without: CAFile for openvpn, ServerPublicKey for wireguard.
std::vector<std::string_view> RequiredTunnelSettings(TunnelType type);

// Whether `value` is a server choice rule: "in-order" or "random".
bool IsServerChoice(std::string_view value);

}  // namespace cm::cmak
