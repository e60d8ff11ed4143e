// SPDX-License-Identifier: MIT
// pbadmin history: a phone book's releases, the changes in each, and where each was posted.
#include <fmt/format.h>

#include <charconv>
#include <map>

#include "workspace_commands.h"

namespace cm::pbadmin {
namespace {

struct HistoryOptions {
  std::string book;
  bool json = false;
};

Result<nlohmann::json> LoadHistory(Workspace& workspace, const BookRow& book) {
  Db& db = workspace.db();
  nlohmann::json releases = nlohmann::json::array();
  std::map<int64_t, size_t> index;
  auto query = CM_TRY(db.Prepare(
      "SELECT version, time, pop_count, added, changed, deleted, full_size, deltas, signer "
      "FROM releases WHERE book_id = ?1 ORDER BY version"));
  query.Bind(1, book.id);
  while (CM_TRY(query.Step())) {
    nlohmann::json deltas = nlohmann::json::array();
    std::string_view list = query.Text(7);
    size_t pos = 0;
    while (pos < list.size()) {
      size_t comma = list.find(',', pos);
      if (comma == std::string_view::npos) comma = list.size();
      uint32_t base = 0;
      std::from_chars(list.data() + pos, list.data() + comma, base);
      deltas.push_back(base);
      pos = comma + 1;
    }
    index[query.Int(0)] = releases.size();
    releases.push_back({{"version", query.Int(0)},
                        {"time", query.Text(1)},
                        {"pops", query.Int(2)},
                        {"added", query.Int(3)},
                        {"changed", query.Int(4)},
                        {"deleted", query.Int(5)},
                        {"full_size", query.Int(6)},
                        {"deltas_from", deltas},
                        {"signer", query.Text(8)},
                        {"changes", nlohmann::json::array()},
                        {"posts", nlohmann::json::array()}});
  }
  nlohmann::json pending = nlohmann::json::array();
  auto changes = CM_TRY(db.Prepare(
      "SELECT version, time, command, added, edited, deleted FROM changes WHERE book_id = ?1 "
      "ORDER BY id"));
  changes.Bind(1, book.id);
  while (CM_TRY(changes.Step())) {
    nlohmann::json change{{"time", changes.Text(1)},
                          {"command", changes.Text(2)},
                          {"added", changes.Int(3)},
                          {"edited", changes.Int(4)},
                          {"deleted", changes.Int(5)}};
    auto found = changes.IsNull(0) ? index.end() : index.find(changes.Int(0));
    if (found == index.end()) {
      pending.push_back(std::move(change));
    } else {
      releases[found->second]["changes"].push_back(std::move(change));
    }
  }
  nlohmann::json servers = nlohmann::json::object();
  auto posts = CM_TRY(db.Prepare(
      "SELECT version, server, time, ok, message FROM posts WHERE book_id = ?1 ORDER BY id"));
  posts.Bind(1, book.id);
  while (CM_TRY(posts.Step())) {
    bool ok = posts.Int(3) != 0;
    if (auto found = index.find(posts.Int(0)); found != index.end()) {
      releases[found->second]["posts"].push_back({{"server", posts.Text(1)},
                                                  {"time", posts.Text(2)},
                                                  {"ok", ok},
                                                  {"message", posts.Text(4)}});
    }
    if (ok) servers[std::string(posts.Text(1))] = posts.Int(0);
  }
  return nlohmann::json{{"phonebook", book.name},  {"created", book.created},
                        {"version", book.version}, {"releases", releases},
                        {"pending", pending},      {"servers", servers}};
}

void PrintHistory(const nlohmann::json& history, Output& output) {
  output.out << fmt::format("{}: created {}, version {}\n", history["phonebook"].get<std::string>(),
                            history["created"].get<std::string>(), history["version"].get<int>());
  for (const nlohmann::json& release : history["releases"]) {
    std::string deltas;
    for (const nlohmann::json& base : release["deltas_from"]) {
      deltas += (deltas.empty() ? "" : ",") + std::to_string(base.get<int>());
    }
    output.out << fmt::format(
        "version {:>3}  {}  {:>7} POPs  {:>5} added {:>5} changed {:>5} deleted  full.cab {} "
        "bytes{}\n",
        release["version"].get<int>(), release["time"].get<std::string>(),
        release["pops"].get<int64_t>(), release["added"].get<int64_t>(),
        release["changed"].get<int64_t>(), release["deleted"].get<int64_t>(),
        release["full_size"].get<int64_t>(), deltas.empty() ? "" : ", deltas from " + deltas);
    for (const nlohmann::json& change : release["changes"]) {
      output.out << fmt::format("    {}  {}\n", change["time"].get<std::string>(),
                                change["command"].get<std::string>());
    }
    for (const nlohmann::json& post : release["posts"]) {
      output.out << fmt::format("    posted {}  {}  {}\n", post["time"].get<std::string>(),
                                post["server"].get<std::string>(),
                                post["ok"].get<bool>()
                                    ? std::string("ok")
                                    : "failed: " + post["message"].get<std::string>());
    }
  }
  if (!history["pending"].empty()) {
    output.out << fmt::format("not yet published ({} change(s)):\n", history["pending"].size());
    for (const nlohmann::json& change : history["pending"]) {
      output.out << fmt::format("    {}  {}\n", change["time"].get<std::string>(),
                                change["command"].get<std::string>());
    }
  }
  for (const auto& [server, version] : history["servers"].items()) {
    output.out << fmt::format("server {} has version {}\n", server, version.get<int>());
  }
}

Status History(const GlobalOptions& globals, const HistoryOptions& options, Output& output) {
  auto workspace = CM_TRY(OpenWorkspace(globals));
  BookRow book = CM_TRY(workspace->FindBook(options.book));
  nlohmann::json history = CM_TRY(LoadHistory(*workspace, book));
  if (options.json) {
    PrintJson(output, history);
  } else {
    PrintHistory(history, output);
  }
  return Ok();
}

}  // namespace

void RegisterHistoryCommand(CLI::App& app, CommandRegistry& registry, Globals globals) {
  auto options = std::make_shared<HistoryOptions>();
  CLI::App* history = app.add_subcommand(
      "history",
      "Show a phone book's versions with dates, counts of adds, edits and deletes, the changes "
      "in each, and which server has which version");
  history->add_option("book", options->book, "Phone book name")->required();
  history->add_flag("--json", options->json, "Print JSON");
  registry.Add(history, [globals, options](Output& output) {
    auto status = History(*globals, *options, output);
    return status ? kExitOk : Report(output, status.error());
  });
}

}  // namespace cm::pbadmin
