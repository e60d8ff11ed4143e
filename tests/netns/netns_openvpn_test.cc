// SPDX-License-Identifier: MIT
// OpenVPN for real: a server with test certificates in the far namespace, cmdial's OpenVPN
// tunnel in the near one, a web page fetched through the tunnel, then the server killed.
#include <fmt/format.h>
#include <signal.h>
#include <sys/stat.h>

#include "engines/openvpn_tunnel.h"
#include "engines/vpn_support.h"
#include "engines/vpn_tunnels.h"
#include "tests/netns/netns_test_util.h"

namespace cm::netns {
namespace {

constexpr const char* kPassword = "s3cret \"quoted\" pass";

class NetnsOpenVpnTest : public NetnsTest {
 protected:
  std::vector<std::string> Tools() const override { return {"openvpn", "openssl", "python3"}; }

  // CA, server and client certificates (EC P-256, valid two days) in <dir>/pki.
  void MakeCertificates() {
    std::string script = R"(set -e
cd "$1"; mkdir -p pki; cd pki
ec="-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"
openssl req -x509 $ec -keyout ca.key -out ca.crt -days 2 -subj /CN=cmsuite-test-ca 2>/dev/null
for who in server client; do
  openssl req $ec -keyout $who.key -out $who.csr -subj /CN=$who 2>/dev/null
  usage=serverAuth; [ $who = client ] && usage=clientAuth
  printf 'extendedKeyUsage=%s\nkeyUsage=digitalSignature,keyAgreement\n' $usage > $who.ext
  openssl x509 -req -in $who.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out $who.crt \
    -days 2 -extfile $who.ext 2>/dev/null
done
)";
    Result<cmdial::ToolRun> made =
        cmdial::RunTool("/bin/sh", {"-c", script, "sh", dir_.path()}, std::chrono::seconds(30));
    ASSERT_TRUE(made) << made.error().message();
    ASSERT_EQ(made->exit, 0) << made->output;
  }

  void StartServer() {
    std::string pki = dir_.path() + "/pki";
    ASSERT_TRUE(WriteFileAtomic(dir_.path() + "/check.sh",
                                "#!/bin/sh\n"
                                "# OpenVPN's via-file: user name, then password, one per line.\n"
                                "[ \"$(sed -n 1p \"$1\")\" = alice ] && "
                                "[ \"$(sed -n 2p \"$1\")\" = '" +
                                    std::string(kPassword) + "' ]\n",
                                0755));
    std::string config = fmt::format(
        "dev tun\nproto udp\nlocal {0}\nport 1194\n"
        "ca {1}/ca.crt\ncert {1}/server.crt\nkey {1}/server.key\ndh none\n"
        "server 10.8.0.0 255.255.255.0\ntopology subnet\nkeepalive 1 4\n"
        "script-security 2\nauth-user-pass-verify {2}/check.sh via-file\ntmp-dir {2}\n"
        "log {2}/server.log\nverb 3\n",
        kFarAddress, pki, dir_.path());
    ASSERT_TRUE(WriteFileAtomic(dir_.path() + "/server.conf", config));
    Result<cmdial::Child> server = pair_->StartFar(
        {cmdial::FindSystemTool("openvpn"), "--config", dir_.path() + "/server.conf"});
    ASSERT_TRUE(server) << server.error().message();
    servers_.insert(servers_.begin(), std::move(*server));
  }

  // The profile as cmdial reads it from [cmsuite Tunnel] (keys lower-cased); CA in its folder;
  // the client certificate in the user's data folder.
  void MakeTunnel() {
    std::string profile_dir = dir_.path() + "/NETNS";
    ASSERT_EQ(mkdir(profile_dir.c_str(), 0755), 0);
    ASSERT_EQ(cmdial::RunTool("/bin/cp", {dir_.path() + "/pki/ca.crt", profile_dir + "/ca.crt"},
                              std::chrono::seconds(5))
                  ->exit,
              0);
    ServiceProfile profile;
    profile.short_name = "NETNS";
    profile.service_name = "Namespace test";
    profile.tunnel_type = TunnelType::kOpenVpn;
    profile.vpn_servers = {kFarAddress};
    profile.tunnel_settings = {{"cafile", "NETNS\\ca.crt"},
                               {"protocol", "udp"},
                               {"port", "1194"},
                               {"auth", "password+certificate"},
                               {"timeout", "30"}};
    cmdial::VpnContext context;
    context.runtime_dir = dir_.path() + "/run";
    context.data_dir = dir_.path() + "/keys";
    context.interface_name = "ct" + pair_->tag();
    std::string user_dir = context.data_dir + "/NETNS";
    ASSERT_EQ(cmdial::RunTool("/bin/sh",
                              {"-c",
                               "mkdir -m 700 -p \"$2\" && cp \"$1\"/pki/client.crt "
                               "\"$1\"/pki/client.key \"$2\"/",
                               "sh", dir_.path(), user_dir},
                              std::chrono::seconds(5))
                  ->exit,
              0);
    auto tunnel = cmdial::MakeVpnTunnel(profile, profile_dir, context);
    ASSERT_TRUE(tunnel) << tunnel.error().message();
    tunnel_ = std::move(*tunnel);
  }

  cmdial::TunnelRequest Request(const std::string& password) {
    cmdial::TunnelRequest request;
    request.macros.Set("UserName", "alice");
    request.password = password;
    return request;
  }
};

TEST_F(NetnsOpenVpnTest, TunnelCarriesTrafficAndReportsTheServersDeath) {
  MakeCertificates();
  StartServer();
  ASSERT_TRUE(WriteFileAtomic(dir_.path() + "/hello.txt", "hello through openvpn\n"));
  StartWebServer(dir_.path());
  Status entered = pair_->EnterNear();
  ASSERT_TRUE(entered) << entered.error().message();
  MakeTunnel();

  Status up = tunnel_->Up(Request(kPassword));
  ASSERT_TRUE(up) << up.error().message();
  cmdial::Addresses addresses = tunnel_->addresses();
  EXPECT_EQ(addresses.client_ip.rfind("10.8.0.", 0), 0u) << addresses.client_ip;
  EXPECT_EQ(addresses.server_ip, kFarAddress);

  // 10.8.0.1 is the server's tunnel address: only reachable through the tunnel.
  Result<std::string> body = GetWithRetry("10.8.0.1", "/hello.txt");
  ASSERT_TRUE(body) << body.error().message();
  EXPECT_EQ(*body, "hello through openvpn\n");

  // The password is in no file the tunnel wrote.
  Result<cmdial::ToolRun> grep =
      cmdial::RunTool("/bin/grep", {"-rqF", "s3cret", dir_.path() + "/run", dir_.path() + "/keys"},
                      std::chrono::seconds(5));
  ASSERT_TRUE(grep);
  EXPECT_EQ(grep->exit, 1) << "the password was found in a generated file";

  // Byte counts arrive over the management interface (bytecount 1), once a second: a report
  // taken before the request above may still say 0, so wait for one taken after it.
  for (int i = 0; i < 30 && tunnel_->TrafficBytes().value_or(0) == 0; ++i) {
    EXPECT_FALSE(tunnel_->Gone());
    poll(nullptr, 0, 100);
  }
  ASSERT_TRUE(tunnel_->TrafficBytes().has_value());
  EXPECT_GT(*tunnel_->TrafficBytes(), 0u);
  EXPECT_FALSE(tunnel_->Gone());

  // The server dies without a word: the client's ping-restart (pushed: keepalive 1 4) ends
  // CONNECTED, and Gone() says so.
  servers_.front().SignalGroup(SIGKILL);
  EXPECT_TRUE(WaitGone(std::chrono::seconds(20)));

  auto* openvpn = dynamic_cast<cmdial::OpenVpnTunnel*>(tunnel_.get());
  ASSERT_NE(openvpn, nullptr);
  pid_t pid = openvpn->pid();
  std::string config = openvpn->config_path();
  Status down = tunnel_->Down({});
  EXPECT_TRUE(down);
  EXPECT_NE(kill(pid, 0), 0) << "openvpn still runs after Down()";
  EXPECT_NE(access(config.c_str(), F_OK), 0) << "the generated configuration was left";
}

TEST_F(NetnsOpenVpnTest, WrongPasswordIsAnAuthenticationError) {
  MakeCertificates();
  StartServer();
  Status entered = pair_->EnterNear();
  ASSERT_TRUE(entered) << entered.error().message();
  MakeTunnel();
  Status up = tunnel_->Up(Request("wrong"));
  ASSERT_FALSE(up);
  EXPECT_EQ(up.error().code(), Errc::kNetwork);
  EXPECT_EQ(tunnel_->last_error_value(), cmdial::kVpnErrorAuthentication) << up.error().message();
  // A failed Up() leaves no generated configuration behind (the log stays, for diagnosis).
  auto* openvpn = dynamic_cast<cmdial::OpenVpnTunnel*>(tunnel_.get());
  ASSERT_NE(openvpn, nullptr);
  EXPECT_NE(access(openvpn->config_path().c_str(), F_OK), 0) << "the configuration was left";
}

}  // namespace
}  // namespace cm::netns
