// SPDX-License-Identifier: MIT
// Building the full and delta cabinets of a release (libgcab through cm_cab_writer). Snapshots
// and member names are in release_snapshot.cc, which readers of releases link without this file.
#include <fmt/format.h>

#include <algorithm>

#include "cm/cab.h"
#include "cm/release.h"

namespace cm {
namespace {

uint32_t CountLines(std::string_view pbk) {
  return static_cast<uint32_t>(std::count(pbk.begin(), pbk.end(), '\n'));
}

ManifestFile Describe(std::string_view bytes) { return {Sha256(bytes), bytes.size()}; }
ManifestFile Describe(std::string_view bytes, const Sha256Digest& digest) {
  return {digest, bytes.size()};
}

// Signs `manifest` and appends manifest.json and manifest.sig to `members`, then builds the
// cabinet.
Result<std::string> SealCabinet(Manifest manifest, std::vector<CabEntry> members,
                                const SigningKey& key) {
  manifest.signer = key.public_key().ToString();
  for (const CabEntry& member : members) manifest.payload[member.name] = Describe(member.data);
  std::string json = SerializeManifest(manifest);
  std::string signature = SignatureToString(key.Sign(json)) + "\n";
  members.push_back({std::string(kManifestMember), std::move(json)});
  members.push_back({std::string(kSignatureMember), std::move(signature)});
  return WriteCabinet(members);
}

std::map<std::string, ManifestFile> ResultingFiles(const ReleaseSnapshot& snapshot) {
  return {
      {PbkMemberName(snapshot.name), Describe(snapshot.pbk, snapshot.pbk_sha256)},
      {PbrMemberName(snapshot.name), Describe(snapshot.pbr, snapshot.pbr_sha256)},
      {VerMemberName(snapshot.name), Describe(VersionFileBytes(snapshot.version))},
  };
}

}  // namespace

Result<std::string> BuildFullCabinet(const ReleaseSnapshot& target, const SigningKey& key) {
  Manifest manifest;
  manifest.phonebook = target.name;
  manifest.kind = UpdateKind::kFull;
  manifest.version = target.version;
  manifest.files = ResultingFiles(target);
  manifest.pop_count = CountLines(target.pbk);
  std::vector<CabEntry> members = {
      {PbkMemberName(target.name), target.pbk},
      {PbrMemberName(target.name), target.pbr},
      {VerMemberName(target.name), VersionFileBytes(target.version)},
  };
  return SealCabinet(std::move(manifest), std::move(members), key);
}

Result<std::string> BuildDeltaCabinet(const ReleaseSnapshot& base, const ReleaseSnapshot& target,
                                      const SigningKey& key, DeltaCounts* counts) {
  if (base.name != target.name) {
    return Fail(Errc::kInvalidArgument,
                fmt::format("cannot make a delta between phone books \"{}\" and \"{}\"", base.name,
                            target.name));
  }
  if (base.version >= target.version) {
    return Fail(Errc::kInvalidArgument,
                fmt::format("a delta goes from an older version to a newer one, not {} to {}",
                            base.version, target.version));
  }
  DeltaCounts tally;
  std::string delta = CM_TRY(MakePbkDelta(base.pbk, target.pbk, &tally));
  Manifest manifest;
  manifest.phonebook = target.name;
  manifest.kind = UpdateKind::kDelta;
  manifest.version = target.version;
  manifest.base_version = base.version;
  manifest.files = ResultingFiles(target);
  manifest.base_files = {
      {PbkMemberName(base.name), Describe(base.pbk, base.pbk_sha256)},
      {PbrMemberName(base.name), Describe(base.pbr, base.pbr_sha256)},
  };
  manifest.pop_count = CountLines(target.pbk);
  manifest.counts = tally;
  std::vector<CabEntry> members = {{DeltaMemberName(target.name), std::move(delta)}};
  if (base.pbr_sha256 != target.pbr_sha256) {
    members.push_back({PbrMemberName(target.name), target.pbr});
  }
  members.push_back({VerMemberName(target.name), VersionFileBytes(target.version)});
  if (counts) *counts = tally;
  return SealCabinet(std::move(manifest), std::move(members), key);
}

Result<Release> BuildRelease(const ReleaseSnapshot& target,
                             const std::vector<ReleaseSnapshot>& previous, const SigningKey& key) {
  Release release;
  release.version = target.version;
  release.full_cabinet = CM_TRY(BuildFullCabinet(target, key));
  for (const ReleaseSnapshot& base : previous) {
    if (base.version >= target.version || target.version - base.version > kMaxDeltaDistance) {
      continue;
    }
    DeltaCounts counts;
    release.delta_cabinets[base.version] = CM_TRY(BuildDeltaCabinet(base, target, key, &counts));
    release.delta_counts[base.version] = counts;
  }
  return release;
}

}  // namespace cm
