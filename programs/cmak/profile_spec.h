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

#include "cm/profile_names.h"
#include "cm/result.h"

namespace cm::cmak {

using cm::ActionPoint;
using cm::ConnectionType;
using cm::TunnelType;

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

// The bytes of each profile file (UTF-8, CRLF), keyed by file name: SHORT.cms, SHORT.cmp,
// SHORT.inf, SHORT.sed. Deterministic. REQUIRES: values hold no CR or LF (callers check).
std::map<std::string, std::string> RenderProfile(const ProfileSpec& spec);

}  // namespace cm::cmak
