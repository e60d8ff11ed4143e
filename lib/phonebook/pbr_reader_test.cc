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

TEST(PbrReaderTest, ReadsTheSpecExample) {
  RegionReadResult result = ReadPbr("2\r\nSeattle\r\nHyderabad\r\n");
  EXPECT_TRUE(result.count_valid);
  EXPECT_THAT(result.regions.names, ElementsAre("Seattle", "Hyderabad"));
  EXPECT_THAT(result.diagnostics, IsEmpty());
}

TEST(PbrReaderTest, AcceptsCommasAndEveryLineEnd) {
  for (const char* bytes : {"2,Seattle,Hyderabad", "2\nSeattle\nHyderabad\n",
                            "2\n\rSeattle\n\rHyderabad", "2\rSeattle,Hyderabad\r"}) {
    RegionReadResult result = ReadPbr(bytes);
    EXPECT_THAT(result.regions.names, ElementsAre("Seattle", "Hyderabad")) << bytes;
    EXPECT_THAT(result.diagnostics, IsEmpty()) << bytes;
  }
}

struct PbrCase {
  const char* name;
  std::string bytes;
  bool count_valid;
  std::vector<std::string> names;
  std::vector<std::string> rules;
};

TEST(PbrReaderTest, AppliesEachRule) {
  const std::vector<PbrCase> cases = {
      {"count not numeric", "Seattle\r\nHyderabad\r\n", false, {}, {"pbr.count-not-numeric"}},
      {"empty file", "", false, {}, {"pbr.count-not-numeric"}},
      {"count with a sign", "+2\r\nA\r\nB\r\n", false, {}, {"pbr.count-not-numeric"}},
      {"more names than the count",
       "1\r\nSeattle\r\nHyderabad\r\n",
       true,
       {"Seattle"},
       {"pbr.extra-names"}},
      {"fewer names than the count",
       "3\r\nSeattle\r\nHyderabad\r\n",
       true,
       {"Seattle", "Hyderabad"},
       {"pbr.fewer-names"}},
      {"name too long",
       "1\r\n" + std::string(40, 'R') + "\r\n",
       true,
       {std::string(31, 'R')},
       {"pbr.name-too-long"}},
      {"blank line inside the count is an empty name",
       "3\r\nA\r\n\r\nC\r\n",
       true,
       {"A", "", "C"},
       {}},
      {"blank lines past the count are ignored quietly", "1\r\nA\r\n\r\n\r\n", true, {"A"}, {}},
      {"zero regions", "0\r\n", true, {}, {}},
  };
  for (const PbrCase& test : cases) {
    SCOPED_TRACE(test.name);
    RegionReadResult result = ReadPbr(test.bytes);
    EXPECT_EQ(result.count_valid, test.count_valid);
    EXPECT_EQ(result.regions.names, test.names);
    EXPECT_EQ(Rules(result.diagnostics), test.rules);
  }
}

TEST(PbrReaderTest, ExtraNamesDiagnosticNamesTheFirstExtraLine) {
  RegionReadResult result = ReadPbr("1\r\nSeattle\r\nHyderabad\r\nRedmond\r\n");
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].line, 3u);
  EXPECT_THAT(result.diagnostics[0].message, ::testing::HasSubstr("2 more names"));
}

}  // namespace
}  // namespace cm
