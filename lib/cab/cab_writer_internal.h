// SPDX-License-Identifier: MIT
// Pieces of the cabinet writer that tests check on their own: the date rule.
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

// CFFILE.date and CFFILE.time ([MS-CAB] §2.3) for a UTC time.
// REQUIRES: 1980-01-01 <= unix_seconds <= 2107-12-31 23:59:59.
struct DosDateTime {
  uint16_t date = 0;
  uint16_t time = 0;
};
DosDateTime ToDosDateTime(int64_t unix_seconds);

}  // namespace cm::cab
