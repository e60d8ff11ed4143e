// SPDX-License-Identifier: MIT
// ModemLine against the real cm-modem-emulator program on a pseudo-terminal.
#include <gtest/gtest.h>

#include "cm/modem.h"
#include "tools/modem-emulator/emulator_process.h"

namespace cm {
namespace {

using modem_emulator::EmulatorProcess;
using std::chrono::milliseconds;

const std::vector<std::string> kInit = {"ATZ", "AT&F E0 V1 &C1 &D2 S0=0"};

TEST(ModemLineTest, InitialisesAndConnectsWithSpeed) {
  EmulatorProcess emulator({"connect:33600"});
  ASSERT_TRUE(emulator.ready());
  auto line = ModemLine::Open(emulator.link());
  ASSERT_TRUE(line) << line.error().ToString();
  std::vector<std::string> transcript;
  ASSERT_TRUE(line->Initialise(kInit, milliseconds(3000), &transcript));
  auto dial = line->Dial("9,555-0101", false, milliseconds(5000), &transcript);
  ASSERT_TRUE(dial);
  ASSERT_TRUE(dial->connected) << dial->failure.message;
  EXPECT_EQ(dial->connected->speed, 33600u);
  EXPECT_NE(emulator.log().find("DIAL T9,5550101"), std::string::npos) << emulator.log();
  EXPECT_EQ(transcript.front(), "> ATZ");
}

TEST(ModemLineTest, EachFailureBecomesItsRasError) {
  EmulatorProcess emulator({"busy", "no-carrier", "no-dialtone", "no-answer", "error"});
  ASSERT_TRUE(emulator.ready());
  auto line = ModemLine::Open(emulator.link());
  ASSERT_TRUE(line);
  ASSERT_TRUE(line->Initialise(kInit, milliseconds(3000)));
  for (uint32_t expected : {kRasErrorLineBusy, kRasErrorNoCarrier, kRasErrorNoDialtone,
                            kRasErrorNoAnswer, kRasErrorFromDevice}) {
    auto dial = line->Dial("5550101", false, milliseconds(5000));
    ASSERT_TRUE(dial);
    EXPECT_FALSE(dial->connected);
    EXPECT_EQ(dial->failure.ras_error, expected) << dial->failure.message;
    EXPECT_FALSE(dial->failure.message.empty());
  }
}

TEST(ModemLineTest, SilenceTimesOutAsNoAnswer) {
  EmulatorProcess emulator({"silent"});
  ASSERT_TRUE(emulator.ready());
  auto line = ModemLine::Open(emulator.link());
  ASSERT_TRUE(line);
  auto dial = line->Dial("5550101", false, milliseconds(500));
  ASSERT_TRUE(dial);
  EXPECT_FALSE(dial->connected);
  EXPECT_EQ(dial->failure.ras_error, kRasErrorNoAnswer);
  EXPECT_NE(dial->failure.message.find("no answer"), std::string::npos) << dial->failure.message;
}

TEST(ModemLineTest, PulseDialingAndDropMidCall) {
  EmulatorProcess emulator({"connect:56000:drop=1"});
  ASSERT_TRUE(emulator.ready());
  auto line = ModemLine::Open(emulator.link());
  ASSERT_TRUE(line);
  auto dial = line->Dial("5550101", true, milliseconds(5000));
  ASSERT_TRUE(dial);
  ASSERT_TRUE(dial->connected);
  EXPECT_TRUE(line->WaitForDrop(milliseconds(5000)));
  EXPECT_NE(emulator.log().find("DIAL P5550101"), std::string::npos);
  EXPECT_NE(emulator.log().find("DROP"), std::string::npos);
}

TEST(ModemLineTest, HangUpEscapesAndSendsAth) {
  EmulatorProcess emulator({"connect"});
  ASSERT_TRUE(emulator.ready());
  auto line = ModemLine::Open(emulator.link());
  ASSERT_TRUE(line);
  auto dial = line->Dial("5550101", false, milliseconds(5000));
  ASSERT_TRUE(dial && dial->connected);
  std::vector<std::string> transcript;
  line->HangUp(&transcript);
  const std::string log = emulator.log();
  EXPECT_NE(log.find("ESCAPE"), std::string::npos) << log;
  EXPECT_NE(log.find("CMD ATH0"), std::string::npos) << log;
  EXPECT_FALSE(line->WaitForDrop(milliseconds(200)));  // no call left to drop
}

TEST(ModemLineTest, MissingDeviceIsNotFound) {
  auto line = ModemLine::Open("/nonexistent/ttyS99");
  ASSERT_FALSE(line);
  EXPECT_EQ(line.error().code(), Errc::kNotFound);
  EXPECT_NE(line.error().ToString().find("/nonexistent/ttyS99"), std::string::npos);
}

TEST(ModemLineTest, RegularFileIsNotASerialDevice) {
  auto line = ModemLine::Open("/etc/hostname");
  ASSERT_FALSE(line);
  EXPECT_EQ(line.error().code(), Errc::kIo);
}

}  // namespace
}  // namespace cm
