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

// Checks the new book against the manifest; the .pbk by its size and hash alone (it may have
// gone to a sink instead of into `result`).
Status CheckResult(const Manifest& manifest, const ReleaseSnapshot& result, uint64_t pbk_size) {
  auto check = [&](const std::string& member, uint64_t size, const Sha256Digest& digest) -> Status {
    auto it = manifest.files.find(member);
    if (it == manifest.files.end()) {
      return Fail(Errc::kCorrupt, fmt::format("manifest does not list {}", member));
    }
    if (it->second.size != size || it->second.sha256 != digest) {
      return Fail(Errc::kCorrupt,
                  fmt::format("{} of version {} does not match the manifest (SHA-256 {}, "
                              "expected {}); the update was not installed",
                              member, manifest.version, ToHex(digest), ToHex(it->second.sha256)));
    }
    return Ok();
  };
  CM_TRY_STATUS(check(PbkMemberName(result.name), pbk_size, result.pbk_sha256));
  CM_TRY_STATUS(check(PbrMemberName(result.name), result.pbr.size(), result.pbr_sha256));
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

namespace {

// ApplyUpdate, with the new .pbk handed to `pbk_sink`, or kept in the result when it is null.
Result<ReleaseSnapshot> Apply(const InstalledBook* installed, std::string_view cabinet,
                              const PublicKey& key, std::string_view expected_name,
                              const ByteSink* pbk_sink) {
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
    CM_TRY_STATUS(CheckResult(manifest, result, result.pbk.size()));
    if (pbk_sink != nullptr) {
      CM_TRY_STATUS((*pbk_sink)(result.pbk));
      result.pbk.clear();
    }
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
  // The new .pbk goes to the sink as it is made, hashed on the way (while its bytes are still in
  // the cache).
  Sha256Hasher hasher;
  uint64_t pbk_size = 0;
  bool sink_failed = false;
  std::string kept;
  if (pbk_sink == nullptr) kept.reserve(installed->pbk.size() + delta->size());
  Status applied = ApplyPbkDelta(installed->pbk, *delta, [&](std::string_view bytes) -> Status {
    hasher.Update(bytes);
    pbk_size += bytes.size();
    if (pbk_sink == nullptr) {
      kept += bytes;
      return Ok();
    }
    Status written = (*pbk_sink)(bytes);
    sink_failed = !written;
    return written;
  });
  if (!applied) {
    if (!sink_failed && !base_is_release()) return not_the_base();
    return Fail(applied.error());
  }
  auto new_pbr = verified.members.find(PbrMemberName(name));
  ReleaseSnapshot result;
  result.name = name;
  result.version = manifest.version;
  result.pbr =
      new_pbr != verified.members.end() ? std::move(new_pbr->second) : std::string(installed->pbr);
  result.pbk = std::move(kept);
  result.pbk_sha256 = hasher.Final();
  result.pbr_sha256 = Sha256(result.pbr);
  if (Status checked = CheckResult(manifest, result, pbk_size); !checked) {
    if (!base_is_release()) return not_the_base();
    return Fail(checked.error());
  }
  return result;
}

}  // namespace

Result<ReleaseSnapshot> ApplyUpdate(const InstalledBook* installed, std::string_view cabinet,
                                    const PublicKey& key, std::string_view expected_name,
                                    const ByteSink& pbk_sink) {
  return Apply(installed, cabinet, key, expected_name, &pbk_sink);
}

Result<ReleaseSnapshot> ApplyUpdate(const InstalledBook* installed, std::string_view cabinet,
                                    const PublicKey& key, std::string_view expected_name) {
  return Apply(installed, cabinet, key, expected_name, nullptr);
}

Result<ReleaseSnapshot> ApplyUpdate(const ReleaseSnapshot* installed, std::string_view cabinet,
                                    const PublicKey& key, std::string_view expected_name) {
  if (installed == nullptr) return ApplyUpdate(nullptr, cabinet, key, expected_name);
  const InstalledBook book{installed->version, installed->pbk, installed->pbr};
  return ApplyUpdate(&book, cabinet, key, expected_name);
}

}  // namespace cm
