// SPDX-License-Identifier: MIT
#include "cm/profile_names.h"

#include <fmt/format.h>

#include <array>
#include <string>

#include "cm/ascii.h"

namespace cm {
namespace {

struct PointNames {
  ActionPoint point;
  std::string_view option;
  std::string_view section;
};

// Section names from the real CMAK 1.3 .cms (cm-formats.md §4.1); post-connect is
// [Connect Actions] and monitored is [Auto Applications] (§4.3).
constexpr std::array<PointNames, kActionPointCount> kPoints = {{
    {ActionPoint::kPreInit, "pre-init", "Pre-Init Actions"},
    {ActionPoint::kPreConnect, "pre-connect", "Pre-Connect Actions"},
    {ActionPoint::kPreDial, "pre-dial", "Pre-Dial Actions"},
    {ActionPoint::kPreTunnel, "pre-tunnel", "Pre-Tunnel Actions"},
    {ActionPoint::kPostConnect, "post-connect", "Connect Actions"},
    {ActionPoint::kMonitored, "monitored", "Auto Applications"},
    {ActionPoint::kDisconnect, "disconnect", "Disconnect Actions"},
    {ActionPoint::kOnCancel, "on-cancel", "On-Cancel Actions"},
    {ActionPoint::kOnError, "on-error", "On-Error Actions"},
}};

struct TunnelNames {
  TunnelType type;
  std::string_view name;
};
constexpr std::array<TunnelNames, 7> kTunnels = {{
    {TunnelType::kOpenVpn, "openvpn"},
    {TunnelType::kWireGuard, "wireguard"},
    {TunnelType::kIkev2, "ikev2"},
    {TunnelType::kSstp, "sstp"},
    {TunnelType::kL2tp, "l2tp"},
    {TunnelType::kPptp, "pptp"},
    {TunnelType::kCommand, "command"},
}};

}  // namespace

std::string_view ActionPointName(ActionPoint point) {
  return kPoints[static_cast<size_t>(point)].option;
}
std::string_view ActionSectionName(ActionPoint point) {
  return kPoints[static_cast<size_t>(point)].section;
}

Result<ActionPoint> ParseActionPoint(std::string_view name) {
  std::string lower = AsciiLower(name);
  for (const PointNames& names : kPoints) {
    if (names.option == lower) return names.point;
  }
  return Fail(Errc::kInvalidArgument,
              fmt::format("unknown action point '{}' (use pre-init, pre-connect, pre-dial, "
                          "pre-tunnel, post-connect, monitored, disconnect, on-cancel or "
                          "on-error)",
                          name));
}

uint32_t ActionTypeBit(ConnectionType type) {
  switch (type) {
    case ConnectionType::kDirect:
      return kActionDirect;
    case ConnectionType::kDialup:
      return kActionDialup;
    case ConnectionType::kDoubleDial:
      return kActionDoubleDial;
  }
  return kActionDirect;
}

std::string_view ActionProgram(std::string_view command_line) {
  size_t start = command_line.find_first_not_of(" \t");
  if (start == std::string_view::npos) return {};
  command_line.remove_prefix(start);
  if (command_line.front() == '+') {
    size_t end = command_line.find('+', 1);
    if (end != std::string_view::npos) return command_line.substr(1, end - 1);
  }
  return command_line.substr(0, command_line.find_first_of(" \t"));
}

std::string_view TunnelTypeName(TunnelType type) {
  return kTunnels[static_cast<size_t>(type)].name;
}

Result<TunnelType> ParseTunnelType(std::string_view name) {
  std::string lower = AsciiLower(name);
  for (const TunnelNames& names : kTunnels) {
    if (names.name == lower) return names.type;
  }
  return Fail(Errc::kInvalidArgument,
              fmt::format("unknown tunnel type '{}' (use openvpn, wireguard, ikev2, sstp, l2tp, "
                          "pptp or command)",
                          name));
}

bool IsLegacyTunnel(TunnelType type) {
  return type == TunnelType::kL2tp || type == TunnelType::kPptp;
}

std::string_view ConnectionTypeName(ConnectionType type) {
  switch (type) {
    case ConnectionType::kDirect:
      return "direct";
    case ConnectionType::kDialup:
      return "dialup";
    case ConnectionType::kDoubleDial:
      return "double-dial";
  }
  return "direct";
}

Result<ConnectionType> ParseConnectionType(std::string_view name) {
  std::string lower = AsciiLower(name);
  if (lower == "direct") return ConnectionType::kDirect;
  if (lower == "dialup") return ConnectionType::kDialup;
  if (lower == "double-dial") return ConnectionType::kDoubleDial;
  return Fail(
      Errc::kInvalidArgument,
      fmt::format("unknown connection type '{}' (use direct, dialup or double-dial)", name));
}

}  // namespace cm
