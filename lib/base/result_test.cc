// SPDX-License-Identifier: MIT
#include "cm/result.h"

#include <gtest/gtest.h>

namespace cm {
namespace {

Result<int> Half(int value) {
  if (value % 2 != 0) return Fail(Errc::kInvalidArgument, "odd", {.line = 7});
  return value / 2;
}

Result<int> Quarter(int value) {
  int half = CM_TRY(Half(value));
  return CM_TRY(Half(half));
}

TEST(ResultTest, TryPassesValuesAndErrors) {
  ASSERT_TRUE(Quarter(8));
  EXPECT_EQ(*Quarter(8), 2);
  auto odd = Quarter(6);
  ASSERT_FALSE(odd);
  EXPECT_EQ(odd.error().code(), Errc::kInvalidArgument);
  EXPECT_EQ(odd.error().ToString(), "line 7: odd");
}

TEST(ResultTest, LocationFormats) {
  EXPECT_EQ((Location{.file = "a.pbk", .line = 3}).ToString(), "a.pbk:3");
  EXPECT_EQ((Location{.file = "x.cab", .offset = 40}).ToString(), "x.cab: byte 40");
  EXPECT_EQ((Location{.offset = 9}).ToString(), "byte 9");
  Error error(Errc::kParse, "bad", {.line = 2});
  EXPECT_EQ(std::move(error).InFile("p.ini").ToString(), "p.ini:2: bad");
}

TEST(ResultTest, ErrcNamesAreStable) {
  EXPECT_EQ(ErrcName(Errc::kSignature), "signature");
  EXPECT_EQ(ErrcName(Errc::kCorrupt), "corrupt");
}

}  // namespace
}  // namespace cm
