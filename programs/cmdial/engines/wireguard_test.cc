// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

#include "cm/file_util.h"
#include "engines/wireguard_keys.h"
#include "engines/wireguard_tunnel.h"

namespace cm::cmdial {
namespace {

class TempDir {
 public:
  TempDir() {
    char base[] = "/tmp/cm-wg-test-XXXXXX";
    path_ = mkdtemp(base) ? base : "";
  }
  ~TempDir() { (void)std::system(("rm -rf '" + path_ + "'").c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

TEST(WireGuardKeys, PublicKeyMatchesWgPubkey) {
  WireGuardKeyPair pair = NewWireGuardKeyPair();
  EXPECT_TRUE(IsWireGuardKey(pair.private_key));
  EXPECT_TRUE(IsWireGuardKey(pair.public_key));
  Result<std::string> again = WireGuardPublicKey(pair.private_key);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, pair.public_key);
  std::string wg = FindSystemTool("wg");
  if (access(wg.c_str(), X_OK) != 0) GTEST_SKIP() << "wg (wireguard-tools) is not installed";
  Result<ToolRun> run = RunTool(wg, {"pubkey"}, std::chrono::seconds(5), pair.private_key + "\n");
  ASSERT_TRUE(run);
  EXPECT_EQ(run->output, pair.public_key + "\n");
}

TEST(WireGuardKeys, MadeOnceWithMode0600AndRefusedWhenOpen) {
  TempDir dir;
  std::string path = dir.path() + "/wireguard.key";
  Result<WireGuardKeyPair> first = LoadOrCreateWireGuardKey(path);
  ASSERT_TRUE(first) << first.error().message();
  struct stat info {};
  ASSERT_EQ(stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  Result<WireGuardKeyPair> second = LoadOrCreateWireGuardKey(path);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->private_key, first->private_key);
  EXPECT_EQ(second->public_key, first->public_key);
  ASSERT_EQ(chmod(path.c_str(), 0644), 0);
  Result<WireGuardKeyPair> open = LoadOrCreateWireGuardKey(path);
  ASSERT_FALSE(open);
  EXPECT_NE(open.error().message().find("chmod 600"), std::string::npos);
  ASSERT_TRUE(WriteFileAtomic(path, "not a key\n", 0600));
  EXPECT_FALSE(LoadOrCreateWireGuardKey(path));
}

WireGuardTunnelSettings Sample() {
  WireGuardTunnelSettings settings;
  settings.servers = {{"192.0.2.1", 51820}};
  settings.server_public_key = "HIgo9xNzJMWLKASShiTqIybxZ0U3wGLiUeJ1PKf8ykw=";
  settings.allowed_ips = {"10.9.0.0/24", "fd09::/64"};
  settings.address = "10.9.0.2/24";
  settings.interface = "cm-CORP";
  settings.key_file = "/home/u/.local/share/cmsuite/keys/CORP/wireguard.key";
  return settings;
}

TEST(WireGuardTunnel, WgSetTakesTheKeyFileNeverTheKey) {
  std::vector<std::string> args = WireGuardSetArgs(Sample(), {"192.0.2.1", 51820});
  std::vector<std::string> expected = {
      "set",         "cm-CORP",
      "private-key", "/home/u/.local/share/cmsuite/keys/CORP/wireguard.key",
      "peer",        "HIgo9xNzJMWLKASShiTqIybxZ0U3wGLiUeJ1PKf8ykw=",
      "endpoint",    "192.0.2.1:51820",
      "allowed-ips", "10.9.0.0/24,fd09::/64"};
  EXPECT_EQ(args, expected);
  EXPECT_EQ(WireGuardSetArgs(Sample(), {"fd00::1", 51820})[7], "[fd00::1]:51820");
}

TEST(WireGuardTunnel, IpCommandsAddressLinkAndRoutes) {
  WireGuardTunnelSettings settings = Sample();
  settings.allowed_ips = {"10.9.0.0/24", "0.0.0.0/0"};
  std::vector<std::vector<std::string>> commands = WireGuardIpCommands(settings);
  std::vector<std::vector<std::string>> expected = {
      {"-4", "address", "add", "10.9.0.2/24", "dev", "cm-CORP"},
      {"link", "set", "dev", "cm-CORP", "mtu", "1420", "up"},
      {"-4", "route", "replace", "10.9.0.0/24", "dev", "cm-CORP"},
      {"-4", "route", "replace", "0.0.0.0/1", "dev", "cm-CORP"},
      {"-4", "route", "replace", "128.0.0.0/1", "dev", "cm-CORP"}};
  EXPECT_EQ(commands, expected);
}

TEST(WireGuardTunnel, ParsesWgShowOutputs) {
  std::optional<InterfaceCounters> transfer = ParseWgTransfer(
      "HIgo9xNzJMWLKASShiTqIybxZ0U3wGLiUeJ1PKf8ykw=\t1492\t2212\n"
      "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=\t8\t2\n");
  ASSERT_TRUE(transfer);
  EXPECT_EQ(transfer->rx_bytes, 1500u);
  EXPECT_EQ(transfer->tx_bytes, 2214u);
  EXPECT_FALSE(ParseWgTransfer(""));
  EXPECT_EQ(ParseWgLatestHandshake("K=\t0\n"), 0);
  EXPECT_EQ(ParseWgLatestHandshake("K=\t1711111111\nL=\t17\n"), 1711111111);
  std::optional<RouteVia> via =
      ParseIpRouteGet("192.0.2.1 via 10.0.0.1 dev eth0 src 10.0.0.2 uid 0 \n    cache \n");
  ASSERT_TRUE(via);
  EXPECT_EQ(via->gateway, "10.0.0.1");
  EXPECT_EQ(via->device, "eth0");
  via = ParseIpRouteGet("10.77.0.2 dev veth0 src 10.77.0.1 uid 0\n");
  ASSERT_TRUE(via);
  EXPECT_EQ(via->gateway, "");
  EXPECT_FALSE(ParseIpRouteGet("RTNETLINK answers: Network is unreachable\n"));
}

}  // namespace
}  // namespace cm::cmdial
