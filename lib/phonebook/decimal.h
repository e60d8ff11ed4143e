// SPDX-License-Identifier: MIT
// Strict unsigned decimal fields of phone book and region files: digits 0-9 only.
#pragma once

#include <cstdint>
#include <string_view>

namespace cm::internal {

struct Decimal {
  enum class Kind { kEmpty, kValue, kNotDigits, kTooLarge };
  Kind kind = Kind::kEmpty;
  uint32_t value = 0;
};

// Reads `text` as an unsigned 32-bit decimal (a hand loop: std::from_chars would need a second
// pass to tell "not digits" from "too large"). Any character other than 0-9 (a sign, a space)
// gives kNotDigits; digits beyond 4294967295 give kTooLarge; "" gives kEmpty.
inline Decimal ParseDecimal(std::string_view text) {
  Decimal result;
  if (text.empty()) return result;
  uint64_t value = 0;
  bool too_large = false;
  for (char c : text) {
    if (c < '0' || c > '9') {
      result.kind = Decimal::Kind::kNotDigits;
      return result;
    }
    value = value * 10 + static_cast<uint64_t>(c - '0');
    if (value > UINT32_MAX) {
      too_large = true;
      value = UINT32_MAX;  // keep scanning for non-digits without overflowing
    }
  }
  result.kind = too_large ? Decimal::Kind::kTooLarge : Decimal::Kind::kValue;
  result.value = static_cast<uint32_t>(value);
  return result;
}

}  // namespace cm::internal
