// SPDX-License-Identifier: MIT
// The cabinet writer's date rule, exposed so tests can check it on its own.
#pragma once

#include <cstdint>

#include "cm/result.h"

namespace cm::cab {

// The seconds since the Unix epoch stamped on every member: `requested` when it is not
// negative, else `source_date_epoch` (the SOURCE_DATE_EPOCH variable, may be null) when set,
// else 1980-01-01 00:00:00 UTC. The result is clamped to what an MS-DOS date holds
// (1980-01-01 .. 2107-12-31). Errors: kInvalidArgument when SOURCE_DATE_EPOCH is set but is
// not a non-negative decimal integer (reproducible-builds.org says to fail, not to guess).
[[nodiscard]] Result<int64_t> ResolveTimestamp(int64_t requested, const char* source_date_epoch);

}  // namespace cm::cab
