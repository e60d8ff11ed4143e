// SPDX-License-Identifier: MIT
// Tests of `cmak lint`: a fresh profile is clean; broken keys, missing files, bad names and bad
// phone books are findings naming file, line and key.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "cm/cab.h"
#include "cmak_test_util.h"

namespace cm::cmak::test {
namespace {

const std::string kPbkDir = std::string(CM_TESTDATA_DIR) + "/pbk/";

class LintTest : public TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    Write("tool.sh", "#!/bin/sh\n");
    Write("logo.bmp", "BM");
    RunResult r = Cmak({"new",
                        "CONTOSO",
                        "--service-name",
                        "Contoso",
                        "--out",
                        Path("p"),
                        "--type",
                        "double-dial",
                        "--vpn-server",
                        "vpn.contoso.com",
                        "--phonebook",
                        kPbkDir + "spec-example.pbk",
                        "--regions",
                        kPbkDir + "spec-example.pbr",
                        "--pb-url",
                        "https://pb.example.com/",
                        "--pb-key",
                        "ed25519:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
                        "--action",
                        "post-connect:include=" + Path("tool.sh") + " -x",
                        "--action",
                        "pre-init=/usr/bin/logger hi",
                        "--include",
                        Path("logo.bmp")});
    ASSERT_EQ(r.code, 0) << r.err;
  }
  std::string Cms() const { return Path("p/CONTOSO/CONTOSO.cms"); }
  void Set(const std::string& section, const std::string& key, const std::string& value) {
    ASSERT_EQ(Cmak({"set", Cms(), section, key, value}).code, 0);
  }
  // The line number of the first line of the .cms starting with `prefix`.
  int LineOf(const std::string& prefix) const {
    std::string text = Read("p/CONTOSO/CONTOSO.cms");
    int line = 1;
    for (size_t pos = 0; pos < text.size(); pos = text.find('\n', pos) + 1, ++line) {
      if (text.compare(pos, prefix.size(), prefix) == 0) return line;
      if (text.find('\n', pos) == std::string::npos) break;
    }
    return 0;
  }
};

TEST_F(LintTest, FreshProfileIsClean) {
  RunResult r = Cmak({"lint", "--strict", Path("p/CONTOSO")});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_NE(r.out.find("0 error(s), 0 warning(s)"), std::string::npos) << r.out;
}

TEST_F(LintTest, BrokenNumberIsAnErrorNamingFileLineAndKey) {
  Set("Connection Manager", "RedialCount", "three");
  Set("Connection Manager", "HideDomain", "2");
  RunResult r = Cmak({"lint", Path("p/CONTOSO")});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find(fmt::format("cmak: error: {}:{}: [Connection Manager] RedialCount: "
                                   "'three' is not a whole number",
                                   Cms(), LineOf("RedialCount="))),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("HideDomain: '2' must be 0 or 1"), std::string::npos) << r.err;
  EXPECT_EQ(Cmak({"build", Path("p/CONTOSO")}).code, 1);
  EXPECT_FALSE(std::filesystem::exists(Path("p/CONTOSO.cab")));
}

TEST_F(LintTest, UnknownKeyWarnsAndStrictFails) {
  Set("Connection Manager", "RedialCuont", "3");
  RunResult r = Cmak({"lint", Path("p/CONTOSO")});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find(fmt::format("cmak: warning: {}:{}: [Connection Manager] RedialCuont: "
                                   "unknown key",
                                   Cms(), LineOf("RedialCuont="))),
            std::string::npos)
      << r.err;
  EXPECT_EQ(Cmak({"lint", "--strict", Path("p/CONTOSO")}).code, 1);
  EXPECT_EQ(Cmak({"build", Path("p/CONTOSO")}).code, 0);
  EXPECT_EQ(Cmak({"build", "--strict", Path("p/CONTOSO")}).code, 1);
}

TEST_F(LintTest, MissingReferencedFilesAreErrors) {
  std::filesystem::remove(Path("p/CONTOSO/tool.sh"));
  std::filesystem::remove(Path("p/CONTOSO/spec-example.pbr"));
  Set("Connection Manager", "Logo", "CONTOSO\\missing.bmp");
  RunResult r = Cmak({"lint", Path("p/CONTOSO")});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("[Connection Manager] Logo: 'CONTOSO\\missing.bmp' is not in the "
                       "profile folder"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("[ISP] RegionFile:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("[Connect Actions] 0: 'tool.sh' is not in the profile folder"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("CONTOSO.inf:"), std::string::npos) << r.err;  // [Extra Files]
}

TEST_F(LintTest, BadPhoneBookIsAnError) {
  ASSERT_TRUE(WriteFileAtomic(Path("p/CONTOSO/spec-example.pbk"),
                              *ReadFile(kPbkDir + "too-many-commas.pbk"))
                  .has_value());
  RunResult r = Cmak({"lint", Path("p/CONTOSO")});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find(Path("p/CONTOSO/spec-example.pbk") + ":2:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("a client would ignore this whole phone book"), std::string::npos);
}

TEST_F(LintTest, BadNameAndMissingFilesAreErrors) {
  std::filesystem::create_directories(Path("TOOLONGNAME"));
  RunResult r = Cmak({"lint", Path("TOOLONGNAME")});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("TOOLONGNAME"), std::string::npos);
  std::filesystem::create_directories(Path("EMPTY"));
  r = Cmak({"lint", Path("EMPTY")});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find(Path("EMPTY/EMPTY.cms") + ": missing"), std::string::npos) << r.err;
}

TEST_F(LintTest, TunnelRealmAndKeySettingsAreChecked) {
  Set("cmsuite Tunnel", "Type", "pptp");
  Set("Connection Manager", "UserNamePrefix", "DOM\\");
  Set("Connection Manager", "UserNameSuffix", "@x");
  Set("cmsuite Phonebook", "PublisherKey", "rsa:abc");
  Set("ISP", "PBURL", "gopher://x");
  RunResult r = Cmak({"lint", Path("p/CONTOSO")});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("warning: " + Cms()), std::string::npos);
  EXPECT_NE(r.err.find("[cmsuite Tunnel] Type: pptp is legacy"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("both a realm prefix and suffix"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("[cmsuite Phonebook] PublisherKey:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("[ISP] PBURL: expected an http"), std::string::npos) << r.err;
  ASSERT_EQ(Cmak({"set", "--delete", Cms(), "cmsuite Tunnel", "Server0"}).code, 0);
  r = Cmak({"lint", Path("p/CONTOSO")});
  EXPECT_NE(r.err.find("no VPN server"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace cm::cmak::test

namespace cm::cmak::test {
namespace {

class HandMadeProfileTest : public TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    std::filesystem::copy(std::string(CM_TESTDATA_DIR) + "/profiles/HANDMADE", Path("HANDMADE"));
  }
};

// The .cms re-encoded as UTF-16LE with a BOM (the file is ASCII).
std::string ToUtf16(const std::string& ascii) {
  std::string bytes = "\xFF\xFE";
  for (char c : ascii) {
    bytes.push_back(c);
    bytes.push_back('\0');
  }
  return bytes;
}

TEST_F(HandMadeProfileTest, LintsWithUnknownKeyBareProgramAndUndefinedFilterWarnings) {
  const std::string expected = "cmak: warning: " + Path("HANDMADE/HANDMADE.cms") +
                               ":36: [Connection Manager] CustomerCode: unknown key";
  const std::string bare = "cmak: warning: " + Path("HANDMADE/HANDMADE.cms") +
                           ":40: [Pre-Connect Actions] 0: 'check.sh' is neither in the profile "
                           "folder nor an absolute path";
  RunResult r = Cmak({"lint", Path("HANDMADE")});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err.rfind(expected, 0), 0u) << r.err;
  EXPECT_NE(r.err.find("\n" + bare), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("[Service Types] Modem: filter 'Modem' has no Mask&Modem"),
            std::string::npos);
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 3) << r.err;

  Write("HANDMADE/HANDMADE.cms", ToUtf16(Read("HANDMADE/HANDMADE.cms")));
  r = Cmak({"lint", Path("HANDMADE")});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err.rfind(expected, 0), 0u) << r.err;
}

TEST_F(HandMadeProfileTest, BuildPackagesTheFilesByteForByte) {
  ASSERT_EQ(Cmak({"build", Path("HANDMADE"), "-o", Path("h.cab")}).code, 0);
  auto members = ReadCabinet(Read("h.cab"));
  ASSERT_TRUE(members.has_value());
  ASSERT_EQ(members->size(), 4u);
  EXPECT_EQ((*members)[0].name, "HANDMADE.cmp");
  EXPECT_EQ((*members)[1].data, Read("HANDMADE/HANDMADE.cms"));
  EXPECT_EQ((*members)[2].data, Read("HANDMADE/HANDMADE.inf"));
  EXPECT_EQ((*members)[3].name, "manifest.json");
}

}  // namespace
}  // namespace cm::cmak::test
