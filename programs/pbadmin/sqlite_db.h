// SPDX-License-Identifier: MIT
// A small RAII layer over SQLite: a connection, prepared statements and transactions.
//
// Errors come back as cm::Error: kIo for SQLite failures (the message quotes SQLite's), and
// kIo with the message "workspace is busy ..." when the database stayed locked past the busy
// timeout (IsBusy() tells them apart). Not thread-safe: one Db per thread.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cm/result.h"

namespace cm::pbadmin {

// True when `error` says the database was locked by another process for the whole timeout.
bool IsBusy(const Error& error);

class Statement;

class Db {
 public:
  // Opens (creating when missing) the database at `path` with a busy timeout of `busy_ms`.
  [[nodiscard]] static Result<Db> Open(const std::string& path, int busy_ms);

  Db(Db&& other) noexcept : db_(other.db_), path_(std::move(other.path_)) { other.db_ = nullptr; }
  Db& operator=(Db&& other) noexcept;
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  ~Db();

  // Runs one or more statements without results.
  [[nodiscard]] Status Exec(std::string_view sql);
  // Prepares one statement; the Db must outlive it.
  [[nodiscard]] Result<Statement> Prepare(std::string_view sql);
  int64_t LastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }
  int Changes() const { return sqlite3_changes(db_); }

  // The Error for SQLite result code `rc` (busy codes become the "workspace is busy" error).
  Error MakeError(int rc, std::string_view what) const;
  sqlite3* handle() const { return db_; }

 private:
  Db(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_;
  std::string path_;
};

class Statement {
 public:
  Statement(Statement&& other) noexcept : db_(other.db_), stmt_(other.stmt_) {
    other.stmt_ = nullptr;
  }
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() { sqlite3_finalize(stmt_); }

  // Binds by 1-based position. Text is copied (SQLITE_TRANSIENT) unless BindStatic is used,
  // whose text must stay alive until the next Reset().
  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, std::string_view text);
  Statement& BindStatic(int index, std::string_view text);
  Statement& Bind(int index, const std::optional<uint32_t>& value);
  Statement& BindNull(int index);

  // One step: true when a row is available, false when done.
  [[nodiscard]] Result<bool> Step();
  // Steps to the end, for statements without results, and resets (bindings are kept).
  [[nodiscard]] Status Run();
  // Resets for reuse with new bindings.
  void Reset();

  int64_t Int(int column) const { return sqlite3_column_int64(stmt_, column); }
  bool IsNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
  std::optional<uint32_t> OptionalU32(int column) const;
  // Valid until the next Step or Reset.
  std::string_view Text(int column) const;

 private:
  friend class Db;
  Statement(const Db* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  const Db* db_;
  sqlite3_stmt* stmt_;
};

// BEGIN IMMEDIATE on construction (via Begin), ROLLBACK on destruction unless committed.
class Transaction {
 public:
  [[nodiscard]] static Result<Transaction> Begin(Db& db);
  Transaction(Transaction&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  [[nodiscard]] Status Commit();

 private:
  explicit Transaction(Db* db) : db_(db) {}
  Db* db_;
};

}  // namespace cm::pbadmin
