// SPDX-License-Identifier: MIT
// `cmdial install`, `uninstall`, `list`, `show`.
#include <fmt/format.h>
#include <unistd.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "cm/file_util.h"
#include "profiles/commands.h"
#include "profiles/favorites.h"
#include "profiles/installer.h"
#include "profiles/phonebook_files.h"
#include "profiles/profile_store.h"

namespace cm::cmdial {
namespace {

using cli::kExitFailed;
using cli::kExitOk;
using cli::kExitUsage;
using cli::Output;
using nlohmann::json;

struct InstallArgs {
  std::string file;
  bool all_users = false;
  bool trust_new_key = false;
  bool allow_unsigned = false;
};

int RunInstall(const InstallArgs& args, Output& output) {
  Result<StorePaths> paths = StorePaths::FromEnvironment();
  if (!paths) return ReportError(output, paths.error());
  if (args.all_users && ::geteuid() != 0 && std::getenv("CMSUITE_SYSTEM_DIR") == nullptr) {
    output.err << fmt::format(
        "cmdial: error: --all-users installs into {} and needs root; run it with sudo, or "
        "install for yourself without --all-users\n",
        paths->system_root);
    return kExitFailed;
  }
  Result<std::string> bytes = ReadFile(args.file);
  if (!bytes) return ReportError(output, bytes.error());
  Result<std::string_view> cabinet = PackageCabinet(*bytes);
  if (!cabinet) return ReportError(output, Error(cabinet.error()).InFile(args.file));
  InstallOptions options;
  options.scope = args.all_users ? InstallScope::kAllUsers : InstallScope::kUser;
  options.trust_new_key = args.trust_new_key;
  options.allow_unsigned = args.allow_unsigned;
  Result<InstallReport> report = InstallPackage(*paths, *cabinet, options);
  if (!report) {
    Error error = report.error();
    if (error.location().file.empty()) error.InFile(args.file);
    return ReportError(output, error);
  }
  if (report->signer) {
    output.out << fmt::format("signed by {} ({})\n", report->signer->Fingerprint(),
                              report->signer->ToString());
  } else {
    output.err << "cmdial: warning: the package is unsigned (--allow-unsigned); its origin is "
                  "not verified\n";
  }
  if (report->old_key) {
    output.err << fmt::format(
        "cmdial: warning: {}: the publisher key changed from {} to {} (--trust-new-key); the "
        "new key is pinned\n",
        report->short_name, report->old_key->Fingerprint(),
        report->signer ? report->signer->Fingerprint() : std::string("none (unsigned)"));
  }
  if (report->kept_newer_phonebook) {
    output.out << fmt::format(
        "kept the installed phone book (version {}): it is newer than the "
        "package's\n",
        report->installed.PhonebookVersion());
  }
  output.out << fmt::format("{} {} ({}) for {} in {}\n", report->updated ? "updated" : "installed",
                            report->short_name, report->service_name,
                            InstallScopeName(options.scope), report->installed.folder);
  return kExitOk;
}

struct UninstallArgs {
  std::string service;
  bool forget_key = false;
};

int RunUninstall(const UninstallArgs& args, Output& output) {
  Result<StorePaths> paths = StorePaths::FromEnvironment();
  if (!paths) return ReportError(output, paths.error());
  Result<InstalledProfile> profile = FindProfile(*paths, args.service);
  if (!profile) return ReportError(output, profile.error());
  if (profile->scope == InstallScope::kAllUsers && ::geteuid() != 0 &&
      std::getenv("CMSUITE_SYSTEM_DIR") == nullptr) {
    output.err << fmt::format(
        "cmdial: error: {} is installed for all users in {}; removing it "
        "needs root\n",
        profile->short_name(), profile->root);
    return kExitFailed;
  }
  if (Status removed = UninstallProfile(*profile); !removed) {
    return ReportError(output, removed.error());
  }
  for (const ProfileBook& book : profile->Books()) {
    const std::string stamp = PlainStampPath(paths->cache_dir, book);
    if (!stamp.empty()) ::unlink(stamp.c_str());
  }
  if (args.forget_key) {
    std::string pin = fmt::format("{}/.trust/{}.key", profile->root, profile->short_name());
    ::unlink(pin.c_str());
  }
  output.out << fmt::format("removed {} ({}) from {}\n", profile->short_name(),
                            profile->profile.service_name, profile->root);
  return kExitOk;
}

std::string PinnedKeyText(const InstalledProfile& profile) {
  Result<std::optional<PublicKey>> pinned = PinnedKey(profile.root, profile.short_name());
  if (!pinned || !*pinned) return {};
  return (*pinned)->ToString();
}

json ProfileSummary(const InstalledProfile& profile) {
  return json{{"short_name", profile.short_name()},
              {"service_name", profile.profile.service_name},
              {"scope", InstallScopeName(profile.scope)},
              {"folder", profile.folder},
              {"phonebook_version", profile.PhonebookVersion()},
              {"publisher_key", PinnedKeyText(profile)}};
}

struct ListArgs {
  bool json = false;
};

int RunList(const ListArgs& args, Output& output) {
  Result<StorePaths> paths = StorePaths::FromEnvironment();
  if (!paths) return ReportError(output, paths.error());
  std::vector<Error> problems;
  std::vector<InstalledProfile> profiles = ListProfiles(*paths, &problems);
  for (const Error& problem : problems) {
    output.err << "cmdial: warning: " << problem.ToString() << " (profile skipped)\n";
  }
  if (args.json) {
    json list = json::array();
    for (const InstalledProfile& profile : profiles) list.push_back(ProfileSummary(profile));
    output.out << list.dump(2) << "\n";
    return kExitOk;
  }
  if (profiles.empty()) {
    output.out << "no profiles installed (cmdial install FILE.cab)\n";
    return kExitOk;
  }
  output.out << fmt::format("{:<9} {:<10} {:>9}  {}\n", "SHORT", "SCOPE", "PHONEBOOK", "SERVICE");
  for (const InstalledProfile& profile : profiles) {
    output.out << fmt::format(
        "{:<9} {:<10} {:>9}  {}\n", profile.short_name(), InstallScopeName(profile.scope),
        profile.profile.pb_file.empty() ? std::string("-")
                                        : std::to_string(profile.PhonebookVersion()),
        profile.profile.service_name);
  }
  return kExitOk;
}

json SettingsJson(const UserSettings& settings) {
  return json{{"user_name", settings.user_name},
              {"domain", settings.domain},
              {"remember_password", settings.remember_password},
              {"connection_type", settings.connection_type
                                      ? std::string(ConnectionTypeName(*settings.connection_type))
                                      : std::string()},
              {"country", settings.country},
              {"region", settings.region},
              {"service_type", settings.service_type},
              {"pop", settings.pop}};
}

std::string FlagsText(const ProfileAction& action) {
  std::string text;
  auto add = [&](bool on, std::string_view word) {
    if (!on) return;
    if (!text.empty()) text += ",";
    text += word;
  };
  add(action.RunsFor(ConnectionType::kDirect), "direct");
  add(action.RunsFor(ConnectionType::kDialup), "dialup");
  add(action.RunsFor(ConnectionType::kDoubleDial), "double-dial");
  add(action.interactive(), "interactive");
  add(action.included(), "include");
  return text;
}

json ShowJson(const InstalledProfile& installed) {
  const ServiceProfile& p = installed.profile;
  json actions = json::object();
  for (size_t i = 0; i < kActionPointCount; ++i) {
    const auto point = static_cast<ActionPoint>(i);
    json list = json::array();
    for (const ProfileAction& action : p.ActionsAt(point)) {
      list.push_back({{"index", action.index},
                      {"description", action.description},
                      {"command_line", action.command_line},
                      {"flags", action.flags},
                      {"runs_for", FlagsText(action)},
                      {"timeout_seconds", action.timeout_seconds}});
    }
    actions[std::string(ActionPointName(point))] = std::move(list);
  }
  json favorites = json::array();
  for (const Favorite& favorite : ListFavorites(installed)) {
    favorites.push_back({{"name", favorite.name}, {"settings", SettingsJson(favorite.settings)}});
  }
  json out = ProfileSummary(installed);
  out["cmp"] = installed.cmp_path;
  out["cms"] = installed.cms_path;
  out["settings_file"] = installed.settings_path;
  out["connection_types"] = {{"dialup", p.dialup},
                             {"direct", p.direct},
                             {"tunnel", p.tunnel},
                             {"default", ConnectionTypeName(p.default_type)}};
  out["tunnel"] = {{"type", TunnelTypeName(p.tunnel_type)},
                   {"servers", p.vpn_servers},
                   {"server_choice", p.server_choice},
                   {"up", p.tunnel_up},
                   {"down", p.tunnel_down},
                   {"settings", p.tunnel_settings}};
  out["phonebook"] = {{"file", p.pb_file},
                      {"regions", p.region_file},
                      {"version", installed.PhonebookVersion()},
                      {"url", p.pb_url},
                      {"publisher_key", p.publisher_key}};
  json merged = json::array();
  for (const ProfileBook& book : installed.MergedBooks()) {
    merged.push_back({{"book", book.book},
                      {"service_name", book.service_name},
                      {"file", book.pb_file},
                      {"regions", book.region_file},
                      {"version", book.PhonebookVersion()},
                      {"url", book.pb_url},
                      {"publisher_key", book.publisher_key}});
  }
  out["merged_phonebooks"] = std::move(merged);
  out["logon"] = {{"realm_prefix", p.realm_prefix},
                  {"realm_suffix", p.realm_suffix},
                  {"hide_domain", p.hide_domain},
                  {"hide_remember_password", p.hide_remember_password}};
  out["behaviour"] = {{"redial_count", p.redial_count},
                      {"redial_delay_seconds", p.redial_delay_seconds},
                      {"idle_timeout_minutes", p.idle_timeout_minutes},
                      {"download_delay_seconds", p.download_delay_seconds}};
  out["settings"] = SettingsJson(installed.settings);
  out["favorites"] = std::move(favorites);
  out["actions"] = std::move(actions);
  return out;
}

void ShowText(const InstalledProfile& installed, Output& output) {
  const ServiceProfile& p = installed.profile;
  auto line = [&](std::string_view key, std::string_view value) {
    output.out << fmt::format("{:<18} {}\n", key, value.empty() ? "-" : value);
  };
  line("service", p.service_name);
  line("short name", installed.short_name());
  line("installed for", InstallScopeName(installed.scope));
  line("folder", installed.folder);
  std::string pinned = PinnedKeyText(installed);
  if (!pinned.empty()) {
    line("publisher key", fmt::format("{} ({})", PublicKey::Parse(pinned)->Fingerprint(), pinned));
  }
  std::string types;
  if (p.direct) types += "direct ";
  if (p.dialup) types += p.tunnel ? "double-dial " : "dialup ";
  line("connection types",
       fmt::format("{}(default {})", types, ConnectionTypeName(p.default_type)));
  if (p.tunnel) line("tunnel", TunnelTypeName(p.tunnel_type));
  if (!p.vpn_servers.empty()) line("vpn servers", fmt::format("{}", fmt::join(p.vpn_servers, " ")));
  if (!p.pb_file.empty()) {
    line("phone book", fmt::format("{} version {}", p.pb_file, installed.PhonebookVersion()));
    line("phone book server", p.pb_url);
  }
  for (const ProfileBook& book : installed.MergedBooks()) {
    line("merged book", book.pb_file.empty()
                            ? fmt::format("{} ({}): no phone book", book.book, book.service_name)
                            : fmt::format("{} ({}): {} version {}, server {}", book.book,
                                          book.service_name, book.pb_file, book.PhonebookVersion(),
                                          book.pb_url.empty() ? "-" : book.pb_url));
  }
  const UserSettings& s = installed.settings;
  line("user name", s.user_name);
  if (!p.hide_domain || !s.domain.empty()) line("domain", s.domain);
  line("connection type", s.connection_type ? ConnectionTypeName(*s.connection_type) : "");
  if (!p.pb_file.empty()) {
    line("country", s.country);
    line("region", s.region);
    line("pop", s.pop);
  }
  for (const Favorite& favorite : ListFavorites(installed)) line("favourite", favorite.name);
  output.out << "actions:\n";
  bool any = false;
  for (size_t i = 0; i < kActionPointCount; ++i) {
    const auto point = static_cast<ActionPoint>(i);
    for (const ProfileAction& action : p.ActionsAt(point)) {
      output.out << fmt::format("  {:<13} {}: {} [{}]\n", ActionPointName(point),
                                action.description, action.command_line, FlagsText(action));
      any = true;
    }
  }
  if (!any) output.out << "  (none)\n";
}

struct ShowArgs {
  std::string service;
  bool json = false;
};

int RunShow(const ShowArgs& args, Output& output) {
  Result<InstalledProfile> profile = FindProfile(args.service);
  if (!profile) return ReportError(output, profile.error());
  for (const Diagnostic& diagnostic : profile->diagnostics) {
    ReportDiagnostic(output, profile->cms_path, diagnostic);
  }
  if (args.json) {
    output.out << ShowJson(*profile).dump(2) << "\n";
  } else {
    ShowText(*profile, output);
  }
  return kExitOk;
}

}  // namespace

void RegisterInstallCommands(CLI::App& app, cli::CommandRegistry& registry) {
  auto install = std::make_shared<InstallArgs>();
  CLI::App* command = app.add_subcommand(
      "install",
      "Verify a profile package (SHORT.cab or SHORT.run) and install it: signature, hashes and "
      "names are checked, the signer's key is pinned for the service");
  command->add_option("FILE", install->file, "SHORT.cab or SHORT.run")->required();
  command->add_flag("--all-users", install->all_users,
                    "Install for every user (into /var/lib/cmsuite; root only)");
  command->add_flag("--trust-new-key", install->trust_new_key,
                    "Accept an update signed by a key other than the pinned one, and pin it");
  command->add_flag("--allow-unsigned", install->allow_unsigned,
                    "Accept a package without a signature");
  registry.Add(command, [install](Output& output) { return RunInstall(*install, output); });

  auto uninstall = std::make_shared<UninstallArgs>();
  command = app.add_subcommand("uninstall", "Remove an installed profile");
  command->add_option("SERVICE", uninstall->service, "Short name or service name")->required();
  command->add_flag("--forget-key", uninstall->forget_key,
                    "Also forget the pinned publisher key (the next install trusts any key)");
  registry.Add(command, [uninstall](Output& output) { return RunUninstall(*uninstall, output); });

  auto list = std::make_shared<ListArgs>();
  command = app.add_subcommand("list", "List installed profiles (yours first, then all users')");
  command->add_flag("--json", list->json, "Print JSON");
  registry.Add(command, [list](Output& output) { return RunList(*list, output); });

  auto show = std::make_shared<ShowArgs>();
  command = app.add_subcommand(
      "show",
      "Show an installed profile: settings, phone book version, merged profiles' phone books "
      "with their versions, actions");
  command->add_option("SERVICE", show->service, "Short name or service name")->required();
  command->add_flag("--json", show->json, "Print JSON");
  registry.Add(command, [show](Output& output) { return RunShow(*show, output); });
}

}  // namespace cm::cmdial
