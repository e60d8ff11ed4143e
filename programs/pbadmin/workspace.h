// SPDX-License-Identifier: MIT
// The pbadmin workspace: a folder with the SQLite database, the signing key and one folder per
// phone book holding its releases. Layout and schema: docs/formats/workspace.md.
//
// Every command that changes anything runs in one Transaction (BEGIN IMMEDIATE), so a process
// killed at any point leaves the database as it was before or after. A second process waits
// up to kBusyTimeoutMs for the write lock, then gets the "workspace is busy" error.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "cm/crypto.h"
#include "cm/phonebook.h"
#include "cm/result.h"
#include "seed_limits.h"
#include "sqlite_db.h"

namespace cm::pbadmin {

inline constexpr int kBusyTimeoutMs = 2000;
inline constexpr int kSchemaVersion = 1;

// `option` when not empty, else $PBADMIN_WORKSPACE, else $XDG_DATA_HOME/cmsuite/pbadmin, else
// ~/.local/share/cmsuite/pbadmin.
std::string ResolveWorkspaceDir(const std::string& option);

// A phone book's row.
struct BookRow {
  int64_t id = 0;
  std::string name;      // as created
  std::string created;   // UTC, ISO 8601
  uint32_t version = 0;  // newest release, 0 when never published
};

// The current UTC time as "2024-05-01T12:34:56Z".
std::string NowUtc();

class Workspace {
 public:
  // Opens the workspace in `dir`, creating the folder, database and schema when missing.
  // Errors: kIo (folder or database), kUnsupported for a database of a newer schema.
  [[nodiscard]] static Result<std::unique_ptr<Workspace>> Open(const std::string& dir);

  const std::string& dir() const { return dir_; }
  Db& db() { return *db_; }

  std::string DatabasePath() const { return dir_ + "/pbadmin.db"; }
  std::string KeyPath() const { return dir_ + "/signing.key"; }
  std::string BookDir(std::string_view name) const;
  std::string ReleaseDir(std::string_view name, uint32_t version) const;

  // The phone book called `name` (case-insensitive). kNotFound naming it and the workspace.
  [[nodiscard]] Result<BookRow> FindBook(std::string_view name);

  [[nodiscard]] Result<std::optional<std::string>> GetSetting(std::string_view key);
  [[nodiscard]] Status SetSetting(std::string_view key, std::string_view value);
  [[nodiscard]] Result<LimitsMode> GetLimitsMode();

  // Appends one change-log row (pending until the next publish assigns its version).
  [[nodiscard]] Status LogChange(int64_t book_id, std::string_view command, uint64_t added,
                                 uint64_t edited, uint64_t deleted);

  // The workspace signing key. With kCreate, makes one (mode 0600) when none exists and sets
  // `*created`. Errors: kNotFound (kExisting and no key), kIo, kParse/kCorrupt for a bad file.
  enum class KeyMode { kExisting, kCreate };
  [[nodiscard]] Result<SigningKey> LoadKey(KeyMode mode, bool* created = nullptr);

 private:
  Workspace(std::string dir, std::unique_ptr<Db> db) : dir_(std::move(dir)), db_(std::move(db)) {}
  [[nodiscard]] Status EnsureSchema();

  std::string dir_;
  std::unique_ptr<Db> db_;
};

}  // namespace cm::pbadmin
