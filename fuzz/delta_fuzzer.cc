// SPDX-License-Identifier: MIT
// Fuzzes the delta applier: the input is split into a base phone book and a delta at the first
// "\n--\n"; whatever the applier accepts must turn the base into a canonical book from which
// MakePbkDelta rebuilds a delta that reproduces the same result; the streaming applier (a sink
// given the pieces) must accept and refuse exactly the same inputs, and its pieces must make
// the same book.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "cm/release.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t split = input.find("\n--\n");
  std::string_view base =
      split == std::string_view::npos ? std::string_view() : input.substr(0, split);
  std::string_view delta = split == std::string_view::npos ? input : input.substr(split + 4);
  auto applied = cm::ApplyPbkDelta(base, delta);
  std::string streamed;
  cm::Status streaming = cm::ApplyPbkDelta(base, delta, [&streamed](std::string_view piece) {
    streamed += piece;
    return cm::Status();
  });
  if (streaming.has_value() != applied.has_value()) std::abort();
  if (!applied) return 0;
  if (streamed != *applied) std::abort();
  // The applier accepted it, so the base was canonical and so is the result.
  auto rebuilt = cm::MakePbkDelta(base, *applied);
  if (!rebuilt) std::abort();
  auto again = cm::ApplyPbkDelta(base, *rebuilt);
  if (!again || *again != *applied) std::abort();
  return 0;
}
