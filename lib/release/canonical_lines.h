// SPDX-License-Identifier: MIT
// Walking canonical .pbk text line by line: each line starts with its POP index, ends in CRLF,
// and indexes strictly increase. Shared by the delta maker and applier.
#pragma once

#include <cstdint>
#include <string_view>

#include "cm/result.h"

namespace cm::internal {

struct CanonicalLine {
  uint32_t pop_id = 0;
  std::string_view text;  // the whole line including its CRLF
};

// Reads canonical lines from `text` in order, checking the canonical rules as it goes.
class CanonicalLineReader {
 public:
  // `what` names the input in errors ("base phone book", "delta").
  CanonicalLineReader(std::string_view text, std::string_view what, uint32_t first_line = 1)
      : rest_(text), what_(what), line_number_(first_line - 1) {}

  // The next line, or nullopt-like false at the end. kCorrupt naming the line on a rule broken.
  [[nodiscard]] Result<bool> Next(CanonicalLine* line);
  uint32_t line_number() const { return line_number_; }
  std::string_view rest() const { return rest_; }

 private:
  std::string_view rest_;
  std::string_view what_;
  uint32_t line_number_;
  bool have_previous_ = false;
  uint32_t previous_id_ = 0;
};

// Parses a whole line of decimal digits (no sign, no spaces) into a uint32. False on overflow or
// any other character.
bool ParseUint32(std::string_view digits, uint32_t* value);

}  // namespace cm::internal
