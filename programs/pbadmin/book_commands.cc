// SPDX-License-Identifier: MIT
// pbadmin create, list, delete and config: the phone books of a workspace and its settings.
#include <fmt/format.h>

#include <filesystem>

#include "cm/phonebook_name.h"
#include "pop_store.h"
#include "workspace_commands.h"

namespace cm::pbadmin {
namespace {

namespace fs = std::filesystem;

Status Create(const GlobalOptions& globals, const std::string& name, Output& output) {
  CM_TRY_STATUS(ValidatePhonebookName(name));
  auto workspace = CM_TRY(OpenWorkspace(globals));
  auto transaction = CM_TRY(Transaction::Begin(workspace->db()));
  if (auto existing = workspace->FindBook(name); existing) {
    return Fail(Errc::kInvalidArgument,
                fmt::format("a phone book '{}' already exists in this workspace", existing->name),
                {.file = name});
  }
  // A folder left by a deleted phone book holds released files; never mix them with new ones.
  std::string folder = workspace->BookDir(name);
  std::error_code ec;
  if (fs::exists(folder, ec) && !fs::is_empty(folder, ec)) {
    return Fail(Errc::kInvalidArgument,
                fmt::format("the folder {} still holds files of a deleted phone book of that "
                            "name; remove it first (pbadmin delete --purge removes a phone "
                            "book's files with it)",
                            folder),
                {.file = name});
  }
  fs::create_directories(folder, ec);
  if (ec) return Fail(Errc::kIo, "cannot create folder: " + ec.message(), {.file = folder});
  auto insert =
      CM_TRY(workspace->db().Prepare("INSERT INTO phonebooks(name, created) VALUES(?1, ?2)"));
  insert.Bind(1, name).Bind(2, NowUtc());
  CM_TRY_STATUS(insert.Run());
  CM_TRY_STATUS(transaction.Commit());
  output.out << fmt::format("created phone book {} in {}\n", name, folder);
  return Ok();
}

Status List(const GlobalOptions& globals, bool json, Output& output) {
  auto workspace = CM_TRY(OpenWorkspace(globals));
  auto query = CM_TRY(workspace->db().Prepare(
      "SELECT p.name, p.created, "
      "  (SELECT IFNULL(MAX(version), 0) FROM releases r WHERE r.book_id = p.id), "
      "  (SELECT COUNT(*) FROM pops o WHERE o.book_id = p.id), "
      "  (SELECT COUNT(*) FROM pops o WHERE o.book_id = p.id AND o.in_service = 1), "
      "  (SELECT COUNT(*) FROM regions g WHERE g.book_id = p.id), "
      "  (SELECT COUNT(*) FROM changes c WHERE c.book_id = p.id AND c.version IS NULL) "
      "FROM phonebooks p ORDER BY p.name"));
  nlohmann::json list = nlohmann::json::array();
  std::string text;
  while (CM_TRY(query.Step())) {
    nlohmann::json book{{"name", query.Text(0)},          {"created", query.Text(1)},
                        {"version", query.Int(2)},        {"pops", query.Int(3)},
                        {"in_service", query.Int(4)},     {"regions", query.Int(5)},
                        {"pending_changes", query.Int(6)}};
    text += fmt::format("{:<8}  version {:>5}  {:>7} POPs ({} in service)  {} regions{}\n",
                        query.Text(0), query.Int(2), query.Int(3), query.Int(4), query.Int(5),
                        query.Int(6) > 0 ? "  unpublished changes" : "");
    list.push_back(std::move(book));
  }
  if (json) {
    PrintJson(output, list);
  } else if (text.empty()) {
    output.out << fmt::format("no phone books in {} (pbadmin create NAME makes one)\n",
                              workspace->dir());
  } else {
    output.out << text;
  }
  return Ok();
}

Status Delete(const GlobalOptions& globals, const std::string& name, bool purge, Output& output) {
  auto workspace = CM_TRY(OpenWorkspace(globals));
  auto transaction = CM_TRY(Transaction::Begin(workspace->db()));
  BookRow book = CM_TRY(workspace->FindBook(name));
  auto remove = CM_TRY(workspace->db().Prepare("DELETE FROM phonebooks WHERE id = ?1"));
  remove.Bind(1, book.id);
  CM_TRY_STATUS(remove.Run());
  CM_TRY_STATUS(transaction.Commit());
  std::string folder = workspace->BookDir(book.name);
  if (!purge) {
    output.out << fmt::format(
        "deleted phone book {}; its released files stay in {} (pbadmin delete --purge, or "
        "removing the folder, deletes them)\n",
        book.name, folder);
    return Ok();
  }
  std::error_code ec;
  fs::remove_all(folder, ec);
  if (ec) return Fail(Errc::kIo, "cannot remove folder: " + ec.message(), {.file = folder});
  output.out << fmt::format("deleted phone book {} and its folder {}\n", book.name, folder);
  return Ok();
}

Status ConfigSet(const GlobalOptions& globals, const std::string& key, const std::string& value,
                 Output& output) {
  if (key != "limits") {
    return Fail(Errc::kInvalidArgument,
                fmt::format("unknown setting '{}' (settings: limits)", key));
  }
  LimitsMode mode = CM_TRY(ParseLimitsMode(value));
  auto workspace = CM_TRY(OpenWorkspace(globals));
  auto transaction = CM_TRY(Transaction::Begin(workspace->db()));
  CM_TRY_STATUS(workspace->SetSetting("limits", LimitsModeName(mode)));
  CM_TRY_STATUS(transaction.Commit());
  output.out << (mode == LimitsMode::kCmdial
                     ? "limits: cmdial (POP-count and per-post limits lifted; Connection "
                       "Manager 1.3 clients may fail on larger phone books)\n"
                     : "limits: cm13 (the seed's limits for Connection Manager 1.3 clients)\n");
  return Ok();
}

Status ConfigShow(const GlobalOptions& globals, bool json, Output& output) {
  auto workspace = CM_TRY(OpenWorkspace(globals));
  LimitsMode mode = CM_TRY(workspace->GetLimitsMode());
  if (json) {
    PrintJson(output, {{"workspace", workspace->dir()}, {"limits", LimitsModeName(mode)}});
  } else {
    output.out << fmt::format("workspace {}\nlimits {}\n", workspace->dir(), LimitsModeName(mode));
  }
  return Ok();
}

int Run(Output& output, const Status& status) {
  return status ? kExitOk : Report(output, status.error());
}

}  // namespace

void RegisterBookCommands(CLI::App& app, CommandRegistry& registry, Globals globals) {
  auto name = std::make_shared<std::string>();
  CLI::App* create = app.add_subcommand("create", "Create a phone book in the workspace");
  create->add_option("name", *name, "Phone book name: 1-8 letters, digits or _, not all digits")
      ->required();
  registry.Add(create,
               [=](Output& output) { return Run(output, Create(*globals, *name, output)); });

  auto list_json = std::make_shared<bool>(false);
  CLI::App* list = app.add_subcommand("list", "List the workspace's phone books");
  list->add_flag("--json", *list_json, "Print a JSON array");
  registry.Add(list,
               [=](Output& output) { return Run(output, List(*globals, *list_json, output)); });

  auto delete_name = std::make_shared<std::string>();
  auto purge = std::make_shared<bool>(false);
  CLI::App* remove = app.add_subcommand(
      "delete", "Delete a phone book from the workspace; its released files stay unless --purge");
  remove->add_option("name", *delete_name, "Phone book name")->required();
  remove->add_flag("--purge", *purge, "Also remove the phone book's folder and every release");
  registry.Add(remove, [=](Output& output) {
    return Run(output, Delete(*globals, *delete_name, *purge, output));
  });

  CLI::App* config = app.add_subcommand("config", "Show or change workspace settings");
  config->require_subcommand(1);
  auto key = std::make_shared<std::string>();
  auto value = std::make_shared<std::string>();
  CLI::App* set = config->add_subcommand(
      "set",
      "Change a setting. 'limits cmdial' lifts the POP-count and per-post limits for phone "
      "books read only by cmdial; 'limits cm13' restores the seed's limits");
  set->add_option("key", *key, "Setting (limits)")->required();
  set->add_option("value", *value, "Value (cm13 or cmdial)")->required();
  registry.Add(
      set, [=](Output& output) { return Run(output, ConfigSet(*globals, *key, *value, output)); });
  auto show_json = std::make_shared<bool>(false);
  CLI::App* show = config->add_subcommand("show", "Show the workspace folder and settings");
  show->add_flag("--json", *show_json, "Print JSON");
  registry.Add(
      show, [=](Output& output) { return Run(output, ConfigShow(*globals, *show_json, output)); });
}

}  // namespace cm::pbadmin
