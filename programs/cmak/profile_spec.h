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
#include <utility>
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
  uint32_t timeout_seconds = 0;  // `n&Timeout`; 0: not written ([cmsuite Actions] Timeout)
};

// Parses `--action` text: `POINT[:ATTR,...]=COMMANDLINE`, ATTR one of direct, dialup,
// double-dial (the connection types it runs for; all when none is named), interactive,
// include, description=TEXT (TEXT without ',' or '=', or "TEXT" in double quotes without '"'),
// timeout=SECONDS (1-86400). kInvalidArgument naming the part that is wrong.
[[nodiscard]] Result<CustomAction> ParseActionOption(std::string_view text);

// A service-type filter of [ISP]: `Mask&NAME`, `Match&NAME`.
struct ServiceFilter {
  std::string name;
  uint32_t mask = 0;
  uint32_t match = 0;
};

// The twelve filters of the real CMAK 1.3 profile (cm-formats.md §4.1).
std::vector<ServiceFilter> DefaultServiceFilters();
// The four [Service Types] entries of CMAK 1.3 (display name, filter name).
std::vector<std::pair<std::string, std::string>> DefaultServiceTypes();

// A section copied as it is (DUN sections of a merged profile).
struct RawSection {
  std::string name;
  std::vector<std::pair<std::string, std::string>> entries;
};

// A profile merged into this one (`cmak new --merge`): its phone book travels with ours.
struct MergedProfile {
  std::string short_name;
  std::string service_name;
  std::string phonebook_file;  // file names inside our profile folder
  std::string regions_file;
  std::string pb_url;
  std::string pb_key;
};

struct ProfileSpec {
  std::string short_name;    // the seed's eight-character rule
  std::string service_name;  // shown to users; also the registry mapping name on Windows
  ConnectionType connection = ConnectionType::kDirect;
  TunnelType tunnel = TunnelType::kIkev2;
  std::vector<std::string> vpn_servers;
  std::string server_choice = "in-order";
  // Per-tunnel settings of [cmsuite Tunnel] (key, value) in the order written; file values
  // (CAFile) already name the copied file.
  std::vector<std::pair<std::string, std::string>> tunnel_settings;
  std::string tunnel_up;       // kCommand only
  std::string tunnel_down;     // kCommand only
  std::string phonebook_file;  // file name inside the profile folder, empty without one
  std::string regions_file;
  std::string pb_url;
  std::string pb_key;  // "ed25519:..." publisher key that phone book updates must be signed with
  std::string version_file;  // the phone book's .ver copied beside it, empty without one
  std::vector<ServiceFilter> filters = DefaultServiceFilters();
  std::vector<std::pair<std::string, std::string>> service_types = DefaultServiceTypes();
  std::string realm_prefix;
  std::string realm_suffix;
  bool hide_domain = true;
  bool use_same_user_name = true;
  bool hide_remember_password = false;
  std::vector<CustomAction> actions;
  uint32_t action_timeout = 60;          // [cmsuite Actions] Timeout, seconds
  std::vector<std::string> extra_files;  // file names inside the profile folder ([Extra Files])
  uint32_t redial_count = 3;
  uint32_t redial_delay = 5;   // seconds
  uint32_t idle_timeout = 10;  // minutes; 0 never disconnects
  bool logging = true;
  uint32_t log_max_kib = 64;
  std::string log_folder;  // empty: cmdial's default
  // Branding (file names inside the profile folder, empty when not given).
  std::string logo;
  std::string icon;
  std::string small_icon;
  std::string tray_icon;
  std::string help_file;
  // Every other file copied into the folder and not listed above (CA file, merged phone books),
  // for the .sed's file list.
  std::vector<std::string> other_files;
  std::vector<MergedProfile> merged;
  std::vector<RawSection> merged_sections;  // networking sections taken from merged profiles
};

// The bytes of each profile file (UTF-8, CRLF), keyed by file name: SHORT.cms, SHORT.cmp,
// SHORT.inf, SHORT.sed. Deterministic. REQUIRES: values hold no CR or LF (callers check).
std::map<std::string, std::string> RenderProfile(const ProfileSpec& spec);

}  // namespace cm::cmak
