// SPDX-License-Identifier: MIT
// Strict unsigned decimal fields of phone book and region files: digits 0-9 only.
#pragma once

#include <charconv>
#include <cstdint>
#include <string_view>

namespace cm::internal {

struct Decimal {
  enum class Kind { kEmpty, kValue, kNotDigits, kTooLarge };
  Kind kind = Kind::kEmpty;
  uint32_t value = 0;
};

// Reads `text` as an unsigned 32-bit decimal. Any character other than 0-9 (a sign, a space)
// gives kNotDigits; digits beyond 4294967295 give kTooLarge; "" gives kEmpty.
inline Decimal ParseDecimal(std::string_view text) {
  Decimal result;
  if (text.empty()) return result;
  for (char c : text) {
    if (c < '0' || c > '9') {
      result.kind = Decimal::Kind::kNotDigits;
      return result;
    }
  }
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), result.value);
  result.kind = (ec == std::errc() && ptr == text.data() + text.size()) ? Decimal::Kind::kValue
                                                                       : Decimal::Kind::kTooLarge;
  return result;
}

}  // namespace cm::internal
