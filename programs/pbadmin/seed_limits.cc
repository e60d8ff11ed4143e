// SPDX-License-Identifier: MIT
// Limit names, parsing and messages.
#include "seed_limits.h"

#include <fmt/format.h>

namespace cm::pbadmin {

std::string_view LimitsModeName(LimitsMode mode) {
  return mode == LimitsMode::kCmdial ? "cmdial" : "cm13";
}

Result<LimitsMode> ParseLimitsMode(std::string_view text) {
  if (text == "cm13") return LimitsMode::kCm13;
  if (text == "cmdial") return LimitsMode::kCmdial;
  return Fail(Errc::kInvalidArgument,
              fmt::format("unknown limits '{}': use cm13 (the seed's limits, for Connection "
                          "Manager 1.3 clients) or cmdial (POP-count and per-post limits lifted)",
                          text));
}

std::string Thousands(uint64_t value) {
  std::string digits = std::to_string(value);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

Error LimitError(std::string_view where, std::string_view limit, uint64_t maximum, uint64_t found,
                 bool liftable) {
  std::string message = fmt::format("limit exceeded: at most {} {}, found {}", Thousands(maximum),
                                    limit, Thousands(found));
  if (liftable) {
    message +=
        " (the seed's limit for Connection Manager 1.3 clients; 'pbadmin config set limits "
        "cmdial' lifts it for phone books read only by cmdial)";
  }
  return Error(Errc::kLimit, std::move(message), {.file = std::string(where)});
}

}  // namespace cm::pbadmin
