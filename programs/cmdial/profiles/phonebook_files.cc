// SPDX-License-Identifier: MIT
#include "profiles/phonebook_files.h"

#include <fmt/format.h>

#include "cm/file_util.h"

namespace cm::cmdial {

std::string LocationPath(const StorePaths& paths) { return paths.config_dir + "/location.ini"; }

DialingLocation LoadLocation(const StorePaths& paths) {
  Result<std::string> bytes = ReadFile(LocationPath(paths));
  if (!bytes) return {};
  Result<IniFile> file = IniFile::Parse(*bytes);
  if (!file) return {};
  return ReadLocation(*file);
}

Result<LoadedPhonebook> LoadPhonebook(const InstalledProfile& profile) {
  if (profile.profile.pb_file.empty()) {
    return Fail(
        Errc::kNotFound,
        fmt::format("profile {} has no phone book ([ISP] PBFile is empty)", profile.short_name()),
        {.file = profile.cms_path});
  }
  LoadedPhonebook loaded;
  if (!profile.profile.region_file.empty()) {
    Result<std::string> pbr = ReadFile(profile.RegionPath());
    if (!pbr && pbr.error().code() != Errc::kNotFound) return Fail(std::move(pbr).error());
    if (pbr) loaded.regions = ReadPbr(*pbr);
  }
  std::string pbk = CM_TRY(ReadFile(profile.PhonebookPath()));
  loaded.pbk = ReadPbk(pbk, profile.profile.region_file.empty() ? nullptr : &loaded.regions);
  loaded.version = profile.PhonebookVersion();
  return loaded;
}

}  // namespace cm::cmdial
