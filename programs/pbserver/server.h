// SPDX-License-Identifier: MIT
// The socket layer: Boost.Asio event loops (one per worker thread), keep-alive and pipelined
// HTTP/1.1 over plain TCP or TLS, timeouts, connection limits, signals.
//
// Every connection lives on one worker's io_context; requests go through the pure HandleRequest
// and the answers' prepared buffers are written with one gathered write per batch. Posts are
// handed to the control thread (the one that calls Run()), which owns the PostService, the
// incoming-folder scan, signals (SIGTERM/SIGINT: graceful stop; SIGHUP: reopen the access log and
// reload the data folder) and the once-a-second counters tick.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "access_log.h"
#include "catalog.h"
#include "counters.h"
#include "http_request.h"
#include "post_service.h"

namespace cm::pbserver {

struct ListenSpec {
  std::string host;
  uint16_t port = 0;  // 0: the system picks one (see Server::endpoints)
  bool tls = false;
};

// Parses "HOST:PORT", "[V6]:PORT" or "https://HOST:PORT" (TLS). kInvalidArgument otherwise.
[[nodiscard]] Result<ListenSpec> ParseListenSpec(std::string_view text);

struct ServerOptions {
  std::vector<ListenSpec> listen;
  uint32_t workers = 1;
  HttpLimits limits;
  uint32_t max_connections = 20000;
  bool require_tls_for_posting = false;
  uint64_t max_post_bytes = 64ull << 20;
  uint32_t header_timeout_seconds = 10;
  uint32_t idle_timeout_seconds = 30;
  uint32_t body_timeout_seconds = 120;
  uint32_t send_timeout_seconds = 120;
  uint32_t shutdown_timeout_seconds = 10;
  uint32_t incoming_scan_seconds = 2;
  std::string tls_cert, tls_key;
  std::string access_log;  // see AccessLog
  std::string ready_file;  // when set, "HOST:PORT" lines are written there once listening
};

class Server {
 public:
  Server(ServerOptions options, PostService* posts, CatalogHolder* catalog, Counters* counters);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Opens the listeners (and the TLS context, and the access log). Errors name the address.
  [[nodiscard]] Status Start();
  // "HOST:PORT" of each listener, with the real ports (after Start).
  std::vector<std::string> endpoints() const;
  // Serves until SIGTERM or SIGINT, then finishes requests in flight (up to
  // shutdown_timeout_seconds) and returns.
  void Run();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cm::pbserver
