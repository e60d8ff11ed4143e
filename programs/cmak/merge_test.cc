// SPDX-License-Identifier: MIT
// Tests of `cmak new --merge`: phone books copied and listed, settings merged, conflicts refused.
#include <filesystem>

#include "cm/ini_file.h"
#include "cmak_test_util.h"

namespace cm::cmak::test {
namespace {

const std::string kPbkDir = std::string(CM_TESTDATA_DIR) + "/pbk/";

class MergeTest : public TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    std::filesystem::create_directories(Path("src"));
    auto book = ReadFile(kPbkDir + "spec-example.pbk");
    ASSERT_TRUE(book.has_value());
    Write("src/partner.pbk", *book);
    Write("src/partner.ver", "12\n");
    RunResult r = Cmak({"new", "PARTNER", "--service-name", "Partner dial-up", "--out",
                        Path("other"), "--type", "dialup", "--phonebook", Path("src/partner.pbk"),
                        "--pb-url", "https://pb.partner.example/pbserver/pbserver.dll", "--pb-key",
                        "ed25519:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "--filter",
                        "Fast=0x100/0x100", "--service-type", "Fast=Fast"});
    ASSERT_EQ(r.code, 0) << r.err;
  }
  RunResult NewMerging(std::vector<std::string> extra) {
    std::vector<std::string> args = {
        "new",       "MAIN",   "--service-name", "Main",         "--out",
        Path("out"), "--type", "double-dial",    "--vpn-server", "vpn.example.com"};
    args.insert(args.end(), extra.begin(), extra.end());
    return Cmak(args);
  }
  IniFile Parse(const std::string& name) {
    auto file = IniFile::Parse(Read(name));
    EXPECT_TRUE(file.has_value());
    return file ? *std::move(file) : IniFile::Empty();
  }
};

TEST_F(MergeTest, CopiesPhonebookAndListsIt) {
  RunResult r = NewMerging({"--merge", Path("other/PARTNER")});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(Read("out/MAIN/partner.pbk"), Read("src/partner.pbk"));
  EXPECT_EQ(Read("out/MAIN/partner.ver"), "12\n");
  IniFile cms = Parse("out/MAIN/MAIN.cms");
  EXPECT_EQ(cms.Get("cmsuite Merged Profiles", "0"), "PARTNER");
  EXPECT_EQ(cms.Get("cmsuite Merge&PARTNER", "PBFile"), "MAIN\\partner.pbk");
  EXPECT_EQ(cms.Get("cmsuite Merge&PARTNER", "PBURL"),
            "https://pb.partner.example/pbserver/pbserver.dll");
  EXPECT_EQ(cms.Get("cmsuite Merge&PARTNER", "ServiceName"), "Partner dial-up");
  EXPECT_EQ(cms.Get("ISP", "Mask&Fast"), "0x0100");
  EXPECT_EQ(cms.Get("Service Types", "Fast"), "Fast");
  EXPECT_EQ(cms.Get("Server&PARTNER", "Require_MSCHAP2"), "1");
  IniFile inf = Parse("out/MAIN/MAIN.inf");
  EXPECT_EQ(inf.Get("Merge Profiles", "0"), "PARTNER");
  RunResult lint = Cmak({"lint", Path("out/MAIN")});
  EXPECT_EQ(lint.code, 0) << lint.err;
}

TEST_F(MergeTest, ConflictsAreRefusedNamingThem) {
  // A second profile whose filter of the same name has other bits.
  ASSERT_EQ(Cmak({"new", "OTHER", "--service-name", "Other", "--out", Path("other"), "--type",
                  "dialup", "--filter", "Fast=0x200/0x200"})
                .code,
            0);
  // Our own phone book with the merged one's file name (and other POPs).
  std::filesystem::create_directories(Path("clash"));
  auto book = ReadFile(kPbkDir + "spec-minimal.pbk");
  ASSERT_TRUE(book.has_value());
  Write("clash/partner.pbk", *book);
  struct Case {
    std::vector<std::string> args;
    const char* message;
  };
  const std::vector<Case> cases = {
      {{"--merge", Path("other/PARTNER"), "--merge", Path("other/OTHER")}, "filter Fast"},
      {{"--merge", Path("other/PARTNER"), "--merge", Path("other/PARTNER")}, "already merged"},
      {{"--phonebook", Path("clash/partner.pbk"), "--merge", Path("other/PARTNER")},
       "'partner.pbk' is already in the profile"},
      {{"--merge", Path("other/NOPE")}, "NOPE.cms"},
      {{"--service-type", "Fast=Modem", "--merge", Path("other/PARTNER")}, "[Service Types] Fast"},
  };
  for (const Case& c : cases) {
    RunResult r = NewMerging(c.args);
    EXPECT_EQ(r.code, 1) << c.message;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << c.message << ": " << r.err;
    EXPECT_FALSE(std::filesystem::exists(Path("out/MAIN"))) << c.message;
  }
  std::filesystem::create_directories(Path("self/MAIN"));
  Write("self/MAIN/MAIN.cms", "");
  RunResult self = NewMerging({"--merge", Path("self/MAIN")});
  EXPECT_NE(self.err.find("into itself"), std::string::npos) << self.err;
}

}  // namespace
}  // namespace cm::cmak::test
