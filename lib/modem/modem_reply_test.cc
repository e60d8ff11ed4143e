// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include "cm/modem.h"

namespace cm {
namespace {

TEST(ParseResultLineTest, VerboseCodes) {
  struct Case {
    const char* line;
    ModemResult result;
  };
  for (const Case& c :
       {Case{"OK", ModemResult::kOk}, Case{"BUSY", ModemResult::kBusy},
        Case{"NO CARRIER", ModemResult::kNoCarrier}, Case{"no dialtone", ModemResult::kNoDialtone},
        Case{"NO ANSWER", ModemResult::kNoAnswer}, Case{"  ERROR ", ModemResult::kError},
        Case{"RING", ModemResult::kRing}}) {
    auto reply = ParseResultLine(c.line);
    ASSERT_TRUE(reply) << c.line;
    EXPECT_EQ(reply->result, c.result) << c.line;
  }
}

TEST(ParseResultLineTest, ConnectWithSpeedAndProtocol) {
  auto plain = ParseResultLine("CONNECT");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->result, ModemResult::kConnect);
  EXPECT_EQ(plain->speed, 0u);

  auto v90 = ParseResultLine("CONNECT 56000/ARQ/V90");
  ASSERT_TRUE(v90);
  EXPECT_EQ(v90->speed, 56000u);
  EXPECT_EQ(v90->protocol, "/ARQ/V90");

  auto lapm = ParseResultLine("CONNECT 28800 LAPM");
  ASSERT_TRUE(lapm);
  EXPECT_EQ(lapm->speed, 28800u);
  EXPECT_EQ(lapm->protocol, "LAPM");
}

TEST(ParseResultLineTest, NumericCodes) {
  EXPECT_EQ(ParseResultLine("0")->result, ModemResult::kOk);
  EXPECT_EQ(ParseResultLine("3")->result, ModemResult::kNoCarrier);
  EXPECT_EQ(ParseResultLine("7")->result, ModemResult::kBusy);
  auto connect1200 = ParseResultLine("5");
  ASSERT_TRUE(connect1200);
  EXPECT_EQ(connect1200->result, ModemResult::kConnect);
  EXPECT_EQ(connect1200->speed, 1200u);
  EXPECT_FALSE(ParseResultLine("9"));
}

TEST(ParseResultLineTest, OtherLinesAreNotResults) {
  EXPECT_FALSE(ParseResultLine(""));
  EXPECT_FALSE(ParseResultLine("ATDT5550101"));
  EXPECT_FALSE(ParseResultLine("CONNECTED"));
  EXPECT_FALSE(ParseResultLine("US Robotics 56K"));
  EXPECT_FALSE(ParseResultLine("OKAY"));
}

TEST(DialCommandTest, ToneAndPulse) {
  EXPECT_EQ(DialCommand("9,1 (206) 555-0101", false).value(), "ATDT9,12065550101");
  EXPECT_EQ(DialCommand("*70,5550101", true).value(), "ATDP*70,5550101");
  EXPECT_EQ(DialCommand("+44w20", false).value(), "ATDT+44W20");
}

TEST(DialCommandTest, RefusesWhatCannotBeDialed) {
  auto bad = DialCommand("555-CALL", false);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code(), Errc::kInvalidArgument);
  EXPECT_NE(bad.error().message().find("'L' at position 7"), std::string::npos)
      << bad.error().message();
  EXPECT_FALSE(DialCommand(" - ", false));
  EXPECT_FALSE(DialCommand(std::string(61, '5'), false));
  EXPECT_FALSE(DialCommand("555;ATH", false));
}

TEST(RasErrorTest, FailuresMapToRasNumbers) {
  EXPECT_EQ(RasErrorFor(ModemResult::kBusy), 676u);
  EXPECT_EQ(RasErrorFor(ModemResult::kNoAnswer), 678u);
  EXPECT_EQ(RasErrorFor(ModemResult::kNoCarrier), 679u);
  EXPECT_EQ(RasErrorFor(ModemResult::kNoDialtone), 680u);
  EXPECT_EQ(RasErrorFor(ModemResult::kError), 651u);
  EXPECT_EQ(RasErrorFor(ModemResult::kConnect), 0u);
}

}  // namespace
}  // namespace cm
