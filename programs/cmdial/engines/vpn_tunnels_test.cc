// SPDX-License-Identifier: MIT
#include "engines/vpn_tunnels.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>

#include "cm/file_util.h"

namespace cm::cmdial {
namespace {

class VpnTunnelsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char base[] = "/tmp/cm-vpn-factory-XXXXXX";
    ASSERT_NE(mkdtemp(base), nullptr);
    root_ = base;
    context_.runtime_dir = root_ + "/run";
    context_.data_dir = root_ + "/keys";
    profile_dir_ = root_ + "/CORP";
    ASSERT_EQ(mkdir(profile_dir_.c_str(), 0755), 0);
    profile_.short_name = "CORP";
    profile_.service_name = "Corp VPN";
    profile_.vpn_servers = {"vpn.example.com", "10.0.0.2:1195"};
  }
  void TearDown() override { (void)std::system(("rm -rf '" + root_ + "'").c_str()); }

  std::string root_;
  std::string profile_dir_;
  ServiceProfile profile_;
  VpnContext context_;
};

TEST_F(VpnTunnelsTest, CommandTypeIsNotAVpnEngine) {
  profile_.tunnel_type = TunnelType::kCommand;
  auto tunnel = MakeVpnTunnel(profile_, profile_dir_, context_);
  ASSERT_FALSE(tunnel);
  EXPECT_EQ(tunnel.error().code(), Errc::kUnsupported);
}

TEST_F(VpnTunnelsTest, OpenVpnNeedsItsCaInTheProfileFolder) {
  profile_.tunnel_type = TunnelType::kOpenVpn;
  auto missing = MakeVpnTunnel(profile_, profile_dir_, context_);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message().find("CAFile"), std::string::npos);
  profile_.tunnel_settings["cafile"] = "CORP\\ca.crt";
  auto absent = MakeVpnTunnel(profile_, profile_dir_, context_);
  ASSERT_FALSE(absent);
  EXPECT_EQ(absent.error().code(), Errc::kNotFound);
  ASSERT_TRUE(WriteFileAtomic(profile_dir_ + "/ca.crt", "-----BEGIN CERTIFICATE-----\n"));
  auto tunnel = MakeVpnTunnel(profile_, profile_dir_, context_);
  ASSERT_TRUE(tunnel) << tunnel.error().message();
  EXPECT_EQ((*tunnel)->name(), "openvpn");
  struct stat info {};
  ASSERT_EQ(stat(context_.runtime_dir.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0700u);
  profile_.tunnel_settings["protocol"] = "sctp";
  EXPECT_FALSE(MakeVpnTunnel(profile_, profile_dir_, context_));
  profile_.tunnel_settings["protocol"] = "tcp";
  profile_.tunnel_settings["port"] = "70000";
  auto bad_port = MakeVpnTunnel(profile_, profile_dir_, context_);
  ASSERT_FALSE(bad_port);
  EXPECT_NE(bad_port.error().message().find("port"), std::string::npos);
}

TEST_F(VpnTunnelsTest, WireGuardMakesTheUsersKeyOnce) {
  profile_.tunnel_type = TunnelType::kWireGuard;
  profile_.tunnel_settings["serverpublickey"] = "not a key";
  profile_.tunnel_settings["address"] = "10.9.0.2/24";
  auto bad = MakeVpnTunnel(profile_, profile_dir_, context_);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message().find("ServerPublicKey"), std::string::npos);
  profile_.tunnel_settings["serverpublickey"] = "HIgo9xNzJMWLKASShiTqIybxZ0U3wGLiUeJ1PKf8ykw=";
  auto tunnel = MakeVpnTunnel(profile_, profile_dir_, context_);
  ASSERT_TRUE(tunnel) << tunnel.error().message();
  EXPECT_EQ((*tunnel)->name(), "wireguard");
  struct stat info {};
  ASSERT_EQ(stat((context_.data_dir + "/CORP/wireguard.key").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  profile_.tunnel_settings.erase("address");
  auto no_address = MakeVpnTunnel(profile_, profile_dir_, context_);
  ASSERT_FALSE(no_address);
  EXPECT_NE(no_address.error().message().find("Address"), std::string::npos);
}

TEST_F(VpnTunnelsTest, LegacyTypesAreMadeAndNoServerIsRefused) {
  for (TunnelType type : {TunnelType::kIkev2, TunnelType::kSstp, TunnelType::kPptp}) {
    profile_.tunnel_type = type;
    auto tunnel = MakeVpnTunnel(profile_, profile_dir_, context_);
    ASSERT_TRUE(tunnel) << TunnelTypeName(type) << ": " << tunnel.error().message();
    EXPECT_EQ((*tunnel)->name(), TunnelTypeName(type));
  }
  profile_.tunnel_type = TunnelType::kL2tp;
  EXPECT_FALSE(MakeVpnTunnel(profile_, profile_dir_, context_));  // no PreSharedKey
  profile_.tunnel_settings["presharedkey"] = "k";
  EXPECT_TRUE(MakeVpnTunnel(profile_, profile_dir_, context_));
  profile_.vpn_servers.clear();
  auto none = MakeVpnTunnel(profile_, profile_dir_, context_);
  ASSERT_FALSE(none);
  EXPECT_NE(none.error().message().find("Server0"), std::string::npos);
}

}  // namespace
}  // namespace cm::cmdial
