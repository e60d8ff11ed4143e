// SPDX-License-Identifier: MIT
// Tests of `cmak new`'s per-tunnel, phone book filter, logon, action, log and branding options.
#include <filesystem>

#include "cm/ini_file.h"
#include "cmak_test_util.h"

namespace cm::cmak::test {
namespace {

const std::string kPbkDir = std::string(CM_TESTDATA_DIR) + "/pbk/";
const std::string kWgKey = "yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=";

class NewOptionsTest : public TempDirTest {
 protected:
  // Runs `cmak new P --service-name P --out OUT` with `extra` options.
  RunResult New(std::vector<std::string> extra) {
    std::vector<std::string> args = {"new", "P", "--service-name", "P", "--out", Path("out")};
    args.insert(args.end(), extra.begin(), extra.end());
    return Cmak(args);
  }
  IniFile Cms() {
    auto file = IniFile::Parse(Read("out/P/P.cms"));
    EXPECT_TRUE(file.has_value());
    return file ? *std::move(file) : IniFile::Empty();
  }
  bool Exists(const std::string& name) { return std::filesystem::exists(Path("out/P/" + name)); }
};

TEST_F(NewOptionsTest, OpenVpnSettingsAndCaFileCopied) {
  Write("corp-ca.crt", "-----BEGIN CERTIFICATE-----\n");
  RunResult r = New({"--vpn-server", "vpn.example.com", "--tunnel", "openvpn", "--ca-file",
                     Path("corp-ca.crt"), "--port", "1194", "--protocol", "udp", "--auth",
                     "password+certificate", "--tunnel-setting", "Cipher=AES-256-GCM",
                     "--server-choice", "random"});
  ASSERT_EQ(r.code, 0) << r.err;
  IniFile cms = Cms();
  EXPECT_EQ(cms.Get("cmsuite Tunnel", "CAFile"), "P\\corp-ca.crt");
  EXPECT_EQ(cms.Get("cmsuite Tunnel", "Port"), "1194");
  EXPECT_EQ(cms.Get("cmsuite Tunnel", "Protocol"), "udp");
  EXPECT_EQ(cms.Get("cmsuite Tunnel", "Auth"), "password+certificate");
  EXPECT_EQ(cms.Get("cmsuite Tunnel", "Cipher"), "AES-256-GCM");
  EXPECT_EQ(cms.Get("cmsuite Tunnel", "ServerChoice"), "random");
  EXPECT_EQ(Read("out/P/corp-ca.crt"), "-----BEGIN CERTIFICATE-----\n");
  EXPECT_NE(Read("out/P/P.sed").find("corp-ca.crt"), std::string::npos);
  EXPECT_EQ(Cmak({"lint", "--strict", Path("out/P")}).code, 0);
}

TEST_F(NewOptionsTest, WireGuardSettings) {
  RunResult r = New({"--vpn-server", "wg.example.com", "--tunnel", "wireguard", "--server-key",
                     kWgKey, "--allowed-ips", "10.0.0.0/8, fd00::/8", "--port", "51820"});
  ASSERT_EQ(r.code, 0) << r.err;
  IniFile cms = Cms();
  EXPECT_EQ(cms.Get("cmsuite Tunnel", "ServerPublicKey"), kWgKey);
  EXPECT_EQ(cms.Get("cmsuite Tunnel", "AllowedIPs"), "10.0.0.0/8, fd00::/8");
  EXPECT_EQ(cms.Get("cmsuite Tunnel", "Port"), "51820");
  EXPECT_EQ(Cmak({"lint", "--strict", Path("out/P")}).code, 0);
}

TEST_F(NewOptionsTest, TunnelSettingRefusalsNameTheOption) {
  Write("ca.crt", "x");
  struct Case {
    std::vector<std::string> args;
    const char* message;
  };
  const std::vector<Case> cases = {
      {{"--vpn-server", "h", "--tunnel", "wireguard"}, "needs --server-key"},
      {{"--vpn-server", "h", "--tunnel", "openvpn"}, "needs --ca-file"},
      {{"--vpn-server", "h", "--tunnel", "wireguard", "--server-key", "abc"}, "--server-key"},
      {{"--vpn-server", "h", "--tunnel", "wireguard", "--server-key", kWgKey, "--allowed-ips",
        "10.0.0.0/33"},
       "10.0.0.0/33"},
      {{"--vpn-server", "h", "--tunnel", "ikev2", "--auth", "pap"}, "eap-mschapv2"},
      {{"--vpn-server", "h", "--tunnel", "ikev2", "--port", "443"}, "does not take Port"},
      {{"--vpn-server", "h", "--tunnel", "sstp", "--port", "70000"}, "1-65535"},
      {{"--vpn-server", "h", "--tunnel", "openvpn", "--ca-file", Path("ca.crt"), "--protocol",
        "sctp"},
       "udp or tcp"},
      {{"--vpn-server", "h", "--tunnel", "openvpn", "--ca-file", Path("nope.crt")}, "nope.crt"},
      {{"--vpn-server", "h", "--tunnel-setting", "Type=x"}, "its own option"},
      {{"--vpn-server", "h", "--tunnel-setting", "novalue"}, "KEY=VALUE"},
      {{"--vpn-server", "h", "--server-choice", "roundrobin"}, "in-order or random"},
      {{"--type", "dialup", "--port", "1"}, "need --type direct or double-dial"},
  };
  for (const Case& c : cases) {
    RunResult r = New(c.args);
    EXPECT_EQ(r.code, 1) << c.message;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << c.message << ": " << r.err;
    EXPECT_FALSE(Exists("P.cms")) << c.message;
  }
}

TEST_F(NewOptionsTest, FiltersAndServiceTypes) {
  RunResult r =
      New({"--type", "dialup", "--filter", "Fast=0x0100/0x0100", "--filter", "Modem=0x4/0",
           "--service-type", "Fast lines=Fast", "--service-type", "Modem=Modem"});
  ASSERT_EQ(r.code, 0) << r.err;
  IniFile cms = Cms();
  EXPECT_EQ(cms.Get("ISP", "Mask&Fast"), "0x0100");
  EXPECT_EQ(cms.Get("ISP", "Match&Fast"), "0x0100");
  EXPECT_EQ(cms.Get("ISP", "Mask&SurchargeSignon"), "0x0041");
  EXPECT_EQ(cms.Entries("Service Types"), (std::vector<std::pair<std::string, std::string>>{
                                              {"Fast lines", "Fast"}, {"Modem", "Modem"}}));
  EXPECT_EQ(New({"--type", "dialup", "--service-type", "X=Nope"}).code, 1);
  RunResult bad = New({"--type", "dialup", "--filter", "Odd=0x1/0x2"});
  EXPECT_NE(bad.err.find("outside MASK"), std::string::npos) << bad.err;
}

TEST_F(NewOptionsTest, LogonSwitches) {
  ASSERT_EQ(New({"--vpn-server", "h", "--domain-field", "show", "--same-user-name", "no",
                 "--remember-password", "no"})
                .code,
            0);
  IniFile cms = Cms();
  EXPECT_EQ(cms.Get("Connection Manager", "HideDomain"), "0");
  EXPECT_EQ(cms.Get("Connection Manager", "UseSameUserName"), "0");
  EXPECT_EQ(cms.Get("Connection Manager", "HideRememberPassword"), "1");
  RunResult bad = New({"--vpn-server", "h", "--same-user-name", "maybe"});
  EXPECT_NE(bad.err.find("expected yes or no"), std::string::npos) << bad.err;
}

TEST_F(NewOptionsTest, ActionDescriptionAndTimeout) {
  ASSERT_EQ(New({"--vpn-server", "h", "--action",
                 "pre-connect:description=\"Check, VPN client\",timeout=30=/usr/bin/check -q",
                 "--action-timeout", "90"})
                .code,
            0);
  IniFile cms = Cms();
  EXPECT_EQ(cms.Get("Pre-Connect Actions", "0"), "/usr/bin/check -q");
  EXPECT_EQ(cms.Get("Pre-Connect Actions", "0&Description"), "Check, VPN client");
  EXPECT_EQ(cms.Get("Pre-Connect Actions", "0&Timeout"), "30");
  EXPECT_EQ(cms.Get("cmsuite Actions", "Timeout"), "90");
}

TEST_F(NewOptionsTest, LogAndBrandingFiles) {
  Write("logo.bmp", "BM");
  Write("app.ico", "ico");
  Write("help.html", "<p>help</p>");
  RunResult r = New({"--vpn-server", "h", "--logging", "no", "--log-max-kib", "256", "--log-folder",
                     "/var/log/corp", "--logo", Path("logo.bmp"), "--icon", Path("app.ico"),
                     "--tray-icon", Path("app.ico"), "--help-file", Path("help.html")});
  ASSERT_EQ(r.code, 0) << r.err;
  IniFile cms = Cms();
  EXPECT_EQ(cms.Get("Connection Manager", "EnableLogging"), "0");
  EXPECT_EQ(cms.Get("Connection Manager", "MaxLogFileSize"), "256");
  EXPECT_EQ(cms.Get("Connection Manager", "LogFolderPath"), "/var/log/corp");
  EXPECT_EQ(cms.Get("Connection Manager", "Logo"), "P\\logo.bmp");
  EXPECT_EQ(cms.Get("Connection Manager", "Icon"), "P\\app.ico");
  EXPECT_EQ(cms.Get("Connection Manager", "HelpFile"), "P\\help.html");
  EXPECT_EQ(Read("out/P/help.html"), "<p>help</p>");
  EXPECT_EQ(cms.Get("Connection Manager", "TrayIcon"), "P\\app.ico");  // one file, two keys
  EXPECT_FALSE(cms.Get("Connection Manager", "SmallIcon").has_value());
  // Another file of the same name is a clash.
  std::filesystem::create_directories(Path("other"));
  Write("other/app.ico", "other");
  std::filesystem::remove_all(Path("out/P"));
  RunResult clash =
      New({"--vpn-server", "h", "--icon", Path("app.ico"), "--tray-icon", Path("other/app.ico")});
  EXPECT_EQ(clash.code, 1);
  EXPECT_NE(clash.err.find("'app.ico' is already in the profile"), std::string::npos) << clash.err;
}

TEST_F(NewOptionsTest, PhonebookVersionFileTravelsWithIt) {
  std::filesystem::create_directories(Path("book"));
  auto book = ReadFile(kPbkDir + "spec-example.pbk");
  ASSERT_TRUE(book.has_value());
  Write("book/corp.pbk", *book);
  Write("book/corp.ver", "7\n");
  ASSERT_EQ(New({"--type", "dialup", "--phonebook", Path("book/corp.pbk")}).code, 0);
  EXPECT_EQ(Read("out/P/corp.ver"), "7\n");
  Write("book/corp.ver", "seven\n");
  std::filesystem::remove_all(Path("out/P"));
  RunResult bad = New({"--type", "dialup", "--phonebook", Path("book/corp.pbk")});
  EXPECT_EQ(bad.code, 1);
  EXPECT_NE(bad.err.find("corp.ver"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace cm::cmak::test
