// SPDX-License-Identifier: MIT
// Request handling as a pure function: a parsed request and the published catalog in, an answer
// out. No sockets, no files, no clock; the connection layer and the tests both call it.
//
// Routes: GET|HEAD /pbserver/pbserver.dll?... (the update query, path matched without case as IIS
// did), GET|HEAD /metrics, GET|HEAD /healthz, and POST /pbserver/post/NAME (checked here as far
// as the head allows; the body and credentials go to PostService). Anything else is 404; another
// method on a known path is 405 with Allow.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "catalog.h"
#include "counters.h"
#include "http_request.h"

namespace cm::pbserver {

struct HandlerContext {
  bool is_tls = false;                   // the request came over TLS
  bool require_tls_for_posting = false;  // refuse posts over plain HTTP (403)
  uint64_t max_post_bytes = 64ull << 20;
  const Counters* counters = nullptr;    // for /metrics; none gives an empty page
};

// An answer. head() is the status line and headers, each ending in CRLF, without Date and without
// the blank line (the connection adds those); body() is sent after it unless the request was
// HEAD. Prepared answers view the catalog's buffers, which the caller keeps alive.
class Response {
 public:
  // An answer from the catalog's prepared buffers.
  static Response Prepared(int status, std::string_view head, std::string_view body);
  // A text/plain answer built now: `body` gets a final newline when it lacks one.
  static Response Text(int status, std::string_view body, std::string_view extra_headers = {});
  // An answer with a dynamic body of `content_type`.
  static Response Dynamic(int status, std::string_view content_type, std::string body,
                          std::string_view extra_headers = {});

  std::string_view head() const { return dynamic_ ? std::string_view(owned_head_) : head_; }
  std::string_view body() const { return dynamic_ ? std::string_view(owned_body_) : body_; }
  int status() const { return status_; }

  HitKind hit = HitKind::kNotAHit;
  bool close = false;          // close the connection after this answer
  bool post = false;           // a post whose head passed: authenticate, read the body, then
  std::string_view post_name;  //   PostService::Accept (post_name views the request)
  int body_fd = -1;  // a file holding body() from offset 0 (sendfile on plain HTTP), or -1

 private:
  int status_ = 0;
  bool dynamic_ = false;
  std::string_view head_, body_;
  std::string owned_head_, owned_body_;
};

// The reason phrase of an HTTP status ("Not Found"), "Unknown" for codes not used here.
std::string_view StatusText(int status);

// Answers `request`. Counts the request and, for update queries, the hit kind in `counters`.
Response HandleRequest(const HttpRequest& request, const Catalog& catalog,
                       WorkerCounters& counters, const HandlerContext& context);

// The answer to a head ParseRequestHead refused (status and reason from it); always closes.
Response ParseErrorResponse(int status, std::string_view reason, WorkerCounters& counters);

}  // namespace cm::pbserver
