// SPDX-License-Identifier: MIT
// pbserver's settings: the TOML config file's keys, their defaults, and parsing them.
//
// Every key is optional; command-line flags override the file (cli.cc). docs/pbserver.md lists
// the keys with their meaning.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "cm/result.h"

namespace cm::pbserver {

struct ServerConfig {
  std::vector<std::string> listen;  // "HOST:PORT" (plain) or "https://HOST:PORT" (TLS)
  std::string data;                 // the data folder
  std::string tls_cert;             // PEM certificate chain, for https:// listeners
  std::string tls_key;              // PEM private key
  bool require_tls_for_posting = false;
  bool allow_key_change = false;    // accept a release signed by a new key and pin that key
  uint32_t workers = 0;             // event loops (threads); 0 = one per core
  std::string access_log;           // combined log format; empty = none; "-" = stdout
  uint32_t max_connections = 20000;
  uint32_t max_request_line = 1024;
  uint32_t max_header_bytes = 8192;
  uint64_t max_post_bytes = 64ull << 20;
  uint32_t header_timeout_seconds = 10;  // from a request's first byte to its blank line
  uint32_t idle_timeout_seconds = 30;    // keep-alive wait for the next request
  uint32_t body_timeout_seconds = 120;   // to receive a post's body
  uint32_t send_timeout_seconds = 120;   // to send one answer
  uint32_t shutdown_timeout_seconds = 10;  // SIGTERM: time left for requests in flight
  uint32_t cache_max_age_seconds = 60;
  uint32_t incoming_scan_seconds = 2;    // how often DATA/incoming is looked at; 0 = never
  std::map<std::string, std::string> users;  // poster → Argon2id hash
};

// Parses config file text. kParse naming the line, or the key whose type or value is wrong;
// unknown keys are refused too (a typo must not silently become a default).
[[nodiscard]] Result<ServerConfig> ParseConfig(std::string_view text, std::string_view path);

}  // namespace cm::pbserver
