// SPDX-License-Identifier: MIT
// Microsoft cabinet files ([MS-CAB]): writing MSZIP cabinets and reading them back.
//
// The writer drives libgcab and is deterministic: every file gets the same fixed date (from
// SOURCE_DATE_EPOCH when set, else 1980-01-01 00:00:00) and members keep the caller's order.
// The reader takes bytes and never touches the disk; it checks every offset and size against
// the input and its limits before use, so hostile cabinets get an error, not a crash.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cm/result.h"

namespace cm {

// One member of a cabinet. `name` uses '\' or '/' as given; no folder entries exist in CAB.
struct CabEntry {
  std::string name;
  std::string data;

  bool operator==(const CabEntry&) const = default;
};

enum class CabCompression { kNone, kMszip };

struct CabWriteOptions {
  CabCompression compression = CabCompression::kMszip;
  // Seconds since the Unix epoch stamped on every member; negative means "use
  // SOURCE_DATE_EPOCH if set, else 1980-01-01 00:00:00 UTC".
  int64_t timestamp = -1;
};

// Builds a cabinet holding `entries` in order. Errors: kInvalidArgument for an empty or
// over-long name, duplicate names, or a member over 2 GiB; kInternal when libgcab fails.
[[nodiscard]] Result<std::string> WriteCabinet(const std::vector<CabEntry>& entries,
                                               const CabWriteOptions& options = {});

struct CabReadLimits {
  uint64_t max_total_uncompressed = 512ull << 20;  // sum of member sizes
  uint32_t max_members = 100000;
};

// Reads every member of a single-volume cabinet (no compression or MSZIP; Quantum and LZX are
// kUnsupported). Errors: kCorrupt with the byte offset of the first structure that does not
// hold (bad signature, offsets out of range, bad CFDATA checksum, inflate failure, sizes that
// disagree), kLimit when the limits are exceeded, kUnsupported for multi-volume cabinets.
[[nodiscard]] Result<std::vector<CabEntry>> ReadCabinet(std::string_view bytes,
                                                        const CabReadLimits& limits = {});

}  // namespace cm
