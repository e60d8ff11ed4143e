// SPDX-License-Identifier: MIT
// POPs and regions in the workspace database.
#include "pop_store.h"

#include <fmt/format.h>
#include <strings.h>

#include <charconv>

namespace cm::pbadmin {
namespace internal {

Result<Statement> PreparePopQuery(Db& db, int64_t book_id, const PopFilter& filter) {
  std::string sql =
      "SELECT pop_id, country, region_id, name, area_code, number, min_speed, max_speed, "
      "reserved, flags, dun, in_service FROM pops WHERE book_id = ?1";
  if (filter.country) sql += " AND country = ?2";
  if (filter.region_id) sql += " AND IFNULL(region_id, 0) = ?3";
  if (filter.in_service) sql += " AND in_service = ?4";
  sql += " ORDER BY pop_id";
  auto query = CM_TRY(db.Prepare(sql));
  query.Bind(1, book_id);
  if (filter.country) query.Bind(2, static_cast<int64_t>(*filter.country));
  if (filter.region_id) query.Bind(3, static_cast<int64_t>(*filter.region_id));
  if (filter.in_service) query.Bind(4, static_cast<int64_t>(*filter.in_service ? 1 : 0));
  return query;
}

PopView ViewRow(const Statement& row) {
  PopView pop;
  pop.pop_id = row.OptionalU32(0);
  pop.country = static_cast<uint32_t>(row.Int(1));
  pop.region_id = row.OptionalU32(2);
  pop.name = row.Text(3);
  pop.area_code = row.Text(4);
  pop.number = row.Text(5);
  pop.min_speed = row.OptionalU32(6);
  pop.max_speed = row.OptionalU32(7);
  pop.reserved = row.OptionalU32(8);
  pop.flags = row.OptionalU32(9);
  pop.dun = row.Text(10);
  return pop;
}

}  // namespace internal

Status LoadPops(Db& db, int64_t book_id, const PopFilter& filter, Phonebook* book,
                std::vector<bool>* in_service) {
  return ForEachPop(db, book_id, filter, [&](const PopView& pop, bool active) {
    book->Add(pop);
    if (in_service != nullptr) in_service->push_back(active);
  });
}

Result<std::optional<StoredPop>> LoadPop(Db& db, int64_t book_id, uint32_t pop_id) {
  auto query = CM_TRY(db.Prepare(
      "SELECT pop_id, country, region_id, name, area_code, number, min_speed, max_speed, "
      "reserved, flags, dun, in_service FROM pops WHERE book_id = ?1 AND pop_id = ?2"));
  query.Bind(1, book_id).Bind(2, static_cast<int64_t>(pop_id));
  if (!CM_TRY(query.Step())) return std::optional<StoredPop>();
  return std::optional<StoredPop>(StoredPop{internal::ViewRow(query).ToPop(), query.Int(11) != 0});
}

Result<uint64_t> CountPops(Db& db, int64_t book_id) {
  auto query = CM_TRY(db.Prepare("SELECT COUNT(*) FROM pops WHERE book_id = ?1"));
  query.Bind(1, book_id);
  CM_TRY(query.Step());
  return static_cast<uint64_t>(query.Int(0));
}

Result<uint32_t> MaxPopId(Db& db, int64_t book_id) {
  auto query = CM_TRY(db.Prepare("SELECT IFNULL(MAX(pop_id), 0) FROM pops WHERE book_id = ?1"));
  query.Bind(1, book_id);
  CM_TRY(query.Step());
  return static_cast<uint32_t>(query.Int(0));
}

namespace {

constexpr std::string_view kPopColumns =
    "book_id, pop_id, country, region_id, name, area_code, number, min_speed, max_speed, "
    "reserved, flags, dun, in_service";
constexpr int kPopColumnCount = 13;

// "(?1, ..., ?13), (?14, ...)" for `rows` rows.
std::string InsertSql(size_t rows) {
  std::string sql = fmt::format("INSERT INTO pops({}) VALUES", kPopColumns);
  int parameter = 1;
  for (size_t row = 0; row < rows; ++row) {
    sql += row == 0 ? "(" : ", (";
    for (int column = 0; column < kPopColumnCount; ++column) {
      sql += column == 0 ? "?" : ", ?";
      sql += std::to_string(parameter++);
    }
    sql += ")";
  }
  return sql;
}

}  // namespace

Result<PopWriter> PopWriter::Create(Db& db, int64_t book_id) {
  auto insert = CM_TRY(db.Prepare(InsertSql(1)));
  auto update = CM_TRY(db.Prepare(
      "UPDATE pops SET country = ?3, region_id = ?4, name = ?5, area_code = ?6, number = ?7, "
      "min_speed = ?8, max_speed = ?9, reserved = ?10, flags = ?11, dun = ?12, "
      "in_service = ?13 WHERE book_id = ?1 AND pop_id = ?2"));
  auto remove = CM_TRY(db.Prepare("DELETE FROM pops WHERE book_id = ?1 AND pop_id = ?2"));
  return PopWriter(db, book_id, std::move(insert), std::move(update), std::move(remove));
}

void PopWriter::BindFields(Statement& statement, const PopView& pop, bool in_service, int first) {
  statement.Bind(first, book_id_)
      .Bind(first + 1, static_cast<int64_t>(pop.pop_id.value_or(0)))
      .Bind(first + 2, static_cast<int64_t>(pop.country))
      .Bind(first + 3, pop.region_id)
      .BindStatic(first + 4, pop.name)
      .BindStatic(first + 5, pop.area_code)
      .BindStatic(first + 6, pop.number)
      .Bind(first + 7, pop.min_speed)
      .Bind(first + 8, pop.max_speed)
      .Bind(first + 9, pop.reserved)
      .Bind(first + 10, pop.flags)
      .BindStatic(first + 11, pop.dun)
      .Bind(first + 12, static_cast<int64_t>(in_service ? 1 : 0));
}

Status PopWriter::Insert(const PopView& pop, bool in_service) {
  BindFields(insert_, pop, in_service);
  auto run = insert_.Run();
  if (!run) {
    insert_.Reset();
    return run;
  }
  return Ok();
}

Status PopWriter::InsertMany(std::span<const PopToInsert> pops) {
  size_t done = 0;
  if (pops.size() >= kBatchRows && !insert_batch_) {
    insert_batch_.emplace(CM_TRY(db_->Prepare(InsertSql(kBatchRows))));
  }
  for (; pops.size() - done >= kBatchRows; done += kBatchRows) {
    for (size_t row = 0; row < kBatchRows; ++row) {
      const PopToInsert& next = pops[done + row];
      BindFields(*insert_batch_, next.pop, next.in_service,
                 static_cast<int>(row) * kPopColumnCount + 1);
    }
    auto run = insert_batch_->Run();
    if (!run) {
      insert_batch_->Reset();
      return run;
    }
  }
  for (; done < pops.size(); ++done) {
    CM_TRY_STATUS(Insert(pops[done].pop, pops[done].in_service));
  }
  return Ok();
}

Status PopWriter::Update(const PopView& pop, bool in_service) {
  BindFields(update_, pop, in_service);
  auto run = update_.Run();
  if (!run) update_.Reset();
  return run;
}

Status PopWriter::Delete(uint32_t pop_id) {
  delete_.Bind(1, book_id_).Bind(2, static_cast<int64_t>(pop_id));
  auto run = delete_.Run();
  if (!run) delete_.Reset();
  return run;
}

Result<RegionList> LoadRegions(Db& db, int64_t book_id) {
  auto query = CM_TRY(db.Prepare("SELECT name FROM regions WHERE book_id = ?1 ORDER BY region_id"));
  query.Bind(1, book_id);
  RegionList regions;
  while (CM_TRY(query.Step())) regions.names.emplace_back(query.Text(0));
  return regions;
}

Result<uint32_t> ResolveRegion(Db& db, int64_t book_id, std::string_view name_or_id) {
  if (strncasecmp(std::string(name_or_id).c_str(), "all", 4) == 0) return 0u;
  RegionList regions = CM_TRY(LoadRegions(db, book_id));
  uint32_t number = 0;
  auto [end, ec] =
      std::from_chars(name_or_id.data(), name_or_id.data() + name_or_id.size(), number);
  if (ec == std::errc() && end == name_or_id.data() + name_or_id.size()) {
    if (number <= regions.size()) return number;
    return Fail(Errc::kInvalidArgument,
                fmt::format("region {} does not exist: the phone book has {} region(s) (pbadmin "
                            "region list shows them; 0 means all regions)",
                            number, regions.size()));
  }
  for (size_t i = 0; i < regions.names.size(); ++i) {
    const std::string& name = regions.names[i];
    if (name.size() == name_or_id.size() &&
        strncasecmp(name.data(), name_or_id.data(), name.size()) == 0) {
      return static_cast<uint32_t>(i + 1);
    }
  }
  return Fail(
      Errc::kInvalidArgument,
      fmt::format("no region '{}' in this phone book (pbadmin region add makes one)", name_or_id));
}

}  // namespace cm::pbadmin
