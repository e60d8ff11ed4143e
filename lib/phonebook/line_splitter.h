// SPDX-License-Identifier: MIT
// Splits text into lines ending in CRLF, LF, LFCR or CR, as phone book readers need.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace cm::internal {

// Hands out the lines of `bytes` in order, without their line ends. A line ends at CR or LF;
// the other one of the pair directly after it belongs to the same line end, so CRLF, LFCR, LF
// and CR each end one line. Text after the last line end is a line when it is not empty.
// `bytes` must outlive the splitter and the views it returns.
class LineSplitter {
 public:
  explicit LineSplitter(std::string_view bytes) : rest_(bytes) {}

  // The next line, or nullopt at the end of the input.
  std::optional<std::string_view> Next() {
    if (rest_.empty()) return std::nullopt;
    size_t end = 0;
    while (end < rest_.size() && rest_[end] != '\r' && rest_[end] != '\n') ++end;
    std::string_view line = rest_.substr(0, end);
    size_t skip = end;
    if (end < rest_.size()) {
      char first = rest_[end];
      skip = end + 1;
      char pair = first == '\r' ? '\n' : '\r';
      if (skip < rest_.size() && rest_[skip] == pair) ++skip;
    }
    rest_.remove_prefix(skip);
    ++line_number_;
    return line;
  }

  // 1-based number of the line Next() returned last; 0 before the first.
  uint32_t line_number() const { return line_number_; }

  // How many of the remaining lines are not empty.
  size_t CountNonBlankRemaining() const {
    LineSplitter copy = *this;
    size_t count = 0;
    while (auto line = copy.Next()) {
      if (!line->empty()) ++count;
    }
    return count;
  }

 private:
  std::string_view rest_;
  uint32_t line_number_ = 0;
};

}  // namespace cm::internal
