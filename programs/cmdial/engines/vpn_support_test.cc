// SPDX-License-Identifier: MIT
#include "engines/vpn_support.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

namespace cm::cmdial {
namespace {

TEST(VpnSupport, SplitHostPortForms) {
  struct Case {
    const char* text;
    const char* host;
    uint16_t port;
  } cases[] = {{"vpn.example.com", "vpn.example.com", 1194},
               {"vpn.example.com:443", "vpn.example.com", 443},
               {"10.0.0.1:51820", "10.0.0.1", 51820},
               {"[fd00::1]:500", "fd00::1", 500},
               {"[fd00::1]", "fd00::1", 1194},
               {"fd00::1", "fd00::1", 1194}};
  for (const Case& c : cases) {
    Result<HostPort> parsed = SplitHostPort(c.text, 1194);
    ASSERT_TRUE(parsed) << c.text << ": " << parsed.error().message();
    EXPECT_EQ(parsed->host, c.host) << c.text;
    EXPECT_EQ(parsed->port, c.port) << c.text;
  }
  for (const char* bad :
       {"", ":1194", "host:0", "host:65536", "host:x", "[fd00::1", "a b", "host\";rm", "[::1]x"}) {
    EXPECT_FALSE(SplitHostPort(bad, 1194)) << bad;
  }
  EXPECT_EQ(JoinHostPort({"fd00::1", 500}), "[fd00::1]:500");
  EXPECT_EQ(JoinHostPort({"10.0.0.1", 500}), "10.0.0.1:500");
}

TEST(VpnSupport, OrderServersKeepsOrderOrShuffles) {
  std::vector<std::string> servers = {"a", "b", "c", "d", "e", "f"};
  EXPECT_EQ(OrderServers(servers, "in-order", 7), servers);
  std::vector<std::string> shuffled = OrderServers(servers, "random", 7);
  std::vector<std::string> sorted = shuffled;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(sorted, servers);
  bool any_differs = false;
  for (uint64_t seed = 0; seed < 8; ++seed)
    any_differs |= OrderServers(servers, "random", seed) != servers;
  EXPECT_TRUE(any_differs);
}

TEST(VpnSupport, ParsesProcNetDev) {
  const char* text =
      "Inter-|   Receive                                                |  Transmit\n"
      " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs "
      "drop fifo colls carrier compressed\n"
      "    lo:    1000      10    0    0    0     0          0         0     2000      20    0 "
      "   0    0     0       0          0\n"
      "cm-wg0: 12345 7 0 0 0 0 0 0 678 9 0 0 0 0 0 0\n";
  std::optional<InterfaceCounters> lo = ParseProcNetDev(text, "lo");
  ASSERT_TRUE(lo);
  EXPECT_EQ(lo->rx_bytes, 1000u);
  EXPECT_EQ(lo->tx_bytes, 2000u);
  std::optional<InterfaceCounters> wg = ParseProcNetDev(text, "cm-wg0");
  ASSERT_TRUE(wg);
  EXPECT_EQ(wg->rx_bytes, 12345u);
  EXPECT_EQ(wg->tx_bytes, 678u);
  EXPECT_FALSE(ParseProcNetDev(text, "eth0"));
  EXPECT_FALSE(ParseProcNetDev("x: 1 2 3\n", "x"));
  EXPECT_TRUE(ReadInterfaceCounters("lo").has_value());
}

TEST(VpnSupport, InterfaceNames) {
  EXPECT_EQ(DefaultInterfaceName("CORP"), "cm-CORP");
  EXPECT_EQ(DefaultInterfaceName("a very long/short name"), "cm-averylongsho");
  EXPECT_EQ(DefaultInterfaceName("///"), "cm-vpn");
  EXPECT_TRUE(IsInterfaceName(DefaultInterfaceName("a very long/short name")));
  EXPECT_FALSE(IsInterfaceName("0123456789abcdef"));
  EXPECT_FALSE(IsInterfaceName("a/b"));
  EXPECT_FALSE(IsInterfaceName(".."));
}

TEST(VpnSupport, LogonNameAppliesRealm) {
  MacroValues macros;
  macros.Set("UserName", "alice");
  macros.Set("UserSuffix", "@corp");
  EXPECT_EQ(LogonName(macros), "alice@corp");
}

TEST(VpnSupport, ConfigValuesRefuseQuotesAndControls) {
  EXPECT_TRUE(CheckConfigValue("x", "/path/with spaces/ca.crt"));
  EXPECT_FALSE(CheckConfigValue("x", "a\"b"));
  EXPECT_FALSE(CheckConfigValue("x", "a\\b"));
  EXPECT_FALSE(CheckConfigValue("x", "a\nremote evil"));
}

TEST(VpnSupport, PrivateDirIsMadeAndCheckedForMode) {
  char base[] = "/tmp/cm-vpn-test-XXXXXX";
  ASSERT_NE(mkdtemp(base), nullptr);
  std::string dir = std::string(base) + "/run";
  ASSERT_TRUE(EnsurePrivateDir(dir));
  struct stat info {};
  ASSERT_EQ(stat(dir.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0700u);
  ASSERT_EQ(chmod(dir.c_str(), 0755), 0);
  Status open = EnsurePrivateDir(dir);
  ASSERT_FALSE(open);
  EXPECT_NE(open.error().message().find("chmod 700"), std::string::npos);
  rmdir(dir.c_str());
  rmdir(base);
}

TEST(VpnSupport, RunToolReportsExitAndOutput) {
  Result<ToolRun> run = RunTool("/bin/sh", {"-c", "echo hi; exit 3"}, std::chrono::seconds(5));
  ASSERT_TRUE(run);
  EXPECT_EQ(run->exit, 3);
  EXPECT_EQ(run->output, "hi\n");
  Status failed = RunToolOk("the step", "/bin/sh", {"-c", "echo oops >&2; exit 1"});
  ASSERT_FALSE(failed);
  EXPECT_NE(failed.error().message().find("the step failed"), std::string::npos);
  EXPECT_NE(failed.error().message().find("oops"), std::string::npos);
  EXPECT_FALSE(RequireTool("/nonexistent/openvpn", "openvpn"));
}

}  // namespace
}  // namespace cm::cmdial
