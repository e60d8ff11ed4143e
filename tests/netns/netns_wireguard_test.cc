// SPDX-License-Identifier: MIT
// WireGuard for real: a wireguard-go peer in the far namespace, cmdial's WireGuard tunnel in the
// near one (wireguard-go too on a kernel without the module), a web page fetched through the
// tunnel, then the peer killed.
#include <fmt/format.h>
#include <signal.h>
#include <sys/stat.h>

#include "engines/vpn_support.h"
#include "engines/vpn_tunnels.h"
#include "engines/wireguard_keys.h"
#include "tests/netns/netns_test_util.h"

namespace cm::netns {
namespace {

class NetnsWireGuardTest : public NetnsTest {
 protected:
  std::vector<std::string> Tools() const override { return {"wireguard-go", "wg", "python3"}; }

  // The far peer: 10.9.0.1/24, listening on 51820, knowing `client_public` as 10.9.0.2/32 and
  // sending a keepalive every second (so the client can tell when it dies).
  void StartPeer(const std::string& client_public, std::string* server_public) {
    std::string interface = "ws" + pair_->tag();
    Result<cmdial::Child> peer =
        pair_->StartFar({cmdial::FindSystemTool("wireguard-go"), "-f", interface});
    ASSERT_TRUE(peer) << peer.error().message();
    servers_.insert(servers_.begin(), std::move(*peer));
    std::string socket = "/var/run/wireguard/" + interface + ".sock";
    for (int i = 0; i < 500 && access(socket.c_str(), F_OK) != 0; ++i) poll(nullptr, 0, 10);
    ASSERT_EQ(access(socket.c_str(), F_OK), 0) << "the far wireguard-go did not start";
    cmdial::WireGuardKeyPair key = cmdial::NewWireGuardKeyPair();
    *server_public = key.public_key;
    std::string key_file = dir_.path() + "/server.key";
    ASSERT_TRUE(WriteFileAtomic(key_file, key.private_key + "\n", 0600));
    std::string wg = cmdial::FindSystemTool("wg");
    std::string ip = cmdial::FindSystemTool("ip");
    for (const std::vector<std::string>& command : std::vector<std::vector<std::string>>{
             {wg, "set", interface, "private-key", key_file, "listen-port", "51820", "peer",
              client_public, "allowed-ips", "10.9.0.2/32", "persistent-keepalive", "1"},
             {ip, "address", "add", "10.9.0.1/24", "dev", interface},
             {ip, "link", "set", interface, "up"}}) {
      std::string output;
      Result<int> run = pair_->RunFar(command, std::chrono::seconds(10), &output);
      ASSERT_TRUE(run) << run.error().message();
      ASSERT_EQ(*run, 0) << command.front() << ": " << output;
    }
  }

  ServiceProfile Profile(const std::string& server_public) {
    ServiceProfile profile;
    profile.short_name = "NETNS";
    profile.service_name = "Namespace test";
    profile.tunnel_type = TunnelType::kWireGuard;
    profile.vpn_servers = {kFarAddress};
    profile.tunnel_settings = {{"serverpublickey", server_public}, {"allowedips", "10.9.0.0/24"},
                               {"address", "10.9.0.2/24"},         {"port", "51820"},
                               {"deadpeertimeout", "3"},           {"handshaketimeout", "10"}};
    return profile;
  }

  cmdial::VpnContext Context() {
    cmdial::VpnContext context;
    context.runtime_dir = dir_.path() + "/run";
    context.data_dir = dir_.path() + "/keys";
    context.interface_name = "wc" + pair_->tag();
    return context;
  }
};

TEST_F(NetnsWireGuardTest, TunnelCarriesTrafficAndReportsThePeersDeath) {
  // The user's key is made first, as `cm-vpn-driver public-key` does for the administrator.
  cmdial::VpnContext context = Context();
  ASSERT_EQ(mkdir(context.data_dir.c_str(), 0700), 0);
  ASSERT_EQ(mkdir((context.data_dir + "/NETNS").c_str(), 0700), 0);
  Result<cmdial::WireGuardKeyPair> client =
      cmdial::LoadOrCreateWireGuardKey(context.data_dir + "/NETNS/wireguard.key");
  ASSERT_TRUE(client) << client.error().message();
  std::string server_public;
  StartPeer(client->public_key, &server_public);
  ASSERT_TRUE(WriteFileAtomic(dir_.path() + "/hello.txt", "hello through wireguard\n"));
  StartWebServer(dir_.path());

  Status entered = pair_->EnterNear();
  ASSERT_TRUE(entered) << entered.error().message();
  auto tunnel = cmdial::MakeVpnTunnel(Profile(server_public), dir_.path(), context);
  ASSERT_TRUE(tunnel) << tunnel.error().message();
  tunnel_ = std::move(*tunnel);
  Status up = tunnel_->Up(cmdial::TunnelRequest{});
  ASSERT_TRUE(up) << up.error().message();
  EXPECT_EQ(tunnel_->addresses().client_ip, "10.9.0.2");
  EXPECT_EQ(tunnel_->addresses().server_ip, kFarAddress);

  Result<std::string> body = GetWithRetry("10.9.0.1", "/hello.txt");
  ASSERT_TRUE(body) << body.error().message();
  EXPECT_EQ(*body, "hello through wireguard\n");

  // Transfer counts come from `wg show IFACE transfer` (read on the watch timer's tick).
  for (int i = 0; i < 30 && tunnel_->TrafficBytes().value_or(0) < 500; ++i) {
    pollfd fd{tunnel_->WatchFd(), POLLIN, 0};
    poll(&fd, 1, 200);
    EXPECT_FALSE(tunnel_->Gone());
  }
  EXPECT_GE(tunnel_->TrafficBytes().value_or(0), 500u);

  // The peer dies: nothing more comes from it, and after DeadPeerTimeout (3 s) Gone() says so.
  servers_.front().SignalGroup(SIGKILL);
  EXPECT_TRUE(WaitGone(std::chrono::seconds(15)));
  std::string interface = context.interface_name;
  Status down = tunnel_->Down({});
  EXPECT_TRUE(down);
  for (int i = 0; i < 100 && cmdial::ReadInterfaceCounters(interface); ++i) poll(nullptr, 0, 20);
  EXPECT_FALSE(cmdial::ReadInterfaceCounters(interface).has_value())
      << "interface " << interface << " is still there after Down()";
}

TEST_F(NetnsWireGuardTest, UnknownKeyGetsNoHandshake) {
  cmdial::VpnContext context = Context();
  std::string server_public;
  // The peer knows some other client's key, not this user's.
  StartPeer(cmdial::NewWireGuardKeyPair().public_key, &server_public);
  Status entered = pair_->EnterNear();
  ASSERT_TRUE(entered) << entered.error().message();
  ServiceProfile profile = Profile(server_public);
  profile.tunnel_settings["handshaketimeout"] = "2";
  auto tunnel = cmdial::MakeVpnTunnel(profile, dir_.path(), context);
  ASSERT_TRUE(tunnel) << tunnel.error().message();
  tunnel_ = std::move(*tunnel);
  Status up = tunnel_->Up(cmdial::TunnelRequest{});
  ASSERT_FALSE(up);
  EXPECT_NE(up.error().message().find("public key"), std::string::npos) << up.error().message();
  EXPECT_FALSE(cmdial::ReadInterfaceCounters(context.interface_name).has_value())
      << "a failed Up() left its interface";
}

}  // namespace
}  // namespace cm::netns
