// SPDX-License-Identifier: MIT
#include "emulator.h"

#include <gtest/gtest.h>

namespace cm::modem_emulator {
namespace {

TEST(ParseOutcomeTest, Forms) {
  auto connect = ParseOutcome("connect:33600:drop=5:after=20");
  ASSERT_TRUE(connect);
  EXPECT_EQ(connect->kind, Outcome::Kind::kConnect);
  EXPECT_EQ(connect->speed, 33600u);
  EXPECT_EQ(connect->drop_after.count(), 5000);
  EXPECT_EQ(connect->answer_after.count(), 20);
  EXPECT_EQ(ParseOutcome("busy")->kind, Outcome::Kind::kBusy);
  EXPECT_FALSE(ParseOutcome("busy:drop=3"));
  EXPECT_FALSE(ParseOutcome("ringing"));
  EXPECT_FALSE(ParseOutcome("connect:fast"));
}

TEST(ModemEmulatorTest, BasicCommandsAnswerOk) {
  ModemEmulator modem({});
  EXPECT_EQ(modem.HandleLine("ATZ").text, "\r\nOK\r\n");
  EXPECT_EQ(modem.HandleLine("AT&F E0 V1 &C1 &D2 S0=0 M1 L2").text, "\r\nOK\r\n");
  EXPECT_FALSE(modem.echo());
  EXPECT_EQ(modem.HandleLine("ATS7=45").text, "\r\nOK\r\n");
  EXPECT_EQ(modem.HandleLine("ATS7?").text, "\r\n045\r\n\r\nOK\r\n");
  EXPECT_EQ(modem.HandleLine("AT+GMM").text, "\r\nV.90 emulator\r\n\r\nOK\r\n");
  EXPECT_EQ(modem.HandleLine("ATJ").text, "\r\nERROR\r\n");
  EXPECT_EQ(modem.HandleLine("hello").text, "");
}

TEST(ModemEmulatorTest, NumericResultsWithV0) {
  ModemEmulator modem({Outcome{Outcome::Kind::kBusy}});
  EXPECT_EQ(modem.HandleLine("ATV0").text, "0\r");
  EXPECT_EQ(modem.HandleLine("ATDT5550101").text, "7\r");
}

TEST(ModemEmulatorTest, OutcomesInTurnLastRepeats) {
  Outcome busy{Outcome::Kind::kBusy};
  Outcome connect{Outcome::Kind::kConnect, 28800};
  ModemEmulator modem({busy, connect});
  EXPECT_EQ(modem.HandleLine("ATDT5550101").text, "\r\nBUSY\r\n");
  Reply up = modem.HandleLine("ATDP 555 0101");
  EXPECT_EQ(up.text, "\r\nCONNECT 28800\r\n");
  EXPECT_TRUE(up.connected);
  EXPECT_TRUE(modem.in_call());
  EXPECT_EQ(modem.DropCarrier(), "\r\nNO CARRIER\r\n");
  EXPECT_FALSE(modem.in_call());
  EXPECT_TRUE(modem.HandleLine("ATD5550102").connected);
  ASSERT_EQ(modem.dialed().size(), 3u);
  EXPECT_EQ(modem.dialed()[1], "P5550101");
  EXPECT_EQ(modem.dialed()[2], "T5550102");
}

TEST(ModemEmulatorTest, EscapeKeepsCallUntilHangUp) {
  ModemEmulator modem({});
  ASSERT_TRUE(modem.HandleLine("ATDT1").connected);
  EXPECT_EQ(modem.Escape(), "\r\nOK\r\n");
  EXPECT_TRUE(modem.in_call());
  EXPECT_TRUE(modem.HandleLine("ATO").connected);
  EXPECT_EQ(modem.HandleLine("ATH0").text, "\r\nOK\r\n");
  EXPECT_FALSE(modem.in_call());
  EXPECT_EQ(modem.DropCarrier(), "");
}

}  // namespace
}  // namespace cm::modem_emulator
