// SPDX-License-Identifier: MIT
// Canonical snapshots, member names and the update decision: what both ends of a release use.
// Kept apart from release_builder.cc (the cabinet writer) so that a program that only reads
// releases, such as cmdial, does not pull the writer and libgcab into its link.
#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "cm/pbk_format.h"
#include "cm/phonebook_name.h"
#include "cm/release.h"
#include "release/canonical_lines.h"

namespace cm {

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

}  // namespace cm
