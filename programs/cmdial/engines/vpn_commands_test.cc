// SPDX-License-Identifier: MIT
// `cmdial vpn-key`, in-process against a temporary store with a WireGuard profile written in
// the installed layout.
#include "engines/vpn_commands.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "cm/file_util.h"
#include "engines/wireguard_keys.h"
#include "profiles/profiles_test_util.h"

namespace cm::cmdial {
namespace {

using KeyRun = testing::CommandResult;

KeyRun VpnKey(std::vector<std::string> args) {
  args.insert(args.begin(), "vpn-key");
  return testing::RunCommands(std::move(args), RegisterVpnCommands);
}

class VpnKeyCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_.SetEnvironment();
    Install("WGKEY", "Type=wireguard\r\nServer0=10.200.0.2\r\nServerPublicKey=" +
                         NewWireGuardKeyPair().public_key + "\r\nAllowedIPs=10.9.0.0/24\r\n");
    Install("OVKEY", "Type=openvpn\r\nServer0=10.200.0.2\r\nCAFile=OVKEY\\ca.crt\r\n");
  }
  void Install(const std::string& short_name, const std::string& tunnel) {
    const std::string& root = store_.paths().user_root;
    std::filesystem::create_directories(root + "/" + short_name);
    ASSERT_TRUE(WriteFileAtomic(root + "/" + short_name + ".cmp", "[Connection Manager]\r\n"));
    ASSERT_TRUE(WriteFileAtomic(root + "/" + short_name + "/" + short_name + ".cms",
                                "[Connection Manager]\r\nServiceName=" + short_name +
                                    " Service\r\nTunnel=1\r\n[cmsuite Tunnel]\r\n" + tunnel));
  }
  std::string UserDir(const std::string& short_name) const {
    return store_.paths().user_root + "/keys/" + short_name;
  }

  testing::TempStore store_;
};

TEST_F(VpnKeyCommandTest, MakesTheKeyOncePrivatelyAndPrintsItsPublicHalf) {
  KeyRun first = VpnKey({"WGKEY"});
  ASSERT_EQ(first.code, 0) << first.err;
  std::string key_file = UserDir("WGKEY") + "/wireguard.key";
  struct stat info {};
  ASSERT_EQ(stat(key_file.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  ASSERT_EQ(stat(UserDir("WGKEY").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0700u);
  std::string private_key = ReadFile(key_file).value();
  private_key.pop_back();
  EXPECT_EQ(first.out, WireGuardPublicKey(private_key).value() + "\n");
  EXPECT_EQ(first.out.find(private_key), std::string::npos);
  // The same key every time, found by the service name too.
  KeyRun again = VpnKey({"wgkey service"});
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_EQ(again.out, first.out);
}

TEST_F(VpnKeyCommandTest, RecordsTheTunnelAddress) {
  KeyRun set = VpnKey({"WGKEY", "--address", "10.9.0.7/24"});
  ASSERT_EQ(set.code, 0) << set.err;
  EXPECT_TRUE(IsWireGuardKey(set.out.substr(0, set.out.size() - 1))) << set.out;
  EXPECT_EQ(ReadFile(UserDir("WGKEY") + "/wireguard.address").value(), "10.9.0.7/24\n");
  EXPECT_NE(set.err.find("10.9.0.7/24"), std::string::npos) << set.err;
  for (const char* bad : {"10.9.0.7", "10.9.0.300/24", "10.9.0.7/33", "fd00::2/129", "x/8"}) {
    KeyRun refused = VpnKey({"WGKEY", "--address", bad});
    EXPECT_EQ(refused.code, 2) << bad;
  }
  EXPECT_EQ(VpnKey({"WGKEY", "--address", "fd00:9::2/64"}).code, 0);
}

TEST_F(VpnKeyCommandTest, RefusesProfilesWithoutWireGuard) {
  KeyRun openvpn = VpnKey({"OVKEY"});
  EXPECT_EQ(openvpn.code, 1);
  EXPECT_NE(openvpn.err.find("no WireGuard tunnel"), std::string::npos) << openvpn.err;
  KeyRun missing = VpnKey({"NOSUCH"});
  EXPECT_EQ(missing.code, 1);
  EXPECT_EQ(VpnKey({}).code, 2);
  EXPECT_FALSE(std::filesystem::exists(UserDir("OVKEY") + "/wireguard.key"));
}

TEST_F(VpnKeyCommandTest, RefusesAKeyOthersCanRead) {
  ASSERT_EQ(VpnKey({"WGKEY"}).code, 0);
  ASSERT_EQ(chmod((UserDir("WGKEY") + "/wireguard.key").c_str(), 0644), 0);
  KeyRun refused = VpnKey({"WGKEY"});
  EXPECT_EQ(refused.code, 1);
  EXPECT_EQ(refused.out, "");
}

}  // namespace
}  // namespace cm::cmdial
