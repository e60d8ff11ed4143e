// SPDX-License-Identifier: MIT
#include "check_command.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "cli.h"

namespace cm::pbadmin {
namespace {

using ::testing::HasSubstr;

struct Captured {
  int code;
  std::string out;
  std::string err;
};

Captured RunCli(std::vector<std::string> args) {
  std::ostringstream out;
  std::ostringstream err;
  Output output{out, err};
  args.insert(args.begin(), "pbadmin");
  int code = RunPbadmin(args, output);
  return {code, out.str(), err.str()};
}

std::string Testdata(const std::string& name) {
  return std::string(CM_TESTDATA_DIR) + "/pbk/" + name;
}

TEST(CheckReportJsonTest, NumbersAreNumbersAndAbsentFieldsAreNull) {
  PbkReadResult pbk = ReadPbk(",91,,,,55500123,,,,,,");
  nlohmann::json report = CheckReportJson(pbk, nullptr);
  EXPECT_TRUE(report["usable"].get<bool>());
  ASSERT_EQ(report["pops"].size(), 1u);
  const nlohmann::json& pop = report["pops"][0];
  EXPECT_TRUE(pop["pop_id"].is_null());
  EXPECT_EQ(pop["country"], 91);
  EXPECT_TRUE(pop["region_id"].is_null());
  EXPECT_EQ(pop["name"], "");
  EXPECT_EQ(pop["number"], "55500123");
  EXPECT_TRUE(pop["flags"].is_null());
  EXPECT_EQ(pop.size(), 11u);
  EXPECT_TRUE(report["diagnostics"].empty());
}

TEST(CheckReportJsonTest, SpecExampleFieldsAreTyped) {
  PbkReadResult pbk = ReadPbk("23,1,2,Redmond,999,5550134,9600,56000,0,96,\r\n");
  nlohmann::json pop = CheckReportJson(pbk, nullptr)["pops"][0];
  EXPECT_EQ(pop["pop_id"], 23);
  EXPECT_EQ(pop["region_id"], 2);
  EXPECT_EQ(pop["area_code"], "999");
  EXPECT_EQ(pop["min_speed"], 9600);
  EXPECT_EQ(pop["max_speed"], 56000);
  EXPECT_EQ(pop["reserved"], 0);
  EXPECT_EQ(pop["flags"], 96);
  EXPECT_EQ(pop["dun"], "");
}

TEST(CheckCommandTest, HumanOutputListsPopsAndDiagnosticsWithLines) {
  Captured run = RunCli({"check", Testdata("too-few-commas.pbk")});
  EXPECT_EQ(run.code, 0);
  EXPECT_THAT(run.out, HasSubstr("  1,44,1,London Docklands,20,7946 0000,9600,56000,0,32,"
                                 "CorpDialup\n"));
  EXPECT_THAT(run.out, HasSubstr("usable: 1 POP kept"));
  EXPECT_THAT(run.err, HasSubstr("pbadmin: warning: " + Testdata("too-few-commas.pbk") +
                                 ":2: entry has 5 commas"));
  EXPECT_THAT(run.err, HasSubstr("[pbk.too-few-commas]"));
}

TEST(CheckCommandTest, RejectedFileExitsOne) {
  Captured run = RunCli({"check", Testdata("too-many-commas.pbk")});
  EXPECT_EQ(run.code, 1);
  EXPECT_THAT(run.out, HasSubstr("rejected"));
  EXPECT_THAT(run.err, HasSubstr("pbadmin: error: "));
}

TEST(CheckCommandTest, JsonIsExactlyOneObject) {
  Captured run = RunCli(
      {"check", "--json", Testdata("spec-example.pbk"), "--regions", Testdata("spec-example.pbr")});
  EXPECT_EQ(run.code, 0);
  nlohmann::json report = nlohmann::json::parse(run.out);
  EXPECT_TRUE(report.is_object());
  EXPECT_EQ(report["pops"][0]["region_id"], 2);
  EXPECT_TRUE(run.err.empty());
}

TEST(CheckCommandTest, JsonSurvivesBytesThatAreNotUtf8) {
  std::string path = ::testing::TempDir() + "/latin1.pbk";
  FILE* file = fopen(path.c_str(), "wb");
  ASSERT_NE(file, nullptr);
  fputs("1,49,0,M\xFCnchen,89,7946 0000,,,,,\r\n", file);
  fclose(file);
  Captured run = RunCli({"check", "--json", path});
  EXPECT_EQ(run.code, 0);
  nlohmann::json report = nlohmann::json::parse(run.out, nullptr, false);
  ASSERT_FALSE(report.is_discarded());
  EXPECT_EQ(report["pops"][0]["name"], "M\xEF\xBF\xBDnchen");
}

TEST(CheckCommandTest, UnreadableInputIsAUsageError) {
  Captured run = RunCli({"check", "/nonexistent/book.pbk"});
  EXPECT_EQ(run.code, kExitUsage);
  EXPECT_THAT(run.err, HasSubstr("'/nonexistent/book.pbk'"));
  Captured regions = RunCli({"check", Testdata("good-uk.pbk"), "--regions", "/nonexistent/r.pbr"});
  EXPECT_EQ(regions.code, kExitUsage);
  EXPECT_THAT(regions.err, HasSubstr("region file '/nonexistent/r.pbr'"));
}

TEST(CheckCommandTest, UsageErrorsExitTwoAndHelpExitsZero) {
  EXPECT_EQ(RunCli({}).code, kExitUsage);
  EXPECT_EQ(RunCli({"check"}).code, kExitUsage);
  EXPECT_EQ(RunCli({"check", "a.pbk", "--bogus"}).code, kExitUsage);
  Captured help = RunCli({"check", "--help"});
  EXPECT_EQ(help.code, kExitOk);
  EXPECT_THAT(help.out, HasSubstr("Exit status"));
  EXPECT_THAT(help.out, HasSubstr("--regions"));
}

}  // namespace
}  // namespace cm::pbadmin
