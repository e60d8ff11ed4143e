// SPDX-License-Identifier: MIT
// Canonical .pbk line walking.
#include "release/canonical_lines.h"

#include <fmt/format.h>

#include <charconv>
#include <cstring>

namespace cm::internal {

bool ParseUint32(std::string_view digits, uint32_t* value) {
  if (digits.empty() || digits.size() > 10) return false;
  for (char c : digits) {
    if (c < '0' || c > '9') return false;
  }
  uint64_t wide = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), wide);
  if (ec != std::errc() || end != digits.data() + digits.size() || wide > UINT32_MAX) return false;
  *value = static_cast<uint32_t>(wide);
  return true;
}

namespace {

// The first CR LF in [p, end), or nullptr.
const char* FindCrlf(const char* p, const char* end) {
  while (p < end) {
    const char* cr = static_cast<const char*>(std::memchr(p, '\r', static_cast<size_t>(end - p)));
    if (cr == nullptr || cr + 1 == end) return nullptr;
    if (cr[1] == '\n') return cr;
    p = cr + 1;
  }
  return nullptr;
}

}  // namespace

Result<bool> CanonicalLineReader::Next(CanonicalLine* line) {
  if (rest_.empty()) return false;
  ++line_number_;
  // The POP index is read digit by digit up to its comma, then one memchr finds the line's end:
  // this runs once per line of a 65,000-POP book on every delta, so it reads each byte once.
  const char* begin = rest_.data();
  const char* end = begin + rest_.size();
  const char* p = begin;
  uint64_t id = 0;
  while (p < end && p - begin < 11 && *p >= '0' && *p <= '9') id = id * 10 + (*p++ - '0');
  if (p == begin || p == end || *p != ',' || p - begin > 10 || id > UINT32_MAX) {
    if (FindCrlf(begin, end) == nullptr) {
      return Fail(Errc::kCorrupt, fmt::format("{}: line does not end in CRLF", what_),
                  {.line = line_number_});
    }
    return Fail(Errc::kCorrupt,
                fmt::format("{}: line does not start with a POP index and a comma", what_),
                {.line = line_number_});
  }
  const char* cr = FindCrlf(p, end);
  if (cr == nullptr) {
    return Fail(Errc::kCorrupt, fmt::format("{}: line does not end in CRLF", what_),
                {.line = line_number_});
  }
  if (have_previous_ && id <= previous_id_) {
    return Fail(Errc::kCorrupt,
                fmt::format("{}: POP index {} does not follow {} (canonical phone books are "
                            "sorted by POP index with no repeats)",
                            what_, id, previous_id_),
                {.line = line_number_});
  }
  have_previous_ = true;
  previous_id_ = static_cast<uint32_t>(id);
  const size_t size = static_cast<size_t>(cr + 2 - begin);
  *line = {previous_id_, rest_.substr(0, size)};
  rest_.remove_prefix(size);
  return true;
}

}  // namespace cm::internal
