// SPDX-License-Identifier: MIT
// From an installed profile and the `cmdial connect` options to what the engine runs: the
// connection type, the user's settings (saved ones, a favourite, the options), the macros'
// first values, the log's place. Pure: no process, no network.
#pragma once

#include <string>

#include "connect/connection_macros.h"
#include "profiles/profile_store.h"

namespace cm::cmdial {

// The options of `cmdial connect`, as typed.
struct ConnectOptions {
  std::string service;
  std::string type;  // "" = saved or the profile's default
  std::string user;
  std::string domain;
  bool password_stdin = false;
  std::string country;
  std::string region;
  std::string pop;
  std::string favorite;
  bool background = false;
  bool non_interactive = false;
  bool logon = false;
};

struct ConnectPlan {
  ConnectionType type = ConnectionType::kDirect;
  UserSettings settings;          // what this connection uses (and what is saved as the user's)
  bool settings_changed = false;  // an option changed a saved setting
  ConnectionFacts facts;          // the macros before logon
  bool tunnel = false;            // the connection has a VPN part
  std::string log_path;           // "" when the profile turns logging off
  uint64_t log_max_bytes = 0;
};

// Builds the plan. `favorite` is the loaded favourite's settings when --favorite was given.
// Errors: kInvalidArgument (a type the profile does not offer, an unknown type name), kNotFound
// (a dial-up POP choice BOOK:ID whose BOOK is not one of the profile's phone books). Which
// engines can make the connection is the engine factory's business (connect/engine_factory.h).
[[nodiscard]] Result<ConnectPlan> MakeConnectPlan(const InstalledProfile& profile,
                                                  const StorePaths& paths,
                                                  const ConnectOptions& options,
                                                  const UserSettings* favorite);

// Where the connection log of `profile` goes: LogFolderPath when it is an absolute path, else
// $XDG_STATE_HOME/cmsuite; the file is SHORT.log.
std::string ConnectionLogPath(const InstalledProfile& profile, const StorePaths& paths);

}  // namespace cm::cmdial
