// SPDX-License-Identifier: MIT
// The POPs and regions of one phone book in the workspace database.
//
// Functions take the Db of an open Workspace; callers that change anything hold a Transaction.
// Region ids are positions in the region file (1-based); POPs store the id, 0 for all regions.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cm/phonebook.h"
#include "cm/result.h"
#include "sqlite_db.h"

namespace cm::pbadmin {

// A POP with its service status (only POPs in service are released).
struct StoredPop {
  Pop pop;
  bool in_service = true;
};

// Which POPs to list; unset members match everything.
struct PopFilter {
  std::optional<uint32_t> country;
  std::optional<uint32_t> region_id;
  std::optional<bool> in_service;
};

// Calls `each(view, in_service)` for every POP matching `filter`, in POP-index order. The view
// is valid during the call only.
template <class Fn>
[[nodiscard]] Status ForEachPop(Db& db, int64_t book_id, const PopFilter& filter, Fn&& each);

// POPs matching `filter` into `book` (appended, in POP-index order); `in_service` when not null
// receives each POP's status.
[[nodiscard]] Status LoadPops(Db& db, int64_t book_id, const PopFilter& filter, Phonebook* book,
                              std::vector<bool>* in_service = nullptr);

// The POP with index `pop_id`, or nullopt.
[[nodiscard]] Result<std::optional<StoredPop>> LoadPop(Db& db, int64_t book_id, uint32_t pop_id);

[[nodiscard]] Result<uint64_t> CountPops(Db& db, int64_t book_id);
// The highest POP index, 0 when the book is empty.
[[nodiscard]] Result<uint32_t> MaxPopId(Db& db, int64_t book_id);

// Prepared statements for writing many POPs in one transaction.
struct PopToInsert {
  PopView pop;
  bool in_service;
};

class PopWriter {
 public:
  // Rows per INSERT statement of InsertMany.
  static constexpr size_t kBatchRows = 64;

  [[nodiscard]] static Result<PopWriter> Create(Db& db, int64_t book_id);
  // INSERT; kInvalidArgument when the index exists.
  [[nodiscard]] Status Insert(const PopView& pop, bool in_service);
  // INSERT of every POP in `pops`, kBatchRows to a statement: a bulk import spends most of its
  // time in SQLite's per-statement work (step, halt, cursors), which this shares among rows.
  // On an error nothing tells which row failed; callers check indexes first (import does).
  [[nodiscard]] Status InsertMany(std::span<const PopToInsert> pops);
  // UPDATE of every field and the status of the POP with pop.pop_id.
  [[nodiscard]] Status Update(const PopView& pop, bool in_service);
  [[nodiscard]] Status Delete(uint32_t pop_id);

 private:
  PopWriter(Db& db, int64_t book_id, Statement insert, Statement update, Statement remove)
      : db_(&db),
        book_id_(book_id),
        insert_(std::move(insert)),
        update_(std::move(update)),
        delete_(std::move(remove)) {}
  // Binds the POP's 13 columns to parameters first .. first + 12.
  void BindFields(Statement& statement, const PopView& pop, bool in_service, int first = 1);

  Db* db_;
  int64_t book_id_;
  std::optional<Statement> insert_batch_;  // made on the first InsertMany with a full batch
  Statement insert_;
  Statement update_;
  Statement delete_;
};

// The region list in id order.
[[nodiscard]] Result<RegionList> LoadRegions(Db& db, int64_t book_id);
// The id of the region named `name_or_id` (a name, case-insensitive, or a number 0..count;
// "0" and "all" mean all regions). kInvalidArgument naming it otherwise.
[[nodiscard]] Result<uint32_t> ResolveRegion(Db& db, int64_t book_id, std::string_view name_or_id);

// ---- template implementation ------------------------------------------------------------

namespace internal {
[[nodiscard]] Result<Statement> PreparePopQuery(Db& db, int64_t book_id, const PopFilter& filter);
PopView ViewRow(const Statement& row);
}  // namespace internal

template <class Fn>
Status ForEachPop(Db& db, int64_t book_id, const PopFilter& filter, Fn&& each) {
  auto query = CM_TRY(internal::PreparePopQuery(db, book_id, filter));
  while (CM_TRY(query.Step())) each(internal::ViewRow(query), query.Int(11) != 0);
  return Ok();
}

}  // namespace cm::pbadmin
