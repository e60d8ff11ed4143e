// SPDX-License-Identifier: MIT
// Tests for GetPrivateProfileInt's conversion (ini-semantics.md items 28-36).
#include "ini/profile_int.h"

#include <gtest/gtest.h>

#include <string>

namespace cm::ini {
namespace {

TEST(IniProfileIntTest, ConvertsLikeGetPrivateProfileInt) {
  struct Case {
    std::string text;
    uint32_t value;
    bool not_numeric;
    bool trailing_text;
    bool radix_prefix;
  };
  const Case cases[] = {
      {"123", 123, false, false, false},
      {"0", 0, false, false, false},
      {"-1", 4294967295u, false, false, false},           // item 28
      {"+1", 1, false, false, false},                     // item 29
      {"4294967296", 0, false, false, false},             // item 30
      {"4294967297", 1, false, false, false},             // item 30
      {"-4294967297", 4294967295u, false, false, false},  // item 30
      {"42A94967297", 42, false, true, false},            // item 31
      {"102abc", 102, false, true, false},                // item 31 (old GetProfileInt page)
      {"B4294967297", 0, true, false, false},             // item 32
      {"abc", 0, true, false, false},                     // item 32
      {"-", 0, true, false, false},
      {"+x", 0, true, false, false},
      {" 7", 7, false, false, false},                     // item 33 (blanks inside quotes)
      {"7 ", 7, false, true, false},
      {"0x10", 16, false, false, true},                   // item 35
      {"0X0041", 65, false, false, true},                 // .cms Mask&/Match& values
      {"0xfg", 15, false, true, true},
      {"0x", 0, false, false, true},                      // prefix, no digits
      {"0xg", 0, false, true, true},
      {"0b101", 5, false, false, true},
      {"0o17", 15, false, false, true},
      {"-0x1", 4294967295u, false, false, true},
      {"08", 8, false, false, false},                     // no octal without 0o
      {"99999999999999999999", 1661992959u, false, false, false},
  };
  for (const Case& c : cases) {
    const ProfileInt parsed = ParseProfileInt(c.text);
    EXPECT_EQ(parsed.value, c.value) << "text: " << c.text;
    EXPECT_EQ(parsed.not_numeric, c.not_numeric) << "text: " << c.text;
    EXPECT_EQ(parsed.trailing_text, c.trailing_text) << "text: " << c.text;
    EXPECT_EQ(parsed.radix_prefix, c.radix_prefix) << "text: " << c.text;
  }
}

}  // namespace
}  // namespace cm::ini
