// SPDX-License-Identifier: MIT
// IniFile reading tests: one test per item of ini-semantics.md (sections A-E, G), plus
// diagnostics and byte-exact round trips of odd input.
#include "cm/ini_file.h"

#include <gtest/gtest.h>

#include <string>

#include "ini/ini_test_util.h"

namespace cm {
namespace {

using namespace std::string_literals;
using ini_test::ParseOk;
using ini_test::Rules;
using ini_test::RulesAtLines;
using Strings = std::vector<std::string>;

// --- A. Lines, line endings, file boundaries

TEST(IniReadTest, Item01_CrLfLfAndCrAllEndLines) {
  struct Case {
    std::string bytes;
    LineEnding ending;
  };
  const Case cases[] = {
      {"[section1]\r\nname1=val1\r\nname2=\"val2\"\r\n", LineEnding::kCrLf},
      {"[section1]\nname1=val1\nname2=\"val2\"\n", LineEnding::kLf},
      {"[section1]\rname1=val1\rname2=\"val2\"\r", LineEnding::kCr},
  };
  for (const Case& c : cases) {
    const IniFile file = ParseOk(c.bytes);
    EXPECT_EQ(file.Get("section1", "name1"), "val1") << c.bytes;
    EXPECT_EQ(file.Get("section1", "name2"), "val2") << c.bytes;
    EXPECT_EQ(file.line_ending(), c.ending) << c.bytes;
  }
  EXPECT_EQ(ParseOk("[Test]\nProfileInt=123\n").GetInt("Test", "ProfileInt", 0).value, 123u);
}

TEST(IniReadTest, Item02_LastLineNeedsNoTerminator) {
  const IniFile file = ParseOk("[S]\r\nk=v1\r\nk=v2");
  EXPECT_EQ(file.Get("S", "k"), "v1");
  EXPECT_EQ(file.KeyNames("S"), (Strings{"k", "k"}));
}

TEST(IniReadTest, Item03_LinesBeforeTheFirstSectionAreUnreachable) {
  const IniFile file = ParseOk("k=1\r\n[S]\r\nk2=2\r\n");
  EXPECT_EQ(file.Get("", "k"), std::nullopt);
  EXPECT_EQ(file.Get(" ", "k"), std::nullopt);
  EXPECT_EQ(file.Get("S", "k"), std::nullopt);
  EXPECT_EQ(file.Get("S", "k2"), "2");
  EXPECT_EQ(RulesAtLines(file), (Strings{"ini.before-section@1"}));
}

TEST(IniReadTest, Item04_BlankLinesAreIgnored) {
  const IniFile file = ParseOk("\r\n\r\n[S]\r\n\r\n \t\r\nk=v\r\n\r\n");
  EXPECT_EQ(file.Get("S", "k"), "v");
  EXPECT_TRUE(file.diagnostics().empty());
}

// --- B. Section headers

TEST(IniReadTest, SectionHeaderRules) {
  struct Case {
    std::string bytes;     // a file with key k=v under one header
    std::string section;   // how it is asked for
    std::optional<std::string> value;
  };
  const Case cases[] = {
      {"  [S]\r\nk=v", "S", "v"},                 // item 5
      {"\t[S]\r\nk=v", "S", "v"},                 // item 5
      {"[ section1 ]\r\nk=v", "section1", "v"},   // item 6
      {"[\tx\t]\r\nk=v", "x", "v"},               // item 6
      {"[sec]whoops]\r\nk=v", "sec", "v"},        // item 7
      {"[S]k=v\r\n", "S", std::nullopt},          // item 7
      {"[S   \r\nk=v", "S", "v"},                 // item 8
      {"S]\r\nk=v", "S", std::nullopt},           // item 8
      {"S]\r\nk=v", "S]", std::nullopt},          // item 8
      {"[[sec]\r\nk=v", "[sec", "v"},             // item 8
      {"[[sec]\r\nk=v", "sec", std::nullopt},     // item 8
      {"[\"S\"]\r\nk=v", "\"S\"", "v"},           // item 9
      {"[\"S\"]\r\nk=v", "S", std::nullopt},      // item 9
      {"[;section]\r\nk=v", ";section", "v"},     // item 9
      {"[]\r\nk=v", "", "v"},                     // item 10
      {"[SeCtIoN]\r\nk=v", "section", "v"},       // item 11
      {"[section]\r\nk=v", "SECTION", "v"},       // item 11
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ParseOk(c.bytes).Get(c.section, "k"), c.value) << c.bytes << " / " << c.section;
  }
}

TEST(IniReadTest, Item07And08_OddHeadersAreReported) {
  const IniFile file = ParseOk("[a]x\r\n[b\r\n[c] \t\r\n");
  EXPECT_EQ(RulesAtLines(file), (Strings{"ini.text-after-section@1", "ini.unclosed-section@2"}));
  EXPECT_EQ(file.SectionNames(), (Strings{"a", "b", "c"}));
}

TEST(IniReadTest, Item12_OnlyTheFirstOfDuplicateSectionsCounts) {
  const IniFile file = ParseOk("[S]\r\n[T]\r\n[s]\r\nk=1\r\n");
  EXPECT_EQ(file.Get("S", "k"), std::nullopt);
  EXPECT_EQ(file.SectionNames(), (Strings{"S", "T", "s"}));
  EXPECT_EQ(file.KeyNames("S"), Strings{});
  EXPECT_TRUE(file.HasSection("s"));
  EXPECT_EQ(RulesAtLines(file), (Strings{"ini.duplicate-section@3"}));
  EXPECT_NE(file.diagnostics()[0].message.find("line 1"), std::string::npos);
}

TEST(IniReadTest, Items11And17_DuplicatesAreFoundIgnoringLatin1Case) {
  const IniFile file = ParseOk("[R\xC3\xA9seau]\n\xC3\x89t\xC3\xA9=1\n\xC3\xA9T\xC3\x89=2\n"
                               "[R\xC3\x89SEAU]\n[\xC3\x97]\n[\xC3\xB7]\n");
  EXPECT_EQ(RulesAtLines(file), (Strings{"ini.duplicate-key@3", "ini.duplicate-section@4"}));
  EXPECT_EQ(file.Get("r\xC3\x89seau", "\xC3\xA9t\xC3\xA9"), "1");
}

// --- C. Keys and values

TEST(IniReadTest, Item13_KeysMatchIgnoringCaseAndKeepTheirValueCase) {
  const IniFile file = ParseOk("[section1]\r\nname1=VaL1\r\n");
  EXPECT_EQ(file.Get("section1", "NaMe1"), "VaL1");
  EXPECT_EQ(file.KeyNames("SECTION1"), (Strings{"name1"}));
}

TEST(IniReadTest, Item14_BlanksAroundKeysAndValuesAreTrimmed) {
  const IniFile file = ParseOk("[S]\r\n\tk\t=\t v \t\r\n \vk2\v= x y \r\n");
  EXPECT_EQ(file.Get("S", "k"), "v");
  EXPECT_EQ(file.Get("S", "k2"), "x y");
}

TEST(IniReadTest, Item15_TheSplitIsAtTheFirstEquals) {
  const IniFile file = ParseOk("[S]\r\nk=a=b\r\n=val_no_key\r\n");
  EXPECT_EQ(file.Get("S", "k"), "a=b");
  EXPECT_EQ(file.Get("S", ""), "val_no_key");
  EXPECT_EQ(file.KeyNames("S"), (Strings{"k", ""}));
}

TEST(IniReadTest, Item16_OnlySpacesAreStrippedFromArguments) {
  const IniFile file = ParseOk("[S]\r\nk=v\r\n");
  EXPECT_EQ(file.Get(" S ", "k"), "v");
  EXPECT_EQ(file.Get("S", "  k  "), "v");
  EXPECT_EQ(file.Get("S", "k\t"), std::nullopt);
  EXPECT_EQ(file.Get("\tS", "k"), std::nullopt);
}

TEST(IniReadTest, Item17_TheFirstOfDuplicateKeysWins) {
  const IniFile file = ParseOk("[S]\r\nk=first\r\nK=second\r\n");
  EXPECT_EQ(file.Get("S", "k"), "first");
  EXPECT_EQ(file.KeyNames("S"), (Strings{"k", "K"}));
  using Entries = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(file.Entries("S"), (Entries{{"k", "first"}, {"K", "second"}}));
  EXPECT_EQ(RulesAtLines(file), (Strings{"ini.duplicate-key@3"}));
}

TEST(IniReadTest, Item18_ALineWithoutEqualsIsNotAKey) {
  const IniFile file = ParseOk("[s]\r\nname1=val1\r\nname2=\r\nname3\r\nname4=val4\r\n");
  EXPECT_EQ(file.KeyNames("s"), (Strings{"name1", "name2", "name4"}));
  EXPECT_EQ(file.Get("s", "name3"), std::nullopt);
  EXPECT_EQ(RulesAtLines(file), (Strings{"ini.no-equals@4"}));
}

TEST(IniReadTest, Item19_AnEmptyValueIsPresent) {
  const IniFile file = ParseOk("[s]\r\nname2=\r\n");
  EXPECT_EQ(file.Get("s", "name2"), "");
  EXPECT_EQ(file.GetString("s", "name2", "DEF"), "");
}

TEST(IniReadTest, Item20_OneOuterPairOfMatchingQuotesIsStripped) {
  const IniFile file = ParseOk(
      "[S]\r\na=  \"   v   \"  \r\nb='x'\r\nc=\"'x'\"\r\nd=\"x'\r\ne='\"x'\"\r\n\"k\"=v\r\n"
      "f=\"\"x\"\"\r\n");
  EXPECT_EQ(file.Get("S", "a"), "   v   ");
  EXPECT_EQ(file.Get("S", "b"), "x");
  EXPECT_EQ(file.Get("S", "c"), "'x'");
  EXPECT_EQ(file.Get("S", "d"), "\"x'");
  EXPECT_EQ(file.Get("S", "e"), "'\"x'\"");
  EXPECT_EQ(file.Get("S", "\"k\""), "v");
  EXPECT_EQ(file.Get("S", "k"), std::nullopt);
  EXPECT_EQ(file.Get("S", "f"), "\"x\"");
}

TEST(IniReadTest, Item21_SemicolonCommentsOnlyAtLineStart) {
  const IniFile file = ParseOk(
      "[S]\r\n;k=v\r\n  \t;k2=v\r\nk3=v ;c\r\nk4=;x\r\na;b=v\r\n#k5=v\r\n");
  EXPECT_EQ(file.Get("S", ";k"), std::nullopt);
  EXPECT_EQ(file.Get("S", "k"), std::nullopt);
  EXPECT_EQ(file.Get("S", "k2"), std::nullopt);
  EXPECT_EQ(file.Get("S", "k3"), "v ;c");
  EXPECT_EQ(file.Get("S", "k4"), ";x");
  EXPECT_EQ(file.Get("S", "a;b"), "v");
  EXPECT_EQ(file.Get("S", "#k5"), "v");
  EXPECT_EQ(file.KeyNames("S"), (Strings{"k3", "k4", "a;b", "#k5"}));
  EXPECT_TRUE(file.diagnostics().empty());
}

// --- D. Defaults

TEST(IniReadTest, Item24_TheFallbackLosesTrailingSpacesOnly) {
  const IniFile file = ParseOk("[S]\r\n");
  EXPECT_EQ(file.GetString("S", "missing", "   default   "), "   default");
  EXPECT_EQ(file.GetString("S", "missing", "d\t"), "d\t");
}

TEST(IniReadTest, Item25_MissingSectionOrKeyGivesTheFallback) {
  const IniFile file = ParseOk("[S]\r\nk=v\r\n");
  EXPECT_EQ(file.GetString("T", "k", "DEF"), "DEF");
  EXPECT_EQ(file.GetString("S", "x", "DEF"), "DEF");
  EXPECT_EQ(file.GetString("S", "", "DEF"), "DEF");
  EXPECT_EQ(IniFile::Empty().GetString("S", "k", "DEF"), "DEF");
}

TEST(IniReadTest, Item26_LongValuesReadWholeAndAreReported) {
  const std::string value(65536, 'x');
  const IniFile file = ParseOk("[S]\r\nk=" + value + "\r\nshort=" + std::string(65535, 'y'));
  EXPECT_EQ(file.Get("S", "k"), value);
  EXPECT_EQ(RulesAtLines(file), (Strings{"ini.long-value@2"}));
}

// --- E. GetPrivateProfileInt

TEST(IniReadTest, Items27To36_GetIntFollowsGetPrivateProfileInt) {
  const IniFile file = ParseOk(
      "[Test]\r\nminus=-1\r\nplus=+1\r\nbig=4294967297\r\nstop=42A94967297\r\n"
      "letters=B4294967297\r\nspaced= 7 \r\nempty=\r\nhex=0x10\r\nquoted=\"7\"\r\n");
  struct Case {
    std::string key;
    int32_t fallback;
    uint32_t value;
    std::optional<std::string> rule;
  };
  const Case cases[] = {
      {"missing", -1, 4294967295u, std::nullopt},                // item 27
      {"missing", 1, 1, std::nullopt},                           // item 27
      {"minus", 5, 4294967295u, std::nullopt},                   // item 28
      {"plus", 5, 1, std::nullopt},                              // item 29
      {"big", 5, 1, std::nullopt},                               // item 30
      {"stop", 5, 42, "ini.int-trailing-text"},                  // item 31
      {"letters", -1, 0, "ini.int-not-numeric"},                 // item 32
      {"spaced", 5, 7, std::nullopt},                            // item 33
      {"empty", 9, 9, std::nullopt},                             // item 34
      {"hex", 5, 16, "ini.int-radix-prefix"},                    // item 35
      {"quoted", 5, 7, std::nullopt},                            // item 36
  };
  for (const Case& c : cases) {
    const IniFile::IntRead read = file.GetInt("Test", c.key, c.fallback);
    EXPECT_EQ(read.value, c.value) << c.key;
    EXPECT_EQ(read.diagnostic ? std::optional(read.diagnostic->rule) : std::nullopt, c.rule)
        << c.key;
  }
  EXPECT_EQ(file.GetInt("Test", "minus", 0).as_signed(), -1);
}

TEST(IniReadTest, IntDiagnosticNamesTheLineAndKey) {
  const IniFile file = ParseOk("[Connection Manager]\r\n\r\nRedialCount=3x\r\n");
  const IniFile::IntRead read = file.GetInt("connection manager", "redialcount", 0);
  EXPECT_EQ(read.value, 3u);
  ASSERT_TRUE(read.diagnostic);
  EXPECT_EQ(read.diagnostic->line, 3u);
  EXPECT_EQ(read.diagnostic->severity, Diagnostic::Severity::kWarning);
  EXPECT_NE(read.diagnostic->message.find("RedialCount"), std::string::npos);
  EXPECT_NE(read.diagnostic->message.find("[Connection Manager]"), std::string::npos);
}

// --- G. Encodings

TEST(IniReadTest, Item47_Utf16LeWithBomIsDecoded) {
  const std::string bytes = "\xFF\xFE[\0S\0]\0\r\0\n\0k\0=\0\xE9\0\x3D\xD8\x00\xDE\r\0\n\0"s;
  const IniFile file = ParseOk(bytes);
  EXPECT_EQ(file.encoding(), TextEncoding::kUtf16Le);
  EXPECT_EQ(file.Get("s", "K"), "\xC3\xA9\xF0\x9F\x98\x80");
  EXPECT_EQ(file.Serialize(), bytes);
}

TEST(IniReadTest, Utf16LineBreaksNeedAZeroHighByte) {
  // U+0D0A is one character, not CR LF.
  const std::string bytes = "\xFF\xFE[\0S\0]\0\n\0k\0=\0\x0A\x0D\n\0"s;
  const IniFile file = ParseOk(bytes);
  EXPECT_EQ(file.Get("S", "k"), "\xE0\xB4\x8A");
  EXPECT_EQ(file.line_ending(), LineEnding::kLf);
}

TEST(IniReadTest, Item48_Utf8BomIsAcceptedButReported) {
  const std::string bytes = "\xEF\xBB\xBF[S]\r\nk=v\r\n[T]\r\nk2=w\r\n";
  const IniFile file = ParseOk(bytes);
  EXPECT_EQ(file.encoding(), TextEncoding::kUtf8Bom);
  EXPECT_EQ(file.Get("S", "k"), "v");  // Windows would give DEF here; we report it instead
  EXPECT_EQ(RulesAtLines(file), (Strings{"ini.utf8-bom@1"}));
  EXPECT_EQ(file.Serialize(), bytes);
}

TEST(IniReadTest, Item48_Utf8BomWithNonUtf8TextIsWindows1252) {
  const std::string bytes = "\xEF\xBB\xBF[S]\r\nk=\xE9t\xE9\r\n";
  const IniFile file = ParseOk(bytes);
  EXPECT_EQ(file.encoding(), TextEncoding::kWindows1252);
  EXPECT_EQ(file.SectionNames(), Strings{});  // the BOM is text of line 1, as on Windows
  EXPECT_EQ(file.Serialize(), bytes);
}

TEST(IniReadTest, Item49_Utf16BeIsNotRecognised) {
  const std::string bytes = "\xFE\xFF\0[\0S\0]"s;
  const IniFile file = ParseOk(bytes);
  EXPECT_EQ(file.encoding(), TextEncoding::kWindows1252);
  EXPECT_EQ(file.Get("S", "k"), std::nullopt);
  EXPECT_EQ(Rules(file), (Strings{"ini.windows-1252", "ini.utf16be-bom", "ini.nul-byte",
                           "ini.before-section"}));
}

TEST(IniReadTest, Item50_NonUtf8BytesAreReadAsWindows1252) {
  const IniFile file = ParseOk("[Connection Manager]\r\nServiceName=R\xE9seau \x80\r\n");
  EXPECT_EQ(file.encoding(), TextEncoding::kWindows1252);
  EXPECT_EQ(file.Get("Connection Manager", "ServiceName"), "R\xC3\xA9seau \xE2\x82\xAC");
  ASSERT_EQ(Rules(file), (Strings{"ini.windows-1252"}));
  EXPECT_EQ(file.diagnostics()[0].severity, Diagnostic::Severity::kNote);
}

TEST(IniReadTest, PureAsciiIsUtf8) {
  EXPECT_EQ(ParseOk("[S]\r\nk=v\r\n").encoding(), TextEncoding::kUtf8);
  EXPECT_EQ(ParseOk("").encoding(), TextEncoding::kUtf8);
}

// --- Diagnostics for the remaining odd input

TEST(IniReadTest, OddBytesAreReportedWithOffsets) {
  struct Case {
    std::string bytes;
    Strings rules;
    std::string in_message;
  };
  const Case cases[] = {
      {"\xFF\xFE[\0S\0]\0\n\0\x00\xD8=\0"s, {"ini.bad-utf16@2"}, "byte 10"},
      {"\xFF\xFE[\0S\0]\0\n\0k\0=\0v\0!"s, {"ini.odd-utf16-length@2"}, "offset 16"},
      {"[S]\r\nk=a\0b\r\n"s, {"ini.nul-byte@2"}, "NUL"},
      {"[S]\r\nk=v\nj=w\r\n", {"ini.mixed-line-endings@2"}, "LF"},
  };
  for (const Case& c : cases) {
    const IniFile file = ParseOk(c.bytes);
    EXPECT_EQ(RulesAtLines(file), c.rules);
    ASSERT_FALSE(file.diagnostics().empty());
    EXPECT_NE(file.diagnostics()[0].message.find(c.in_message), std::string::npos)
        << file.diagnostics()[0].message;
    EXPECT_EQ(file.Serialize(), c.bytes);
  }
}

TEST(IniReadTest, MixedLineEndingsUseTheFirstBreakForNewLines) {
  EXPECT_EQ(ParseOk("[S]\nk=v\r\n").line_ending(), LineEnding::kLf);
  EXPECT_EQ(ParseOk("[S]").line_ending(), LineEnding::kCrLf);
}

TEST(IniReadTest, RefusesInputOverTheSizeLimit) {
  const std::string bytes(kMaxIniFileBytes + 1, ';');
  Result<IniFile> file = IniFile::Parse(bytes);
  ASSERT_FALSE(file);
  EXPECT_EQ(file.error().code(), Errc::kLimit);
  EXPECT_EQ(file.error().location().offset, kMaxIniFileBytes);
}

// --- Round trips of files that exercise every odd corner

TEST(IniRoundTripTest, UnmodifiedFilesSerializeToTheSameBytes) {
  const std::string cases[] = {
      "",
      "\r\n",
      "[S]",
      "[S]\r\nk=v",                                             // item 2
      "; leading comment\r\n\r\n[S]\r\nk=v\r\n\r\n;trailing\r\n",
      "junk before\nk=1\n[S]\nk=v\n",                           // item 3
      "Data \0 before \0 first \0 section"s,                    // item 40
      "[S]\rk=v\rjunk line\r",                                  // item 1
      "[S]\r\nk=v\nj=w\r\r\n\n",                                // mixed breaks
      "  [ S ]  trailing\r\n\t k \t = \t \"v\" \t\r\n",
      "[S]\r\nk=v\r\nk=dup\r\n[s]\r\nx=y\r\n",
      "\xEF\xBB\xBF",                                           // only a UTF-8 BOM
      "\xFF\xFE",                                               // only a UTF-16 BOM
      "\xFF\xFE\x01",                                           // BOM and an odd byte
      "\xFF\xFE\x00\xDC\x00\xD8"s,                              // unpaired surrogates
      "\x81\x8D\x8F\x90\x9D\r\n[\xC0]\r\n",                     // undefined 1252 bytes
      "\xEF\xBB\xBF\xFF",                                       // BOM then non-UTF-8
      "\x1A\x0C[S]\x0C\r\nk=\x1A",                              // ^Z and FF
  };
  for (const std::string& bytes : cases) {
    const IniFile file = ParseOk(bytes);
    EXPECT_EQ(file.Serialize(), bytes) << "input: " << bytes;
  }
}

TEST(IniRoundTripTest, EmptyFilesSerializeToTheirBom) {
  EXPECT_EQ(IniFile::Empty().Serialize(), "");
  EXPECT_EQ(IniFile::Empty(TextEncoding::kUtf8Bom).Serialize(), "\xEF\xBB\xBF");
  EXPECT_EQ(IniFile::Empty(TextEncoding::kUtf16Le).Serialize(), "\xFF\xFE");
  EXPECT_EQ(IniFile::Empty(TextEncoding::kWindows1252).Serialize(), "");
  EXPECT_EQ(IniFile::Empty(TextEncoding::kUtf8, LineEnding::kLf).line_ending(), LineEnding::kLf);
}

TEST(IniRoundTripTest, EncodingNamesAreStable) {
  EXPECT_EQ(TextEncodingName(TextEncoding::kUtf8), "utf-8");
  EXPECT_EQ(TextEncodingName(TextEncoding::kUtf8Bom), "utf-8-bom");
  EXPECT_EQ(TextEncodingName(TextEncoding::kUtf16Le), "utf-16le");
  EXPECT_EQ(TextEncodingName(TextEncoding::kWindows1252), "windows-1252");
}

}  // namespace
}  // namespace cm
