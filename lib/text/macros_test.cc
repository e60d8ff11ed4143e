// SPDX-License-Identifier: MIT
#include "cm/macros.h"

#include <gtest/gtest.h>

namespace cm {
namespace {

MacroValues Sample() {
  MacroValues values;
  values.Set("ServiceName", "Contoso VPN");
  values.Set("UserName", "alice");
  values.Set("ConnectionType", "2");
  return values;
}

struct Case {
  const char* input;
  const char* expected;
};

TEST(MacrosTest, ExpansionRules) {
  const Case cases[] = {
      {"%ServiceName%", "Contoso VPN"},
      {"%servicename% / %USERNAME%", "Contoso VPN / alice"},  // names ignore case
      {"100%%", "100%"},                                      // %% is a literal percent
      {"%%UserName%%", "%UserName%"},                         // escaped on both sides
      {"%Domain%", "NULL"},                                   // seed macro without a value
      {"%SystemRoot%\\x.exe", "%SystemRoot%\\x.exe"},         // unknown stays as written
      {"%Foo%UserName%", "%Foo%UserName%"},                   // unknown consumed whole
      {"50% of %UserName%", "50% of alice"},                  // lone percent is text
      {"%UserName%%ConnectionType%", "alice2"},               // adjacent macros
      {"trailing %", "trailing %"},
      {"%", "%"},
      {"", ""},
      {"%User Name%", "%User Name%"},  // not a word: untouched
  };
  MacroValues values = Sample();
  for (const Case& c : cases) {
    EXPECT_EQ(ExpandMacros(c.input, values), c.expected) << "input: " << c.input;
  }
}

TEST(MacrosTest, ValuesAreNotRescanned) {
  MacroValues values;
  values.Set("UserName", "%Domain%");
  EXPECT_EQ(ExpandMacros("%UserName%", values), "%Domain%");
}

TEST(MacrosTest, SetReplacesRegardlessOfCase) {
  MacroValues values;
  values.Set("PopName", "a");
  values.Set("POPNAME", "b");
  ASSERT_TRUE(values.Find("popname"));
  EXPECT_EQ(*values.Find("popname"), "b");
}

TEST(MacrosTest, KnownNamesAreTheSeedsTable) {
  auto names = KnownMacroNames();
  ASSERT_EQ(names.size(), 22u);
  EXPECT_EQ(names.front(), "ServiceName");
  EXPECT_EQ(names.back(), "Interactive");
  MacroValues empty;
  for (std::string_view name : names) {
    EXPECT_EQ(ExpandMacros("%" + std::string(name) + "%", empty), "NULL") << name;
  }
}

}  // namespace
}  // namespace cm
