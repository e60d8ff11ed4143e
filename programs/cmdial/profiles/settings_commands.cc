// SPDX-License-Identifier: MIT
// `cmdial settings SERVICE [options]` and `cmdial favorite save|list|delete`.
#include <fmt/format.h>

#include <memory>
#include <optional>
#include <string>

#include "profiles/commands.h"
#include "profiles/favorites.h"
#include "profiles/secrets.h"

namespace cm::cmdial {
namespace {

using cli::kExitFailed;
using cli::kExitOk;
using cli::kExitUsage;
using cli::Output;

struct SettingsOptions {
  std::optional<std::string> user;
  std::optional<std::string> domain;
  std::optional<std::string> type;
  std::optional<std::string> country;
  std::optional<std::string> region;
  std::optional<std::string> service_type;
  std::optional<std::string> pop;
  std::optional<bool> remember_password;

  void AddTo(CLI::App* command) {
    command->add_option("--user", user, "User name");
    command->add_option("--domain", domain, "Domain");
    command->add_option("--type", type, "Connection type: direct, dialup or double-dial");
    command->add_option("--country", country, "Phone book country (TAPI ID as in the book)");
    command->add_option("--region", region, "Phone book region");
    command->add_option("--service-type", service_type, "Service type (e.g. Modem)");
    command->add_option("--pop", pop,
                        "POP index of the access number to dial (BOOK:ID for a merged "
                        "profile's phone book)");
  }

  // Applies what was given to `settings`. Errors: kInvalidArgument for a bad --type.
  Status Apply(UserSettings& settings) const {
    if (user) settings.user_name = *user;
    if (domain) settings.domain = *domain;
    if (type) settings.connection_type = CM_TRY(ParseConnectionType(*type));
    if (country) settings.country = *country;
    if (region) settings.region = *region;
    if (service_type) settings.service_type = *service_type;
    if (pop) settings.pop = *pop;
    if (remember_password) settings.remember_password = *remember_password;
    return Ok();
  }
};

struct SettingsArgs {
  std::string service;
  SettingsOptions options;
  bool remember = false;
  bool forget = false;
};

int RunSettings(const SettingsArgs& args, Output& output) {
  Result<InstalledProfile> profile = FindProfile(args.service);
  if (!profile) return ReportError(output, profile.error());
  UserSettings settings = profile->settings;
  if (Status applied = args.options.Apply(settings); !applied) {
    output.err << "cmdial: error: " << applied.error().message() << "\n";
    return kExitUsage;
  }
  if (args.remember) {
    if (profile->profile.hide_remember_password) {
      output.err << "cmdial: error: the profile does not allow remembering the password "
                    "(HideRememberPassword=1)\n";
      return kExitFailed;
    }
    if (Status available = SecretServiceAvailable(); !available) {
      output.err << "cmdial: warning: remember password is off: " << available.error().message()
                 << "\n";
      settings.remember_password = false;
    } else {
      settings.remember_password = true;
    }
  }
  if (args.forget) {
    settings.remember_password = false;
    (void)ForgetPassword(profile->short_name(), settings.user_name);
  }
  if (Status saved = SaveUserSettings(*profile, settings); !saved) {
    return ReportError(output, saved.error());
  }
  output.out << fmt::format(
      "{}: user '{}', domain '{}', type {}, country '{}', region '{}', "
      "service type '{}', pop '{}', remember password {}\n",
      profile->short_name(), settings.user_name, settings.domain,
      settings.connection_type ? ConnectionTypeName(*settings.connection_type)
                               : std::string_view("(profile default)"),
      settings.country, settings.region, settings.service_type, settings.pop,
      settings.remember_password ? "on" : "off");
  return kExitOk;
}

struct FavoriteArgs {
  std::string service;
  std::string name;
  SettingsOptions options;
};

int RunFavoriteSave(const FavoriteArgs& args, Output& output) {
  Result<InstalledProfile> profile = FindProfile(args.service);
  if (!profile) return ReportError(output, profile.error());
  Favorite favorite{args.name, profile->settings};
  if (Status applied = args.options.Apply(favorite.settings); !applied) {
    output.err << "cmdial: error: " << applied.error().message() << "\n";
    return kExitUsage;
  }
  if (Status saved = SaveFavorite(*profile, favorite); !saved) {
    return ReportError(output, saved.error());
  }
  output.out << fmt::format("saved favourite '{}' of {}\n", favorite.name, profile->short_name());
  return kExitOk;
}

int RunFavoriteList(const FavoriteArgs& args, Output& output) {
  Result<InstalledProfile> profile = FindProfile(args.service);
  if (!profile) return ReportError(output, profile.error());
  std::vector<Favorite> favorites = ListFavorites(*profile);
  if (favorites.empty()) output.out << "no favourites saved\n";
  for (const Favorite& favorite : favorites) {
    const UserSettings& s = favorite.settings;
    output.out << fmt::format(
        "{}: user '{}' type {} country '{}' region '{}' pop '{}'\n", favorite.name, s.user_name,
        s.connection_type ? ConnectionTypeName(*s.connection_type) : std::string_view("-"),
        s.country, s.region, s.pop);
  }
  return kExitOk;
}

int RunFavoriteDelete(const FavoriteArgs& args, Output& output) {
  Result<InstalledProfile> profile = FindProfile(args.service);
  if (!profile) return ReportError(output, profile.error());
  if (Status deleted = DeleteFavorite(*profile, args.name); !deleted) {
    return ReportError(output, deleted.error());
  }
  output.out << fmt::format("deleted favourite '{}' of {}\n", args.name, profile->short_name());
  return kExitOk;
}

}  // namespace

void RegisterSettingsCommands(CLI::App& app, cli::CommandRegistry& registry) {
  auto settings = std::make_shared<SettingsArgs>();
  CLI::App* command = app.add_subcommand(
      "settings", "Change your saved settings of a profile (kept when the profile is updated)");
  command->add_option("SERVICE", settings->service, "Short name or service name")->required();
  settings->options.AddTo(command);
  command->add_flag("--remember-password", settings->remember,
                    "Keep the password in the Secret Service (when one is running)");
  command->add_flag("--forget-password", settings->forget, "Forget a remembered password");
  registry.Add(command, [settings](Output& output) { return RunSettings(*settings, output); });

  CLI::App* favorite = app.add_subcommand("favorite", "Named sets of connection settings");
  favorite->require_subcommand(1);
  auto save = std::make_shared<FavoriteArgs>();
  command = favorite->add_subcommand(
      "save", "Save your current settings, changed by the options given, under NAME");
  command->add_option("SERVICE", save->service, "Short name or service name")->required();
  command->add_option("NAME", save->name, "Favourite name")->required();
  save->options.AddTo(command);
  registry.Add(command, [save](Output& output) { return RunFavoriteSave(*save, output); });
  auto list = std::make_shared<FavoriteArgs>();
  command = favorite->add_subcommand("list", "List a profile's favourites");
  command->add_option("SERVICE", list->service, "Short name or service name")->required();
  registry.Add(command, [list](Output& output) { return RunFavoriteList(*list, output); });
  auto remove = std::make_shared<FavoriteArgs>();
  command = favorite->add_subcommand("delete", "Delete a favourite");
  command->add_option("SERVICE", remove->service, "Short name or service name")->required();
  command->add_option("NAME", remove->name, "Favourite name")->required();
  registry.Add(command, [remove](Output& output) { return RunFavoriteDelete(*remove, output); });
}

}  // namespace cm::cmdial
