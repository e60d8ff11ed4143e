// SPDX-License-Identifier: MIT
// Splits text into lines ending in CRLF, LF, LFCR or CR, as phone book readers need.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

namespace cm::internal {

// Hands out the lines of `bytes` in order, without their line ends. A line ends at CR or LF;
// the other one of the pair directly after it belongs to the same line end, so CRLF, LFCR, LF
// and CR each end one line. Text after the last line end is a line when it is not empty.
// `bytes` must outlive the splitter and the views it returns. Runs in linear time whatever the
// mix of line ends (the next CR and the next LF are each searched for once per occurrence).
class LineSplitter {
 public:
  explicit LineSplitter(std::string_view bytes) : bytes_(bytes) {}

  // The next line, or nullopt at the end of the input.
  std::optional<std::string_view> Next() {
    size_t size = bytes_.size();
    if (position_ >= size) return std::nullopt;
    if (!searched_ || next_lf_ < position_) next_lf_ = Find('\n');
    if (!searched_ || next_cr_ < position_) next_cr_ = Find('\r');
    searched_ = true;
    size_t end = next_lf_ < next_cr_ ? next_lf_ : next_cr_;
    std::string_view line = bytes_.substr(position_, end - position_);
    size_t next = end;
    if (end < size) {
      next = end + 1;
      char pair = bytes_[end] == '\r' ? '\n' : '\r';
      if (next < size && bytes_[next] == pair) ++next;
    }
    position_ = next;
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

  // True when no remaining line has any text (only line ends, or nothing, are left).
  bool OnlyBlankRemaining() const {
    for (size_t i = position_; i < bytes_.size(); ++i) {
      if (bytes_[i] != '\r' && bytes_[i] != '\n') return false;
    }
    return true;
  }

 private:
  // Position of the first `c` at or after position_, or the input size when there is none.
  size_t Find(char c) const {
    const void* found = std::memchr(bytes_.data() + position_, c, bytes_.size() - position_);
    return found == nullptr ? bytes_.size()
                            : static_cast<size_t>(static_cast<const char*>(found) - bytes_.data());
  }

  std::string_view bytes_;
  size_t position_ = 0;
  size_t next_lf_ = 0;  // cached search results; recomputed once passed
  size_t next_cr_ = 0;
  uint32_t line_number_ = 0;
  bool searched_ = false;
};

}  // namespace cm::internal
