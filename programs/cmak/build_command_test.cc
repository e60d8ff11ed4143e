// SPDX-License-Identifier: MIT
// Tests of `cmak build`: deterministic bytes, cabextract accepts the cabinet, the manifest
// covers every member and verifies with the key, hand edits are packaged as they are.
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "cm/cab.h"
#include "cm/crypto.h"
#include "cmak_test_util.h"

namespace cm::cmak::test {
namespace {

class BuildCommandTest : public TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    Write("tool.sh", "#!/bin/sh\necho hi\n");
    RunResult r = Cmak({"new", "CONTOSO", "--service-name", "Contoso", "--out", Path("p"),
                        "--vpn-server", "vpn.contoso.com", "--action",
                        "post-connect:include=" + Path("tool.sh") + " %UserName%"});
    ASSERT_EQ(r.code, 0) << r.err;
  }
  std::vector<CabEntry> Members(const std::string& cab) {
    auto members = ReadCabinet(Read(cab));
    EXPECT_TRUE(members.has_value());
    return members ? *members : std::vector<CabEntry>();
  }
};

TEST_F(BuildCommandTest, TwoBuildsGiveTheSameBytes) {
  ASSERT_EQ(Cmak({"keygen", "--out", Path("k.key")}).code, 0);
  RunResult first =
      Cmak({"build", Path("p/CONTOSO"), "-o", Path("a.cab"), "--sign-key", Path("k.key")});
  ASSERT_EQ(first.code, 0) << first.err;
  std::filesystem::last_write_time(Path("p/CONTOSO/CONTOSO.cms"),
                                   std::filesystem::file_time_type::clock::now());
  ASSERT_EQ(
      Cmak({"build", Path("p/CONTOSO"), "-o", Path("b.cab"), "--sign-key", Path("k.key")}).code, 0);
  EXPECT_EQ(Read("a.cab"), Read("b.cab"));
}

TEST_F(BuildCommandTest, CabextractAcceptsThePackage) {
  RunResult r = Cmak({"build", Path("p/CONTOSO")});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, Path("p/CONTOSO.cab") + "\n");
  EXPECT_NE(r.err.find("unsigned"), std::string::npos);
  std::string command = "cabextract -t -q '" + Path("p/CONTOSO.cab") + "' >/dev/null 2>&1";
  EXPECT_EQ(std::system(command.c_str()), 0);
}

TEST_F(BuildCommandTest, SignedManifestListsEveryMemberAndVerifies) {
  RunResult key = Cmak({"keygen", "--out", Path("k.key")});
  ASSERT_EQ(key.code, 0);
  ASSERT_EQ(Cmak({"build", Path("p/CONTOSO/"), "--sign-key", Path("k.key")}).code, 0);
  std::vector<CabEntry> members = Members("p/CONTOSO.cab");
  std::vector<std::string> names;
  for (const CabEntry& m : members) names.push_back(m.name);
  EXPECT_EQ(names,
            (std::vector<std::string>{"CONTOSO.cmp", "CONTOSO.cms", "CONTOSO.inf", "CONTOSO.sed",
                                      "tool.sh", "manifest.json", "manifest.sig"}));
  ASSERT_EQ(members.size(), 7u);
  const std::string& manifest = members[5].data;
  auto json = nlohmann::json::parse(manifest);
  EXPECT_EQ(json["format"], "cmsuite-profile/1");
  EXPECT_EQ(json["profile"], "CONTOSO");
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(json["files"][members[i].name]["sha256"], ToHex(Sha256(members[i].data)));
    EXPECT_EQ(json["files"][members[i].name]["size"], members[i].data.size());
  }
  auto public_key = PublicKey::Parse(key.out.substr(0, key.out.find('\n')));
  ASSERT_TRUE(public_key.has_value());
  EXPECT_EQ(json["signer"], public_key->ToString());
  auto signature = ParseSignature(members[6].data.substr(0, members[6].data.find('\n')));
  ASSERT_TRUE(signature.has_value());
  EXPECT_TRUE(Verify(*public_key, manifest, *signature).has_value());
}

TEST_F(BuildCommandTest, HandEditsArePackagedAsTheyAre) {
  std::string cms = Read("p/CONTOSO/CONTOSO.cms");
  cms = "; edited by hand\r\n" + cms + "[Custom]\r\nUnknownKey=kept\r\n";
  Write("p/CONTOSO/CONTOSO.cms", cms);
  ASSERT_EQ(
      Cmak({"set", Path("p/CONTOSO/CONTOSO.cms"), "Connection Manager", "RedialCount", "9"}).code,
      0);
  std::string edited = Read("p/CONTOSO/CONTOSO.cms");
  ASSERT_EQ(Cmak({"build", Path("p/CONTOSO")}).code, 0);
  std::vector<CabEntry> members = Members("p/CONTOSO.cab");
  ASSERT_GE(members.size(), 2u);
  EXPECT_EQ(members[1].name, "CONTOSO.cms");
  EXPECT_EQ(members[1].data, edited);
  EXPECT_NE(edited.find("RedialCount=9"), std::string::npos);
  EXPECT_NE(edited.find("UnknownKey=kept"), std::string::npos);
}

TEST_F(BuildCommandTest, RefusesIncompleteOrOddFolders) {
  std::filesystem::remove(Path("p/CONTOSO/CONTOSO.inf"));
  RunResult r = Cmak({"build", Path("p/CONTOSO")});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("CONTOSO.inf: missing"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("not built"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(Path("p/CONTOSO.cab")));

  std::filesystem::create_directories(Path("BAD NAME"));
  r = Cmak({"build", Path("BAD NAME")});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("BAD NAME"), std::string::npos) << r.err;

  Write("p/CONTOSO/CONTOSO.inf", "[Strings]\r\n");
  std::filesystem::create_directories(Path("p/CONTOSO/sub"));
  r = Cmak({"build", Path("p/CONTOSO")});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("sub"), std::string::npos) << r.err;
}

TEST_F(BuildCommandTest, RefusesABadKeyFile) {
  Write("bad.key", "not a key\n");
  RunResult r = Cmak({"build", Path("p/CONTOSO"), "--sign-key", Path("bad.key")});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("bad.key"), std::string::npos) << r.err;
}

// Runs `command` with /bin/sh; its exit status.
int Shell(const std::string& command) {
  int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST_F(BuildCommandTest, SelfExtractingExtractsTheSameCabinet) {
  RunResult r = Cmak({"build", Path("p/CONTOSO"), "--self-extracting"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, Path("p/CONTOSO.cab") + "\n" + Path("p/CONTOSO.run") + "\n");
  std::string run = Read("p/CONTOSO.run");
  std::string cab = Read("p/CONTOSO.cab");
  const std::string marker = "\n__CMSUITE_CAB_FOLLOWS__\n";
  size_t at = run.find(marker);
  ASSERT_NE(at, std::string::npos);
  EXPECT_EQ(run.substr(at + marker.size()), cab);  // the bytes after the marker line
  EXPECT_EQ(run.rfind("#!/bin/sh\n", 0), 0u);
  EXPECT_EQ(std::filesystem::status(Path("p/CONTOSO.run")).permissions() &
                std::filesystem::perms::owner_exec,
            std::filesystem::perms::owner_exec);
  ASSERT_EQ(Shell("sh '" + Path("p/CONTOSO.run") + "' --extract '" + Path("x.cab") + "'"), 0);
  EXPECT_EQ(Read("x.cab"), cab);
  EXPECT_EQ(Shell("sh '" + Path("p/CONTOSO.run") + "' --extract 2>/dev/null"), 2);
}

TEST_F(BuildCommandTest, SelfExtractingRunsCmdialInstallWithStubCmdial) {
  // A stub cmdial records its arguments and a copy of the cabinet it was given.
  Write("stub-cmdial", "#!/bin/sh\nprintf '%s\\n' \"$@\" >'" + Path("args") + "'\ncp \"$2\" '" +
                           Path("given.cab") + "'\nexit 7\n");
  std::filesystem::permissions(Path("stub-cmdial"), std::filesystem::perms::owner_all);
  ASSERT_EQ(Cmak({"build", Path("p/CONTOSO"), "-o", Path("pkg.cab"), "--self-extracting"}).code, 0);
  int code = Shell("CMDIAL='" + Path("stub-cmdial") + "' TMPDIR='" + dir_.string() + "' sh '" +
                   Path("pkg.run") + "' --allow-unsigned --yes");
  EXPECT_EQ(code, 7);  // cmdial's exit status is the installer's
  std::string args = Read("args");
  ASSERT_EQ(args.substr(0, args.find('\n')), "install");
  size_t cab_line = args.find('\n') + 1;
  std::string cab_path = args.substr(cab_line, args.find('\n', cab_line) - cab_line);
  EXPECT_TRUE(cab_path.ends_with("/CONTOSO.cab")) << cab_path;
  EXPECT_EQ(args.substr(args.find('\n', cab_line) + 1), "--allow-unsigned\n--yes\n");
  EXPECT_EQ(Read("given.cab"), Read("pkg.cab"));
  EXPECT_FALSE(std::filesystem::exists(cab_path));  // the temporary copy is removed
  EXPECT_EQ(Shell("PATH=/nonexistent CMDIAL= /bin/sh '" + Path("pkg.run") + "' 2>/dev/null"), 1);
}

}  // namespace
}  // namespace cm::cmak::test
