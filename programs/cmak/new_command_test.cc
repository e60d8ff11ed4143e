// SPDX-License-Identifier: MIT
// Tests of `cmak new`: the folder it writes, copied files, and each refusal naming its cause.
#include <filesystem>

#include "cm/ini_file.h"
#include "cmak_test_util.h"

namespace cm::cmak::test {
namespace {

const std::string kPbkDir = std::string(CM_TESTDATA_DIR) + "/pbk/";

class NewCommandTest : public TempDirTest {
 protected:
  IniFile Cms(const std::string& short_name) {
    auto file = IniFile::Parse(Read("out/" + short_name + "/" + short_name + ".cms"));
    EXPECT_TRUE(file.has_value());
    return file ? *std::move(file) : IniFile::Empty();
  }
};

TEST_F(NewCommandTest, WritesTheFourFilesAndCopies) {
  Write("sync.sh", "#!/bin/sh\n");
  Write("readme.txt", "hello\n");
  RunResult r = Cmak({"new",
                      "CONTOSO",
                      "--service-name",
                      "Contoso VPN",
                      "--out",
                      Path("out"),
                      "--type",
                      "double-dial",
                      "--vpn-server",
                      "vpn1.contoso.com",
                      "--vpn-server",
                      "vpn2.contoso.com",
                      "--tunnel",
                      "wireguard",
                      "--server-key",
                      "yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=",
                      "--phonebook",
                      kPbkDir + "spec-example.pbk",
                      "--regions",
                      kPbkDir + "spec-example.pbr",
                      "--pb-url",
                      "https://pb.contoso.com/pb",
                      "--pb-key",
                      "ed25519:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
                      "--realm-suffix",
                      "@contoso.com",
                      "--action",
                      "post-connect:include=" + Path("sync.sh") + " %UserName%",
                      "--action",
                      "pre-init=logger start",
                      "--include",
                      Path("readme.txt"),
                      "--redial-count",
                      "7",
                      "--idle-timeout",
                      "0"});
  ASSERT_EQ(r.code, 0) << r.err;
  for (const char* file : {"CONTOSO.cms", "CONTOSO.cmp", "CONTOSO.inf", "CONTOSO.sed",
                           "spec-example.pbk", "spec-example.pbr", "sync.sh", "readme.txt"}) {
    EXPECT_TRUE(std::filesystem::exists(Path(std::string("out/CONTOSO/") + file))) << file;
  }
  IniFile cms = Cms("CONTOSO");
  EXPECT_EQ(cms.Get("Connect Actions", "0"), "sync.sh %UserName%");
  EXPECT_EQ(cms.Get("Pre-Init Actions", "0"), "logger start");
  EXPECT_EQ(cms.Get("Connection Manager", "RedialCount"), "7");
  EXPECT_EQ(cms.Get("Connection Manager", "IdleTimeout"), "0");
  EXPECT_EQ(cms.Get("cmsuite Tunnel", "Type"), "wireguard");
  EXPECT_EQ(cms.Get("cmsuite Phonebook", "PublisherKey"),
            "ed25519:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
  EXPECT_EQ(Read("out/CONTOSO/readme.txt"), "hello\n");
}

TEST_F(NewCommandTest, PublisherKeyMayBeAKeyFile) {
  RunResult key = Cmak({"keygen", "--out", Path("k.key")});
  ASSERT_EQ(key.code, 0);
  ASSERT_EQ(Cmak({"new", "P", "--service-name", "P", "--out", Path("out"), "--vpn-server", "h",
                  "--pb-key", Path("k.key")})
                .code,
            0);
  EXPECT_EQ(Cms("P").Get("cmsuite Phonebook", "PublisherKey").value_or("") + "\n",
            key.out.substr(0, key.out.find('\n') + 1));
}

TEST_F(NewCommandTest, LegacyTunnelWarns) {
  RunResult r = Cmak({"new", "OLD", "--service-name", "Old", "--out", Path("out"), "--vpn-server",
                      "h", "--tunnel", "pptp"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("cmak: warning: tunnel type pptp is legacy"), std::string::npos);
}

TEST_F(NewCommandTest, CommandTunnelStoresUpAndDown) {
  RunResult r = Cmak({"new", "CMD", "--service-name", "Cmd", "--out", Path("out"), "--tunnel",
                      "command", "--tunnel-up", "up.sh %ServiceName%", "--tunnel-down", "down.sh"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(Cms("CMD").Get("cmsuite Tunnel", "Up"), "up.sh %ServiceName%");
  EXPECT_EQ(Cms("CMD").Get("cmsuite Tunnel", "Down"), "down.sh");
}

// `--vpn-type` is the same option (the form issue 6's acceptance uses).
TEST_F(NewCommandTest, VpnTypeIsTheTunnelOption) {
  RunResult r = Cmak({"new", "VT", "--service-name", "Vt", "--out", Path("out"), "--vpn-type",
                      "command", "--tunnel-up", "up.sh", "--tunnel-down", "down.sh"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(Cms("VT").Get("cmsuite Tunnel", "Type"), "command");
  EXPECT_EQ(Cms("VT").Get("cmsuite Tunnel", "Up"), "up.sh");
}

TEST_F(NewCommandTest, RefusalsNameTheirCause) {
  struct Case {
    std::vector<std::string> args;
    const char* message;
  };
  const std::vector<Case> cases = {
      {{"new", "TOOLONGNAME", "--service-name", "x", "--out", Path("o"), "--vpn-server", "h"},
       "TOOLONGNAME"},
      {{"new", "A", "--service-name", "x", "--out", Path("o")}, "--vpn-server"},
      {{"new", "A", "--service-name", "x", "--out", Path("o"), "--vpn-server", "h", "--tunnel",
        "gre"},
       "unknown tunnel type 'gre'"},
      {{"new", "A", "--service-name", "x", "--out", Path("o"), "--tunnel", "command"},
       "--tunnel-up"},
      {{"new", "A", "--service-name", "x", "--out", Path("o"), "--type", "dialup", "--phonebook",
        kPbkDir + "too-many-commas.pbk"},
       "too-many-commas.pbk"},
      {{"new", "A", "--service-name", "x", "--out", Path("o"), "--type", "dialup", "--phonebook",
        Path("missing.pbk")},
       "missing.pbk"},
      {{"new", "A", "--service-name", "x", "--out", Path("o"), "--vpn-server", "h",
        "--realm-prefix", "D\\", "--realm-suffix", "@d"},
       "not both"},
      {{"new", "A", "--service-name", "x", "--out", Path("o"), "--vpn-server", "h", "--action",
        "sometime=x"},
       "unknown action point"},
      {{"new", "A", "--service-name", "x", "--out", Path("o"), "--vpn-server", "h", "--pb-url",
        "ftp://x"},
       "--pb-url"},
  };
  for (const Case& c : cases) {
    RunResult r = Cmak(c.args);
    EXPECT_EQ(r.code, 1) << c.message;
    EXPECT_NE(r.err.find("cmak: error: "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(Path("o/A"))) << c.message;
  }
}

TEST_F(NewCommandTest, RefusesAnExistingProfileFolder) {
  std::vector<std::string> args = {"new",   "A",         "--service-name", "x",
                                   "--out", Path("out"), "--vpn-server",   "h"};
  ASSERT_EQ(Cmak(args).code, 0);
  Write("out/A/A.cms", "[hand edit]\r\n");
  RunResult r = Cmak(args);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("already exists"), std::string::npos);
  EXPECT_EQ(Read("out/A/A.cms"), "[hand edit]\r\n");
}

}  // namespace
}  // namespace cm::cmak::test
