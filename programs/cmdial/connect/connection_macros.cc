// SPDX-License-Identifier: MIT
#include "connect/connection_macros.h"

namespace cm::cmdial {
namespace {

void SetIfKnown(MacroValues& values, std::string_view name, const std::string& value) {
  if (!value.empty()) values.Set(name, value);
}

}  // namespace

int ConnectionTypeNumber(ConnectionType type) {
  switch (type) {
    case ConnectionType::kDialup:
      return 0;
    case ConnectionType::kDirect:
      return 1;
    case ConnectionType::kDoubleDial:
      return 2;
  }
  return 1;
}

MacroValues MacroValuesOf(const ConnectionFacts& facts) {
  MacroValues values;
  SetIfKnown(values, "ServiceName", facts.service_name);
  SetIfKnown(values, "UserPrefix", facts.user_prefix);
  SetIfKnown(values, "UserSuffix", facts.user_suffix);
  SetIfKnown(values, "UserName", facts.user_name);
  SetIfKnown(values, "Profile", facts.profile_path);
  SetIfKnown(values, "ServiceDir", facts.service_dir);
  SetIfKnown(values, "Domain", facts.domain);
  SetIfKnown(values, "InetUserName", facts.inet_user_name);
  values.Set("ConnectionType", std::to_string(ConnectionTypeNumber(facts.type)));
  SetIfKnown(values, "DialRasPhoneBook", facts.dial_phonebook);
  SetIfKnown(values, "TunnelRasPhoneBook", facts.tunnel_phonebook);
  SetIfKnown(values, "DialRasEntry", facts.dial_entry);
  SetIfKnown(values, "TunnelRasEntry", facts.tunnel_entry);
  values.Set("AutoRedial", facts.auto_redial ? "1" : "0");
  SetIfKnown(values, "PopName", facts.pop_name);
  if (facts.error_code) values.Set("ErrorCode", std::to_string(*facts.error_code));
  SetIfKnown(values, "LastErrorSource", facts.last_error_source);
  SetIfKnown(values, "CurrentFavorite", facts.current_favorite);
  SetIfKnown(values, "TunnelServerAddress", facts.tunnel_server);
  SetIfKnown(values, "ClientIPAddress", facts.client_ip);
  SetIfKnown(values, "ServerIPAddress", facts.server_ip);
  values.Set("Interactive", facts.interactive ? "1" : "0");
  return values;
}

}  // namespace cm::cmdial
