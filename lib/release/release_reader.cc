// SPDX-License-Identifier: MIT
// Checking release cabinets and applying them: what a client and a server do before trusting one.
#include <fmt/format.h>

#include "cm/cab.h"
#include "cm/release.h"

namespace cm {
namespace {

// Compares bytes with the manifest's record of them.
bool Matches(const ManifestFile& expected, std::string_view bytes, const Sha256Digest& digest) {
  return expected.size == bytes.size() && expected.sha256 == digest;
}

Status CheckResult(const Manifest& manifest, const ReleaseSnapshot& result) {
  auto check = [&](const std::string& member, std::string_view bytes,
                   const Sha256Digest& digest) -> Status {
    auto it = manifest.files.find(member);
    if (it == manifest.files.end()) {
      return Fail(Errc::kCorrupt, fmt::format("manifest does not list {}", member));
    }
    if (!Matches(it->second, bytes, digest)) {
      return Fail(Errc::kCorrupt,
                  fmt::format("{} of version {} does not match the manifest (SHA-256 {}, "
                              "expected {}); the update was not installed",
                              member, manifest.version, ToHex(digest), ToHex(it->second.sha256)));
    }
    return Ok();
  };
  CM_TRY_STATUS(check(PbkMemberName(result.name), result.pbk, result.pbk_sha256));
  CM_TRY_STATUS(check(PbrMemberName(result.name), result.pbr, result.pbr_sha256));
  return Ok();
}

}  // namespace

Result<VerifiedCabinet> OpenReleaseCabinet(std::string_view cabinet, const PublicKey& key,
                                           std::string_view expected_name) {
  std::vector<CabEntry> entries = CM_TRY(ReadCabinet(cabinet));
  std::map<std::string, std::string> members;
  for (CabEntry& entry : entries) {
    if (members.count(entry.name)) {
      return Fail(Errc::kCorrupt, fmt::format("cabinet holds \"{}\" twice", entry.name));
    }
    members.emplace(std::move(entry.name), std::move(entry.data));
  }
  auto manifest_it = members.find(std::string(kManifestMember));
  auto signature_it = members.find(std::string(kSignatureMember));
  if (manifest_it == members.end() || signature_it == members.end()) {
    return Fail(Errc::kSignature,
                "cabinet is not a signed release: it lacks manifest.json or manifest.sig");
  }
  auto signature = ParseSignature(signature_it->second);
  if (!signature) {
    return Fail(Errc::kSignature, "manifest.sig: " + signature.error().message());
  }
  if (auto verified = Verify(key, manifest_it->second, *signature); !verified) {
    // Say who signed it, when the manifest tells, so the user can tell a key change from
    // tampering.
    auto claimed = ParseManifest(manifest_it->second);
    std::string signer = "an unknown key";
    if (claimed) {
      if (auto claimed_key = PublicKey::Parse(claimed->signer)) {
        signer = "key " + claimed_key->Fingerprint();
      }
    }
    return Fail(Errc::kSignature,
                fmt::format("release signature does not verify with the trusted key {} (the "
                            "manifest claims {}); refusing it",
                            key.Fingerprint(), signer));
  }
  VerifiedCabinet out;
  out.manifest = CM_TRY(ParseManifest(manifest_it->second));
  if (!expected_name.empty() && out.manifest.phonebook != expected_name) {
    return Fail(Errc::kInvalidArgument, fmt::format("release is for phone book \"{}\", not \"{}\"",
                                                    out.manifest.phonebook, expected_name));
  }
  members.erase(std::string(kManifestMember));
  members.erase(std::string(kSignatureMember));
  for (const auto& [name, data] : members) {
    auto listed = out.manifest.payload.find(name);
    if (listed == out.manifest.payload.end()) {
      return Fail(Errc::kCorrupt,
                  fmt::format("cabinet member \"{}\" is not in the manifest", name));
    }
    if (!Matches(listed->second, data, Sha256(data))) {
      return Fail(
          Errc::kCorrupt,
          fmt::format("cabinet member \"{}\" does not match its SHA-256 in the manifest", name));
    }
  }
  for (const auto& [name, file] : out.manifest.payload) {
    if (!members.count(name)) {
      return Fail(Errc::kCorrupt,
                  fmt::format("manifest lists \"{}\" but the cabinet lacks it", name));
    }
  }
  out.members = std::move(members);
  return out;
}

Result<ReleaseSnapshot> ApplyUpdate(const InstalledBook* installed, std::string_view cabinet,
                                    const PublicKey& key, std::string_view expected_name) {
  VerifiedCabinet verified = CM_TRY(OpenReleaseCabinet(cabinet, key, expected_name));
  const Manifest& manifest = verified.manifest;
  const std::string& name = manifest.phonebook;
  auto member = [&](const std::string& wanted) -> Result<std::string*> {
    auto it = verified.members.find(wanted);
    if (it == verified.members.end()) {
      return Fail(Errc::kCorrupt, fmt::format("release cabinet lacks {}", wanted));
    }
    return &it->second;
  };
  std::string* version_file = CM_TRY(member(VerMemberName(name)));
  if (*version_file != VersionFileBytes(manifest.version)) {
    return Fail(Errc::kCorrupt,
                fmt::format("{} does not say version {}", VerMemberName(name), manifest.version));
  }
  if (manifest.kind == UpdateKind::kFull) {
    std::string* pbk = CM_TRY(member(PbkMemberName(name)));
    std::string* pbr = CM_TRY(member(PbrMemberName(name)));
    ReleaseSnapshot result =
        CM_TRY(SnapshotFromFiles(name, manifest.version, std::move(*pbk), std::move(*pbr)));
    CM_TRY_STATUS(CheckResult(manifest, result));
    return result;
  }
  if (!installed) {
    return Fail(Errc::kInvalidArgument,
                fmt::format("a delta from version {} needs the installed phone book; none given",
                            manifest.base_version));
  }
  if (installed->version != manifest.base_version) {
    return Fail(Errc::kInvalidArgument,
                fmt::format("delta goes from version {} to {}, but the installed phone book is "
                            "version {}",
                            manifest.base_version, manifest.version, installed->version));
  }
  auto base_pbk = manifest.base_files.find(PbkMemberName(name));
  auto base_pbr = manifest.base_files.find(PbrMemberName(name));
  // The installed book is hashed only to explain a failure (see release.h): a size the manifest
  // does not give is already the answer.
  auto base_is_release = [&] {
    return base_pbk != manifest.base_files.end() && base_pbr != manifest.base_files.end() &&
           Matches(base_pbk->second, installed->pbk, Sha256(installed->pbk)) &&
           Matches(base_pbr->second, installed->pbr, Sha256(installed->pbr));
  };
  auto not_the_base = [&] {
    return Fail(Errc::kCorrupt,
                fmt::format("the installed phone book is not release {} as published (its "
                            "files were changed); ask for the full phone book instead",
                            manifest.base_version));
  };
  if (base_pbk == manifest.base_files.end() || base_pbr == manifest.base_files.end() ||
      base_pbk->second.size != installed->pbk.size() ||
      base_pbr->second.size != installed->pbr.size()) {
    return not_the_base();
  }
  std::string* delta = CM_TRY(member(DeltaMemberName(name)));
  Result<std::string> pbk = ApplyPbkDelta(installed->pbk, *delta);
  if (!pbk) {
    if (!base_is_release()) return not_the_base();
    return Fail(pbk.error());
  }
  auto new_pbr = verified.members.find(PbrMemberName(name));
  std::string pbr =
      new_pbr != verified.members.end() ? std::move(new_pbr->second) : std::string(installed->pbr);
  ReleaseSnapshot result;
  result.name = name;
  result.version = manifest.version;
  result.pbk_sha256 = Sha256(*pbk);
  result.pbr_sha256 = Sha256(pbr);
  result.pbk = std::move(*pbk);
  result.pbr = std::move(pbr);
  if (Status checked = CheckResult(manifest, result); !checked) {
    if (!base_is_release()) return not_the_base();
    return Fail(checked.error());
  }
  return result;
}

Result<ReleaseSnapshot> ApplyUpdate(const ReleaseSnapshot* installed, std::string_view cabinet,
                                    const PublicKey& key, std::string_view expected_name) {
  if (installed == nullptr) return ApplyUpdate(nullptr, cabinet, key, expected_name);
  const InstalledBook book{installed->version, installed->pbk, installed->pbr};
  return ApplyUpdate(&book, cabinet, key, expected_name);
}

}  // namespace cm
