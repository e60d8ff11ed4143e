// SPDX-License-Identifier: MIT
// Favourites as `[cmsuite Favorite NAME]` sections of the user's .cmp.
#include "profiles/favorites.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "cm/ascii.h"
#include "cm/file_util.h"

namespace cm::cmdial {
namespace {

constexpr std::string_view kPrefix = "cmsuite Favorite ";

std::string SectionOf(std::string_view name) { return fmt::format("{}{}", kPrefix, name); }

// The settings file as it is, else the .cmp it starts from (all-users profiles), else empty.
IniFile ReadSettingsFile(const InstalledProfile& profile) {
  for (const std::string& path : {profile.settings_path, profile.cmp_path}) {
    Result<std::string> bytes = ReadFile(path);
    if (!bytes) continue;
    Result<IniFile> ini = IniFile::Parse(*bytes);
    if (ini) return std::move(*ini);
  }
  return IniFile::Empty();
}

// A favourite's section holds the UserSettings keys flat (no [Connection Manager] split).
UserSettings ReadFavoriteSection(const IniFile& cmp, const std::string& section,
                                 const UserSettings& base) {
  UserSettings settings = base;
  auto take = [&](std::string_view key, std::string& field) {
    if (std::optional<std::string> value = cmp.Get(section, key)) field = *value;
  };
  take("UserName", settings.user_name);
  take("Domain", settings.domain);
  take("Country", settings.country);
  take("Region", settings.region);
  take("ServiceType", settings.service_type);
  take("Pop", settings.pop);
  if (std::optional<std::string> type = cmp.Get(section, "ConnectionType")) {
    if (Result<ConnectionType> parsed = ParseConnectionType(*type)) {
      settings.connection_type = *parsed;
    }
  }
  return settings;
}

Status WriteFavoriteSection(const Favorite& favorite, IniFile& cmp) {
  const std::string section = SectionOf(favorite.name);
  cmp.RemoveSection(section);
  const UserSettings& s = favorite.settings;
  const std::pair<std::string_view, std::string_view> keys[] = {
      {"UserName", s.user_name},
      {"Domain", s.domain},
      {"ConnectionType",
       s.connection_type ? ConnectionTypeName(*s.connection_type) : std::string_view()},
      {"Country", s.country},
      {"Region", s.region},
      {"ServiceType", s.service_type},
      {"Pop", s.pop},
  };
  bool any = false;
  for (const auto& [key, value] : keys) {
    if (value.empty()) continue;
    CM_TRY_STATUS(cmp.Set(section, key, value));
    any = true;
  }
  // An empty favourite still needs its section to exist.
  if (!any) CM_TRY_STATUS(cmp.Set(section, "Saved", "1"));
  return Ok();
}

Status WriteSettingsFile(const InstalledProfile& profile, const IniFile& cmp) {
  std::error_code error;
  std::filesystem::create_directories(std::filesystem::path(profile.settings_path).parent_path(),
                                      error);
  return WriteFileAtomic(profile.settings_path, cmp.Serialize(), 0600);
}

}  // namespace

Status CheckFavoriteName(std::string_view name) {
  if (name.empty() || name.size() > 64) {
    return Fail(Errc::kInvalidArgument,
                fmt::format("favourite name '{}' must be 1 to 64 characters", name));
  }
  for (char c : name) {
    if (static_cast<unsigned char>(c) < 0x20 || c == '[' || c == ']' || c == '=' || c == 0x7f) {
      return Fail(Errc::kInvalidArgument,
                  fmt::format("favourite name '{}' may not hold '[', ']', '=' or control "
                              "characters",
                              name));
    }
  }
  if (name.front() == ' ' || name.back() == ' ') {
    return Fail(Errc::kInvalidArgument,
                fmt::format("favourite name '{}' may not start or end with a space", name));
  }
  return Ok();
}

std::vector<Favorite> ListFavorites(const InstalledProfile& profile) {
  IniFile cmp = ReadSettingsFile(profile);
  std::vector<Favorite> favorites;
  for (const std::string& section : cmp.SectionNames()) {
    if (section.size() <= kPrefix.size() ||
        AsciiLower(section.substr(0, kPrefix.size())) != AsciiLower(kPrefix)) {
      continue;
    }
    std::string name = section.substr(kPrefix.size());
    if (std::any_of(favorites.begin(), favorites.end(),
                    [&](const Favorite& f) { return AsciiLower(f.name) == AsciiLower(name); })) {
      continue;  // only the first section of a name is visible
    }
    favorites.push_back(Favorite{name, ReadFavoriteSection(cmp, section, UserSettings{})});
  }
  return favorites;
}

Result<Favorite> LoadFavorite(const InstalledProfile& profile, std::string_view name) {
  IniFile cmp = ReadSettingsFile(profile);
  const std::string section = SectionOf(name);
  if (!cmp.HasSection(section)) {
    std::string names;
    for (const Favorite& favorite : ListFavorites(profile)) {
      names += (names.empty() ? "" : ", ") + favorite.name;
    }
    return Fail(
        Errc::kNotFound,
        fmt::format("profile {} has no favourite '{}' ({}); save one with 'cmdial "
                    "favorite save {} NAME'",
                    profile.short_name(), name, names.empty() ? "none saved" : "saved: " + names,
                    profile.short_name()));
  }
  std::string stored_name(name);
  for (const Favorite& favorite : ListFavorites(profile)) {
    if (AsciiLower(favorite.name) == AsciiLower(name)) stored_name = favorite.name;
  }
  return Favorite{stored_name, ReadFavoriteSection(cmp, section, profile.settings)};
}

Status SaveFavorite(const InstalledProfile& profile, const Favorite& favorite) {
  CM_TRY_STATUS(CheckFavoriteName(favorite.name));
  IniFile cmp = ReadSettingsFile(profile);
  CM_TRY_STATUS(WriteFavoriteSection(favorite, cmp));
  return WriteSettingsFile(profile, cmp);
}

Status DeleteFavorite(const InstalledProfile& profile, std::string_view name) {
  IniFile cmp = ReadSettingsFile(profile);
  if (!cmp.RemoveSection(SectionOf(name))) {
    return Fail(Errc::kNotFound,
                fmt::format("profile {} has no favourite '{}'", profile.short_name(), name));
  }
  return WriteSettingsFile(profile, cmp);
}

}  // namespace cm::cmdial
