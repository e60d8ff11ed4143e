// SPDX-License-Identifier: MIT
// Microsoft cabinet files ([MS-CAB]): writing MSZIP cabinets and reading them back.
//
// The writer drives libgcab and is deterministic: every file gets the same fixed date (from
// SOURCE_DATE_EPOCH when set, else 1980-01-01 00:00:00) and members keep the caller's order.
// The reader takes bytes and never touches the disk; it checks every offset and size against
// the input and its limits before use, so hostile cabinets get an error, not a crash.
// docs/formats/cab.md describes what is written and what is accepted. Both functions are
// thread-safe (they share no state).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cm/result.h"

namespace cm {

// One member of a cabinet. `name` is a relative path; CAB has no folder entries. The writer
// stores '/' as '\' (the CAB separator), so ReadCabinet(WriteCabinet({{"a/b", d}})) gives "a\b";
// the reader returns names exactly as stored.
struct CabEntry {
  std::string name;
  std::string data;

  bool operator==(const CabEntry&) const = default;
};

enum class CabCompression { kNone, kMszip };

struct CabWriteOptions {
  CabCompression compression = CabCompression::kMszip;
  // Seconds since the Unix epoch stamped on every member (as UTC); negative means "use
  // SOURCE_DATE_EPOCH if set, else 1980-01-01 00:00:00 UTC". Clamped to the MS-DOS date range
  // 1980-01-01 .. 2107-12-31; CAB times have two-second resolution.
  int64_t timestamp = -1;
};

// Builds a one-folder cabinet holding `entries` in order, with a checksum on every CFDATA and
// setID 0. Errors: kInvalidArgument for an empty name, a name over 255 bytes or with a NUL,
// duplicate names (after the '/' rule, ignoring ASCII case), more than 65535 members, a member
// over 2 GiB, members totalling more than 65535 blocks of 32 KiB, or a set but malformed
// SOURCE_DATE_EPOCH; kInternal when libgcab fails.
[[nodiscard]] Result<std::string> WriteCabinet(const std::vector<CabEntry>& entries,
                                               const CabWriteOptions& options = {});

struct CabReadLimits {
  // Bounds both the sum of member sizes (CFFILE.cbFile) and the decoded folder data (sum of
  // CFDATA.cbUncomp); checked before anything is inflated. A read takes up to about twice this
  // much memory.
  uint64_t max_total_uncompressed = 512ull << 20;
  uint32_t max_members = 100000;  // CFHEADER.cFiles
};

// Reads every member of a single-volume cabinet, in CFFILE order (folders uncompressed or
// MSZIP, with or without checksums and reserve areas; bytes after CFHEADER.cbCabinet are
// ignored). Errors, with Error::location().offset set to the byte offset of the structure at
// fault: kCorrupt when a structure does not hold (bad signature, truncation, offsets out of
// range, bad CFDATA checksum, inflate failure, sizes that disagree, a member range outside its
// folder); kLimit when `limits` are exceeded; kUnsupported for Quantum or LZX folders,
// multi-volume cabinets and format versions other than 1.x; kInternal when zlib fails.
[[nodiscard]] Result<std::vector<CabEntry>> ReadCabinet(std::string_view bytes,
                                                        const CabReadLimits& limits = {});

}  // namespace cm
