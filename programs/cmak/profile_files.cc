// SPDX-License-Identifier: MIT
// Files copied into a profile folder.
#include "profile_files.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "cm/ascii.h"
#include "cm/file_util.h"

namespace cm::cmak {
ProfileFiles::ProfileFiles(const std::string& short_name) {
  for (const char* ext : {".cms", ".cmp", ".inf", ".sed"})
    taken_.insert(AsciiLower(short_name + ext));
}

Result<std::string> ProfileFiles::Add(const std::string& path) {
  std::string name = std::filesystem::path(path).filename().string();
  if (name.empty()) return Fail(Errc::kInvalidArgument, fmt::format("{}: not a file", path));
  std::string bytes = CM_TRY(ReadFile(path));
  CM_TRY_STATUS(AddBytes(name, std::move(bytes), path));
  return name;
}

Status ProfileFiles::AddBytes(const std::string& name, std::string bytes, std::string_view origin) {
  if (auto same = files_.find(name); same != files_.end() && same->second == bytes) {
    return Ok();  // the same file again (one program included by several actions)
  }
  if (!taken_.insert(AsciiLower(name)).second) {
    return Fail(Errc::kInvalidArgument,
                fmt::format("{}: a file named '{}' is already in the profile; rename one of them",
                            origin, name));
  }
  files_[name] = std::move(bytes);
  return Ok();
}

Status CheckVersionText(std::string_view text, const std::string& path) {
  std::string_view digits = text;
  if (digits.ends_with("\n")) digits.remove_suffix(1);
  if (digits.ends_with("\r")) digits.remove_suffix(1);
  bool ok = !digits.empty() && digits.size() <= 10 &&
            std::all_of(digits.begin(), digits.end(),
                        [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
  if (!ok) {
    return Fail(Errc::kParse,
                "a phone book version file holds one decimal number (the installed version); "
                "fix or remove it",
                {.file = path});
  }
  return Ok();
}

}  // namespace cm::cmak
