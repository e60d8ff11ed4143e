// SPDX-License-Identifier: MIT
// IniFile editing tests: WritePrivateProfileString behaviour (ini-semantics.md items 37-46) and
// the rule that an edit changes only the lines it is about.
#include "cm/ini_file.h"

#include <gtest/gtest.h>

#include <string>

#include "ini/ini_test_util.h"

namespace cm {
namespace {

using namespace std::string_literals;
using ini_test::DiffLines;
using ini_test::ParseOk;
using Strings = std::vector<std::string>;

// Applies Set and returns the new bytes, failing the test when Set fails.
std::string SetOk(IniFile& file, std::string_view section, std::string_view key,
                  std::string_view value) {
  const Status status = file.Set(section, key, value);
  EXPECT_TRUE(status) << status.error().ToString();
  return file.Serialize();
}

std::string Edited(std::string_view bytes, std::string_view section, std::string_view key,
                   std::string_view value) {
  IniFile file = ParseOk(bytes);
  return SetOk(file, section, key, value);
}

TEST(IniEditTest, Item37_ANewFileIsCrLfWithoutBom) {
  IniFile file = IniFile::Empty();
  EXPECT_EQ(SetOk(file, "S", "k", "v"), "[S]\r\nk=v\r\n");
  EXPECT_EQ(file.Get("S", "k"), "v");
}

TEST(IniEditTest, Item37_EmptyFilesInOtherEncodingsAndEndings) {
  IniFile lf = IniFile::Empty(TextEncoding::kUtf8, LineEnding::kLf);
  EXPECT_EQ(SetOk(lf, "S", "k", "v"), "[S]\nk=v\n");
  IniFile utf16 = IniFile::Empty(TextEncoding::kUtf16Le);
  EXPECT_EQ(SetOk(utf16, "S", "k", "\xC3\xA9"),
            "\xFF\xFE[\0S\0]\0\r\0\n\0k\0=\0\xE9\0\r\0\n\0"s);
  IniFile ansi = IniFile::Empty(TextEncoding::kWindows1252);
  EXPECT_EQ(SetOk(ansi, "S", "k", "\xE2\x82\xAC"), "[S]\r\nk=\x80\r\n");
  IniFile bom = IniFile::Empty(TextEncoding::kUtf8Bom, LineEnding::kCr);
  EXPECT_EQ(SetOk(bom, "S", "k", "v"), "\xEF\xBB\xBF[S]\rk=v\r");
}

TEST(IniEditTest, Item37_AnEmptyParsedFileGetsNoLeadingBreak) {
  EXPECT_EQ(Edited("", "S", "k", "v"), "[S]\r\nk=v\r\n");
}

TEST(IniEditTest, Item38_AnEmptyValueWritesKeyEquals) {
  EXPECT_EQ(Edited("", "App", "key", ""), "[App]\r\nkey=\r\n");
}

TEST(IniEditTest, Item39_ValuesAreVerbatimAndNamesLoseSpaces) {
  IniFile file = IniFile::Empty();
  EXPECT_EQ(SetOk(file, " sec ", " \"key\" ", "  v  "), "[sec]\r\n\"key\"=  v  \r\n");
  EXPECT_EQ(file.Get("sec", "\"key\""), "v");  // reads trim: no round trip without quotes
  EXPECT_EQ(SetOk(file, "sec", "q", "\"  v  \""), "[sec]\r\n\"key\"=  v  \r\nq=\"  v  \"\r\n");
  EXPECT_EQ(file.Get("sec", "q"), "  v  ");
}

TEST(IniEditTest, Item40_ANewSectionIsAppendedAfterALineBreak) {
  EXPECT_EQ(Edited("[App1]\r\nk=v\r\n", "App3", "key", "x"),
            "[App1]\r\nk=v\r\n[App3]\r\nkey=x\r\n");
  EXPECT_EQ(Edited("[App1]\r\nk=v", "App3", "key", "x"),
            "[App1]\r\nk=v\r\n[App3]\r\nkey=x\r\n");
  EXPECT_EQ(Edited("[App1]\r\nk=v\r\n\r\n;end\r\n", "App3", "key", "x"),
            "[App1]\r\nk=v\r\n\r\n;end\r\n[App3]\r\nkey=x\r\n");
}

TEST(IniEditTest, Item40_NulBytesBeforeTheFirstSectionSurvive) {
  const std::string data = "Data \0 before \0 first \0 section"s;
  ASSERT_EQ(data.size(), 31u);
  EXPECT_EQ(Edited(data, "section1", "key1", "string1"),
            data + "\r\n[section1]\r\nkey1=string1\r\n");
}

TEST(IniEditTest, Item40_ABomOnlyFileCountsAsAnUnterminatedLine) {
  EXPECT_EQ(Edited("\xFF\xFE", "S", "k", "v"),
            "\xFF\xFE\r\0\n\0[\0S\0]\0\r\0\n\0k\0=\0v\0\r\0\n\0"s);
  EXPECT_EQ(Edited("\xEF\xBB\xBF", "S", "k", "v"), "\xEF\xBB\xBF\r\n[S]\r\nk=v\r\n");
}

TEST(IniEditTest, Item40_NewLinesUseTheFilesLineEnding) {
  EXPECT_EQ(Edited("[A]\nk=v", "B", "k", "v"), "[A]\nk=v\n[B]\nk=v\n");
  EXPECT_EQ(Edited("[A]\rk=v\r", "B", "k", "v"), "[A]\rk=v\r[B]\rk=v\r");
  EXPECT_EQ(Edited("[A]\nk=v\r\n", "A", "j", "w"), "[A]\nk=v\r\nj=w\n");
}

TEST(IniEditTest, Item41_NewKeysGoAfterTheLastKeyLine) {
  IniFile file = ParseOk("[S]\r\nb=value\r\na=value\r\n");
  for (const char* key : {"z", "b", "y", "a"}) ASSERT_TRUE(file.Set("S", key, ""));
  EXPECT_EQ(file.Serialize(), "[S]\r\nb=\r\na=\r\nz=\r\ny=\r\n");

  EXPECT_EQ(Edited("[S]\r\nz=\r\n;y=\r\n", "S", "a", ""), "[S]\r\nz=\r\na=\r\n;y=\r\n");
  EXPECT_EQ(Edited("[S]\r\nz=\r\n\r\n[T]\r\n", "S", "a", "1"), "[S]\r\nz=\r\na=1\r\n\r\n[T]\r\n");
  EXPECT_EQ(Edited("[S]\r\n;c\r\n\r\n[T]\r\n", "S", "a", "1"), "[S]\r\na=1\r\n;c\r\n\r\n[T]\r\n");
  EXPECT_EQ(Edited("[S]\r\nk=v\r\njunk\r\n", "S", "a", "1"), "[S]\r\nk=v\r\na=1\r\njunk\r\n");
  EXPECT_EQ(Edited("[S]", "S", "a", "1"), "[S]\r\na=1\r\n");
  EXPECT_EQ(Edited("[S]\nk=v", "s", "a", "1"), "[S]\nk=v\na=1\n");
}

TEST(IniEditTest, Item41_NewKeysGoIntoTheFirstOfDuplicateSections) {
  EXPECT_EQ(Edited("[S]\r\nk=1\r\n[S]\r\nj=2\r\n", "S", "j", "3"),
            "[S]\r\nk=1\r\nj=3\r\n[S]\r\nj=2\r\n");
}

TEST(IniEditTest, Item42_AnUpdateKeepsKeySpellingAndPosition) {
  EXPECT_EQ(Edited("[SectionName]\r\nTestKey=TestValue", "SECTIONNAME", "TESTKEY", "TestValue2"),
            "[SectionName]\r\nTestKey=TestValue2\r\n");
  EXPECT_EQ(Edited("[S]\r\na=1\r\nb=2\r\nc=3\r\n", "S", "b", "22"), "[S]\r\na=1\r\nb=22\r\nc=3\r\n");
}

TEST(IniEditTest, Item42_AnUpdateKeepsTheTextBeforeTheValueAndTheLineBreak) {
  EXPECT_EQ(Edited("[S]\r\n\tKey = \"old\" \r\n", "S", "key", "new"), "[S]\r\n\tKey = new\r\n");
  EXPECT_EQ(Edited("[S]\r\nk=old\nj=1\r\n", "S", "k", "new"), "[S]\r\nk=new\nj=1\r\n");
  EXPECT_EQ(Edited("[S]\r\nk=\r\n", "S", "k", "v"), "[S]\r\nk=v\r\n");
}

TEST(IniEditTest, Item43_RemoveDeletesOneLine) {
  IniFile file = ParseOk("[App3]\r\nkey5=string5\r\n");
  EXPECT_TRUE(file.Remove("app3", "KEY5"));
  EXPECT_EQ(file.Serialize(), "[App3]\r\n");
  EXPECT_FALSE(file.Remove("App3", "key5"));
  EXPECT_FALSE(file.Remove("Nope", "key5"));
  EXPECT_EQ(file.Serialize(), "[App3]\r\n");
  EXPECT_TRUE(file.HasSection("App3"));
}

TEST(IniEditTest, Item43_CommentsCannotBeRemovedAndDuplicatesSurface) {
  IniFile file = ParseOk("[S]\r\n;k=c\r\nk=1\r\nk=2");
  EXPECT_FALSE(file.Remove("S", ";k"));
  EXPECT_TRUE(file.Remove("S", "k"));
  EXPECT_EQ(file.Serialize(), "[S]\r\n;k=c\r\nk=2");
  EXPECT_EQ(file.Get("S", "k"), "2");
}

TEST(IniEditTest, Item44_RemoveSectionKeepsCommentsInside) {
  IniFile file = ParseOk(";c0\r\n[S]\r\n;c1\r\n[T]\r\n;c2\r\n");
  EXPECT_TRUE(file.RemoveSection("S"));
  EXPECT_TRUE(file.RemoveSection("t"));
  EXPECT_FALSE(file.RemoveSection("S"));
  EXPECT_EQ(file.Serialize(), ";c0\r\n;c1\r\n;c2\r\n");
}

TEST(IniEditTest, Item44_RemoveSectionDropsKeysAndJunkButKeepsBlanks) {
  IniFile file = ParseOk("[A]\r\na=1\r\n[S]\r\nk=v\r\n\r\njunk\r\n;c\r\nj=w\r\n[B]\r\nb=2\r\n");
  EXPECT_TRUE(file.RemoveSection("S"));
  EXPECT_EQ(file.Serialize(), "[A]\r\na=1\r\n\r\n;c\r\n[B]\r\nb=2\r\n");
  EXPECT_EQ(file.Get("B", "b"), "2");
  EXPECT_EQ(file.Get("A", "a"), "1");
}

TEST(IniEditTest, Item44_RemoveSectionRemovesOnlyTheFirstCopy) {
  IniFile file = ParseOk("[S]\r\nk=1\r\n[S]\r\nk=2\r\n");
  EXPECT_TRUE(file.RemoveSection("S"));
  EXPECT_EQ(file.Get("S", "k"), "2");
  EXPECT_EQ(file.Serialize(), "[S]\r\nk=2\r\n");
}

TEST(IniEditTest, Item46_SetUpdatesTheKeyThatReadsSee) {
  EXPECT_EQ(Edited("[S]\r\nk=1\r\nK=2\r\n", "S", "k", "3"), "[S]\r\nk=3\r\nK=2\r\n");
}

TEST(IniEditTest, KeysBeforeTheFirstSectionAreNeverTouched) {
  EXPECT_EQ(Edited("k=0\r\n[S]\r\n", "S", "k", "1"), "k=0\r\n[S]\r\nk=1\r\n");
}

TEST(IniEditTest, SetRefusesWhatCantBeReadBack) {
  struct Case {
    std::string section;
    std::string key;
    std::string value;
  };
  const Case cases[] = {
      {"S]", "k", "v"},        {"S\r", "k", "v"},      {"\tS", "k", "v"},
      {"S\xFF", "k", "v"},     {"S", "k=x", "v"},      {"S", ";k", "v"},
      {"S", "[k", "v"},        {"S", "k\n", "v"},      {"S", "k\v", "v"},
      {"S", "k", "a\r\nb"},    {"S", "k", "a\nb"},     {"S", "k", "\xC3"},
  };
  const std::string bytes = "[S]\r\nk=old\r\n";
  for (const Case& c : cases) {
    IniFile file = ParseOk(bytes);
    const Status status = file.Set(c.section, c.key, c.value);
    ASSERT_FALSE(status) << c.section << "/" << c.key << "/" << c.value;
    EXPECT_EQ(status.error().code(), Errc::kInvalidArgument);
    EXPECT_EQ(file.Serialize(), bytes);
  }
}

TEST(IniEditTest, SetRefusesCharactersWindows1252Lacks) {
  const std::string bytes = "[S]\r\nk=\xE9t\xE9\r\n";
  IniFile file = ParseOk(bytes);
  ASSERT_EQ(file.encoding(), TextEncoding::kWindows1252);
  for (const char* key : {"k", "new"}) {
    const Status status = file.Set("S", key, "\xE2\x9D\xA4");  // U+2764 heavy heart
    ASSERT_FALSE(status);
    EXPECT_EQ(status.error().code(), Errc::kInvalidArgument);
    EXPECT_NE(status.error().message().find("U+2764"), std::string::npos)
        << status.error().message();
  }
  const Status section_status = file.Set("\xE2\x9D\xA4", "k", "v");
  EXPECT_FALSE(section_status);
  EXPECT_EQ(file.Serialize(), bytes);
  EXPECT_EQ(SetOk(file, "S", "k", "\xC3\xA9\xE2\x82\xAC"), "[S]\r\nk=\xE9\x80\r\n");
}

TEST(IniEditTest, AnEditChangesExactlyOneLine) {
  const std::string bytes =
      "; header\r\n\r\n[Connection Manager]\r\nServiceName=Old\r\n; note\r\n"
      "RedialCount = 3\r\n\r\n[ISP]\r\nPBFile=\r\n";
  {
    IniFile file = ParseOk(bytes);
    ASSERT_TRUE(file.Set("connection manager", "redialcount", "5"));
    const ini_test::LineDiff diff = DiffLines(bytes, file.Serialize());
    EXPECT_EQ(diff.removed, Strings{"RedialCount = 3\r\n"});
    EXPECT_EQ(diff.added, Strings{"RedialCount = 5\r\n"});
  }
  {
    IniFile file = ParseOk(bytes);
    ASSERT_TRUE(file.Set("ISP", "PBURL", "http://pb.example/pbserver"));
    const ini_test::LineDiff diff = DiffLines(bytes, file.Serialize());
    EXPECT_EQ(diff.removed, Strings{});
    EXPECT_EQ(diff.added, Strings{"PBURL=http://pb.example/pbserver\r\n"});
  }
  {
    IniFile file = ParseOk(bytes);
    ASSERT_TRUE(file.Remove("Connection Manager", "ServiceName"));
    const ini_test::LineDiff diff = DiffLines(bytes, file.Serialize());
    EXPECT_EQ(diff.removed, Strings{"ServiceName=Old\r\n"});
    EXPECT_EQ(diff.added, Strings{});
  }
}

TEST(IniEditTest, EditsInUtf16KeepTheEncoding) {
  const std::string bytes = "\xFF\xFE[\0S\0]\0\r\0\n\0k\0=\0v\0\r\0\n\0"s;
  IniFile file = ParseOk(bytes);
  EXPECT_EQ(SetOk(file, "S", "k", "\xF0\x9F\x98\x80"),
            "\xFF\xFE[\0S\0]\0\r\0\n\0k\0=\0\x3D\xD8\x00\xDE\r\0\n\0"s);
  const IniFile again = ParseOk(file.Serialize());
  EXPECT_EQ(again.Get("S", "k"), "\xF0\x9F\x98\x80");
}

TEST(IniEditTest, AnOddUtf16ByteStaysLast) {
  IniFile file = ParseOk("\xFF\xFE[\0S\0]\0!"s);
  EXPECT_EQ(SetOk(file, "S", "k", "v"), "\xFF\xFE[\0S\0]\0\r\0\n\0k\0=\0v\0\r\0\n\0!"s);
}

TEST(IniEditTest, EditedFilesParseBackToTheSameValues) {
  IniFile file = ParseOk("junk\r\n[S]\r\nk=v\r\n");
  ASSERT_TRUE(file.Set("S", "j", "'quoted'"));
  ASSERT_TRUE(file.Set("T", "", "empty key"));
  ASSERT_TRUE(file.Set("S", "k", "w"));
  const IniFile again = ParseOk(file.Serialize());
  EXPECT_EQ(again.Get("S", "j"), "quoted");
  EXPECT_EQ(again.Get("T", ""), "empty key");
  EXPECT_EQ(again.Get("S", "k"), "w");
  EXPECT_EQ(again.SectionNames(), (Strings{"S", "T"}));
  EXPECT_EQ(file.Get("S", "j"), again.Get("S", "j"));
}

}  // namespace
}  // namespace cm
