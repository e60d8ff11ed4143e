// SPDX-License-Identifier: MIT
// Tests for line classification, trimming and name matching (ini-semantics.md items 5-21).
#include "ini/ini_line.h"

#include <gtest/gtest.h>

#include <string>

namespace cm::ini {
namespace {

using namespace std::string_literals;

TEST(IniLineTest, ClassifiesLinesLikeWindows) {
  struct Case {
    std::string text;
    LineShape shape;
    std::string name;
    std::string value;
    bool unclosed = false;
    bool text_after = false;
  };
  const Case cases[] = {
      {"", LineShape::kBlank, "", ""},                                     // item 4
      {" \t\v ", LineShape::kBlank, "", ""},                               // item 4
      {";k=v", LineShape::kComment, "", ""},                               // item 21
      {" \t\v;k=v", LineShape::kComment, "", ""},                          // item 21
      {"#k=v", LineShape::kKey, "#k", "v"},                                // item 21: # is no comment
      {"[S]", LineShape::kSection, "S", ""},
      {"  [S]", LineShape::kSection, "S", ""},                             // item 5
      {"[ section1 ]", LineShape::kSection, "section1", ""},               // item 6
      {"[\tx\t]", LineShape::kSection, "x", ""},                           // item 6
      {"[sec]whoops]", LineShape::kSection, "sec", "", false, true},       // item 7
      {"[S]k=v", LineShape::kSection, "S", "", false, true},               // item 7
      {"[S]  ", LineShape::kSection, "S", ""},                             // item 7
      {"[S   ", LineShape::kSection, "S", "", true, false},                // item 8
      {"S]", LineShape::kNoEquals, "", ""},                                // item 8
      {"[[sec]", LineShape::kSection, "[sec", ""},                         // item 8
      {"[\"S\"]", LineShape::kSection, "\"S\"", ""},                       // item 9
      {"[;section]", LineShape::kSection, ";section", ""},                 // item 9
      {"[]", LineShape::kSection, "", ""},                                 // item 10
      {"\tk\t=\t v \t", LineShape::kKey, "k", "v"},                        // item 14
      {"k=a=b", LineShape::kKey, "k", "a=b"},                              // item 15
      {"=v", LineShape::kKey, "", "v"},                                    // item 15
      {"name3", LineShape::kNoEquals, "", ""},                             // item 18
      {"name2=", LineShape::kKey, "name2", ""},                            // item 19
      {"k=  \"   v   \"  ", LineShape::kKey, "k", "   v   "},             // item 20
      {"k='x'", LineShape::kKey, "k", "x"},                                // item 20
      {"k=\"'x'\"", LineShape::kKey, "k", "'x'"},                          // item 20
      {"k=\"x'", LineShape::kKey, "k", "\"x'"},                            // item 20
      {"k='\"x'\"", LineShape::kKey, "k", "'\"x'\""},                      // item 20
      {"\"k\"=v", LineShape::kKey, "\"k\"", "v"},                          // item 20: keys keep quotes
      {"k=\"\"x\"\"", LineShape::kKey, "k", "\"x\""},                      // item 20 (KB Q69752)
      {"k=\"", LineShape::kKey, "k", "\""},
      {"k=v ;c", LineShape::kKey, "k", "v ;c"},                            // item 21: no inline
      {"k=;x", LineShape::kKey, "k", ";x"},                                // item 21
      {"a;b=v", LineShape::kKey, "a;b", "v"},                              // item 21
      {"k=\0x"s, LineShape::kKey, "k", "\0x"s},                            // item 40: NULs kept
  };
  for (const Case& c : cases) {
    const ParsedLine parsed = ParseLine(c.text);
    EXPECT_EQ(parsed.shape, c.shape) << "line: " << c.text;
    EXPECT_EQ(parsed.name, c.name) << "line: " << c.text;
    EXPECT_EQ(parsed.value, c.value) << "line: " << c.text;
    EXPECT_EQ(parsed.unclosed, c.unclosed) << "line: " << c.text;
    EXPECT_EQ(parsed.text_after, c.text_after) << "line: " << c.text;
  }
}

TEST(IniLineTest, ValueStartIsAfterEqualsAndBlanks) {
  EXPECT_EQ(ParseLine("key = old").value_start, 6u);
  EXPECT_EQ(ParseLine("k=").value_start, 2u);
  EXPECT_EQ(ParseLine("k=\t\"v\"").value_start, 3u);
}

TEST(IniLineTest, TrimsTheRightCharacters) {
  EXPECT_EQ(TrimBlanks(" \t\vx y\v\t "), "x y");
  EXPECT_EQ(TrimSpaces("  k\t "), "k\t");           // item 16: only spaces
  EXPECT_EQ(TrimSpaces("\tk"), "\tk");
  EXPECT_EQ(TrimTrailingSpaces("   default   "), "   default");  // item 24
  EXPECT_EQ(TrimTrailingSpaces("d\t"), "d\t");                    // item 24
}

TEST(IniLineTest, NamesMatchIgnoringCase) {
  struct Case {
    std::string a;
    std::string b;
    bool equal;
  };
  const Case cases[] = {
      {"Connection Manager", "CONNECTION MANAGER", true},  // item 11
      {"NaMe1", "name1", true},                            // item 13
      {"R\xC3\xA9seau", "R\xC3\x89SEAU", true},            // é / É
      {"\xC3\x97", "\xC3\xB7", false},                     // × is not ÷
      {"abc", "abd", false},
      {"abc", "ab", false},
      {"", "", true},
      {"k", "k\t", false},                                 // item 16
      {"a\xFF", "A\xFF", true},                            // stray bytes compare as themselves
      {"\xC3", "\xC3\xA9", false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(NamesEqual(c.a, c.b), c.equal) << c.a << " vs " << c.b;
    EXPECT_EQ(NamesEqual(c.b, c.a), c.equal) << c.b << " vs " << c.a;
  }
}

}  // namespace
}  // namespace cm::ini
