// SPDX-License-Identifier: MIT
// pbserver's data folder on disk: released cabinets, the current-version pointer, pinned keys.
//
// Layout (DATA is --data):
//   DATA/NAME/N/full.cab, DATA/NAME/N/delta-B.cab   release N (docs/formats/release.md)
//   DATA/NAME/current                                "N\n": the version served; switched by rename
//   DATA/NAME/publisher.key                          "ed25519:...\n": the pinned publisher key
//   DATA/NAME/.staging-*                             a release being written (removed at start)
//   DATA/incoming/NAME/N/...                         releases dropped by FTP (posting.h)
// A release folder is complete before `current` names it, so a crash at any point leaves the old
// version served. Old release folders are kept (clients' deltas come from them, and they are the
// history); only `phonebook delete --purge` removes them. Not thread-safe: one writer (the
// posting thread, or an offline command) at a time.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cm/crypto.h"
#include "cm/result.h"

namespace cm::pbserver {

struct StoredRelease {
  uint32_t version = 0;
  std::string full_cabinet;
  std::map<uint32_t, std::string> delta_cabinets;  // by base version
};

class DataStore {
 public:
  explicit DataStore(std::string root) : root_(std::move(root)) {}

  const std::string& root() const { return root_; }
  std::string IncomingDir() const { return root_ + "/incoming"; }

  // Creates DATA (and DATA/incoming) when missing and removes leftover staging folders.
  [[nodiscard]] Status Prepare() const;

  // Phone books that have a current version, sorted. Folders whose name breaks the name rule
  // (and `incoming`) are skipped.
  [[nodiscard]] Result<std::vector<std::string>> ListPhonebooks() const;

  // The served version of `name`; nullopt when it has none (never posted, or deleted).
  [[nodiscard]] Result<std::optional<uint32_t>> CurrentVersion(const std::string& name) const;
  // The pinned publisher key; nullopt when none is pinned yet.
  [[nodiscard]] Result<std::optional<PublicKey>> PinnedKey(const std::string& name) const;
  [[nodiscard]] Status PinKey(const std::string& name, const PublicKey& key) const;

  // Reads release `version` of `name` (full.cab and every delta-B.cab in its folder).
  [[nodiscard]] Result<StoredRelease> LoadRelease(const std::string& name, uint32_t version) const;

  // Writes `release` aside, moves it into place, pins `pin` when given, and then switches
  // `current` to it (each step fsynced). The release must have been checked.
  [[nodiscard]] Status CommitRelease(const std::string& name, const StoredRelease& release,
                                     const PublicKey* pin) const;

  // Stops serving `name` (removes `current`); with `purge`, removes its whole folder (releases
  // and pinned key). kNotFound when there is no such phone book.
  [[nodiscard]] Status DeletePhonebook(const std::string& name, bool purge) const;

 private:
  std::string BookDir(const std::string& name) const { return root_ + "/" + name; }
  std::string root_;
};

// "delta-7.cab" → 7; nullopt for any other name.
std::optional<uint32_t> DeltaBaseFromFileName(std::string_view file_name);

}  // namespace cm::pbserver
