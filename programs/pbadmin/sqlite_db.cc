// SPDX-License-Identifier: MIT
// The RAII layer over SQLite.
#include "sqlite_db.h"

#include <fmt/format.h>

namespace cm::pbadmin {
namespace {

constexpr std::string_view kBusyMessage =
    "workspace is busy: another pbadmin is changing it; try again when it has finished";

}  // namespace

bool IsBusy(const Error& error) { return error.message().rfind(kBusyMessage, 0) == 0; }

Result<Db> Db::Open(const std::string& path, int busy_ms) {
  sqlite3* handle = nullptr;
  int rc =
      sqlite3_open_v2(path.c_str(), &handle,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  Db db(handle, path);
  if (rc != SQLITE_OK) return Fail(db.MakeError(rc, "cannot open the workspace database"));
  sqlite3_busy_timeout(handle, busy_ms);
  sqlite3_extended_result_codes(handle, 1);
  return db;
}

Db& Db::operator=(Db&& other) noexcept {
  if (this != &other) {
    sqlite3_close_v2(db_);
    db_ = other.db_;
    path_ = std::move(other.path_);
    other.db_ = nullptr;
  }
  return *this;
}

Db::~Db() { sqlite3_close_v2(db_); }

Error Db::MakeError(int rc, std::string_view what) const {
  int primary = rc & 0xff;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    return Error(Errc::kIo, std::string(kBusyMessage), {.file = path_});
  }
  const char* detail = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
  return Error(Errc::kIo, fmt::format("{}: {}", what, detail), {.file = path_});
}

Status Db::Exec(std::string_view sql) {
  std::string text(sql);
  char* message = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  sqlite3_free(message);
  if (rc != SQLITE_OK) return Fail(MakeError(rc, "database statement failed"));
  return Ok();
}

Result<Statement> Db::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return Fail(MakeError(rc, "cannot prepare a database statement"));
  return Statement(this, stmt);
}

Statement& Statement::Bind(int index, int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Statement& Statement::Bind(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::BindStatic(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
  return *this;
}

Statement& Statement::Bind(int index, const std::optional<uint32_t>& value) {
  if (value) return Bind(index, static_cast<int64_t>(*value));
  return BindNull(index);
}

Statement& Statement::BindNull(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

Result<bool> Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return Fail(db_->MakeError(rc, "database query failed"));
}

Status Statement::Run() {
  for (;;) {
    bool row = CM_TRY(Step());
    if (!row) break;
  }
  // Bindings stay: callers rebind every parameter before the next run, and clearing them on
  // every row of a million-row import costs measurable time.
  sqlite3_reset(stmt_);
  return Ok();
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::optional<uint32_t> Statement::OptionalU32(int column) const {
  if (IsNull(column)) return std::nullopt;
  return static_cast<uint32_t>(sqlite3_column_int64(stmt_, column));
}

std::string_view Statement::Text(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  if (text == nullptr) return {};
  return std::string_view(reinterpret_cast<const char*>(text),
                          static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}

Result<Transaction> Transaction::Begin(Db& db) {
  CM_TRY_STATUS(db.Exec("BEGIN IMMEDIATE"));
  return Transaction(&db);
}

Transaction::~Transaction() {
  if (db_ != nullptr) sqlite3_exec(db_->handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

Status Transaction::Commit() {
  CM_TRY_STATUS(db_->Exec("COMMIT"));
  db_ = nullptr;
  return Ok();
}

}  // namespace cm::pbadmin
