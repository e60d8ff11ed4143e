// SPDX-License-Identifier: MIT
// Number parsing the way GetPrivateProfileInt does it (ini-semantics.md items 28-36).
#pragma once

#include <cstdint>
#include <string_view>

namespace cm::ini {

struct ProfileInt {
  uint32_t value = 0;          // modulo 2^32; negative numbers in two's complement
  bool not_numeric = false;    // no digit at all: value is 0 (item 32)
  bool trailing_text = false;  // digits were followed by text that was ignored (item 31)
  bool radix_prefix = false;   // read as hex/octal/binary after 0x/0o/0b (item 35)
};

// Parses a value that Get() returned (already trimmed and unquoted), like RtlCharToInteger with
// base 0, which GetPrivateProfileInt uses: control characters and spaces skipped, one optional
// '+' or '-', an optional 0x/0X (16), 0o/0O (8) or 0b/0B (2) prefix, then digits up to the first
// character that isn't one. Overflow wraps modulo 2^32 without clamping (item 30).
// REQUIRES: the caller handles an empty value (GetPrivateProfileInt returns the default, item 34).
ProfileInt ParseProfileInt(std::string_view text);

}  // namespace cm::ini
