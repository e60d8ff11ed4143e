// SPDX-License-Identifier: MIT
// Reading a profile folder into cabinet members and writing its manifest.
#include "package.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "cm/file_util.h"
#include "cm/phonebook_name.h"

namespace cm::cmak {

namespace fs = std::filesystem;

std::string MakeProfileManifest(const std::string& short_name, const std::vector<CabEntry>& files,
                                const SigningKey* key) {
  nlohmann::json manifest;
  manifest["format"] = "cmsuite-profile/1";
  manifest["profile"] = short_name;
  nlohmann::json listed = nlohmann::json::object();
  for (const CabEntry& file : files) {
    listed[file.name] = {{"sha256", ToHex(Sha256(file.data))}, {"size", file.data.size()}};
  }
  manifest["files"] = std::move(listed);
  manifest["signer"] = key ? nlohmann::json(key->public_key().ToString()) : nlohmann::json();
  return manifest.dump(2) + "\n";
}

Result<std::vector<CabEntry>> PackageMembers(const std::string& folder, const SigningKey* key) {
  fs::path path = fs::path(folder).lexically_normal();
  if (!path.has_filename()) path = path.parent_path();
  std::string short_name = path.filename().string();
  if (auto valid = ValidatePhonebookName(short_name, "profile short name"); !valid) {
    return Fail(std::move(valid).error().InFile(folder));
  }
  std::error_code ec;
  if (!fs::is_directory(path, ec)) {
    return Fail(Errc::kNotFound, "not a profile folder", {.file = folder});
  }
  std::vector<std::string> names;
  for (const fs::directory_entry& entry : fs::directory_iterator(path, ec)) {
    std::string name = entry.path().filename().string();
    if (!entry.is_regular_file(ec)) {
      return Fail(Errc::kInvalidArgument,
                  "only files belong in a profile folder; move or remove this",
                  {.file = entry.path().string()});
    }
    if (name == "manifest.json" || name == "manifest.sig") {
      return Fail(Errc::kInvalidArgument, "this name is reserved for the package's manifest",
                  {.file = entry.path().string()});
    }
    names.push_back(name);
  }
  if (ec) return Fail(Errc::kIo, ec.message(), {.file = folder});
  for (const char* ext : {".cms", ".cmp", ".inf"}) {
    if (std::find(names.begin(), names.end(), short_name + ext) == names.end()) {
      return Fail(Errc::kNotFound,
                  fmt::format("{}{} is missing; a profile needs SHORT.cms, SHORT.cmp and "
                              "SHORT.inf (cmak new writes them)",
                              short_name, ext),
                  {.file = folder});
    }
  }
  std::sort(names.begin(), names.end());
  std::vector<CabEntry> members;
  for (const std::string& name : names) {
    members.push_back({name, CM_TRY(ReadFile((path / name).string()))});
  }
  std::string manifest = MakeProfileManifest(short_name, members, key);
  if (key) {
    std::string signature = SignatureToString(key->Sign(manifest)) + "\n";
    members.push_back({"manifest.json", std::move(manifest)});
    members.push_back({"manifest.sig", std::move(signature)});
  } else {
    members.push_back({"manifest.json", std::move(manifest)});
  }
  return members;
}

}  // namespace cm::cmak
