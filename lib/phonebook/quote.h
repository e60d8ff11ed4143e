// SPDX-License-Identifier: MIT
// Quotes untrusted field text for diagnostic messages: printable, short, always valid UTF-8.
#pragma once

#include <string>
#include <string_view>

namespace cm::internal {

// `text` in double quotes; bytes outside printable ASCII become \xNN, '"' and '\' are escaped,
// and text past 40 bytes is cut with "...".
inline std::string Quote(std::string_view text) {
  constexpr size_t kMaxShown = 40;
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = "\"";
  for (size_t i = 0; i < text.size() && i < kMaxShown; ++i) {
    auto byte = static_cast<unsigned char>(text[i]);
    if (byte == '"' || byte == '\\') {
      out += '\\';
      out += static_cast<char>(byte);
    } else if (byte < 0x20 || byte >= 0x7F) {
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    } else {
      out += static_cast<char>(byte);
    }
  }
  if (text.size() > kMaxShown) out += "...";
  out += '"';
  return out;
}

}  // namespace cm::internal
