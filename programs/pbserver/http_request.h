// SPDX-License-Identifier: MIT
// Parsing an HTTP/1.1 request head from bytes: the first thing hostile input meets.
//
// ParseRequestHead looks at the bytes a connection has received and says whether they hold a
// complete request head, need more bytes, or are wrong (with the HTTP status to answer). It never
// allocates and never reads outside the buffer; every string_view in HttpRequest points into the
// caller's buffer and lives as long as it. Thread-safe (no state).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace cm::pbserver {

struct HttpLimits {
  // The original PBS refused requests over 1,024 bytes; a longer request line gets 414.
  size_t max_request_line = 1024;
  // The whole head (request line, headers, blank line); more gets 431.
  size_t max_head_bytes = 8192;
  size_t max_header_count = 64;
};

enum class HttpMethod { kGet, kHead, kPost, kOther };

struct HttpRequest {
  HttpMethod method = HttpMethod::kOther;
  std::string_view method_text;
  std::string_view target;        // as sent (origin-form; absolute-form is cut to its path)
  std::string_view path;          // target up to '?'
  std::string_view query;         // after '?', without it; empty when none
  std::string_view request_line;  // for the access log
  int version_minor = 1;          // HTTP/1.0 or HTTP/1.1
  bool keep_alive = true;         // after the Connection header and the version
  bool expect_continue = false;   // "Expect: 100-continue"
  bool has_content_length = false;
  uint64_t content_length = 0;
  // Headers the server uses; empty when absent.
  std::string_view host;
  std::string_view if_none_match;
  std::string_view authorization;
  std::string_view user_agent;
  std::string_view referer;
  std::string_view phonebook_version;  // X-Phonebook-Version
  size_t head_size = 0;                // bytes of the head, blank line included
};

enum class ParseState { kComplete, kIncomplete, kError };

struct ParseResult {
  ParseState state = ParseState::kIncomplete;
  int status = 0;              // with kError: 400, 414, 417, 431, 501 or 505
  std::string_view reason;     // with kError: one line for the response body
};

// Parses the head at the start of `bytes`. kComplete fills `*request` (head_size says where the
// body or the next request starts); kIncomplete means "read more" (and is only returned while the
// bytes seen so far fit the limits); kError gives the status to answer before closing. Accepts
// CRLF or bare LF line ends; refuses obsolete header folding, whitespace before a colon,
// conflicting Content-Length headers and any Transfer-Encoding (501: bodies need a length).
ParseResult ParseRequestHead(std::string_view bytes, const HttpLimits& limits,
                             HttpRequest* request);

}  // namespace cm::pbserver
