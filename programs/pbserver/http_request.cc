// SPDX-License-Identifier: MIT
// The HTTP/1.1 request head parser: bounds-checked, allocation-free, fuzzed.
#include "http_request.h"

#include <algorithm>

#include "cm/ascii.h"

namespace cm::pbserver {
namespace {

bool IsTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+': case '-':
    case '.': case '^': case '_': case '`': case '|': case '~':
      return true;
    default:
      return false;
  }
}

// Visible ASCII and obs-text, no controls, no space.
bool IsTargetChar(char c) {
  auto u = static_cast<unsigned char>(c);
  return u > 0x20 && u != 0x7f;
}

// True when every byte of `text` passes `test`. A template, so that the test is inlined into
// the loop (std::all_of over a function pointer was a call per byte of every request line).
template <bool (*test)(char)>
bool All(std::string_view text) {
  for (char c : text) {
    if (!test(c)) return false;
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

ParseResult Error(int status, std::string_view reason) {
  return ParseResult{ParseState::kError, status, reason};
}

// True when comma-separated `list` holds `token` (case-insensitive).
bool HasToken(std::string_view list, std::string_view token) {
  while (!list.empty()) {
    size_t comma = list.find(',');
    std::string_view item = Trim(list.substr(0, comma));
    if (AsciiEqualsNoCase(item, token)) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

bool ParseDecimal(std::string_view text, uint64_t* value) {
  if (text.empty() || text.size() > 19) return false;
  uint64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  *value = v;
  return true;
}

// Splits the next line off `rest` (CRLF or LF). False when no line end is there yet.
bool NextLine(std::string_view* rest, std::string_view* line) {
  size_t lf = rest->find('\n');
  if (lf == std::string_view::npos) return false;
  std::string_view l = rest->substr(0, lf);
  if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
  *line = l;
  rest->remove_prefix(lf + 1);
  return true;
}

ParseResult ParseRequestLine(std::string_view line, HttpRequest* request) {
  size_t sp1 = line.find(' ');
  if (sp1 == std::string_view::npos || sp1 == 0) return Error(400, "malformed request line");
  std::string_view method = line.substr(0, sp1);
  if (!All<IsTokenChar>(method)) {
    return Error(400, "malformed method");
  }
  std::string_view after = line.substr(sp1 + 1);
  size_t sp2 = after.find(' ');
  if (sp2 == std::string_view::npos || sp2 == 0) return Error(400, "malformed request line");
  std::string_view target = after.substr(0, sp2);
  std::string_view version = after.substr(sp2 + 1);
  if (!All<IsTargetChar>(target)) {
    return Error(400, "malformed request target");
  }
  if (version.size() != 8 || version.substr(0, 5) != "HTTP/" || version[6] != '.' ||
      version[5] < '0' || version[5] > '9' || version[7] < '0' || version[7] > '9') {
    return Error(400, "malformed HTTP version");
  }
  if (version[5] != '1' || (version[7] != '0' && version[7] != '1')) {
    return Error(505, "only HTTP/1.0 and HTTP/1.1 are served");
  }
  request->version_minor = version[7] - '0';
  request->keep_alive = request->version_minor == 1;
  request->method_text = method;
  if (method == "GET") {
    request->method = HttpMethod::kGet;
  } else if (method == "HEAD") {
    request->method = HttpMethod::kHead;
  } else if (method == "POST") {
    request->method = HttpMethod::kPost;
  } else {
    request->method = HttpMethod::kOther;
  }
  // Absolute-form (a proxy's request): keep the path and query only.
  if (target.size() > 7 && (AsciiEqualsNoCase(target.substr(0, 7), "http://") ||
                            AsciiEqualsNoCase(target.substr(0, 8), "https://"))) {
    size_t slash = target.find('/', target[4] == ':' ? 7 : 8);
    target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
  }
  if (target.empty() || (target.front() != '/' && target != "*")) {
    return Error(400, "malformed request target");
  }
  request->target = target;
  size_t question = target.find('?');
  request->path = target.substr(0, question);
  request->query =
      question == std::string_view::npos ? std::string_view() : target.substr(question + 1);
  request->request_line = line;
  return ParseResult{ParseState::kComplete, 0, {}};
}

ParseResult ParseHeader(std::string_view line, HttpRequest* request, bool* saw_length) {
  if (line.front() == ' ' || line.front() == '\t') {
    return Error(400, "obsolete header line folding");
  }
  size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return Error(400, "malformed header");
  std::string_view name = line.substr(0, colon);
  if (!All<IsTokenChar>(name)) {
    return Error(400, "malformed header name");
  }
  std::string_view value = Trim(line.substr(colon + 1));
  for (char c : value) {
    auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t') || u == 0x7f) return Error(400, "control character in header");
  }
  switch (AsciiLower(name.front())) {
    case 'a':
      if (AsciiEqualsNoCase(name, "authorization")) request->authorization = value;
      break;
    case 'c':
      if (AsciiEqualsNoCase(name, "connection")) {
        if (HasToken(value, "close")) request->keep_alive = false;
        if (HasToken(value, "keep-alive") && request->version_minor == 0) {
          request->keep_alive = true;
        }
      } else if (AsciiEqualsNoCase(name, "content-length")) {
        uint64_t length = 0;
        if (!ParseDecimal(value, &length)) return Error(400, "malformed Content-Length");
        if (*saw_length && length != request->content_length) {
          return Error(400, "conflicting Content-Length headers");
        }
        *saw_length = true;
        request->has_content_length = true;
        request->content_length = length;
      }
      break;
    case 'e':
      if (AsciiEqualsNoCase(name, "expect")) {
        if (!AsciiEqualsNoCase(value, "100-continue")) return Error(417, "unsupported Expect");
        request->expect_continue = true;
      }
      break;
    case 'h':
      if (AsciiEqualsNoCase(name, "host")) request->host = value;
      break;
    case 'i':
      if (AsciiEqualsNoCase(name, "if-none-match")) request->if_none_match = value;
      break;
    case 'r':
      if (AsciiEqualsNoCase(name, "referer")) request->referer = value;
      break;
    case 't':
      if (AsciiEqualsNoCase(name, "transfer-encoding")) {
        return Error(501, "Transfer-Encoding is not supported; send Content-Length");
      }
      break;
    case 'u':
      if (AsciiEqualsNoCase(name, "user-agent")) request->user_agent = value;
      break;
    case 'x':
      if (AsciiEqualsNoCase(name, "x-phonebook-version")) request->phonebook_version = value;
      break;
    default:
      break;
  }
  return ParseResult{ParseState::kComplete, 0, {}};
}

}  // namespace

ParseResult ParseRequestHead(std::string_view bytes, const HttpLimits& limits,
                             HttpRequest* request) {
  *request = HttpRequest{};
  // Tolerate empty lines before a request (RFC 9112 §2.2).
  size_t skipped = 0;
  while (skipped < bytes.size() && skipped < 8 &&
         (bytes[skipped] == '\r' || bytes[skipped] == '\n')) {
    ++skipped;
  }
  std::string_view rest = bytes.substr(skipped);
  std::string_view line;
  if (!NextLine(&rest, &line)) {
    if (rest.size() > limits.max_request_line) return Error(414, "request line too long");
    return ParseResult{};
  }
  if (line.size() > limits.max_request_line) return Error(414, "request line too long");
  ParseResult result = ParseRequestLine(line, request);
  if (result.state != ParseState::kComplete) return result;
  bool saw_length = false;
  size_t count = 0;
  while (true) {
    if (!NextLine(&rest, &line)) {
      if (bytes.size() > limits.max_head_bytes) return Error(431, "request head too large");
      return ParseResult{};
    }
    if (bytes.size() - rest.size() > limits.max_head_bytes) {
      return Error(431, "request head too large");
    }
    if (line.empty()) break;
    if (++count > limits.max_header_count) return Error(431, "too many headers");
    result = ParseHeader(line, request, &saw_length);
    if (result.state != ParseState::kComplete) return result;
  }
  request->head_size = bytes.size() - rest.size();
  return ParseResult{ParseState::kComplete, 0, {}};
}

}  // namespace cm::pbserver
