// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include "cm/release.h"

namespace cm {
namespace {

constexpr std::string_view kBase =
    "1,44,1,London,20,7946 0001,9600,56000,0,32,\r\n"
    "2,44,1,Leeds,113,7946 0002,9600,56000,0,32,\r\n"
    "3,1,0,Redmond,425,555-0134,9600,56000,0,96,\r\n";
constexpr std::string_view kTarget =
    "1,44,1,London,20,7946 0001,9600,56000,0,32,\r\n"
    "3,1,0,Redmond,425,555-0135,9600,56000,0,96,\r\n"
    "7,49,2,Berlin,30,555-0107,9600,56000,0,32,\r\n";

TEST(PbkDeltaTest, MakesTheDocumentedText) {
  DeltaCounts counts;
  auto delta = MakePbkDelta(kBase, kTarget, &counts);
  ASSERT_TRUE(delta) << delta.error().ToString();
  EXPECT_EQ(*delta,
            "CMSUITE-PBK-DELTA 1\r\n"
            "delete 1\r\n"
            "2\r\n"
            "upsert 2\r\n"
            "3,1,0,Redmond,425,555-0135,9600,56000,0,96,\r\n"
            "7,49,2,Berlin,30,555-0107,9600,56000,0,32,\r\n");
  EXPECT_EQ(counts.added, 1u);
  EXPECT_EQ(counts.changed, 1u);
  EXPECT_EQ(counts.deleted, 1u);
}

TEST(PbkDeltaTest, ApplyReproducesTarget) {
  auto delta = MakePbkDelta(kBase, kTarget);
  ASSERT_TRUE(delta);
  auto applied = ApplyPbkDelta(kBase, *delta);
  ASSERT_TRUE(applied) << applied.error().ToString();
  EXPECT_EQ(*applied, kTarget);
}

TEST(PbkDeltaTest, EmptyBooksAndNoChange) {
  for (auto [base, target] : {std::pair<std::string_view, std::string_view>{"", kTarget},
                              {kBase, ""},
                              {kBase, kBase},
                              {"", ""}}) {
    auto delta = MakePbkDelta(base, target);
    ASSERT_TRUE(delta);
    auto applied = ApplyPbkDelta(base, *delta);
    ASSERT_TRUE(applied) << applied.error().ToString();
    EXPECT_EQ(*applied, target);
  }
  EXPECT_EQ(*MakePbkDelta(kBase, kBase), "CMSUITE-PBK-DELTA 1\r\ndelete 0\r\nupsert 0\r\n");
}

TEST(PbkDeltaTest, RefusesNonCanonicalInput) {
  struct Case {
    std::string_view pbk;
    uint32_t line;
    std::string_view says;
  };
  const Case cases[] = {
      {"2,1,,,,5,,,,,\r\n1,1,,,,5,,,,,\r\n", 2, "does not follow"},
      {"1,1,,,,5,,,,,\r\n1,1,,,,6,,,,,\r\n", 2, "does not follow"},
      {"1,1,,,,5,,,,,\n", 1, "CRLF"},
      {",1,,,,5,,,,,\r\n", 1, "POP index"},
      {"x,1,,,,5,,,,,\r\n", 1, "POP index"},
      {"99999999999,1,,,,5,,,,,\r\n", 1, "POP index"},
  };
  for (const Case& c : cases) {
    auto delta = MakePbkDelta(c.pbk, kTarget);
    ASSERT_FALSE(delta) << c.pbk;
    EXPECT_EQ(delta.error().code(), Errc::kCorrupt);
    EXPECT_EQ(delta.error().location().line, c.line) << c.pbk;
    EXPECT_NE(delta.error().message().find(c.says), std::string::npos) << delta.error().message();
  }
}

TEST(PbkDeltaTest, ApplyRefusesBadDeltas) {
  struct Case {
    std::string_view delta;
    uint32_t line;
    std::string_view says;
  };
  const Case cases[] = {
      {"", 1, "not a phone book delta"},
      {"CMSUITE-PBK-DELTA 2\r\n", 1, "not a phone book delta"},
      {"CMSUITE-PBK-DELTA 1\r\ndelete\r\n", 2, "delete <count>"},
      {"CMSUITE-PBK-DELTA 1\r\ndelete 99999\r\n", 2, "exceeds"},
      {"CMSUITE-PBK-DELTA 1\r\ndelete 1\r\n9\r\nupsert 0\r\n", 3, "does not have"},
      {"CMSUITE-PBK-DELTA 1\r\ndelete 2\r\n2\r\n1\r\nupsert 0\r\n", 4, "does not follow"},
      {"CMSUITE-PBK-DELTA 1\r\ndelete 0\r\nupsert 2\r\n4,1,,,,5,,,,,\r\n", 5, "ends after"},
      {"CMSUITE-PBK-DELTA 1\r\ndelete 0\r\nupsert 0\r\njunk\r\n", 4, "after its last"},
      {"CMSUITE-PBK-DELTA 1\r\ndelete 1\r\n2\r\nupsert 1\r\n2,1,,,,5,,,,,\r\n", 5,
       "both deleted and replaced"},
      {"CMSUITE-PBK-DELTA 1\r\ndelete 0\r\nupsert 2\r\n5,1,,,,5,,,,,\r\n4,1,,,,5,,,,,\r\n", 5,
       "does not follow"},
  };
  for (const Case& c : cases) {
    auto applied = ApplyPbkDelta(kBase, c.delta);
    ASSERT_FALSE(applied) << c.delta;
    EXPECT_EQ(applied.error().code(), Errc::kCorrupt);
    EXPECT_EQ(applied.error().location().line, c.line) << c.delta;
    EXPECT_NE(applied.error().message().find(c.says), std::string::npos)
        << applied.error().message();
  }
}

}  // namespace
}  // namespace cm
