// SPDX-License-Identifier: MIT
// pbadmin region add|list|rename|delete: the region list (.pbr) of a phone book.
#include <fmt/format.h>

#include "cm/phonebook.h"
#include "pop_store.h"
#include "workspace_commands.h"

namespace cm::pbadmin {
namespace {

struct RegionOptions {
  std::string book;
  std::string region;
  std::vector<std::string> regions;  // add
  std::string new_name;
  bool json = false;
  bool force = false;
};

Status CheckRegionName(std::string_view name) {
  if (name.empty() || name.size() > kMaxRegionNameLength ||
      name.find_first_of(",\r\n") != std::string_view::npos) {
    return Fail(Errc::kInvalidArgument,
                fmt::format("region name '{}' must be 1 to {} characters without commas or "
                            "line ends ([MS-CPSP] §2.2)",
                            name, kMaxRegionNameLength));
  }
  return Ok();
}

Status Add(const GlobalOptions& globals, const RegionOptions& options, Output& output) {
  for (const std::string& name : options.regions) CM_TRY_STATUS(CheckRegionName(name));
  auto workspace = CM_TRY(OpenWorkspace(globals));
  Db& db = workspace->db();
  auto transaction = CM_TRY(Transaction::Begin(db));
  BookRow book = CM_TRY(workspace->FindBook(options.book));
  auto insert =
      CM_TRY(db.Prepare("INSERT INTO regions(book_id, region_id, name) VALUES(?1, ?2, ?3)"));
  std::string added;
  for (const std::string& name : options.regions) {
    if (ResolveRegion(db, book.id, name)) {
      return Fail(Errc::kInvalidArgument,
                  fmt::format("region '{}' already exists; nothing was added", name),
                  {.file = book.name});
    }
    RegionList regions = CM_TRY(LoadRegions(db, book.id));
    uint32_t id = static_cast<uint32_t>(regions.size() + 1);
    insert.Bind(1, book.id).Bind(2, static_cast<int64_t>(id)).Bind(3, name);
    CM_TRY_STATUS(insert.Run());
    CM_TRY_STATUS(workspace->LogChange(book.id, "region add " + name, 0, 0, 0));
    added += fmt::format("added region {} '{}' to {}\n", id, name, book.name);
  }
  CM_TRY_STATUS(transaction.Commit());
  output.out << added;
  return Ok();
}

Status List(const GlobalOptions& globals, const RegionOptions& options, Output& output) {
  auto workspace = CM_TRY(OpenWorkspace(globals));
  BookRow book = CM_TRY(workspace->FindBook(options.book));
  auto query = CM_TRY(workspace->db().Prepare(
      "SELECT g.region_id, g.name, (SELECT COUNT(*) FROM pops o WHERE o.book_id = g.book_id "
      "AND o.region_id = g.region_id) FROM regions g WHERE g.book_id = ?1 ORDER BY g.region_id"));
  query.Bind(1, book.id);
  nlohmann::json list = nlohmann::json::array();
  while (CM_TRY(query.Step())) {
    if (options.json) {
      list.push_back({{"id", query.Int(0)}, {"name", query.Text(1)}, {"pops", query.Int(2)}});
    } else {
      output.out << fmt::format("{:>4}  {:<31}  {} POPs\n", query.Int(0), query.Text(1),
                                query.Int(2));
    }
  }
  if (options.json) PrintJson(output, list);
  return Ok();
}

Status Rename(const GlobalOptions& globals, const RegionOptions& options, Output& output) {
  CM_TRY_STATUS(CheckRegionName(options.new_name));
  auto workspace = CM_TRY(OpenWorkspace(globals));
  Db& db = workspace->db();
  auto transaction = CM_TRY(Transaction::Begin(db));
  BookRow book = CM_TRY(workspace->FindBook(options.book));
  uint32_t id = CM_TRY(ResolveRegion(db, book.id, options.region));
  if (id == 0) return Fail(Errc::kInvalidArgument, "region 0 (all regions) has no name");
  if (auto other = ResolveRegion(db, book.id, options.new_name); other && *other != id) {
    return Fail(Errc::kInvalidArgument, fmt::format("region '{}' already exists", options.new_name),
                {.file = book.name});
  }
  auto update =
      CM_TRY(db.Prepare("UPDATE regions SET name = ?3 WHERE book_id = ?1 AND region_id = ?2"));
  update.Bind(1, book.id).Bind(2, static_cast<int64_t>(id)).Bind(3, options.new_name);
  CM_TRY_STATUS(update.Run());
  CM_TRY_STATUS(workspace->LogChange(
      book.id, fmt::format("region rename {} {}", options.region, options.new_name), 0, 0, 0));
  CM_TRY_STATUS(transaction.Commit());
  output.out << fmt::format("renamed region {} to '{}' in {}\n", id, options.new_name, book.name);
  return Ok();
}

// Deleting region k moves every later region (and its POPs) down one place, because POPs
// refer to regions by position in the region file.
Status Delete(const GlobalOptions& globals, const RegionOptions& options, Output& output) {
  auto workspace = CM_TRY(OpenWorkspace(globals));
  Db& db = workspace->db();
  auto transaction = CM_TRY(Transaction::Begin(db));
  BookRow book = CM_TRY(workspace->FindBook(options.book));
  uint32_t id = CM_TRY(ResolveRegion(db, book.id, options.region));
  if (id == 0) return Fail(Errc::kInvalidArgument, "region 0 (all regions) cannot be deleted");
  auto users =
      CM_TRY(db.Prepare("SELECT COUNT(*) FROM pops WHERE book_id = ?1 AND region_id = ?2"));
  users.Bind(1, book.id).Bind(2, static_cast<int64_t>(id));
  CM_TRY(users.Step());
  int64_t used = users.Int(0);
  users.Reset();
  if (used > 0 && !options.force) {
    return Fail(Errc::kInvalidArgument,
                fmt::format("region '{}' is used by {} POP(s); move them first, or use --force "
                            "to put them in region 0 (all regions)",
                            options.region, used),
                {.file = book.name});
  }
  auto move_pops =
      CM_TRY(db.Prepare("UPDATE pops SET region_id = 0 WHERE book_id = ?1 AND region_id = ?2"));
  move_pops.Bind(1, book.id).Bind(2, static_cast<int64_t>(id));
  CM_TRY_STATUS(move_pops.Run());
  auto remove = CM_TRY(db.Prepare("DELETE FROM regions WHERE book_id = ?1 AND region_id = ?2"));
  remove.Bind(1, book.id).Bind(2, static_cast<int64_t>(id));
  CM_TRY_STATUS(remove.Run());
  // Two steps through negative ids so no update collides with a key not yet moved.
  for (std::string_view sql :
       {"UPDATE regions SET region_id = -(region_id - 1) WHERE book_id = ?1 AND region_id > ?2",
        "UPDATE regions SET region_id = -region_id WHERE book_id = ?1 AND region_id < 0",
        "UPDATE pops SET region_id = region_id - 1 WHERE book_id = ?1 AND region_id > ?2"}) {
    auto shift = CM_TRY(db.Prepare(sql));
    shift.Bind(1, book.id).Bind(2, static_cast<int64_t>(id));
    CM_TRY_STATUS(shift.Run());
  }
  CM_TRY_STATUS(workspace->LogChange(book.id, "region delete " + options.region, 0,
                                     static_cast<uint64_t>(used), 0));
  CM_TRY_STATUS(transaction.Commit());
  output.out << fmt::format("deleted region {} '{}' from {}{}\n", id, options.region, book.name,
                            used > 0 ? fmt::format("; {} POP(s) now in region 0", used) : "");
  return Ok();
}

}  // namespace

void RegisterRegionCommands(CLI::App& app, CommandRegistry& registry, Globals globals) {
  CLI::App* region = app.add_subcommand("region", "Manage a phone book's regions (.pbr)");
  region->require_subcommand(1);
  using Fn = Status (*)(const GlobalOptions&, const RegionOptions&, Output&);
  auto add = [&](const char* name, const char* help, Fn fn) {
    auto options = std::make_shared<RegionOptions>();
    CLI::App* sub = region->add_subcommand(name, help);
    sub->add_option("book", options->book, "Phone book name")->required();
    registry.Add(sub, [globals, options, fn](Output& output) {
      auto status = fn(*globals, *options, output);
      return status ? kExitOk : Report(output, status.error());
    });
    return std::pair{sub, options};
  };
  auto [add_cmd, add_options] = add("add", "Add regions at the end of the list", Add);
  add_cmd->add_option("region", add_options->regions, "Region names (at most 31 characters)")
      ->required();
  auto [list_cmd, list_options] = add("list", "List the regions with their ids", List);
  list_cmd->add_flag("--json", list_options->json, "Print a JSON array");
  auto [rename_cmd, rename_options] = add("rename", "Rename a region", Rename);
  rename_cmd->add_option("region", rename_options->region, "Region name or id")->required();
  rename_cmd->add_option("new_name", rename_options->new_name, "New name")->required();
  auto [delete_cmd, delete_options] =
      add("delete", "Delete a region; later regions move down one id, with their POPs", Delete);
  delete_cmd->add_option("region", delete_options->region, "Region name or id")->required();
  delete_cmd->add_flag("--force", delete_options->force,
                       "Delete even when POPs use it; they move to region 0 (all regions)");
}

}  // namespace cm::pbadmin
