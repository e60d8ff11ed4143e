// SPDX-License-Identifier: MIT
// Reading the TOML config file with toml++.
#include "config.h"

#include <fmt/format.h>

#include <toml++/toml.h>

#include "users.h"

namespace cm::pbserver {
namespace {

template <class T>
Status ReadUnsigned(const toml::node& node, std::string_view key, T* out) {
  auto value = node.value<int64_t>();
  if (!value || *value < 0 || static_cast<uint64_t>(*value) > std::numeric_limits<T>::max()) {
    return Fail(Errc::kParse, fmt::format("{}: expected a non-negative integer", key));
  }
  *out = static_cast<T>(*value);
  return Ok();
}

Status ReadString(const toml::node& node, std::string_view key, std::string* out) {
  auto value = node.value<std::string>();
  if (!value) return Fail(Errc::kParse, fmt::format("{}: expected a string", key));
  *out = *value;
  return Ok();
}

Status ReadBool(const toml::node& node, std::string_view key, bool* out) {
  auto value = node.value<bool>();
  if (!value) return Fail(Errc::kParse, fmt::format("{}: expected true or false", key));
  *out = *value;
  return Ok();
}

Status ReadKey(std::string_view key, const toml::node& node, ServerConfig* config) {
  if (key == "listen") {
    if (node.is_string()) return ReadString(node, key, &config->listen.emplace_back());
    const toml::array* array = node.as_array();
    if (array == nullptr) return Fail(Errc::kParse, "listen: expected a string or an array");
    for (const toml::node& item : *array) {
      CM_TRY_STATUS(ReadString(item, key, &config->listen.emplace_back()));
    }
    return Ok();
  }
  if (key == "data") return ReadString(node, key, &config->data);
  if (key == "tls_cert") return ReadString(node, key, &config->tls_cert);
  if (key == "tls_key") return ReadString(node, key, &config->tls_key);
  if (key == "access_log") return ReadString(node, key, &config->access_log);
  if (key == "require_tls_for_posting") return ReadBool(node, key, &config->require_tls_for_posting);
  if (key == "allow_key_change") return ReadBool(node, key, &config->allow_key_change);
  if (key == "workers") return ReadUnsigned(node, key, &config->workers);
  if (key == "max_connections") return ReadUnsigned(node, key, &config->max_connections);
  if (key == "max_request_line") return ReadUnsigned(node, key, &config->max_request_line);
  if (key == "max_header_bytes") return ReadUnsigned(node, key, &config->max_header_bytes);
  if (key == "max_post_bytes") return ReadUnsigned(node, key, &config->max_post_bytes);
  if (key == "header_timeout_seconds") return ReadUnsigned(node, key, &config->header_timeout_seconds);
  if (key == "idle_timeout_seconds") return ReadUnsigned(node, key, &config->idle_timeout_seconds);
  if (key == "body_timeout_seconds") return ReadUnsigned(node, key, &config->body_timeout_seconds);
  if (key == "send_timeout_seconds") return ReadUnsigned(node, key, &config->send_timeout_seconds);
  if (key == "shutdown_timeout_seconds") {
    return ReadUnsigned(node, key, &config->shutdown_timeout_seconds);
  }
  if (key == "cache_max_age_seconds") return ReadUnsigned(node, key, &config->cache_max_age_seconds);
  if (key == "incoming_scan_seconds") return ReadUnsigned(node, key, &config->incoming_scan_seconds);
  if (key == "users") {
    const toml::table* table = node.as_table();
    if (table == nullptr) return Fail(Errc::kParse, "users: expected a table");
    for (const auto& [name, hash] : *table) {
      std::string user(name.str());
      if (!IsUserName(user)) {
        return Fail(Errc::kParse, fmt::format("users: '{}' is not a poster name", user));
      }
      CM_TRY_STATUS(ReadString(hash, "users." + user, &config->users[user]));
      if (config->users[user].rfind("$argon2id$", 0) != 0) {
        return Fail(Errc::kParse, fmt::format("users.{}: expected an Argon2id hash "
                                              "(pbserver user add)", user));
      }
    }
    return Ok();
  }
  return Fail(Errc::kParse, fmt::format("unknown key '{}'", key));
}

}  // namespace

Result<ServerConfig> ParseConfig(std::string_view text, std::string_view path) {
  ServerConfig config;
  toml::table table;
  try {
    table = toml::parse(text, path);
  } catch (const toml::parse_error& error) {
    return Fail(Errc::kParse, std::string(error.description()),
                Location{std::string(path), error.source().begin.line, std::nullopt});
  }
  for (const auto& [key, node] : table) {
    Status read = ReadKey(key.str(), node, &config);
    if (!read) {
      return Fail(Error(Errc::kParse, read.error().message(),
                        Location{std::string(path), static_cast<uint32_t>(node.source().begin.line),
                                 std::nullopt}));
    }
  }
  return config;
}

}  // namespace cm::pbserver
