// SPDX-License-Identifier: MIT
// Reading an installed profile's phone book and the user's location file from disk.
#pragma once

#include <string>

#include "cm/pbk_format.h"
#include "cm/result.h"
#include "profiles/dialing.h"
#include "profiles/profile_store.h"

namespace cm::cmdial {

// The user's location file: <config_dir>/location.ini (docs/formats/installed-profile.md).
std::string LocationPath(const StorePaths& paths);

// The saved location; an unset one (configured() false) when the file is missing or unreadable.
DialingLocation LoadLocation(const StorePaths& paths);

struct LoadedPhonebook {
  RegionReadResult regions;
  PbkReadResult pbk;
  uint32_t version = 0;
};

// Reads the profile's .pbk (and .pbr when the profile names one) as a client does.
// Errors: kNotFound when the profile has no phone book (or its file is missing), kIo.
[[nodiscard]] Result<LoadedPhonebook> LoadPhonebook(const InstalledProfile& profile);

}  // namespace cm::cmdial
