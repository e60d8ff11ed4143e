// SPDX-License-Identifier: MIT
// DialupLink against the real modem emulator on a pseudo-terminal. This kernel has no PPP, so a
// test double stands in for pppd (testdata/pppd-double); the suite's name says so.
#include "engines/dialup_link.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <stdlib.h>

#include <fstream>
#include <sstream>

#include "tools/modem-emulator/emulator_process.h"

namespace cm::cmdial {
namespace {

using modem_emulator::EmulatorProcess;
namespace fs = std::filesystem;
using std::chrono::milliseconds;

const char* kPppdDouble = CM_ENGINES_TESTDATA "/pppd-double";

class DialupLinkWithPppdDoubleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    record_ = (fs::temp_directory_path() / ("pppd-record-" + std::to_string(::getpid()) + ".json"))
                  .string();
    ::setenv("PPPD_DOUBLE_RECORD", record_.c_str(), 1);
    ::setenv("PPPD_DOUBLE_MODE", "up", 1);
  }
  void TearDown() override { fs::remove(record_); }

  DialupSettings Settings(const EmulatorProcess& emulator) {
    DialupSettings settings;
    settings.device = emulator.link();
    settings.pppd = kPppdDouble;
    settings.cms = IniFile::Parse(
                       "[Server&CORP]\r\nRequire_MSCHAP2=1\r\n[TCP/IP&CORP]\r\n"
                       "Gateway_On_Remote=1\r\n")
                       .value();
    settings.dun = "CORP";
    settings.dial_timeout = milliseconds(5000);
    settings.ppp_timeout = milliseconds(10000);
    settings.log = [this](std::string_view line) { log_ += std::string(line) + "\n"; };
    return settings;
  }

  std::string Record() const {
    std::ifstream in(record_);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  std::string record_;
  std::string log_;
};

DialRequest Request() {
  DialRequest request;
  request.user_name = "alice@corp";
  request.password = "s3cret-pw";
  request.phone_number = "9,1 (206) 555-0101";
  return request;
}

TEST_F(DialupLinkWithPppdDoubleTest, ConnectsAndLearnsAddresses) {
  EmulatorProcess emulator({"connect:56000"});
  ASSERT_TRUE(emulator.ready());
  DialupLink link(Settings(emulator));
  Status up = link.Dial(Request());
  ASSERT_TRUE(up) << up.error().ToString() << "\n" << log_;
  EXPECT_EQ(link.addresses().client_ip, "10.64.0.2");
  EXPECT_EQ(link.addresses().server_ip, "10.64.0.1");
  EXPECT_EQ(link.interface_name(), "ppp0");
  EXPECT_NE(emulator.log().find("DIAL T9,12065550101"), std::string::npos) << emulator.log();
  // pppd got the user name and password through file descriptors, not its command line.
  const std::string record = Record();
  EXPECT_NE(record.find("\"password\": \"s3cret-pw\""), std::string::npos) << record;
  EXPECT_NE(record.find("user \\\"alice@corp\\\""), std::string::npos) << record;
  const size_t argv_end = record.find(']');
  EXPECT_EQ(record.substr(0, argv_end).find("alice"), std::string::npos) << record;
  EXPECT_EQ(record.substr(0, argv_end).find("s3cret"), std::string::npos) << record;
  EXPECT_NE(record.find("refuse-pap"), std::string::npos);
  EXPECT_EQ(log_.find("s3cret"), std::string::npos) << log_;
  link.HangUp();
  EXPECT_NE(emulator.log().find("CMD ATH0"), std::string::npos) << emulator.log();
}

TEST_F(DialupLinkWithPppdDoubleTest, ModemAnswersBecomeRasErrors) {
  EmulatorProcess emulator({"busy", "no-dialtone", "no-answer", "no-carrier", "error"});
  ASSERT_TRUE(emulator.ready());
  DialupLink link(Settings(emulator));
  for (uint32_t expected : {kRasErrorLineBusy, kRasErrorNoDialtone, kRasErrorNoAnswer,
                            kRasErrorNoCarrier, kRasErrorFromDevice}) {
    Status up = link.Dial(Request());
    ASSERT_FALSE(up);
    EXPECT_EQ(link.last_error_value(), expected) << up.error().message();
    EXPECT_NE(up.error().message().find("error " + std::to_string(expected)), std::string::npos);
    EXPECT_EQ(up.error().code(), Errc::kNetwork);  // a redial may help
  }
}

TEST_F(DialupLinkWithPppdDoubleTest, DropMidCallIsSeen) {
  EmulatorProcess emulator({"connect:33600:drop=1"});
  ASSERT_TRUE(emulator.ready());
  DialupLink link(Settings(emulator));
  ASSERT_TRUE(link.Dial(Request())) << log_;
  ASSERT_GE(link.DropFd(), 0);
  bool dropped = false;
  for (int i = 0; i < 100 && !dropped; ++i) {
    pollfd pfd{link.DropFd(), POLLIN, 0};
    ::poll(&pfd, 1, 100);
    dropped = link.Dropped();
  }
  EXPECT_TRUE(dropped) << log_;
  EXPECT_NE(log_.find("Modem hangup"), std::string::npos) << log_;
}

TEST_F(DialupLinkWithPppdDoubleTest, PppdFailuresAreNamed) {
  EmulatorProcess emulator({"connect"});
  ASSERT_TRUE(emulator.ready());
  DialupLink link(Settings(emulator));
  ::setenv("PPPD_DOUBLE_MODE", "auth-fail", 1);
  Status auth = link.Dial(Request());
  ASSERT_FALSE(auth);
  EXPECT_EQ(link.last_error_value(), 691u) << auth.error().message();
  ::setenv("PPPD_DOUBLE_MODE", "no-kernel", 1);
  Status kernel = link.Dial(Request());
  ASSERT_FALSE(kernel);
  EXPECT_EQ(kernel.error().code(), Errc::kUnsupported) << kernel.error().message();
  EXPECT_NE(kernel.error().message().find("no PPP support"), std::string::npos);
}

TEST(DialupLinkTest, MissingModemIsPortNotAvailable) {
  DialupSettings settings;
  settings.device = "/nonexistent/ttyS9";
  DialupLink link(std::move(settings));
  Status up = link.Dial(Request());
  ASSERT_FALSE(up);
  EXPECT_EQ(link.last_error_value(), kRasErrorPortNotAvailable);
  EXPECT_EQ(up.error().code(), Errc::kNotFound);
  DialupLink unset{DialupSettings{}};
  Status none = unset.Dial(Request());
  ASSERT_FALSE(none);
  EXPECT_NE(none.error().message().find("cmdial modem"), std::string::npos);
}

}  // namespace
}  // namespace cm::cmdial
