// SPDX-License-Identifier: MIT
// The vocabulary of a service profile, shared by cmak (which writes profiles) and cmdial (which
// runs them): connection types, tunnel types, the nine custom-action points with their .cms
// sections, and the bits of an action's `n&Flags`. docs/formats/profile.md documents each.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "cm/result.h"

namespace cm {

enum class ConnectionType { kDirect, kDialup, kDoubleDial };
enum class TunnelType { kOpenVpn, kWireGuard, kIkev2, kSstp, kL2tp, kPptp, kCommand };

// The nine custom-action points, in the order Connection Manager runs them.
enum class ActionPoint {
  kPreInit,
  kPreConnect,
  kPreDial,
  kPreTunnel,
  kPostConnect,
  kMonitored,
  kDisconnect,
  kOnCancel,
  kOnError,
};
inline constexpr size_t kActionPointCount = 9;

// The command-line name ("pre-connect") and the .cms section ("Pre-Connect Actions") of a point.
std::string_view ActionPointName(ActionPoint point);
std::string_view ActionSectionName(ActionPoint point);
// Parses a point's command-line name (any case); kInvalidArgument listing the nine otherwise.
[[nodiscard]] Result<ActionPoint> ParseActionPoint(std::string_view name);

// `<n>&Flags` bits of a custom action (cmsuite's design; the original's are unpublished).
inline constexpr uint32_t kActionDirect = 0x01;      // runs for direct (VPN-only) connections
inline constexpr uint32_t kActionDialup = 0x02;      // runs for dial-up connections
inline constexpr uint32_t kActionDoubleDial = 0x04;  // runs for dial-up-then-VPN connections
inline constexpr uint32_t kActionAllTypes = 0x07;
inline constexpr uint32_t kActionInteractive = 0x10;  // the program interacts with the user
inline constexpr uint32_t kActionIncluded = 0x20;     // the program ships in the profile folder

// The flag bit of a connection type (kActionDirect, kActionDialup or kActionDoubleDial).
uint32_t ActionTypeBit(ConnectionType type);

// The program of a command line: the first word, or the text between a leading '+' and the
// next '+' (CMAK's quoting of a program path with spaces).
std::string_view ActionProgram(std::string_view command_line);

std::string_view TunnelTypeName(TunnelType type);
[[nodiscard]] Result<TunnelType> ParseTunnelType(std::string_view name);
bool IsLegacyTunnel(TunnelType type);
std::string_view ConnectionTypeName(ConnectionType type);
[[nodiscard]] Result<ConnectionType> ParseConnectionType(std::string_view name);

}  // namespace cm
