// SPDX-License-Identifier: MIT
// Opening the workspace, its schema, settings, change log and signing key.
#include "workspace.h"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>

#include "cm/file_util.h"

namespace cm::pbadmin {
namespace {

namespace fs = std::filesystem;

// Schema version 1; docs/formats/workspace.md explains every table.
constexpr std::string_view kSchema = R"sql(
CREATE TABLE IF NOT EXISTS settings(
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS phonebooks(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS regions(
  book_id INTEGER NOT NULL REFERENCES phonebooks(id) ON DELETE CASCADE,
  region_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY(book_id, region_id)) WITHOUT ROWID;
CREATE UNIQUE INDEX IF NOT EXISTS regions_by_name ON regions(book_id, name COLLATE NOCASE);
CREATE TABLE IF NOT EXISTS pops(
  book_id INTEGER NOT NULL REFERENCES phonebooks(id) ON DELETE CASCADE,
  pop_id INTEGER NOT NULL,
  country INTEGER NOT NULL,
  region_id INTEGER,
  name TEXT NOT NULL,
  area_code TEXT NOT NULL,
  number TEXT NOT NULL,
  min_speed INTEGER,
  max_speed INTEGER,
  reserved INTEGER,
  flags INTEGER,
  dun TEXT NOT NULL,
  in_service INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY(book_id, pop_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS changes(
  id INTEGER PRIMARY KEY,
  book_id INTEGER NOT NULL REFERENCES phonebooks(id) ON DELETE CASCADE,
  time TEXT NOT NULL,
  command TEXT NOT NULL,
  added INTEGER NOT NULL,
  edited INTEGER NOT NULL,
  deleted INTEGER NOT NULL,
  version INTEGER);
CREATE INDEX IF NOT EXISTS changes_by_book ON changes(book_id, version);
CREATE TABLE IF NOT EXISTS releases(
  book_id INTEGER NOT NULL REFERENCES phonebooks(id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  time TEXT NOT NULL,
  pop_count INTEGER NOT NULL,
  added INTEGER NOT NULL,
  changed INTEGER NOT NULL,
  deleted INTEGER NOT NULL,
  pbk_sha256 TEXT NOT NULL,
  pbr_sha256 TEXT NOT NULL,
  full_size INTEGER NOT NULL,
  deltas TEXT NOT NULL,
  signer TEXT NOT NULL,
  PRIMARY KEY(book_id, version));
CREATE TABLE IF NOT EXISTS posts(
  id INTEGER PRIMARY KEY,
  book_id INTEGER NOT NULL REFERENCES phonebooks(id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  server TEXT NOT NULL,
  time TEXT NOT NULL,
  ok INTEGER NOT NULL,
  message TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS posts_by_book ON posts(book_id, version);
)sql";

}  // namespace

std::string ResolveWorkspaceDir(const std::string& option) {
  if (!option.empty()) return option;
  if (const char* env = std::getenv("PBADMIN_WORKSPACE"); env != nullptr && *env != '\0') {
    return env;
  }
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg != nullptr && *xdg == '/') {
    return std::string(xdg) + "/cmsuite/pbadmin";
  }
  const char* home = std::getenv("HOME");
  return std::string(home != nullptr ? home : ".") + "/.local/share/cmsuite/pbadmin";
}

std::string NowUtc() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof(buffer), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

Result<std::unique_ptr<Workspace>> Workspace::Open(const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    return Fail(Errc::kIo, "cannot create the workspace folder: " + ec.message(), {.file = dir});
  }
  auto db = CM_TRY(Db::Open(dir + "/pbadmin.db", kBusyTimeoutMs));
  std::unique_ptr<Workspace> workspace(new Workspace(dir, std::make_unique<Db>(std::move(db))));
  CM_TRY_STATUS(workspace->EnsureSchema());
  return workspace;
}

Status Workspace::EnsureSchema() {
  // WAL lets readers (list, show, history) run while another process writes; FULL makes each
  // committed command durable, one fsync per command.
  CM_TRY_STATUS(db_->Exec("PRAGMA journal_mode=WAL"));
  CM_TRY_STATUS(
      db_->Exec("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-32768"));
  auto version_query = CM_TRY(db_->Prepare("PRAGMA user_version"));
  CM_TRY(version_query.Step());
  int64_t version = version_query.Int(0);
  if (version == kSchemaVersion) return Ok();
  if (version > kSchemaVersion) {
    return Fail(Errc::kUnsupported,
                fmt::format("the workspace database has schema version {}, newer than this "
                            "pbadmin understands ({}); use a newer pbadmin",
                            version, kSchemaVersion),
                {.file = DatabasePath()});
  }
  auto transaction = CM_TRY(Transaction::Begin(*db_));
  CM_TRY_STATUS(db_->Exec(kSchema));
  CM_TRY_STATUS(db_->Exec(fmt::format("PRAGMA user_version={}", kSchemaVersion)));
  return transaction.Commit();
}

std::string Workspace::BookDir(std::string_view name) const {
  return fmt::format("{}/{}", dir_, name);
}

std::string Workspace::ReleaseDir(std::string_view name, uint32_t version) const {
  return fmt::format("{}/{}/{}", dir_, name, version);
}

Result<BookRow> Workspace::FindBook(std::string_view name) {
  auto query =
      CM_TRY(db_->Prepare("SELECT id, name, created, (SELECT IFNULL(MAX(version), 0) FROM releases "
                          "WHERE book_id = phonebooks.id) FROM phonebooks WHERE name = ?1"));
  query.Bind(1, name);
  if (!CM_TRY(query.Step())) {
    return Fail(Errc::kNotFound,
                fmt::format("no phone book '{}' in this workspace (pbadmin list shows them; "
                            "pbadmin create makes one)",
                            name),
                {.file = std::string(name)});
  }
  BookRow row;
  row.id = query.Int(0);
  row.name = std::string(query.Text(1));
  row.created = std::string(query.Text(2));
  row.version = static_cast<uint32_t>(query.Int(3));
  return row;
}

Result<std::optional<std::string>> Workspace::GetSetting(std::string_view key) {
  auto query = CM_TRY(db_->Prepare("SELECT value FROM settings WHERE key = ?1"));
  query.Bind(1, key);
  if (!CM_TRY(query.Step())) return std::optional<std::string>();
  return std::optional<std::string>(std::string(query.Text(0)));
}

Status Workspace::SetSetting(std::string_view key, std::string_view value) {
  auto statement =
      CM_TRY(db_->Prepare("INSERT INTO settings(key, value) VALUES(?1, ?2) "
                          "ON CONFLICT(key) DO UPDATE SET value = excluded.value"));
  statement.Bind(1, key).Bind(2, value);
  return statement.Run();
}

Result<LimitsMode> Workspace::GetLimitsMode() {
  auto value = CM_TRY(GetSetting("limits"));
  if (!value) return LimitsMode::kCm13;
  return ParseLimitsMode(*value);
}

Status Workspace::LogChange(int64_t book_id, std::string_view command, uint64_t added,
                            uint64_t edited, uint64_t deleted) {
  auto statement =
      CM_TRY(db_->Prepare("INSERT INTO changes(book_id, time, command, added, edited, deleted) "
                          "VALUES(?1, ?2, ?3, ?4, ?5, ?6)"));
  statement.Bind(1, book_id)
      .Bind(2, NowUtc())
      .Bind(3, command)
      .Bind(4, static_cast<int64_t>(added))
      .Bind(5, static_cast<int64_t>(edited))
      .Bind(6, static_cast<int64_t>(deleted));
  return statement.Run();
}

Result<SigningKey> Workspace::LoadKey(KeyMode mode, bool* created) {
  if (created != nullptr) *created = false;
  std::string path = KeyPath();
  auto bytes = ReadFile(path);
  if (!bytes && bytes.error().code() == Errc::kNotFound && mode == KeyMode::kCreate) {
    SigningKey key = SigningKey::Generate();
    // Written aside, then linked into place: link() fails when another process made a key
    // meanwhile, and then that key is the workspace's.
    std::string temp = fmt::format("{}.new-{}", path, ::getpid());
    CM_TRY_STATUS(WriteFileAtomic(temp, key.Serialize(), 0600));
    int linked = ::link(temp.c_str(), path.c_str());
    int link_errno = errno;
    ::unlink(temp.c_str());
    if (linked == 0) {
      if (created != nullptr) *created = true;
      return key;
    }
    if (link_errno != EEXIST) {
      return Fail(Errc::kIo,
                  fmt::format("cannot store the signing key: {}", std::strerror(link_errno)),
                  {.file = path});
    }
    bytes = ReadFile(path);
  }
  if (!bytes) {
    if (bytes.error().code() == Errc::kNotFound) {
      return Fail(Errc::kNotFound,
                  "the workspace has no signing key yet (pbadmin keygen makes one; the first "
                  "publish makes one too)",
                  {.file = path});
    }
    return Fail(bytes.error());
  }
  auto key = SigningKey::Parse(*bytes);
  if (!key) return Fail(std::move(key).error().InFile(path));
  return key;
}

}  // namespace cm::pbadmin
