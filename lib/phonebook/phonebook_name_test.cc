// SPDX-License-Identifier: MIT
#include "cm/phonebook_name.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace cm {
namespace {

TEST(PhonebookNameTest, AcceptsValidNames) {
  for (const char* name : {"a", "CorpNet", "MSC_VPN", "AwesomeE", "pb2024", "_", "12345678x"}) {
    if (std::string_view(name).size() > 8) continue;
    EXPECT_TRUE(ValidatePhonebookName(name).has_value()) << name;
  }
  EXPECT_TRUE(ValidatePhonebookName("12345x78").has_value());
}

TEST(PhonebookNameTest, RefusesEachSymbolFromTheSeedList) {
  // The seed's list: ! , ; * = / \ : ? < > | . & % { } [ ] @ ( ) ` ~
  for (char symbol : std::string_view("!,;*=/\\:?<>|.&%{}[]@()`~")) {
    std::string name = std::string("ab") + symbol + "cd";
    auto status = ValidatePhonebookName(name);
    ASSERT_FALSE(status.has_value()) << name;
    EXPECT_EQ(status.error().code(), Errc::kInvalidArgument);
    EXPECT_THAT(status.error().message(), ::testing::HasSubstr("symbol")) << name;
  }
}

TEST(PhonebookNameTest, RefusesOtherSymbolsAndNonAscii) {
  for (const char* name : {"a-b", "a+b", "a#b", "a$b", "a'b", "a\"b", "caf\xC3\xA9", "a\tb"}) {
    EXPECT_FALSE(ValidatePhonebookName(name).has_value()) << name;
  }
}

TEST(PhonebookNameTest, RefusesEachBrokenRuleWithAMessageSayingWhich) {
  struct Case {
    const char* name;
    const char* says;
  };
  const Case cases[] = {
      {"", "is empty"},           {"123456789", "9 characters"}, {"ABCDEFGHI", "9 characters"},
      {"12345678", "all digits"}, {"7", "all digits"},           {"Corp Net", "a space"},
  };
  for (const Case& test : cases) {
    auto status = ValidatePhonebookName(test.name);
    ASSERT_FALSE(status.has_value()) << test.name;
    EXPECT_THAT(status.error().message(), ::testing::HasSubstr(test.says)) << test.name;
    EXPECT_THAT(status.error().message(), ::testing::HasSubstr("e.g. \"CorpNet\""));
  }
}

TEST(PhonebookNameTest, MessageNamesTheThing) {
  auto status = ValidatePhonebookName("a b", "profile short name");
  ASSERT_FALSE(status.has_value());
  EXPECT_THAT(status.error().message(), ::testing::StartsWith("profile short name \"a b\""));
}

}  // namespace
}  // namespace cm
