// SPDX-License-Identifier: MIT
#include "cm/ascii.h"

#include <gtest/gtest.h>

namespace cm {
namespace {

TEST(AsciiTest, OnlyAToZFold) {
  EXPECT_EQ(AsciiLower("PBFile=CORP\\Corp.PBK"), "pbfile=corp\\corp.pbk");
  // Bytes outside A-Z, UTF-8 included, are left as they are.
  EXPECT_EQ(AsciiLower("\xC3\x84@[`{Z"), "\xC3\x84@[`{z");
  EXPECT_EQ(AsciiLower(""), "");
  static_assert(AsciiLower('Q') == 'q' && AsciiLower('q') == 'q' && AsciiLower('@') == '@');
}

TEST(AsciiTest, EqualsAndStartsWithIgnoreCase) {
  EXPECT_TRUE(AsciiEqualsNoCase("Merge&Other", "MERGE&other"));
  EXPECT_FALSE(AsciiEqualsNoCase("Merge", "Merged"));
  EXPECT_FALSE(AsciiEqualsNoCase("[", "{"));  // 0x5B and 0x7B differ by 32 but are not letters
  EXPECT_TRUE(AsciiStartsWithNoCase("HTTPS://pb.example/x", "https://"));
  EXPECT_FALSE(AsciiStartsWithNoCase("http:/", "http://"));
  EXPECT_TRUE(AsciiStartsWithNoCase("anything", ""));
}

}  // namespace
}  // namespace cm
