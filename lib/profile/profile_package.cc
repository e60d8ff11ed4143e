// SPDX-License-Identifier: MIT
// Reading and verifying a profile package: cabinet, manifest, names, hashes, signature.
#include "cm/profile_package.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <set>
#include <vector>

#include "cm/ascii.h"
#include "cm/cab.h"
#include "cm/phonebook_name.h"

namespace cm {
namespace {

using nlohmann::json;

constexpr std::string_view kManifest = "manifest.json";
constexpr std::string_view kSignature = "manifest.sig";

struct ListedFile {
  Sha256Digest sha256{};
  uint64_t size = 0;
};

struct ProfileManifest {
  std::string profile;
  std::string signer;  // empty when null
  std::map<std::string, ListedFile> files;
};

Error ManifestError(std::string_view problem) {
  return Error(Errc::kParse, fmt::format("manifest.json: {}", problem));
}

Result<ProfileManifest> ParseProfileManifest(std::string_view text) {
  json root = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded() || !root.is_object()) {
    return Fail(ManifestError("not a JSON object"));
  }
  auto format = root.find("format");
  if (format == root.end() || !format->is_string()) {
    return Fail(ManifestError("field \"format\" is missing or not a string"));
  }
  if (format->get<std::string>() != kProfilePackageFormat) {
    return Fail(Errc::kUnsupported,
                fmt::format("manifest.json: format \"{}\" is not {}; this package needs another "
                            "version of cmdial",
                            format->get<std::string>(), kProfilePackageFormat));
  }
  ProfileManifest manifest;
  auto profile = root.find("profile");
  if (profile == root.end() || !profile->is_string()) {
    return Fail(ManifestError("field \"profile\" is missing or not a string"));
  }
  manifest.profile = profile->get<std::string>();
  auto signer = root.find("signer");
  if (signer != root.end() && signer->is_string()) manifest.signer = signer->get<std::string>();
  auto files = root.find("files");
  if (files == root.end() || !files->is_object()) {
    return Fail(ManifestError("field \"files\" is missing or not an object"));
  }
  for (const auto& [name, entry] : files->items()) {
    auto sha = entry.is_object() ? entry.find("sha256") : entry.end();
    auto size = entry.is_object() ? entry.find("size") : entry.end();
    if (!entry.is_object() || sha == entry.end() || !sha->is_string() || size == entry.end() ||
        !size->is_number_unsigned()) {
      return Fail(ManifestError(
          fmt::format("files.\"{}\" needs \"sha256\" (hex) and \"size\" (a whole number)", name)));
    }
    Result<Sha256Digest> digest = ParseSha256Hex(sha->get<std::string>());
    if (!digest) {
      return Fail(
          ManifestError(fmt::format("files.\"{}\".sha256: {}", name, digest.error().message())));
    }
    manifest.files[name] = ListedFile{*digest, size->get<uint64_t>()};
  }
  return manifest;
}

// Checks names and turns the cabinet's entries into a map (no duplicates, ignoring case).
Result<std::map<std::string, std::string>> MembersByName(std::vector<CabEntry> entries) {
  std::map<std::string, std::string> members;
  std::set<std::string> lower_names;
  for (CabEntry& entry : entries) {
    if (!IsPlainMemberName(entry.name)) {
      return Fail(Errc::kInvalidArgument,
                  fmt::format("package member \"{}\" is not a plain file name (folders, '..', "
                              "absolute paths and control characters are refused); rebuild the "
                              "package with cmak build",
                              entry.name));
    }
    if (!lower_names.insert(AsciiLower(entry.name)).second) {
      return Fail(
          Errc::kInvalidArgument,
          fmt::format("package holds \"{}\" twice (names are compared without case)", entry.name));
    }
    members.emplace(std::move(entry.name), std::move(entry.data));
  }
  return members;
}

Status CheckListedFiles(const ProfileManifest& manifest,
                        const std::map<std::string, std::string>& members) {
  for (const auto& [name, data] : members) {
    if (name == kManifest || name == kSignature) continue;
    auto listed = manifest.files.find(name);
    if (listed == manifest.files.end()) {
      return Fail(Errc::kCorrupt,
                  fmt::format("package member \"{}\" is not listed in manifest.json; the "
                              "package was altered after it was built",
                              name));
    }
    if (data.size() != listed->second.size || Sha256(data) != listed->second.sha256) {
      return Fail(Errc::kCorrupt,
                  fmt::format("package member \"{}\" does not match manifest.json (size {} "
                              "listed {}, or its SHA-256 differs); the package is damaged or "
                              "altered",
                              name, data.size(), listed->second.size));
    }
  }
  for (const auto& [name, file] : manifest.files) {
    if (!members.count(name)) {
      return Fail(Errc::kCorrupt,
                  fmt::format("manifest.json lists \"{}\" but the package lacks it", name));
    }
  }
  return Ok();
}

Result<std::optional<PublicKey>> CheckSignature(const ProfileManifest& manifest,
                                                const std::map<std::string, std::string>& members,
                                                UnsignedPackages unsigned_packages) {
  auto signature_member = members.find(std::string(kSignature));
  if (signature_member == members.end()) {
    if (unsigned_packages == UnsignedPackages::kAllow) return std::optional<PublicKey>();
    return Fail(Errc::kSignature,
                "package is unsigned (no manifest.sig); build it with 'cmak build --sign-key "
                "KEY', or install with --allow-unsigned if you trust where it came from");
  }
  if (manifest.signer.empty()) {
    return Fail(Errc::kSignature, "manifest.json names no signer but manifest.sig exists");
  }
  Result<PublicKey> key = PublicKey::Parse(manifest.signer);
  if (!key) {
    return Fail(Errc::kSignature, "manifest.json signer: " + key.error().message());
  }
  std::string_view signature_text = signature_member->second;
  while (!signature_text.empty() &&
         (signature_text.back() == '\n' || signature_text.back() == '\r')) {
    signature_text.remove_suffix(1);
  }
  Result<Signature> signature = ParseSignature(signature_text);
  if (!signature) {
    return Fail(Errc::kSignature, "manifest.sig: " + signature.error().message());
  }
  if (!Verify(*key, members.at(std::string(kManifest)), *signature)) {
    return Fail(Errc::kSignature,
                fmt::format("manifest.sig does not verify with the signer it names ({}); the "
                            "package was altered",
                            key->Fingerprint()));
  }
  return std::optional<PublicKey>(*key);
}

}  // namespace

bool LooksLikeCabinet(std::string_view bytes) { return bytes.substr(0, 4) == "MSCF"; }

bool IsPlainMemberName(std::string_view name) {
  if (name.empty() || name.size() > 255 || name == "." || name == "..") return false;
  if (name.front() == ' ' || name.back() == ' ') return false;
  for (char c : name) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f || c == '/' || c == '\\' || c == ':') return false;
  }
  return true;
}

Result<std::string_view> SelfExtractingCabinet(std::string_view run_bytes) {
  size_t line_start = 0;
  while (line_start < run_bytes.size()) {
    size_t end = run_bytes.find('\n', line_start);
    if (end == std::string_view::npos) break;
    if (run_bytes.substr(line_start, end - line_start) == kSelfExtractingMarker) {
      return run_bytes.substr(end + 1);
    }
    line_start = end + 1;
  }
  return Fail(Errc::kParse,
              fmt::format("no line '{}' found: not a self-extracting profile package (cmak "
                          "build --self-extracting makes one)",
                          kSelfExtractingMarker));
}

Result<ProfilePackage> ReadProfilePackage(std::string_view cabinet,
                                          UnsignedPackages unsigned_packages) {
  if (cabinet.size() > kMaxProfilePackageBytes) {
    return Fail(Errc::kLimit, fmt::format("package is {} bytes; the limit is {}", cabinet.size(),
                                          kMaxProfilePackageBytes));
  }
  CabReadLimits limits;
  limits.max_total_uncompressed = kMaxProfilePackageBytes;
  limits.max_members = kMaxProfilePackageMembers;
  std::vector<CabEntry> entries = CM_TRY(ReadCabinet(cabinet, limits));
  std::map<std::string, std::string> members = CM_TRY(MembersByName(std::move(entries)));
  auto manifest_member = members.find(std::string(kManifest));
  if (manifest_member == members.end()) {
    return Fail(Errc::kParse, "package has no manifest.json; build it with cmak build");
  }
  ProfileManifest manifest = CM_TRY(ParseProfileManifest(manifest_member->second));
  if (Status valid = ValidatePhonebookName(manifest.profile, "profile short name"); !valid) {
    return Fail(Error(Errc::kInvalidArgument, "manifest.json: " + valid.error().message()));
  }
  // The signature first: a failed check should say "altered", not point at a member.
  std::optional<PublicKey> signer = CM_TRY(CheckSignature(manifest, members, unsigned_packages));
  CM_TRY_STATUS(CheckListedFiles(manifest, members));
  for (const char* ext : {".cms", ".cmp", ".inf"}) {
    if (!members.count(manifest.profile + ext)) {
      return Fail(Errc::kInvalidArgument,
                  fmt::format("package lacks {}{}; a profile needs SHORT.cms, SHORT.cmp and "
                              "SHORT.inf",
                              manifest.profile, ext));
    }
  }
  members.erase(std::string(kManifest));
  members.erase(std::string(kSignature));
  ProfilePackage package;
  package.short_name = std::move(manifest.profile);
  package.signer = signer;
  package.members = std::move(members);
  return package;
}

}  // namespace cm
