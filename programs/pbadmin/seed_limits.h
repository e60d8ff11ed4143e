// SPDX-License-Identifier: MIT
// The seed's limits of the Phone Book Administrator and how a workspace setting lifts some.
//
// They protect Connection Manager 1.3 clients. `pbadmin config set limits cmdial` lifts the
// POP-count and per-post limits for phone books read only by cmdial; the name rule and the
// number of updates always apply.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "cm/result.h"

namespace cm::pbadmin {

inline constexpr size_t kMaxPopsPerBook = 65000;      // "no more than 65,000 POPs"
inline constexpr size_t kMaxFirstImportPops = 32000;  // an import before the first post
inline constexpr size_t kMaxChangesPerPost = 6000;    // adds+edits+deletes per later post
inline constexpr uint32_t kMaxReleases = 32676;       // "updated no more than 32,676 times"

enum class LimitsMode {
  kCm13,    // the seed's limits (default)
  kCmdial,  // POP-count and per-post limits lifted
};

// "cm13" / "cmdial".
std::string_view LimitsModeName(LimitsMode mode);
// Parses a mode name; kInvalidArgument naming the accepted values.
[[nodiscard]] Result<LimitsMode> ParseLimitsMode(std::string_view text);

// 65000 -> "65,000".
std::string Thousands(uint64_t value);

// The kLimit error for `limit` (a description such as "POPs in a phone book") with its maximum
// and the count found, saying how the limit can be lifted when `liftable`.
Error LimitError(std::string_view where, std::string_view limit, uint64_t maximum, uint64_t found,
                 bool liftable);

}  // namespace cm::pbadmin
