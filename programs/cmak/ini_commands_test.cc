// SPDX-License-Identifier: MIT
// Tests of `cmak get` and `cmak set` on hand-made files: values, exit codes, and that an edit
// changes only its own line (UTF-8, CRLF, UTF-16LE).
#include <sys/stat.h>

#include <string>

#include "cmak_test_util.h"

namespace cm::cmak::test {
namespace {

// UTF-16LE with BOM of an ASCII string.
std::string Utf16(const std::string& ascii) {
  std::string bytes = "\xFF\xFE";
  for (char c : ascii) {
    bytes.push_back(c);
    bytes.push_back('\0');
  }
  return bytes;
}

const char kCms[] =
    "; hand-made\r\n"
    "[Connection Manager]\r\n"
    "ServiceName = \"Contoso VPN\" \r\n"
    "RedialCount=3\r\n"
    "RedialDelay=-5\r\n"
    "Odd=42abc\r\n"
    "\r\n"
    "[ISP]\r\n"
    "PBFile=contoso.pbk\r\n";

class IniCommandsTest : public TempDirTest {};

TEST_F(IniCommandsTest, GetPrintsTrimmedUnquotedValueIgnoringCase) {
  Write("a.cms", kCms);
  RunResult r = Cmak({"get", Path("a.cms"), "connection manager", "SERVICENAME"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "Contoso VPN\n");
}

TEST_F(IniCommandsTest, GetOfAbsentKeyExitsOneAndPrintsNothing) {
  Write("a.cms", kCms);
  RunResult r = Cmak({"get", Path("a.cms"), "ISP", "RegionFile"});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.out, "");
  r = Cmak({"get", Path("a.cms"), "Nope", "PBFile"});
  EXPECT_EQ(r.code, 1);
}

TEST_F(IniCommandsTest, GetWithDefaultPrintsDefaultWithoutTrailingSpaces) {
  Write("a.cms", kCms);
  RunResult r = Cmak({"get", "--default", "x  ", Path("a.cms"), "ISP", "RegionFile"});
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out, "x\n");
}

TEST_F(IniCommandsTest, GetIntFollowsGetPrivateProfileInt) {
  Write("a.cms", kCms);
  EXPECT_EQ(Cmak({"get", "--int", Path("a.cms"), "Connection Manager", "RedialCount"}).out, "3\n");
  EXPECT_EQ(Cmak({"get", "--int", Path("a.cms"), "Connection Manager", "RedialDelay"}).out,
            "4294967291\n");
  EXPECT_EQ(
      Cmak({"get", "--int", "--signed", Path("a.cms"), "Connection Manager", "RedialDelay"}).out,
      "-5\n");
  RunResult odd = Cmak({"get", "--int", Path("a.cms"), "Connection Manager", "Odd"});
  EXPECT_EQ(odd.code, 0);
  EXPECT_EQ(odd.out, "42\n");
  EXPECT_NE(odd.err.find("a.cms:6:"), std::string::npos) << odd.err;
  EXPECT_EQ(Cmak({"get", "--int", Path("a.cms"), "ISP", "PBFile"}).out, "0\n");
  EXPECT_EQ(Cmak({"get", "--int", Path("a.cms"), "ISP", "Absent"}).code, 1);
  EXPECT_EQ(Cmak({"get", "--int", "--default", "7", Path("a.cms"), "ISP", "Absent"}).out, "7\n");
  EXPECT_EQ(Cmak({"get", "--int", "--default", "x", Path("a.cms"), "ISP", "Absent"}).code, 2);
}

TEST_F(IniCommandsTest, GetOfMissingFileNamesTheFileAndExitsTwo) {
  RunResult r = Cmak({"get", Path("missing.cms"), "A", "B"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("cmak: error: "), std::string::npos);
  EXPECT_NE(r.err.find("missing.cms"), std::string::npos) << r.err;
}

TEST_F(IniCommandsTest, SetChangesOnlyTheValueOfTheEditedLine) {
  Write("a.cms", kCms);
  RunResult r = Cmak({"set", Path("a.cms"), "connection manager", "redialcount", "9"});
  EXPECT_EQ(r.code, 0) << r.err;
  std::string expected = kCms;
  expected.replace(expected.find("RedialCount=3"), 13, "RedialCount=9");
  EXPECT_EQ(Read("a.cms"), expected);
}

TEST_F(IniCommandsTest, SetAddsNewKeyAfterLastKeyAndNewSectionAtEnd) {
  Write("a.cms", kCms);
  ASSERT_EQ(Cmak({"set", Path("a.cms"), "Connection Manager", "Tunnel", "1"}).code, 0);
  ASSERT_EQ(Cmak({"set", Path("a.cms"), "Pre-Connect Actions", "0", "run.exe"}).code, 0);
  std::string expected = kCms;
  expected.insert(expected.find("\r\n\r\n[ISP]") + 2, "Tunnel=1\r\n");
  expected += "[Pre-Connect Actions]\r\n0=run.exe\r\n";
  EXPECT_EQ(Read("a.cms"), expected);
}

TEST_F(IniCommandsTest, SetKeepsUtf16LeEncodingAndOtherLines) {
  std::string text = "[Strings]\r\nServiceName=Old\r\n; note\r\nShortSvcName=OLD\r\n";
  Write("u.inf", Utf16(text));
  ASSERT_EQ(Cmak({"set", Path("u.inf"), "Strings", "ServiceName", "New"}).code, 0);
  EXPECT_EQ(Read("u.inf"), Utf16("[Strings]\r\nServiceName=New\r\n; note\r\nShortSvcName=OLD\r\n"));
  RunResult r = Cmak({"get", Path("u.inf"), "strings", "shortsvcname"});
  EXPECT_EQ(r.out, "OLD\n");
}

TEST_F(IniCommandsTest, SetKeepsLfLineEndingsForNewLines) {
  Write("a.ini", "[A]\nx=1\n");
  ASSERT_EQ(Cmak({"set", Path("a.ini"), "A", "y", "2"}).code, 0);
  EXPECT_EQ(Read("a.ini"), "[A]\nx=1\ny=2\n");
}

TEST_F(IniCommandsTest, SetCreatesMissingFileWithCrLf) {
  ASSERT_EQ(Cmak({"set", Path("new.cmp"), "Connection Manager", "CMSFile", "X\\X.cms"}).code, 0);
  EXPECT_EQ(Read("new.cmp"), "[Connection Manager]\r\nCMSFile=X\\X.cms\r\n");
}

TEST_F(IniCommandsTest, SetKeepsFilePermissions) {
  Write("a.cms", kCms);
  ASSERT_EQ(::chmod(Path("a.cms").c_str(), 0600), 0);
  ASSERT_EQ(Cmak({"set", Path("a.cms"), "ISP", "PBURL", "http://x"}).code, 0);
  struct stat info {};
  ASSERT_EQ(::stat(Path("a.cms").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
}

TEST_F(IniCommandsTest, SetRefusesUnwritableNameAndLeavesFileAlone) {
  Write("a.cms", kCms);
  RunResult r = Cmak({"set", Path("a.cms"), "Bad]Name", "k", "v"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("a.cms"), std::string::npos) << r.err;
  EXPECT_EQ(Read("a.cms"), kCms);
}

TEST_F(IniCommandsTest, DeleteRemovesOnlyTheKeyLine) {
  Write("a.cms", kCms);
  ASSERT_EQ(Cmak({"set", "--delete", Path("a.cms"), "Connection Manager", "Odd"}).code, 0);
  std::string expected = kCms;
  expected.erase(expected.find("Odd=42abc\r\n"), 11);
  EXPECT_EQ(Read("a.cms"), expected);
}

TEST_F(IniCommandsTest, DeleteWithoutKeyRemovesTheSection) {
  Write("a.cms", kCms);
  ASSERT_EQ(Cmak({"set", "--delete", Path("a.cms"), "ISP"}).code, 0);
  std::string expected = kCms;
  expected.erase(expected.find("[ISP]"));
  EXPECT_EQ(Read("a.cms"), expected);
}

TEST_F(IniCommandsTest, DeleteOfAbsentKeySucceedsWithoutChange) {
  Write("a.cms", kCms);
  EXPECT_EQ(Cmak({"set", "--delete", Path("a.cms"), "ISP", "Nope"}).code, 0);
  EXPECT_EQ(Read("a.cms"), kCms);
}

TEST_F(IniCommandsTest, SetWithoutValueIsAUsageError) {
  Write("a.cms", kCms);
  EXPECT_EQ(Cmak({"set", Path("a.cms"), "ISP", "PBFile"}).code, 2);
  EXPECT_EQ(Read("a.cms"), kCms);
}

TEST_F(IniCommandsTest, EveryCommandHasHelp) {
  for (const char* command : {"get", "set", "keygen"}) {
    RunResult r = Cmak({command, "--help"});
    EXPECT_EQ(r.code, 0) << command;
    EXPECT_NE(r.out.find("--help"), std::string::npos) << command;
  }
}

}  // namespace
}  // namespace cm::cmak::test
