// SPDX-License-Identifier: MIT
// Making canonical snapshots and the full and delta cabinets of a release.
#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "cm/cab.h"
#include "cm/pbk_format.h"
#include "cm/phonebook_name.h"
#include "cm/release.h"
#include "release/canonical_lines.h"

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

UpdateKind DecideUpdate(uint32_t client_version, uint32_t current_version, bool delta_available) {
  if (client_version >= current_version) return UpdateKind::kNone;
  uint32_t behind = current_version - client_version;
  if (client_version >= 1 && behind <= kMaxDeltaDistance && delta_available) {
    return UpdateKind::kDelta;
  }
  return UpdateKind::kFull;
}

std::string PbkMemberName(std::string_view phonebook) { return std::string(phonebook) + ".pbk"; }
std::string PbrMemberName(std::string_view phonebook) { return std::string(phonebook) + ".pbr"; }
std::string VerMemberName(std::string_view phonebook) { return std::string(phonebook) + ".ver"; }
std::string DeltaMemberName(std::string_view phonebook) {
  return std::string(phonebook) + ".delta";
}
std::string VersionFileBytes(uint32_t version) { return fmt::format("{}\r\n", version); }

Result<ReleaseSnapshot> MakeSnapshot(std::string_view name, uint32_t version, const Phonebook& book,
                                     const RegionList& regions) {
  CM_TRY_STATUS(ValidatePhonebookName(name));
  if (version == 0) {
    return Fail(Errc::kInvalidArgument, "release versions start at 1; 0 means \"no phone book\"");
  }
  std::vector<uint32_t> order(book.size());
  std::iota(order.begin(), order.end(), 0u);
  for (uint32_t i : order) {
    if (!book[i].pop_id) {
      return Fail(Errc::kInvalidArgument,
                  fmt::format("POP {} (\"{}\") has no POP index; every POP in a release needs "
                              "a unique index so that deltas can name it",
                              i + 1, book[i].name));
    }
  }
  auto by_id = [&book](uint32_t a, uint32_t b) { return *book[a].pop_id < *book[b].pop_id; };
  bool sorted = std::is_sorted(order.begin(), order.end(), by_id);
  if (!sorted) std::stable_sort(order.begin(), order.end(), by_id);
  for (size_t i = 1; i < order.size(); ++i) {
    if (*book[order[i]].pop_id == *book[order[i - 1]].pop_id) {
      return Fail(
          Errc::kInvalidArgument,
          fmt::format("POP index {} is used twice (\"{}\" and \"{}\"); POP indexes in a "
                      "release must be unique",
                      *book[order[i]].pop_id, book[order[i - 1]].name, book[order[i]].name));
    }
  }
  ReleaseSnapshot snapshot;
  snapshot.name = std::string(name);
  snapshot.version = version;
  if (sorted) {
    snapshot.pbk = WritePbk(book);
  } else {
    Phonebook ordered;
    ordered.Reserve(book.size(), 0);
    for (uint32_t i : order) ordered.Add(book[i]);
    snapshot.pbk = WritePbk(ordered);
  }
  snapshot.pbr = WritePbr(regions);
  snapshot.pbk_sha256 = Sha256(snapshot.pbk);
  snapshot.pbr_sha256 = Sha256(snapshot.pbr);
  return snapshot;
}

Result<ReleaseSnapshot> SnapshotFromFiles(std::string_view name, uint32_t version, std::string pbk,
                                          std::string pbr) {
  internal::CanonicalLineReader reader(pbk, PbkMemberName(name));
  internal::CanonicalLine line;
  while (CM_TRY(reader.Next(&line))) {
  }
  ReleaseSnapshot snapshot;
  snapshot.name = std::string(name);
  snapshot.version = version;
  snapshot.pbk_sha256 = Sha256(pbk);
  snapshot.pbr_sha256 = Sha256(pbr);
  snapshot.pbk = std::move(pbk);
  snapshot.pbr = std::move(pbr);
  return snapshot;
}

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
