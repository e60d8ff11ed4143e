// SPDX-License-Identifier: MIT
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cm/pbk_format.h"
#include "phonebook/test_util.h"

namespace cm {
namespace {

using ::cm::testing::Rules;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(PbkReaderTest, ReadsTheSpecExampleWithTrailingComma) {
  PbkReadResult result = ReadPbk("23,1,2,Redmond,999,5550134,9600,56000,0,96,\r\n");
  ASSERT_TRUE(result.usable);
  ASSERT_EQ(result.pops.size(), 1u);
  PopView pop = result.pops[0];
  EXPECT_EQ(pop.pop_id, 23u);
  EXPECT_EQ(pop.country, 1u);
  EXPECT_EQ(pop.region_id, 2u);
  EXPECT_EQ(pop.name, "Redmond");
  EXPECT_EQ(pop.area_code, "999");
  EXPECT_EQ(pop.number, "5550134");
  EXPECT_EQ(pop.min_speed, 9600u);
  EXPECT_EQ(pop.max_speed, 56000u);
  EXPECT_EQ(pop.reserved, 0u);
  EXPECT_EQ(pop.flags, 96u);
  EXPECT_EQ(pop.dun, "");
  EXPECT_THAT(result.diagnostics, IsEmpty());
}

TEST(PbkReaderTest, ReadsTheMinimalSpecExample) {
  PbkReadResult result = ReadPbk(",91,,,,55500123,,,,,,");
  ASSERT_EQ(result.pops.size(), 1u);
  PopView pop = result.pops[0];
  EXPECT_FALSE(pop.pop_id);
  EXPECT_EQ(pop.country, 91u);
  EXPECT_FALSE(pop.region_id);
  EXPECT_EQ(pop.number, "55500123");
  EXPECT_FALSE(pop.min_speed);
  EXPECT_FALSE(pop.flags);
  EXPECT_THAT(result.diagnostics, IsEmpty());
}

TEST(PbkReaderTest, AcceptsEveryLineEnd) {
  const char* line = "1,44,0,London,20,7946 0000,9600,56000,0,32,CorpDialup";
  for (std::string end : {"\r\n", "\n", "\n\r", "\r"}) {
    std::string file = std::string(line) + end + line + end;
    PbkReadResult result = ReadPbk(file);
    EXPECT_EQ(result.pops.size(), 2u) << "line end of " << end.size() << " bytes";
    EXPECT_THAT(result.diagnostics, IsEmpty());
    EXPECT_EQ(result.pops[1].dun, "CorpDialup");
  }
}

TEST(PbkReaderTest, EmptyFileIsUsableWithANote) {
  for (const char* bytes : {"", "\r\n", "\n\n"}) {
    PbkReadResult result = ReadPbk(bytes);
    EXPECT_TRUE(result.usable);
    EXPECT_TRUE(result.pops.empty());
    EXPECT_THAT(Rules(result.diagnostics), ElementsAre("pbk.empty"));
  }
}

// One case per rule: the file, how many POPs survive, whether the file is usable, the rules.
struct RuleCase {
  const char* name;
  std::string bytes;
  size_t kept;
  bool usable;
  std::vector<std::string> rules;
};

const std::string kGood = "1,44,1,London,20,7946 0000,9600,56000,0,32,Corp\r\n";
const std::string kGood2 = "2,44,0,Leeds,113,7946 0001,9600,56000,0,36,\r\n";

std::vector<RuleCase> RuleCases() {
  return {
      {"too few commas",
       kGood + "3,44,0,Bad,20,7946 0002\r\n" + kGood2,
       1,
       true,
       {"pbk.too-few-commas"}},
      {"too many commas",
       kGood + "3,44,0,Bad,20,7946 0002,1,2,3,4,5,6,7\r\n" + kGood2,
       0,
       false,
       {"pbk.too-many-commas"}},
      {"blank line in the middle", kGood + "\r\n" + kGood2, 1, true, {"pbk.too-few-commas"}},
      {"blank line at the end", kGood + "\r\n\r\n", 1, true, {"pbk.blank-line"}},
      {"pop id not numeric",
       kGood + "x3,44,0,A,20,1,,,,,\r\n" + kGood2,
       1,
       true,
       {"pbk.pop-id-not-numeric"}},
      {"pop id too large",
       "4294967296,44,0,A,20,1,,,,,\r\n" + kGood,
       0,
       true,
       {"pbk.pop-id-not-numeric"}},
      {"country missing",
       kGood + "3,,0,A,20,1,,,,,\r\n" + kGood2,
       2,
       true,
       {"pbk.country-missing"}},
      {"country not numeric",
       kGood + "3,+44,0,A,20,1,,,,,\r\n" + kGood2,
       0,
       false,
       {"pbk.country-not-numeric"}},
      {"region not numeric",
       kGood + "3,44,r,A,20,1,,,,,\r\n" + kGood2,
       0,
       false,
       {"pbk.region-not-numeric"}},
      {"area code not numeric", "3,44,0,A,2-0,1,,,,,\r\n", 1, true, {"pbk.area-code-not-numeric"}},
      {"number missing", "3,44,0,A,20,,,,,,\r\n", 1, true, {"pbk.number-missing"}},
      {"number bad chars", "3,44,0,A,20,(20) 7946,,,,,\r\n", 1, true, {"pbk.number-bad-chars"}},
      {"min speed not numeric",
       kGood + "3,44,0,A,20,1,9.6k,,,,\r\n",
       0,
       false,
       {"pbk.min-speed-not-numeric"}},
      {"max speed not numeric",
       "3,44,0,A,20,1,,56k,,,\r\n",
       0,
       false,
       {"pbk.max-speed-not-numeric"}},
      {"reserved negative", "3,44,0,A,20,1,,,-1,,\r\n", 0, false, {"pbk.reserved-not-numeric"}},
      {"flags not numeric", "3,44,0,A,20,1,,,,0x20,\r\n", 0, false, {"pbk.flags-not-numeric"}},
      {"sign-on bit set", "3,44,0,A,20,1,,,,33,\r\n", 1, true, {"pbk.sign-on-bit-set"}},
      {"reserved flag bits", "3,44,0,A,20,1,,,,144,\r\n", 1, true, {"pbk.flags-reserved-bits"}},
      {"dun too long",
       "3,44,0,A,20,1,,,,," + std::string(60, 'D') + "\r\n",
       1,
       true,
       {"pbk.dun-too-long"}},
      {"trailing text", "3,44,0,A,20,1,,,,,Corp,extra\r\n", 1, true, {"pbk.trailing-text"}},
      {"name too long shifts and stops",
       kGood + "3,44,0," + std::string(31, 'N') + "77,20,1,,,,,\r\n" + kGood2,
       2,
       true,
       {"pbk.name-too-long"}},
      {"area code too long",
       "3,44,0,A,123456789012,1,,,,,\r\n" + kGood,
       1,
       true,
       {"pbk.area-code-too-long"}},
      {"number too long",
       "3,44,0,A,20," + std::string(45, '5') + ",,,,,\r\n" + kGood,
       1,
       true,
       {"pbk.number-too-long"}},
      {"overflow shifting into a whole-file rule",
       "3,44,0," + std::string(35, 'N') + ",20,555-0134,,,,,\r\n",
       0,
       false,
       {"pbk.name-too-long", "pbk.area-code-not-numeric", "pbk.min-speed-not-numeric"}},
  };
}

TEST(PbkReaderTest, AppliesEachRule) {
  for (const RuleCase& test : RuleCases()) {
    SCOPED_TRACE(test.name);
    PbkReadResult result = ReadPbk(test.bytes);
    EXPECT_EQ(result.pops.size(), test.kept);
    EXPECT_EQ(result.usable, test.usable);
    EXPECT_EQ(Rules(result.diagnostics), test.rules);
    for (const Diagnostic& diagnostic : result.diagnostics) {
      EXPECT_GT(diagnostic.line, 0u);
      EXPECT_FALSE(diagnostic.message.empty());
    }
  }
}

TEST(PbkReaderTest, DiagnosticNamesTheLine) {
  PbkReadResult result = ReadPbk(kGood + kGood2 + "3,44,0,A,20,1\r\n");
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].line, 3u);
  EXPECT_THAT(result.diagnostics[0].message, ::testing::HasSubstr("5 commas"));
}

TEST(PbkReaderTest, StopsAtTheFirstStopRuleAndNeverSeesLaterLines) {
  // Line 2 stops the reading, so the too-many-commas line 3 is never looked at.
  PbkReadResult result = ReadPbk(kGood + "x,44\r\n" + "1,,,,,,,,,,,,,,\r\n");
  EXPECT_TRUE(result.usable);
  EXPECT_EQ(result.pops.size(), 1u);
  EXPECT_THAT(Rules(result.diagnostics), ElementsAre("pbk.too-few-commas"));
}

TEST(PbkReaderTest, NameOverflowMovesTheRestIntoTheNextFields) {
  // 31 N's then "77" → name is the 31 N's, "77" becomes the area code, the old area code "20"
  // becomes the number, the number "1" the minimum speed.
  std::string line = "3,44,0," + std::string(31, 'N') + "77,20,1,,,,,Corp\r\n";
  PbkReadResult result = ReadPbk(line + kGood);
  ASSERT_EQ(result.pops.size(), 1u);
  PopView pop = result.pops[0];
  EXPECT_EQ(pop.name, std::string(31, 'N'));
  EXPECT_EQ(pop.area_code, "77");
  EXPECT_EQ(pop.number, "20");
  EXPECT_EQ(pop.min_speed, 1u);
  EXPECT_FALSE(pop.max_speed);
  EXPECT_EQ(pop.dun, "");  // "Corp" moved past field 11
}

TEST(PbkReaderTest, RegionOutOfRangeKeepsTheEntryWithoutRegion) {
  RegionReadResult regions = ReadPbr("2\r\nSeattle\r\nHyderabad\r\n");
  PbkReadResult result = ReadPbk(
      "1,1,3,A,425,5550134,,,,,\r\n2,1,2,B,425,5550135,,,,,\r\n"
      "3,1,0,C,425,5550136,,,,,\r\n",
      &regions);
  ASSERT_EQ(result.pops.size(), 3u);
  EXPECT_FALSE(result.pops[0].region_id);
  EXPECT_EQ(result.pops[1].region_id, 2u);
  EXPECT_EQ(result.pops[2].region_id, 0u);
  EXPECT_THAT(Rules(result.diagnostics), ElementsAre("pbk.region-out-of-range"));
  EXPECT_EQ(result.diagnostics[0].line, 1u);
}

TEST(PbkReaderTest, WithoutARegionFileAnyRegionIdIsKept) {
  PbkReadResult result = ReadPbk("1,1,99,A,425,5550134,,,,,\r\n");
  ASSERT_EQ(result.pops.size(), 1u);
  EXPECT_EQ(result.pops[0].region_id, 99u);
}

TEST(PbkReaderTest, InvalidRegionCountIgnoresEveryEntry) {
  RegionReadResult regions = ReadPbr("Seattle\r\nHyderabad\r\n");
  ASSERT_FALSE(regions.count_valid);
  PbkReadResult result = ReadPbk(kGood, &regions);
  EXPECT_FALSE(result.usable);
  EXPECT_TRUE(result.pops.empty());
  EXPECT_THAT(Rules(result.diagnostics), ElementsAre("pbk.region-file-invalid"));
}

TEST(PbkReaderTest, MentionsAByteOrderMark) {
  PbkReadResult result = ReadPbk(
      "\xEF\xBB\xBF"
      "1,44\r\n");
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_THAT(result.diagnostics[0].message, ::testing::HasSubstr("byte-order mark"));
}

TEST(PbkReaderTest, QuotesUnprintableBytesInMessages) {
  PbkReadResult result = ReadPbk(
      "1,4\x01"
      "4,0,A,20,1,,,,,\r\n");
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_THAT(result.diagnostics[0].message, ::testing::HasSubstr("\\x01"));
}

TEST(PbkReaderTest, MemoryStaysWithinThreeTimesTheFileSize) {
  std::string file;
  for (int i = 1; i <= 2000; ++i) {
    file += std::to_string(i) + ",44,1,London Docklands " + std::to_string(i) +
            ",20,7946 0000,9600,56000,0,32,CorpDialup\r\n";
  }
  PbkReadResult result = ReadPbk(file);
  ASSERT_EQ(result.pops.size(), 2000u);
  EXPECT_LE(result.pops.MemoryUsage(), 3 * file.size());
}

}  // namespace
}  // namespace cm
