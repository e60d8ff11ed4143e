// SPDX-License-Identifier: MIT
// `cmdial modem set|show|detect` against the modem emulator on a pseudo-terminal.
#include "engines/modem_commands.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <sstream>

#include "engines/modem_settings.h"
#include "tools/modem-emulator/emulator_process.h"

namespace cm::cmdial {
namespace {

using modem_emulator::EmulatorProcess;
namespace fs = std::filesystem;

class ModemCommandsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    home_ = fs::temp_directory_path() / ("cmdial-modem-" + std::to_string(::getpid()));
    fs::create_directories(home_);
    ::setenv("HOME", home_.c_str(), 1);
    ::setenv("XDG_CONFIG_HOME", (home_ / "config").c_str(), 1);
  }
  void TearDown() override { fs::remove_all(home_); }

  int Run(std::vector<std::string> args) {
    out_.str("");
    err_.str("");
    args.insert(args.begin(), "cmdial");
    CLI::App app{"cmdial", "cmdial"};
    cli::CommandRegistry registry;
    RegisterModemCommands(app, registry);
    cli::Output output{out_, err_};
    return cli::ParseAndRun(app, registry, args, output);
  }

  fs::path home_;
  std::ostringstream out_;
  std::ostringstream err_;
};

TEST_F(ModemCommandsTest, DetectRecordsTheModemThatAnswers) {
  EmulatorProcess emulator({"connect"});
  ASSERT_TRUE(emulator.ready());
  ASSERT_EQ(Run({"modem", "detect", "--device", emulator.link(), "--device",
                 (home_ / "no-such-tty").string()}),
            0)
      << err_.str();
  EXPECT_NE(out_.str().find("V.90 emulator"), std::string::npos) << out_.str();
  EXPECT_NE(out_.str().find("no-such-tty"), std::string::npos) << out_.str();
  auto settings = LoadModemSettings((home_ / "config" / "cmsuite").string());
  ASSERT_TRUE(settings);
  EXPECT_EQ(settings->device, emulator.link());
  EXPECT_EQ(settings->model, "V.90 emulator");
  ASSERT_FALSE(settings->init_commands.empty());
  EXPECT_EQ(settings->init_commands.front(), "ATZ");
  ASSERT_EQ(Run({"modem", "show", "--json"}), 0);
  EXPECT_NE(out_.str().find(emulator.link()), std::string::npos);
}

TEST_F(ModemCommandsTest, DetectFailsClearlyWhenNothingAnswers) {
  EXPECT_EQ(Run({"modem", "detect", "--device", "/dev/null"}), 1);
  EXPECT_NE(err_.str().find("no modem answered"), std::string::npos) << err_.str();
}

TEST_F(ModemCommandsTest, SetChecksTheDeviceAndKeepsOtherSettings) {
  EXPECT_EQ(Run({"modem", "set", (home_ / "missing").string()}), 1);
  EXPECT_NE(err_.str().find("not a character device"), std::string::npos);
  EmulatorProcess emulator({});
  ASSERT_TRUE(emulator.ready());
  ASSERT_EQ(Run({"modem", "set", emulator.link(), "--pulse", "--init", "AT&F", "--init", "ATX3"}),
            0)
      << err_.str();
  ASSERT_EQ(Run({"modem", "set", emulator.link(), "--baud", "57600"}), 0);
  auto settings = LoadModemSettings((home_ / "config" / "cmsuite").string());
  ASSERT_TRUE(settings);
  EXPECT_TRUE(settings->pulse);
  EXPECT_EQ(settings->baud, 57600u);
  EXPECT_EQ(settings->init_commands, (std::vector<std::string>{"AT&F", "ATX3"}));
  EXPECT_EQ(Run({"modem", "set", emulator.link(), "--init", "ATZ\r\nATH"}), 1);
}

TEST(ModemSettingsTest, RoundTrip) {
  ModemSettings settings;
  settings.device = "/dev/ttyUSB0";
  settings.baud = 57600;
  settings.init_commands = {"ATZ", "AT&F"};
  settings.pulse = true;
  settings.model = "USR 56K";
  auto parsed = ParseModemSettings(SerializeModemSettings(settings));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->device, settings.device);
  EXPECT_EQ(parsed->baud, settings.baud);
  EXPECT_EQ(parsed->init_commands, settings.init_commands);
  EXPECT_TRUE(parsed->pulse);
  EXPECT_EQ(parsed->model, settings.model);
}

}  // namespace
}  // namespace cm::cmdial
