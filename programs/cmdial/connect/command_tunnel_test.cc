// SPDX-License-Identifier: MIT
#include "connect/command_tunnel.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>

#include "connect/connect_test_util.h"

namespace cm::cmdial {
namespace {

using testing::ReadText;
using testing::TempFolder;
using testing::WriteScript;

TEST(TunnelReportTest, ReadsKnownKeysAndIgnoresTheRest) {
  struct Case {
    std::string_view output;
    int64_t pid;
    std::string_view client_ip;
    std::string_view interface;
  };
  const Case cases[] = {
      {"PID=42\nCLIENT_IP=10.0.0.2\nIFACE=tun0\n", 42, "10.0.0.2", "tun0"},
      {"PID=42\r\nCLIENT_IP=10.0.0.2\r\n", 42, "10.0.0.2", ""},
      {"starting\nPID=abc\nPID=-1\nPID=0\n", 0, "", ""},
      {"PID=12x\nIFACE=../../etc\nIFACE=averyveryverylongname\n", 0, "", ""},
      {"", 0, "", ""},
      {"PID=7", 7, "", ""},
      {"starting\n4242\n", 4242, "", ""},
      {"12 34\n-5\n", 0, "", ""},
  };
  for (const Case& c : cases) {
    TunnelReport report = ParseTunnelReport(c.output);
    EXPECT_EQ(report.pid, c.pid) << c.output;
    EXPECT_EQ(report.client_ip, c.client_ip) << c.output;
    EXPECT_EQ(report.interface, c.interface) << c.output;
  }
}

class CommandTunnelTest : public ::testing::Test {
 protected:
  CommandTunnel Make(std::string up, std::string down) {
    CommandTunnelSettings settings;
    settings.up = std::move(up);
    settings.down = std::move(down);
    settings.profile_dir = folder_.path();
    settings.short_name = "DEMO";
    return CommandTunnel(settings);
  }
  TempFolder folder_;
};

TEST_F(CommandTunnelTest, UpGetsPasswordOnStdinAndReportsAddresses) {
  WriteScript(folder_ / "up.sh",
              "read pw; echo \"pw=$pw args=$*\" > \"$1\"; echo CLIENT_IP=10.8.0.2; "
              "echo SERVER_IP=10.8.0.1");
  WriteScript(folder_ / "down.sh", "echo down >> \"$1\"");
  CommandTunnel tunnel =
      Make("up.sh " + (folder_ / "up.out") + " %UserName%", "down.sh " + (folder_ / "down.out"));
  MacroValues macros;
  macros.Set("UserName", "jo");
  ASSERT_TRUE(tunnel.Up({macros, "s3cret", -1}));
  EXPECT_EQ(ReadText(folder_ / "up.out"), "pw=s3cret args=" + (folder_ / "up.out") + " jo\n");
  EXPECT_EQ(tunnel.addresses().client_ip, "10.8.0.2");
  EXPECT_EQ(tunnel.addresses().server_ip, "10.8.0.1");
  EXPECT_EQ(tunnel.WatchFd(), -1);
  EXPECT_FALSE(tunnel.Gone());
  ASSERT_TRUE(tunnel.Down(macros));
  EXPECT_EQ(ReadText(folder_ / "down.out"), "down\n");
}

TEST_F(CommandTunnelTest, UpExitCodeSaysFailed) {
  WriteScript(folder_ / "up.sh", "exit 7");
  CommandTunnel tunnel = Make("up.sh", "up.sh");
  Status up = tunnel.Up({MacroValues{}, {}, -1});
  ASSERT_FALSE(up);
  EXPECT_EQ(up.error().code(), Errc::kNetwork);
  EXPECT_EQ(tunnel.last_error_value(), 7);
  EXPECT_EQ(up.error().message(), "tunnel up command failed 7");
}

TEST_F(CommandTunnelTest, MissingUpProgramIsNotRetryable) {
  CommandTunnel tunnel = Make("absent.sh", "absent.sh");
  Status up = tunnel.Up({MacroValues{}, {}, -1});
  ASSERT_FALSE(up);
  EXPECT_EQ(up.error().code(), Errc::kNotFound);
}

TEST_F(CommandTunnelTest, WatchedProcessExitMeansGone) {
  // The watched process outlives the up command; its output goes elsewhere (the contract).
  WriteScript(folder_ / "up.sh", "sleep 300 >/dev/null 2>&1 & echo PID=$!");
  CommandTunnel tunnel = Make("up.sh", "up.sh");
  ASSERT_TRUE(tunnel.Up({MacroValues{}, {}, -1}));
  ASSERT_GT(tunnel.watched_pid(), 0);
  ASSERT_GE(tunnel.WatchFd(), 0);
  EXPECT_FALSE(tunnel.Gone());
  kill(static_cast<pid_t>(tunnel.watched_pid()), SIGKILL);
  pollfd fd{tunnel.WatchFd(), POLLIN, 0};
  ASSERT_EQ(poll(&fd, 1, 10000), 1);
  EXPECT_TRUE(tunnel.Gone());
}

TEST_F(CommandTunnelTest, ReportedPidThatIsNotRunningFails) {
  WriteScript(folder_ / "up.sh", "sh -c 'exit 0' & p=$!; wait $p; echo PID=$p");
  CommandTunnel tunnel = Make("up.sh", "up.sh");
  Status up = tunnel.Up({MacroValues{}, {}, -1});
  ASSERT_FALSE(up);
  EXPECT_NE(up.error().message().find("not running"), std::string::npos);
}

}  // namespace
}  // namespace cm::cmdial
