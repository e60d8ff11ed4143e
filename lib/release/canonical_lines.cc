// SPDX-License-Identifier: MIT
// Canonical .pbk line walking.
#include "release/canonical_lines.h"

#include <fmt/format.h>

#include <charconv>

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

Result<bool> CanonicalLineReader::Next(CanonicalLine* line) {
  if (rest_.empty()) return false;
  ++line_number_;
  size_t end = rest_.find("\r\n");
  if (end == std::string_view::npos) {
    return Fail(Errc::kCorrupt, fmt::format("{}: line does not end in CRLF", what_),
                {.line = line_number_});
  }
  std::string_view text = rest_.substr(0, end + 2);
  size_t comma = text.find(',');
  uint32_t id = 0;
  if (comma == std::string_view::npos || !ParseUint32(text.substr(0, comma), &id)) {
    return Fail(Errc::kCorrupt,
                fmt::format("{}: line does not start with a POP index and a comma", what_),
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
  previous_id_ = id;
  rest_.remove_prefix(text.size());
  *line = {id, text};
  return true;
}

}  // namespace cm::internal
