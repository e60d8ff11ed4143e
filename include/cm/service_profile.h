// SPDX-License-Identifier: MIT
// ServiceProfile: what a client needs from a service profile's .cms, read the way Windows reads
// it (cm/ini_file.h), as a typed value. cmdial runs connections from it; cmak's lint checks the
// same keys. docs/formats/profile.md documents every section and key.
//
// Reading is lenient as Connection Manager is: a missing key takes its documented default and a
// value of the wrong kind becomes a Diagnostic, not an error. Nothing here touches the disk.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "cm/ini_file.h"
#include "cm/profile_names.h"
#include "cm/result.h"

namespace cm {

// One custom action: entry `index` of its point's section (`n`, `n&Description`, `n&Flags`).
struct ProfileAction {
  ActionPoint point = ActionPoint::kPreConnect;
  uint32_t index = 0;
  std::string command_line;  // as written: program, then parameters, %Macros% not expanded
  std::string description;   // empty -> the program's base name
  uint32_t flags = kActionAllTypes;
  uint32_t timeout_seconds = 60;  // `n&Timeout`, else [cmsuite Actions] Timeout, else 60

  bool RunsFor(ConnectionType type) const { return (flags & ActionTypeBit(type)) != 0; }
  bool interactive() const { return (flags & kActionInteractive) != 0; }
  bool included() const { return (flags & kActionIncluded) != 0; }
};

// A service-type filter of [ISP]: a POP passes when (flags & mask) == match.
struct ServiceTypeFilter {
  std::string name;
  uint32_t mask = 0;
  uint32_t match = 0;
};

// A merged profile's phone book: `n=OTHER` in [cmsuite Merged Profiles] and its
// [cmsuite Merge&OTHER] section (docs/formats/profile.md, "Merged profiles"). File names are plain
// names in this profile's folder, distinct from every other book's .pbk, .pbr and .ver.
struct MergedPhonebook {
  std::string short_name;     // OTHER, the merged profile's short name
  std::string service_name;   // ServiceName (may be empty)
  std::string pb_file;        // PBFile without its `SHORT\` prefix; "" when OTHER has no book
  std::string region_file;    // RegionFile, the same way; may be ""
  std::string pb_url;         // PBURL; "" when absent or not http(s) (then never updated)
  std::string publisher_key;  // PublisherKey; "" when absent or not a key (then never updated)
};

// A finding about a merged-profile entry, located by section and key so that `cmak lint` can
// point at its line and cmdial can name it. kError: the entry or value was not used.
struct MergedProfileFinding {
  Diagnostic::Severity severity = Diagnostic::Severity::kError;
  std::string section;
  std::string key;
  std::string rule;     // "profile.merge-no-section", ...
  std::string message;  // what was found and what was done, then what to do
};

struct ServiceProfile {
  std::string short_name;    // the folder/file stem (from the caller, not the .cms)
  std::string service_name;  // [Connection Manager] ServiceName

  // Connection types the profile offers ([Connection Manager] Dialup, Direct, Tunnel).
  bool dialup = false;
  bool direct = true;
  bool tunnel = true;
  ConnectionType default_type = ConnectionType::kDirect;

  // The tunnel ([cmsuite Tunnel]; TunnelAddress as the server when Server0 is absent).
  TunnelType tunnel_type = TunnelType::kIkev2;
  std::vector<std::string> vpn_servers;
  std::string server_choice = "in-order";
  std::string tunnel_up;  // Type=command: command lines, macros not expanded
  std::string tunnel_down;
  std::map<std::string, std::string> tunnel_settings;  // every other key, names lower-cased

  // The phone book ([ISP], [cmsuite Phonebook]); file names are relative to the profile folder
  // (the `SHORT\` prefix removed).
  std::string pb_file;
  std::string region_file;
  std::string pb_url;
  std::string publisher_key;  // "ed25519:<base64>", empty when updates cannot be verified
  std::vector<ServiceTypeFilter> filters;
  std::vector<std::pair<std::string, std::string>> service_types;  // display name -> filter
  // [ISP] FilterA& and FilterB& (when set): the base filters, no-surcharge first; a POP a user
  // may pick passes one of them.
  std::vector<std::string> base_filters;

  // Merged profiles' phone books, in [cmsuite Merged Profiles] order; unusable entries are left
  // out (see ReadMergedPhonebooks).
  std::vector<MergedPhonebook> merged;

  // Logon ([Connection Manager]).
  std::string realm_prefix;  // UserNamePrefix
  std::string realm_suffix;  // UserNameSuffix
  bool hide_domain = true;
  bool use_same_user_name = true;
  bool hide_remember_password = false;

  // Behaviour ([Connection Manager]).
  uint32_t redial_count = 3;
  uint32_t redial_delay_seconds = 5;
  uint32_t idle_timeout_minutes = 10;  // 0: never
  uint32_t download_delay_seconds = 15;
  std::string dun;         // DUN: the default dial-up entry ([Server&DUN], [TCP/IP&DUN])
  std::string tunnel_dun;  // TunnelDUN

  // Logging ([Connection Manager] EnableLogging, MaxLogFileSize in KiB, LogFolderPath).
  bool logging = true;
  uint32_t log_max_kib = 64;
  std::string log_folder;  // empty: $XDG_STATE_HOME/cmsuite/

  // Actions of each point in the order they run (by index).
  std::array<std::vector<ProfileAction>, kActionPointCount> actions;

  const std::vector<ProfileAction>& ActionsAt(ActionPoint point) const {
    return actions[static_cast<size_t>(point)];
  }
};

// Reads `cms`. `short_name` names the profile (folder and file stem). Findings about values that
// were ignored or defaulted go to `diagnostics` (line numbers of the .cms) when it is non-null.
// Errors: kInvalidArgument when ServiceName is missing or empty.
[[nodiscard]] Result<ServiceProfile> ReadServiceProfile(const IniFile& cms,
                                                        std::string_view short_name,
                                                        std::vector<Diagnostic>* diagnostics);

// Reads [cmsuite Merged Profiles] and each [cmsuite Merge&OTHER] of `cms`. `own` must hold the
// profile's short_name, pb_file and region_file (ReadServiceProfile reads them first). Rules, each
// a finding when broken (the one rule set both cmak lint and cmdial apply):
//   * OTHER is a valid short name, not this profile's, listed once, and its section exists;
//     otherwise the entry is left out;
//   * PBFile/RegionFile name a file in the profile folder (`SHORT\name` or `name`); another
//     folder is a warning and only the base name is used, "."/".." drops the file;
//   * the book's .pbk, .pbr and .ver names are used by no other book (the profile's own or an
//     earlier merged one), since an update of one would overwrite the other; otherwise the
//     entry is left out;
//   * PBURL is http:// or https://, PublisherKey parses (ed25519:...); otherwise the value is
//     dropped, so that book is shown but never updated.
// Findings go to `findings` when it is non-null.
std::vector<MergedPhonebook> ReadMergedPhonebooks(const IniFile& cms, const ServiceProfile& own,
                                                  std::vector<MergedProfileFinding>* findings);

}  // namespace cm
