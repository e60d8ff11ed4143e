// SPDX-License-Identifier: MIT
// pbadmin post: uploads the newest release to one or more phone book servers and records each
// post in the history.
#include <curl/curl.h>
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <filesystem>

#include "cm/file_util.h"
#include "poster.h"
#include "progress.h"
#include "workspace_commands.h"

namespace cm::pbadmin {
namespace {

namespace fs = std::filesystem;

struct PostOptions {
  std::string book;
  std::vector<std::string> servers;
  std::string user;
  std::string password_file;
  std::string ca_file;
};

Result<std::string> LoadPassword(const PostOptions& options) {
  if (!options.password_file.empty()) {
    std::string bytes = CM_TRY(ReadFile(options.password_file));
    size_t end = bytes.find_first_of("\r\n");
    return bytes.substr(0, end);
  }
  if (const char* env = std::getenv("PBADMIN_PASSWORD"); env != nullptr) return std::string(env);
  return std::string();
}

// The release's cabinets from its folder: full.cab, then delta-B.cab by base version.
Result<PostRelease> LoadRelease(Workspace& workspace, const BookRow& book) {
  std::string dir = workspace.ReleaseDir(book.name, book.version);
  PostRelease release{book.name, book.version, {}};
  release.files.emplace_back("full.cab", CM_TRY(ReadFile(dir + "/full.cab")));
  std::vector<uint32_t> bases;
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    uint32_t base = 0;
    if (name.rfind("delta-", 0) != 0 || name.size() < 11 ||
        name.compare(name.size() - 4, 4, ".cab") != 0) {
      continue;
    }
    auto [end, parsed] = std::from_chars(name.data() + 6, name.data() + name.size() - 4, base);
    if (parsed == std::errc() && end == name.data() + name.size() - 4) bases.push_back(base);
  }
  if (ec) return Fail(Errc::kIo, "cannot read the release folder: " + ec.message(), {.file = dir});
  std::sort(bases.begin(), bases.end());
  for (uint32_t base : bases) {
    std::string file = fmt::format("delta-{}.cab", base);
    release.files.emplace_back(file, CM_TRY(ReadFile(dir + "/" + file)));
  }
  return release;
}

Status RecordPost(Workspace& workspace, const BookRow& book, const std::string& server, bool ok,
                  const std::string& message) {
  auto transaction = CM_TRY(Transaction::Begin(workspace.db()));
  auto insert = CM_TRY(
      workspace.db().Prepare("INSERT INTO posts(book_id, version, server, time, ok, message) "
                             "VALUES(?1, ?2, ?3, ?4, ?5, ?6)"));
  insert.Bind(1, book.id)
      .Bind(2, static_cast<int64_t>(book.version))
      .Bind(3, server)
      .Bind(4, NowUtc())
      .Bind(5, static_cast<int64_t>(ok ? 1 : 0))
      .Bind(6, message);
  CM_TRY_STATUS(insert.Run());
  return transaction.Commit();
}

int RunPost(const GlobalOptions& globals, const PostOptions& options, Output& output) {
  auto workspace = OpenWorkspace(globals);
  if (!workspace) return Report(output, workspace.error());
  auto book = (*workspace)->FindBook(options.book);
  if (!book) return Report(output, book.error());
  if (book->version == 0) {
    return Report(output, Error(Errc::kInvalidArgument,
                                "nothing to post: the phone book has no release yet (pbadmin "
                                "publish makes one)",
                                {.file = book->name}));
  }
  auto password = LoadPassword(options);
  if (!password) return Report(output, password.error());
  auto release = LoadRelease(**workspace, *book);
  if (!release) return Report(output, release.error());
  curl_global_init(CURL_GLOBAL_DEFAULT);
  int exit_code = kExitOk;
  for (const std::string& server : options.servers) {
    PostTarget target{server, options.user, *password, options.ca_file};
    bool http = server.rfind("http", 0) == 0;
    if (http && options.user.empty()) {
      Report(output, Error(Errc::kInvalidArgument,
                           "posting over HTTP needs --user and a password (--password-file or "
                           "PBADMIN_PASSWORD)",
                           {.file = RedactUrl(server)}));
      exit_code = kExitFailed;
      continue;
    }
    uint64_t total = 0;
    for (const auto& [file, bytes] : release->files) total += bytes.size();
    Progress progress(output.err, "posting to " + RedactUrl(server), total, 1 << 20);
    auto posted = Post(target, *release, [&](uint64_t sent, uint64_t) { progress.Update(sent); });
    std::string recorded = RedactUrl(server);
    if (posted) {
      output.out << fmt::format("posted {} version {} to {}: {}\n", book->name, book->version,
                                recorded, *posted);
    } else {
      Report(output, posted.error());
      exit_code = kExitFailed;
    }
    auto record = RecordPost(**workspace, *book, recorded, posted.has_value(),
                             posted ? *posted : posted.error().message());
    if (!record) {
      Report(output, record.error());
      exit_code = kExitFailed;
    }
  }
  curl_global_cleanup();
  return exit_code;
}

}  // namespace

void RegisterPostCommand(CLI::App& app, CommandRegistry& registry, Globals globals) {
  auto options = std::make_shared<PostOptions>();
  CLI::App* post = app.add_subcommand(
      "post",
      "Upload the newest release to phone book servers: http(s)://HOST[:PORT] posts the bundle "
      "to /pbserver/post/NAME; ftp(s)://HOST[:PORT]/PATH uploads PATH/NAME/N/ and then READY "
      "(ftps: explicit TLS, AUTH TLS on the FTP port, required for every connection). "
      "The password comes from --password-file or the PBADMIN_PASSWORD environment variable, "
      "never from the command line");
  post->add_option("book", options->book, "Phone book name")->required();
  post->add_option("--server", options->servers, "Server URL (several allowed)")->required();
  post->add_option("--user", options->user, "Posting account (FTP default: anonymous)");
  post->add_option("--password-file", options->password_file,
                   "File whose first line is the password")
      ->check(CLI::ExistingFile);
  post->add_option("--ca-file", options->ca_file,
                   "Trust the CA certificates in this PEM file for https/ftps (e.g. the "
                   "server's self-signed certificate) instead of the system's")
      ->check(CLI::ExistingFile);
  registry.Add(post,
               [globals, options](Output& output) { return RunPost(*globals, *options, output); });
}

}  // namespace cm::pbadmin
