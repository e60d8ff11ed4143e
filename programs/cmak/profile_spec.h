// SPDX-License-Identifier: MIT
// ProfileSpec: everything `cmak new` asks, and the text of the profile files made from it.
//
// The files follow Windows CMAK 1.3 (cm-formats.md §4) with cmsuite's additions in
// `[cmsuite ...]` sections; docs/formats/profile.md documents every section and key written.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "cm/result.h"

namespace cm::cmak {

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

struct CustomAction {
  ActionPoint point = ActionPoint::kPreConnect;
  std::string command_line;  // program then parameters, macros allowed, as the seed writes it
  std::string description;
  uint32_t flags = kActionAllTypes;
};

// Parses `--action` text: `POINT[:ATTR,...]=COMMANDLINE`, ATTR one of direct, dialup,
// double-dial (the connection types it runs for; all when none is named), interactive,
// include. kInvalidArgument naming the part that is wrong.
[[nodiscard]] Result<CustomAction> ParseActionOption(std::string_view text);

// The program of a command line: the first word, or the text between a leading '+' and the
// next '+' (CMAK's quoting of a program path with spaces).
std::string_view ActionProgram(std::string_view command_line);

struct ProfileSpec {
  std::string short_name;    // the seed's eight-character rule
  std::string service_name;  // shown to users; also the registry mapping name on Windows
  ConnectionType connection = ConnectionType::kDirect;
  TunnelType tunnel = TunnelType::kIkev2;
  std::vector<std::string> vpn_servers;
  std::string tunnel_up;       // kCommand only
  std::string tunnel_down;     // kCommand only
  std::string phonebook_file;  // file name inside the profile folder, empty without one
  std::string regions_file;
  std::string pb_url;
  std::string pb_key;  // "ed25519:..." publisher key that phone book updates must be signed with
  std::string realm_prefix;
  std::string realm_suffix;
  std::vector<CustomAction> actions;
  std::vector<std::string> extra_files;  // file names inside the profile folder
  uint32_t redial_count = 3;
  uint32_t redial_delay = 5;   // seconds
  uint32_t idle_timeout = 10;  // minutes; 0 never disconnects
};

std::string_view TunnelTypeName(TunnelType type);
[[nodiscard]] Result<TunnelType> ParseTunnelType(std::string_view name);
bool IsLegacyTunnel(TunnelType type);
std::string_view ConnectionTypeName(ConnectionType type);
[[nodiscard]] Result<ConnectionType> ParseConnectionType(std::string_view name);

// The bytes of each profile file (UTF-8, CRLF), keyed by file name: SHORT.cms, SHORT.cmp,
// SHORT.inf, SHORT.sed. Deterministic. REQUIRES: values hold no CR or LF (callers check).
std::map<std::string, std::string> RenderProfile(const ProfileSpec& spec);

}  // namespace cm::cmak
