// SPDX-License-Identifier: MIT
// The files `cmak new` copies into a profile folder, by name, refusing two that would collide.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>

#include "cm/result.h"

namespace cm::cmak {

class ProfileFiles {
 public:
  // The four generated file names (SHORT.cms, .cmp, .inf, .sed) are taken from the start.
  explicit ProfileFiles(const std::string& short_name);

  // Reads `path` and adds it under its base name, which it returns. Adding the same name with
  // the same bytes again is a no-op. kInvalidArgument when another file of that name (ignoring
  // case) is already in the profile; kNotFound/kIo from reading.
  [[nodiscard]] Result<std::string> Add(const std::string& path);
  // Adds `bytes` as `name` with the same collision rule (`origin` names the source in errors).
  [[nodiscard]] Status AddBytes(const std::string& name, std::string bytes,
                                std::string_view origin);

  std::map<std::string, std::string>& files() { return files_; }
  const std::string& bytes(const std::string& name) { return files_[name]; }

 private:
  std::set<std::string> taken_;
  std::map<std::string, std::string> files_;
};

// Checks a phone book version file's text (a P.ver, docs/formats/release.md): a decimal number,
// optionally followed by a line break. kParse naming `path` otherwise.
[[nodiscard]] Status CheckVersionText(std::string_view text, const std::string& path);

}  // namespace cm::cmak
