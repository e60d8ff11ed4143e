// SPDX-License-Identifier: MIT
// libFuzzer target: pbserver's request head parser, update query parser and pure handler.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "catalog.h"
#include "counters.h"
#include "handler.h"
#include "http_request.h"
#include "query.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace cm::pbserver;
  static const Catalog* catalog = [] {
    Catalog::Map books;
    books["CORP"] = PrepareEntry("CORP", 7, "full-cabinet-bytes",
                                 {{5, "delta-5"}, {6, "delta-6"}}, {});
    return new Catalog(std::move(books));
  }();
  static Counters counters(1);
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  HttpLimits limits;
  HandlerContext context{false, false, 1 << 20, &counters};
  // Parse pipelined requests the way a connection does.
  for (int i = 0; i < 16 && !bytes.empty(); ++i) {
    HttpRequest request;
    ParseResult parsed = ParseRequestHead(bytes, limits, &request);
    if (parsed.state != ParseState::kComplete) break;
    if (request.head_size == 0 || request.head_size > bytes.size()) __builtin_trap();
    Response response = HandleRequest(request, *catalog, counters.worker(0), context);
    if (response.head().empty() && !response.post) __builtin_trap();
    UpdateQuery query;
    (void)ParseUpdateQuery(request.query, &query);
    bytes.remove_prefix(request.head_size);
  }
  UpdateQuery query;
  (void)ParseUpdateQuery(std::string_view(reinterpret_cast<const char*>(data), size), &query);
  (void)IfNoneMatchMatches(std::string_view(reinterpret_cast<const char*>(data), size), "\"a\"");
  return 0;
}
