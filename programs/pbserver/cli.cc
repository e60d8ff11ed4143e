// SPDX-License-Identifier: MIT
// Parsing pbserver's arguments (CLI11) and running the server or an administration command.
#include "cli.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <thread>

#include "cm/crypto.h"
#include "cm/file_util.h"
#include "cm/release.h"
#include "config.h"
#include "data_store.h"
#include "post_service.h"
#include "query.h"
#include "server.h"
#include "users.h"

namespace cm::pbserver {
namespace {

struct ServeFlags {
  std::string config;
  std::string data;
  std::vector<std::string> listen;
  std::string tls_cert, tls_key, access_log, ready_file;
  bool require_tls_for_posting = false;
  bool allow_key_change = false;
  uint32_t workers = 0;
};

int Fail(std::ostream& err, std::string_view where, std::string_view what) {
  err << "pbserver: error: " << where << ": " << what << "\n";
  return kExitFailed;
}

Result<ServerConfig> LoadConfig(const std::string& path) {
  if (path.empty()) return ServerConfig{};
  std::string text = CM_TRY(ReadFile(path));
  return ParseConfig(text, path);
}

int Serve(const ServeFlags& flags, std::ostream& out, std::ostream& err) {
  auto loaded = LoadConfig(flags.config);
  if (!loaded) return Fail(err, flags.config, loaded.error().ToString());
  ServerConfig config = std::move(*loaded);
  if (!flags.data.empty()) config.data = flags.data;
  if (!flags.listen.empty()) config.listen = flags.listen;
  if (!flags.tls_cert.empty()) config.tls_cert = flags.tls_cert;
  if (!flags.tls_key.empty()) config.tls_key = flags.tls_key;
  if (!flags.access_log.empty()) config.access_log = flags.access_log;
  if (flags.require_tls_for_posting) config.require_tls_for_posting = true;
  if (flags.allow_key_change) config.allow_key_change = true;
  if (flags.workers != 0) config.workers = flags.workers;
  if (config.data.empty()) return Fail(err, "--data", "a data folder is required");
  if (config.listen.empty()) return Fail(err, "--listen", "at least one HOST:PORT is required");

  ServerOptions options;
  for (const std::string& text : config.listen) {
    auto spec = ParseListenSpec(text);
    if (!spec) return Fail(err, "--listen", spec.error().ToString());
    options.listen.push_back(*spec);
  }
  options.workers =
      config.workers != 0 ? config.workers : std::max(1u, std::thread::hardware_concurrency());
  options.limits.max_request_line = config.max_request_line;
  options.limits.max_head_bytes = config.max_header_bytes;
  options.max_connections = config.max_connections;
  options.require_tls_for_posting = config.require_tls_for_posting;
  options.max_post_bytes = config.max_post_bytes;
  options.header_timeout_seconds = config.header_timeout_seconds;
  options.idle_timeout_seconds = config.idle_timeout_seconds;
  options.body_timeout_seconds = config.body_timeout_seconds;
  options.send_timeout_seconds = config.send_timeout_seconds;
  options.shutdown_timeout_seconds = config.shutdown_timeout_seconds;
  options.incoming_scan_seconds = config.incoming_scan_seconds;
  options.tls_cert = config.tls_cert;
  options.tls_key = config.tls_key;
  options.access_log = config.access_log;
  options.ready_file = flags.ready_file;

  DataStore store(config.data);
  if (auto prepared = store.Prepare(); !prepared) {
    return Fail(err, config.data, prepared.error().ToString());
  }
  CatalogHolder catalog;
  Counters counters(options.workers);
  PostOptions post_options;
  post_options.allow_key_change = config.allow_key_change;
  post_options.response.cache_max_age_seconds = config.cache_max_age_seconds;
  post_options.response.body_file_dir = config.data;
  PostService posts(store, config.users, post_options, &catalog, &counters);
  std::vector<std::string> warnings;
  if (auto all = posts.LoadAll(&warnings); !all) {
    return Fail(err, config.data, all.error().ToString());
  }
  for (const std::string& w : warnings) err << "pbserver: warning: " << w << "\n";
  Server server(options, &posts, &catalog, &counters);
  if (auto started = server.Start(); !started)
    return Fail(err, "listen", started.error().ToString());
  for (const std::string& endpoint : server.endpoints()) {
    out << "pbserver: listening on " << endpoint << "\n";
  }
  out << fmt::format("pbserver: serving {} phone book(s) from {} with {} worker(s), {} poster(s)\n",
                     catalog.Load()->books().size(), config.data, options.workers,
                     config.users.size());
  out.flush();
  server.Run();
  out << "pbserver: stopped\n";
  return kExitOk;
}

int UserAdd(const std::string& config_path, const std::string& name, bool password_stdin,
            std::istream& in, std::ostream& out, std::ostream& err) {
  if (!password_stdin) {
    return Fail(err, "user add", "give the password on standard input with --password-stdin");
  }
  if (!IsUserName(name))
    return Fail(err, "user add",
                fmt::format("'{}' is not a poster name (1-64 letters, digits, _ - .)", name));
  std::string password;
  std::getline(in, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  if (password.size() < 8) return Fail(err, "user add", "the password needs at least 8 characters");
  std::string text;
  if (auto existing = ReadFile(config_path); existing) {
    text = std::move(*existing);
  } else if (existing.error().code() != Errc::kNotFound) {
    return Fail(err, config_path, existing.error().ToString());
  }
  if (auto valid = ParseConfig(text, config_path); !valid) {
    return Fail(err, config_path, valid.error().ToString());
  }
  auto hash = HashPassword(password);
  if (!hash) return Fail(err, "user add", hash.error().ToString());
  auto updated = ConfigWithUser(text, name, *hash);
  if (!updated) return Fail(err, "user add", updated.error().ToString());
  if (auto valid = ParseConfig(*updated, config_path); !valid) {
    return Fail(err, config_path, "the edited file would not parse: " + valid.error().ToString());
  }
  if (auto written = WriteFileAtomic(config_path, *updated, 0600); !written) {
    return Fail(err, config_path, written.error().ToString());
  }
  out << fmt::format("pbserver: poster {} added to {} (restart or reload pbserver to use it)\n",
                     name, config_path);
  return kExitOk;
}

int UserRemove(const std::string& config_path, const std::string& name, std::ostream& out,
               std::ostream& err) {
  auto text = ReadFile(config_path);
  if (!text) return Fail(err, config_path, text.error().ToString());
  auto updated = ConfigWithoutUser(*text, name);
  if (!updated) return Fail(err, config_path, updated.error().ToString());
  if (auto written = WriteFileAtomic(config_path, *updated, 0600); !written) {
    return Fail(err, config_path, written.error().ToString());
  }
  out << fmt::format("pbserver: poster {} removed from {}\n", name, config_path);
  return kExitOk;
}

int UserList(const std::string& config_path, std::ostream& out, std::ostream& err) {
  auto config = LoadConfig(config_path);
  if (!config) return Fail(err, config_path, config.error().ToString());
  for (const auto& [name, hash] : config->users) out << name << "\n";
  return kExitOk;
}

// `pbserver phonebook pin NAME --key ed25519:... --data DIR`: the administrator pins a phone
// book's publisher key before its first post, or changes it (a new publisher key). A running
// server reads the pinned key for every post, so no reload is needed.
int PhonebookPin(const std::string& data, const std::string& name, const std::string& key_text,
                 std::ostream& out, std::ostream& err) {
  if (!IsPhonebookName(name) || name == "incoming") {
    return Fail(err, "phonebook pin",
                fmt::format("'{}' is not a phone book name (1-8 letters, digits, _)", name));
  }
  auto key = PublicKey::Parse(key_text);
  if (!key) return Fail(err, "phonebook pin", "--key: " + key.error().ToString());
  DataStore store(data);
  auto old = store.PinnedKey(name);
  if (!old && old.error().code() != Errc::kCorrupt) {
    return Fail(err, "phonebook pin", old.error().ToString());
  }
  if (old && *old && **old == *key) {
    out << fmt::format("pbserver: {} already has publisher key {}\n", name, key->ToString());
    return kExitOk;
  }
  if (auto pinned = store.PinKey(name, *key); !pinned) {
    return Fail(err, "phonebook pin", pinned.error().ToString());
  }
  out << fmt::format("pbserver: {} publisher key {} {}\n", name, key->ToString(),
                     old && *old ? "pinned (was " + (*old)->ToString() + ")" : "pinned");
  // The current release, if any, was checked against the old key; say whether it still verifies.
  auto version = store.CurrentVersion(name);
  if (version && *version) {
    auto release = store.LoadRelease(name, **version);
    if (release && !OpenReleaseCabinet(release->full_cabinet, *key, name)) {
      err << fmt::format(
          "pbserver: warning: {} version {} is signed by another key: a running server keeps "
          "serving it, but after a restart or reload it is not served until a release signed "
          "by the new key is posted\n",
          name, **version);
    }
  }
  return kExitOk;
}

}  // namespace

int RunPbserver(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
                std::ostream& err) {
  CLI::App app{
      "pbserver: the Phone Book Service. Answers Connection Manager update queries "
      "(GET /pbserver/pbserver.dll?pbver=V&pb=NAME) from signed releases in DATA, "
      "and accepts releases posted by pbadmin.",
      "pbserver"};
  app.require_subcommand(0, 1);
  ServeFlags flags;
  app.add_option("--config", flags.config,
                 "TOML config file (docs/pbserver.md); flags override it");
  app.add_option("--data", flags.data, "the data folder (releases, pinned keys, incoming/)");
  app.add_option("--listen", flags.listen, "HOST:PORT, or https://HOST:PORT for TLS; repeatable");
  app.add_option("--tls-cert", flags.tls_cert, "PEM certificate chain for https:// listeners");
  app.add_option("--tls-key", flags.tls_key, "PEM private key for https:// listeners");
  app.add_flag("--require-tls-for-posting", flags.require_tls_for_posting,
               "refuse posts over plain HTTP (403)");
  app.add_flag("--allow-key-change", flags.allow_key_change,
               "accept a release signed by another key than the pinned one, and pin that key");
  app.add_option("--workers", flags.workers, "event loops (threads); default one per core");
  app.add_option("--access-log", flags.access_log, "combined log format file, or - for stdout");
  app.add_option("--ready-file", flags.ready_file,
                 "write the listening HOST:PORT lines to this file once ready");

  CLI::App* user = app.add_subcommand("user", "manage posters (Argon2id hashes in --config)");
  user->require_subcommand(1);
  std::string user_name, user_config;
  bool password_stdin = false;
  CLI::App* user_add = user->add_subcommand("add", "add a poster, or set a poster's password");
  user_add->add_option("NAME", user_name, "poster name")->required();
  user_add->add_option("--config", user_config, "config file to edit")->required();
  user_add->add_flag("--password-stdin", password_stdin, "read the password from standard input");
  CLI::App* user_remove = user->add_subcommand("remove", "remove a poster");
  user_remove->add_option("NAME", user_name, "poster name")->required();
  user_remove->add_option("--config", user_config, "config file to edit")->required();
  CLI::App* user_list = user->add_subcommand("list", "list posters");
  user_list->add_option("--config", user_config, "config file")->required();

  CLI::App* phonebook = app.add_subcommand("phonebook", "manage served phone books");
  phonebook->require_subcommand(1);
  std::string pb_name, pb_data;
  bool purge = false;
  CLI::App* pb_delete = phonebook->add_subcommand(
      "delete", "stop serving a phone book (reload a running server with SIGHUP)");
  pb_delete->add_option("NAME", pb_name, "phone book name")->required();
  pb_delete->add_option("--data", pb_data, "the data folder")->required();
  pb_delete->add_flag("--purge", purge, "also remove its released cabinets and pinned key");
  std::string pin_key;
  CLI::App* pb_pin = phonebook->add_subcommand(
      "pin", "pin a phone book's publisher key (before its first post, or to change it)");
  pb_pin->add_option("NAME", pb_name, "phone book name")->required();
  pb_pin->add_option("--key", pin_key, "the publisher's public key, ed25519:... (pbadmin pubkey)")
      ->required();
  pb_pin->add_option("--data", pb_data, "the data folder")->required();
  CLI::App* pb_list = phonebook->add_subcommand("list", "list served phone books and versions");
  pb_list->add_option("--data", pb_data, "the data folder")->required();

  std::vector<std::string> rest(args.rbegin(), args.rend());
  if (!rest.empty()) rest.pop_back();  // program name
  try {
    app.parse(rest);
  } catch (const CLI::CallForHelp&) {
    out << app.help();
    return kExitOk;
  } catch (const CLI::CallForAllHelp&) {
    out << app.help("", CLI::AppFormatMode::All);
    return kExitOk;
  } catch (const CLI::ParseError& error) {
    err << "pbserver: error: arguments: " << error.what() << "\n";
    return kExitUsage;
  }
  if (*user_add) return UserAdd(user_config, user_name, password_stdin, in, out, err);
  if (*user_remove) return UserRemove(user_config, user_name, out, err);
  if (*user_list) return UserList(user_config, out, err);
  if (*pb_delete) {
    DataStore store(pb_data);
    if (auto deleted = store.DeletePhonebook(pb_name, purge); !deleted) {
      return Fail(err, "phonebook delete", deleted.error().ToString());
    }
    out << fmt::format("pbserver: {} is no longer served{}\n", pb_name,
                       purge ? "; its releases were removed" : "; its releases stay on disk");
    return kExitOk;
  }
  if (*pb_pin) return PhonebookPin(pb_data, pb_name, pin_key, out, err);
  if (*pb_list) {
    DataStore store(pb_data);
    auto names = store.ListPhonebooks();
    if (!names) return Fail(err, pb_data, names.error().ToString());
    for (const std::string& name : *names) {
      auto version = store.CurrentVersion(name);
      out << name << " " << (version && *version ? std::to_string(**version) : "?") << "\n";
    }
    return kExitOk;
  }
  return Serve(flags, out, err);
}

}  // namespace cm::pbserver
