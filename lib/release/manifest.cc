// SPDX-License-Identifier: MIT
// The release manifest: deterministic JSON out, careful JSON in (no exceptions escape).
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "cm/release.h"

namespace cm {
namespace {

using nlohmann::json;

constexpr std::string_view kFormat = "cmsuite-phonebook-release/1";

json FilesToJson(const std::map<std::string, ManifestFile>& files) {
  json out = json::object();
  for (const auto& [name, file] : files) {
    out[name] = {{"sha256", ToHex(file.sha256)}, {"size", file.size}};
  }
  return out;
}

Error FieldError(std::string_view field, std::string_view problem) {
  return Error(Errc::kParse, fmt::format("manifest: field \"{}\" {}", field, problem));
}

Result<uint64_t> GetUnsigned(const json& object, std::string_view field, uint64_t max) {
  auto it = object.find(field);
  if (it == object.end()) return Fail(FieldError(field, "is missing"));
  if (!it->is_number_unsigned()) return Fail(FieldError(field, "is not a whole number"));
  uint64_t value = it->get<uint64_t>();
  if (value > max) return Fail(FieldError(field, "is too large"));
  return value;
}

Result<std::string> GetString(const json& object, std::string_view field) {
  auto it = object.find(field);
  if (it == object.end()) return Fail(FieldError(field, "is missing"));
  if (!it->is_string()) return Fail(FieldError(field, "is not a string"));
  return it->get<std::string>();
}

Result<std::map<std::string, ManifestFile>> GetFiles(const json& object, std::string_view field) {
  auto it = object.find(field);
  if (it == object.end()) return Fail(FieldError(field, "is missing"));
  if (!it->is_object()) return Fail(FieldError(field, "is not an object"));
  std::map<std::string, ManifestFile> files;
  for (const auto& [name, entry] : it->items()) {
    std::string where = fmt::format("{}.{}", field, name);
    if (!entry.is_object()) return Fail(FieldError(where, "is not an object"));
    std::string hex = CM_TRY(GetString(entry, "sha256"));
    auto digest = ParseSha256Hex(hex);
    if (!digest) return Fail(FieldError(where + ".sha256", digest.error().message()));
    uint64_t size = CM_TRY(GetUnsigned(entry, "size", UINT64_MAX));
    files[name] = {*digest, size};
  }
  return files;
}

}  // namespace

std::string SerializeManifest(const Manifest& manifest) {
  json out = {
      {"format", kFormat},
      {"phonebook", manifest.phonebook},
      {"kind", manifest.kind == UpdateKind::kDelta ? "delta" : "full"},
      {"version", manifest.version},
      {"files", FilesToJson(manifest.files)},
      {"payload", FilesToJson(manifest.payload)},
      {"pop_count", manifest.pop_count},
      {"signer", manifest.signer},
  };
  if (manifest.kind == UpdateKind::kDelta) {
    out["base_version"] = manifest.base_version;
    out["base_files"] = FilesToJson(manifest.base_files);
    out["changes"] = {{"added", manifest.counts.added},
                      {"changed", manifest.counts.changed},
                      {"deleted", manifest.counts.deleted}};
  }
  return out.dump(2) + "\n";
}

Result<Manifest> ParseManifest(std::string_view text) {
  json root = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded() || !root.is_object()) {
    return Fail(Errc::kParse, "manifest: not a JSON object");
  }
  std::string format = CM_TRY(GetString(root, "format"));
  if (format != kFormat) {
    return Fail(Errc::kUnsupported,
                fmt::format("manifest: format \"{}\" is not \"{}\"; a newer cmsuite may read it",
                            format, kFormat));
  }
  Manifest manifest;
  manifest.phonebook = CM_TRY(GetString(root, "phonebook"));
  std::string kind = CM_TRY(GetString(root, "kind"));
  if (kind == "full") {
    manifest.kind = UpdateKind::kFull;
  } else if (kind == "delta") {
    manifest.kind = UpdateKind::kDelta;
  } else {
    return Fail(FieldError("kind", "is neither \"full\" nor \"delta\""));
  }
  manifest.version = static_cast<uint32_t>(CM_TRY(GetUnsigned(root, "version", UINT32_MAX)));
  manifest.files = CM_TRY(GetFiles(root, "files"));
  manifest.payload = CM_TRY(GetFiles(root, "payload"));
  manifest.pop_count = static_cast<uint32_t>(CM_TRY(GetUnsigned(root, "pop_count", UINT32_MAX)));
  manifest.signer = CM_TRY(GetString(root, "signer"));
  if (manifest.kind == UpdateKind::kDelta) {
    manifest.base_version =
        static_cast<uint32_t>(CM_TRY(GetUnsigned(root, "base_version", UINT32_MAX)));
    manifest.base_files = CM_TRY(GetFiles(root, "base_files"));
    auto changes = root.find("changes");
    if (changes == root.end() || !changes->is_object()) {
      return Fail(FieldError("changes", "is missing or not an object"));
    }
    manifest.counts.added =
        static_cast<uint32_t>(CM_TRY(GetUnsigned(*changes, "added", UINT32_MAX)));
    manifest.counts.changed =
        static_cast<uint32_t>(CM_TRY(GetUnsigned(*changes, "changed", UINT32_MAX)));
    manifest.counts.deleted =
        static_cast<uint32_t>(CM_TRY(GetUnsigned(*changes, "deleted", UINT32_MAX)));
    if (manifest.base_version >= manifest.version) {
      return Fail(FieldError("base_version", "is not below \"version\""));
    }
  }
  return manifest;
}

}  // namespace cm
