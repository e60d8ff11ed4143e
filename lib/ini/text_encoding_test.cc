// SPDX-License-Identifier: MIT
// Tests for the UTF-8 / Windows-1252 / UTF-16LE conversions.
#include "ini/text_encoding.h"

#include <gtest/gtest.h>

#include <string>

namespace cm::ini {
namespace {

using namespace std::string_literals;

TEST(IniTextEncodingTest, RecognisesValidUtf8) {
  struct Case {
    std::string bytes;
    bool valid;
  };
  const Case cases[] = {
      {"", true},
      {"plain ascii\r\n", true},
      {"R\xC3\xA9seau", true},             // é
      {"\xE2\x82\xAC", true},              // €
      {"\xF0\x9F\x98\x80", true},          // U+1F600
      {"\0x"s, true},                      // NUL is a character
      {"R\xE9seau", false},                // Windows-1252 é
      {"\xC0\xAF", false},                 // overlong '/'
      {"\xE0\x80\xAF", false},             // overlong, three bytes
      {"\xED\xA0\x80", false},             // surrogate U+D800
      {"\xF4\x90\x80\x80", false},         // above U+10FFFF
      {"\xC3", false},                     // truncated
      {"\x80", false},                     // lone continuation
      {"\xFF\xFE", false},                 // UTF-16 BOM bytes
  };
  for (const Case& c : cases) {
    EXPECT_EQ(IsValidUtf8(c.bytes), c.valid) << "bytes: " << c.bytes;
  }
}

TEST(IniTextEncodingTest, DecodesWindows1252) {
  EXPECT_EQ(DecodeWindows1252("R\xE9seau \x80 \x92"), "R\xC3\xA9seau \xE2\x82\xAC \xE2\x80\x99");
  // The five undefined bytes become the C1 controls of the same number.
  EXPECT_EQ(DecodeWindows1252("\x81\x8D\x8F\x90\x9D"),
            "\xC2\x81\xC2\x8D\xC2\x8F\xC2\x90\xC2\x9D");
}

TEST(IniTextEncodingTest, EveryWindows1252ByteRoundTrips) {
  std::string all;
  for (int b = 0; b < 256; ++b) all += static_cast<char>(b);
  const std::string utf8 = DecodeWindows1252(all);
  EXPECT_TRUE(IsValidUtf8(utf8));
  Result<std::string> back = EncodeWindows1252(utf8);
  ASSERT_TRUE(back) << back.error().ToString();
  EXPECT_EQ(*back, all);
}

TEST(IniTextEncodingTest, RefusesCharactersWindows1252Lacks) {
  struct Case {
    std::string utf8;
    size_t offset;
  };
  const Case cases[] = {
      {"ok \xE2\x9D\xA4", 3},        // U+2764 heavy heart
      {"\xC2\x80", 0},               // U+0080: 0x80 is the euro sign in 1252
      {"ab\xC4\x80", 2},             // U+0100
      {"x\xF0\x9F\x98\x80", 1},      // U+1F600
      {"bad \xE9", 4},               // not UTF-8 at all
  };
  for (const Case& c : cases) {
    Result<std::string> encoded = EncodeWindows1252(c.utf8);
    ASSERT_FALSE(encoded) << c.utf8;
    EXPECT_EQ(encoded.error().code(), Errc::kInvalidArgument);
    EXPECT_EQ(encoded.error().location().offset, c.offset) << c.utf8;
  }
}

TEST(IniTextEncodingTest, Utf16LeRoundTripsIncludingSurrogatePairs) {
  const std::string utf8 = "A\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80";
  Result<std::string> utf16 = EncodeUtf16Le(utf8);
  ASSERT_TRUE(utf16);
  EXPECT_EQ(*utf16, "A\0\xE9\0\xAC\x20\x3D\xD8\x00\xDE"s);
  const Utf16Decoded decoded = DecodeUtf16Le(*utf16);
  EXPECT_EQ(decoded.utf8, utf8);
  EXPECT_TRUE(decoded.bad_offsets.empty());
}

TEST(IniTextEncodingTest, UnpairedSurrogatesDecodeAsReplacementWithOffsets) {
  // lone high, lone low, high followed by a non-surrogate, high at the end
  const std::string bytes = "\x00\xD8" "A\0" "\x00\xDC" "\x01\xD8" "B\0" "\x02\xD8"s;
  const Utf16Decoded decoded = DecodeUtf16Le(bytes);
  EXPECT_EQ(decoded.utf8, "\xEF\xBF\xBD" "A" "\xEF\xBF\xBD\xEF\xBF\xBD" "B" "\xEF\xBF\xBD");
  EXPECT_EQ(decoded.bad_offsets, (std::vector<size_t>{0, 4, 6, 10}));
}

TEST(IniTextEncodingTest, Utf16EncoderRefusesInvalidUtf8) {
  Result<std::string> encoded = EncodeUtf16Le("ab\xFF");
  ASSERT_FALSE(encoded);
  EXPECT_EQ(encoded.error().location().offset, 2u);
}

TEST(IniTextEncodingTest, CountsUtf16Units) {
  EXPECT_EQ(Utf16Length(""), 0u);
  EXPECT_EQ(Utf16Length("abc"), 3u);
  EXPECT_EQ(Utf16Length("\xC3\xA9\xE2\x82\xAC"), 2u);
  EXPECT_EQ(Utf16Length("\xF0\x9F\x98\x80"), 2u);
}

}  // namespace
}  // namespace cm::ini
