// SPDX-License-Identifier: MIT
#include "connect/command_line.h"

#include <gtest/gtest.h>

namespace cm::cmdial {
namespace {

TEST(CommandLineTest, SplitsProgramFromParameters) {
  struct Case {
    std::string_view text;
    std::string_view program;
    std::string_view parameters;
  };
  const Case cases[] = {
      {"prog", "prog", ""},
      {"  prog  -a b  ", "prog", "-a b"},
      {"+/opt/my tools/x.sh+ -v %UserName%", "/opt/my tools/x.sh", "-v %UserName%"},
      {"+unterminated -v", "+unterminated", "-v"},
      {"", "", ""},
      {"   ", "", ""},
  };
  for (const Case& c : cases) {
    ActionCommandLine line = SplitCommandLine(c.text);
    EXPECT_EQ(line.program, c.program) << c.text;
    EXPECT_EQ(line.parameters, c.parameters) << c.text;
  }
}

TEST(CommandLineTest, SplitsParametersAtBlanksOutsideQuotes) {
  EXPECT_EQ(SplitParameters("a  b\tc"), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(SplitParameters("\"two words\" x"), (std::vector<std::string>{"two words", "x"}));
  EXPECT_EQ(SplitParameters("pre\"fix mid\"post"), (std::vector<std::string>{"prefix midpost"}));
  EXPECT_EQ(SplitParameters("\"\" x"), (std::vector<std::string>{"", "x"}));
  EXPECT_EQ(SplitParameters("\"open to end"), (std::vector<std::string>{"open to end"}));
  EXPECT_TRUE(SplitParameters("").empty());
}

TEST(CommandLineTest, MacroValuesWithBlanksStayOneArgument) {
  MacroValues macros;
  macros.Set("UserName", "Jo \"Q\" Public");
  EXPECT_EQ(ExpandParameters("-u %UserName% -d %Domain%", macros),
            (std::vector<std::string>{"-u", "Jo \"Q\" Public", "-d", "NULL"}));
}

TEST(CommandLineTest, EntryPointIsTheFirstWordAndIsRemoved) {
  MacroValues macros;
  macros.Set("ServiceName", "Demo VPN");
  EntryPointCall call = SplitEntryPoint("  Record  /tmp/x %ServiceName%", macros);
  EXPECT_EQ(call.entry_point, "Record");
  EXPECT_EQ(call.command_line, "/tmp/x Demo VPN");
}

}  // namespace
}  // namespace cm::cmdial
