// SPDX-License-Identifier: MIT
#include "connect/connect_plan.h"

#include <fmt/format.h>

#include "connect/engine.h"
#include "profiles/book_pops.h"

namespace cm::cmdial {
namespace {

bool Offers(const ServiceProfile& profile, ConnectionType type) {
  switch (type) {
    case ConnectionType::kDirect:
      return profile.direct;
    case ConnectionType::kDialup:
      return profile.dialup;
    case ConnectionType::kDoubleDial:
      return profile.dialup && profile.tunnel;
  }
  return false;
}

// Sets `target` from `option` when given; notes whether that changed a saved value.
void Override(std::string& target, const std::string& option, bool& changed) {
  if (option.empty() || option == target) return;
  target = option;
  changed = true;
}

}  // namespace

std::string ConnectionLogPath(const InstalledProfile& profile, const StorePaths& paths) {
  std::string folder = profile.profile.log_folder;
  if (folder.empty() || folder.front() != '/') folder = paths.state_dir;
  while (folder.size() > 1 && folder.back() == '/') folder.pop_back();
  return folder + "/" + profile.short_name() + ".log";
}

Result<ConnectPlan> MakeConnectPlan(const InstalledProfile& installed, const StorePaths& paths,
                                    const ConnectOptions& options, const UserSettings* favorite) {
  const ServiceProfile& profile = installed.profile;
  ConnectPlan plan;
  plan.settings = favorite ? *favorite : installed.settings;
  bool changed = false;
  Override(plan.settings.user_name, options.user, changed);
  Override(plan.settings.domain, options.domain, changed);
  Override(plan.settings.country, options.country, changed);
  Override(plan.settings.region, options.region, changed);
  Override(plan.settings.pop, options.pop, changed);

  ConnectionType type = plan.settings.connection_type.value_or(profile.default_type);
  if (!options.type.empty()) {
    type = CM_TRY(ParseConnectionType(options.type));
    if (plan.settings.connection_type != type) changed = true;
    plan.settings.connection_type = type;
  }
  if (!Offers(profile, type)) {
    return Fail(
        Errc::kInvalidArgument,
        fmt::format("{}: the profile does not offer {} connections (see 'cmdial show {}')",
                    installed.short_name(), ConnectionTypeName(type), installed.short_name()));
  }
  plan.type = type;
  plan.settings_changed = changed && !favorite;
  plan.tunnel = UsesTunnel(type, profile);
  ConnectionFacts& facts = plan.facts;
  facts.service_name = profile.service_name;
  facts.profile_path =
      installed.settings_path.empty() ? installed.cmp_path : installed.settings_path;
  facts.service_dir = installed.folder;
  facts.type = type;
  facts.interactive = !options.non_interactive && !options.logon;
  facts.current_favorite = options.favorite;
  if (type != ConnectionType::kDirect) {
    // --pop BOOK:ID dials a merged profile's POP: %DialRasPhoneBook% is that book's.
    const PopChoice choice = ParsePopChoice(plan.settings.pop);
    const ProfileBook book =
        choice.book.empty() ? installed.OwnBook() : CM_TRY(installed.FindBook(choice.book));
    facts.dial_phonebook = book.PhonebookPath();
  }
  facts.dial_entry = type == ConnectionType::kDirect
                         ? ""
                         : (profile.dun.empty() ? profile.short_name : profile.dun);
  if (plan.tunnel) {
    facts.tunnel_entry =
        profile.tunnel_dun.empty() ? profile.short_name + " Tunnel" : profile.tunnel_dun;
    if (!profile.vpn_servers.empty()) facts.tunnel_server = profile.vpn_servers.front();
  }
  if (profile.logging) {
    plan.log_path = ConnectionLogPath(installed, paths);
    plan.log_max_bytes = uint64_t{profile.log_max_kib} * 1024;
  }
  return plan;
}

}  // namespace cm::cmdial
