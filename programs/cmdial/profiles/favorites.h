// SPDX-License-Identifier: MIT
// Favourites: named sets of connection settings a user saved for a profile ("Settings Saved
// As" in the original; %CurrentFavorite% names the one in use). Stored in the user's .cmp as
// sections `[cmsuite Favorite NAME]` holding the UserSettings keys
// (docs/formats/installed-profile.md).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cm/ini_file.h"
#include "cm/result.h"
#include "profiles/profile_store.h"

namespace cm::cmdial {

struct Favorite {
  std::string name;
  UserSettings settings;
};

// Favourite names: 1-64 characters, no ']' '[' '=' or control characters, not only blanks.
// Errors: kInvalidArgument saying which rule.
[[nodiscard]] Status CheckFavoriteName(std::string_view name);

// The favourites of `profile`, in the order saved.
std::vector<Favorite> ListFavorites(const InstalledProfile& profile);

// The favourite called `name` (any case). Its settings are `profile.settings` overlaid with what
// the favourite sets. Errors: kNotFound listing the saved names.
[[nodiscard]] Result<Favorite> LoadFavorite(const InstalledProfile& profile, std::string_view name);

// Saves (or replaces) a favourite in the user's .cmp, atomically. Errors: kInvalidArgument
// (name), kIo.
[[nodiscard]] Status SaveFavorite(const InstalledProfile& profile, const Favorite& favorite);

// Deletes a favourite. Errors: kNotFound, kIo.
[[nodiscard]] Status DeleteFavorite(const InstalledProfile& profile, std::string_view name);

}  // namespace cm::cmdial
