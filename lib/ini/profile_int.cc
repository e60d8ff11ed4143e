// SPDX-License-Identifier: MIT
// GetPrivateProfileInt's number conversion.
#include "ini/profile_int.h"

#include <cstddef>

namespace cm::ini {
namespace {

// The digit's value, or 36 for anything that isn't a digit or letter.
uint32_t DigitValue(char c) {
  if (c >= '0' && c <= '9') return static_cast<uint32_t>(c - '0');
  if (c >= 'a' && c <= 'z') return static_cast<uint32_t>(c - 'a' + 10);
  if (c >= 'A' && c <= 'Z') return static_cast<uint32_t>(c - 'A' + 10);
  return 36;
}

uint32_t RadixOf(char marker) {
  switch (marker) {
    case 'x': case 'X': return 16;
    case 'o': case 'O': return 8;
    case 'b': case 'B': return 2;
    default: return 0;
  }
}

}  // namespace

ProfileInt ParseProfileInt(std::string_view text) {
  ProfileInt result;
  size_t pos = 0;
  while (pos < text.size() && static_cast<unsigned char>(text[pos]) <= ' ') ++pos;
  bool negative = false;
  if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    negative = text[pos] == '-';
    ++pos;
  }
  uint32_t radix = 10;
  size_t digits = 0;
  if (pos + 1 < text.size() && text[pos] == '0' && RadixOf(text[pos + 1]) != 0) {
    radix = RadixOf(text[pos + 1]);
    result.radix_prefix = true;
    pos += 2;
    digits = 1;  // the '0' of the prefix is a number on its own
  }
  uint32_t value = 0;
  for (; pos < text.size() && DigitValue(text[pos]) < radix; ++pos, ++digits) {
    value = value * radix + DigitValue(text[pos]);  // unsigned: wraps modulo 2^32 (item 30)
  }
  result.value = negative ? 0u - value : value;
  result.not_numeric = digits == 0;
  result.trailing_text = digits != 0 && pos < text.size();
  return result;
}

}  // namespace cm::ini
