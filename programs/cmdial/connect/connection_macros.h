// SPDX-License-Identifier: MIT
// The facts of one connection that custom actions see as %Macros%, and their values.
// docs/cmdial.md says what each macro holds on Linux.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "cm/macros.h"
#include "cm/profile_names.h"

namespace cm::cmdial {

// Everything the seed's macros are filled from. Empty text means "not known for this
// connection": the macro then expands to NULL, as the seed says.
struct ConnectionFacts {
  std::string service_name;    // %ServiceName%
  std::string user_prefix;     // %UserPrefix%: the realm prefix applied to this connection
  std::string user_suffix;     // %UserSuffix%
  std::string user_name;       // %UserName%: without the realm
  std::string profile_path;    // %Profile%: the user's .cmp
  std::string service_dir;     // %ServiceDir%: the profile folder
  std::string domain;          // %Domain%
  std::string inet_user_name;  // %InetUserName%: the user name of the Internet (dial-up) part
  ConnectionType type = ConnectionType::kDirect;  // %ConnectionType%: 0 dial-up, 1 direct, 2 both
  std::string dial_phonebook;                     // %DialRasPhoneBook%
  std::string tunnel_phonebook;                   // %TunnelRasPhoneBook%
  std::string dial_entry;                         // %DialRasEntry%
  std::string tunnel_entry;                       // %TunnelRasEntry%
  bool auto_redial = false;                       // %AutoRedial%
  std::string pop_name;                           // %PopName%
  std::optional<int64_t> error_code;              // %ErrorCode% (on-error actions only)
  std::string last_error_source;                  // %LastErrorSource%
  std::string current_favorite;                   // %CurrentFavorite%
  std::string tunnel_server;                      // %TunnelServerAddress%
  std::string client_ip;                          // %ClientIPAddress%
  std::string server_ip;                          // %ServerIPAddress%
  bool interactive = true;                        // %Interactive%
};

// The seed's number for a connection type: 0 dial-up, 1 direct, 2 double-dial.
int ConnectionTypeNumber(ConnectionType type);

// The values of all 22 macros for `facts` (unknown ones unset, so they expand to NULL).
MacroValues MacroValuesOf(const ConnectionFacts& facts);

}  // namespace cm::cmdial
