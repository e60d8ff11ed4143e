// SPDX-License-Identifier: MIT
// The pure request handler: routing, the update rule, If-None-Match, metrics and health.
#include "handler.h"

#include <fmt/format.h>

#include "cm/ascii.h"
#include "cm/release.h"
#include "query.h"

namespace cm::pbserver {
namespace {

constexpr std::string_view kUpdatePath = "/pbserver/pbserver.dll";
constexpr std::string_view kPostPrefix = "/pbserver/post/";

bool IsGetOrHead(const HttpRequest& request) {
  return request.method == HttpMethod::kGet || request.method == HttpMethod::kHead;
}

Response MethodNotAllowed(std::string_view allow) {
  Response response = Response::Text(405, "method not allowed", fmt::format("Allow: {}\r\n", allow));
  return response;
}

Response HandleUpdate(const HttpRequest& request, const Catalog& catalog,
                      WorkerCounters& counters) {
  if (!IsGetOrHead(request)) {
    Response response = MethodNotAllowed("GET, HEAD");
    response.hit = HitKind::kError;
    return response;
  }
  UpdateQuery query;
  if (QueryError error = ParseUpdateQuery(request.query, &query); error != QueryError::kNone) {
    Response response = Response::Text(400, QueryErrorText(error));
    response.hit = HitKind::kError;
    return response;
  }
  const PhonebookEntry* entry = catalog.Find(query.pb);
  if (entry == nullptr) {
    Response response = Response::Text(404, "unknown phone book");
    response.hit = HitKind::kError;
    return response;
  }
  uint32_t distance = query.pbver < entry->version ? entry->version - query.pbver : 0;
  bool delta_available = query.pbver != 0 && distance >= 1 && distance < entry->deltas.size() &&
                         entry->deltas[distance].has_value();
  UpdateKind kind = DecideUpdate(query.pbver, entry->version, delta_available);
  if (kind == UpdateKind::kNone) {
    Response response = Response::Prepared(204, entry->no_update_head, {});
    response.hit = HitKind::kNoUpgrade;
    return response;
  }
  const PreparedCabinet& cabinet =
      kind == UpdateKind::kDelta ? *entry->deltas[distance] : entry->full;
  HitKind hit = kind == UpdateKind::kDelta ? HitKind::kDelta : HitKind::kFull;
  if (!request.if_none_match.empty() &&
      IfNoneMatchMatches(request.if_none_match, cabinet.etag)) {
    counters.not_modified.Add();
    Response response = Response::Prepared(304, cabinet.head_304, {});
    response.hit = hit;
    return response;
  }
  Response response = Response::Prepared(200, cabinet.head, cabinet.body);
  if (cabinet.body_file) response.body_fd = cabinet.body_file->fd();
  response.hit = hit;
  return response;
}

Response HandlePostHead(const HttpRequest& request, const HandlerContext& context) {
  std::string_view name = request.path.substr(kPostPrefix.size());
  if (request.method != HttpMethod::kPost) return MethodNotAllowed("POST");
  Response refused;
  if (context.require_tls_for_posting && !context.is_tls) {
    refused = Response::Text(403, "posting needs TLS (the server runs with --require-tls-for-posting)");
  } else if (!IsPhonebookName(name)) {
    refused = Response::Text(400, "the phone book name in the URL breaks the name rule "
                                  "(1-8 letters, digits or _, not all digits)");
  } else if (!request.has_content_length) {
    refused = Response::Text(411, "a post needs Content-Length");
  } else if (request.content_length > context.max_post_bytes) {
    refused = Response::Text(413, fmt::format("the bundle is over the server's limit of {} bytes",
                                              context.max_post_bytes));
  } else {
    Response response = Response::Text(100, "");  // placeholder: the caller continues the post
    response.post = true;
    response.post_name = name;
    return response;
  }
  refused.close = true;  // the body was not read
  return refused;
}

}  // namespace

Response Response::Prepared(int status, std::string_view head, std::string_view body) {
  Response response;
  response.status_ = status;
  response.head_ = head;
  response.body_ = body;
  return response;
}

Response Response::Dynamic(int status, std::string_view content_type, std::string body,
                           std::string_view extra_headers) {
  Response response;
  response.status_ = status;
  response.dynamic_ = true;
  response.owned_head_ = fmt::format(
      "HTTP/1.1 {} {}\r\nServer: pbserver\r\nContent-Type: {}\r\nContent-Length: {}\r\n"
      "Cache-Control: no-store\r\n{}",
      status, StatusText(status), content_type, body.size(), extra_headers);
  response.owned_body_ = std::move(body);
  return response;
}

Response Response::Text(int status, std::string_view body, std::string_view extra_headers) {
  std::string text(body);
  if (!text.empty() && text.back() != '\n') text += '\n';
  return Dynamic(status, "text/plain; charset=utf-8", std::move(text), extra_headers);
}

std::string_view StatusText(int status) {
  switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 411: return "Length Required";
    case 413: return "Payload Too Large";
    case 414: return "URI Too Long";
    case 417: return "Expectation Failed";
    case 422: return "Unprocessable Entity";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "Unknown";
  }
}

Response HandleRequest(const HttpRequest& request, const Catalog& catalog,
                       WorkerCounters& counters, const HandlerContext& context) {
  counters.requests.Add();
  Response response;
  const std::string_view path = request.path;
  if (AsciiEqualsNoCase(path, kUpdatePath)) {
    response = HandleUpdate(request, catalog, counters);
    counters.CountHit(response.hit);
  } else if (path.size() > kPostPrefix.size() &&
             AsciiEqualsNoCase(path.substr(0, kPostPrefix.size()), kPostPrefix)) {
    response = HandlePostHead(request, context);
  } else if (path == "/metrics") {
    if (!IsGetOrHead(request)) {
      response = MethodNotAllowed("GET, HEAD");
    } else {
      response = Response::Dynamic(
          200, "text/plain; version=0.0.4",
          context.counters == nullptr ? std::string() : MetricsText(*context.counters, catalog));
    }
  } else if (path == "/healthz") {
    response = IsGetOrHead(request)
                   ? Response::Text(200, fmt::format("ok {} phone books", catalog.books().size()))
                   : MethodNotAllowed("GET, HEAD");
  } else {
    response = Response::Text(404, "not found");
  }
  if (!request.keep_alive) response.close = true;
  // A body we do not read (a GET with one) would be taken for the next request: close instead.
  if (!response.post && request.content_length > 0) response.close = true;
  return response;
}

Response ParseErrorResponse(int status, std::string_view reason, WorkerCounters& counters) {
  counters.requests.Add();
  counters.CountHit(HitKind::kError);
  Response response = Response::Text(status, reason);
  response.close = true;
  return response;
}

}  // namespace cm::pbserver
