// SPDX-License-Identifier: MIT
// Runs the built pbadmin binary on every testdata/pbk file and checks exit code and JSON.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

namespace {

namespace fs = std::filesystem;

struct Expected {
  int exit_code;
  size_t pops;
  std::vector<std::string> rules;
};

// Every .pbk in testdata/pbk; a same-named .pbr is passed with --regions.
const std::map<std::string, Expected>& Expectations() {
  static const auto* table = new std::map<std::string, Expected>{
      {"spec-example", {0, 1, {}}},
      {"spec-minimal", {0, 1, {}}},
      {"good-uk", {0, 2, {}}},
      {"line-ends-lf", {0, 3, {}}},
      {"line-ends-lfcr", {0, 3, {}}},
      {"line-ends-cr", {0, 3, {}}},
      {"no-final-line-end", {0, 3, {}}},
      {"empty", {0, 0, {"pbk.empty"}}},
      {"too-few-commas", {0, 1, {"pbk.too-few-commas"}}},
      {"too-many-commas", {1, 0, {"pbk.too-many-commas"}}},
      {"blank-line-middle", {0, 1, {"pbk.too-few-commas"}}},
      {"blank-line-end", {0, 2, {"pbk.blank-line"}}},
      {"pop-id-not-numeric", {0, 1, {"pbk.pop-id-not-numeric"}}},
      {"country-missing", {0, 2, {"pbk.country-missing"}}},
      {"country-not-numeric", {1, 0, {"pbk.country-not-numeric"}}},
      {"region-not-numeric", {1, 0, {"pbk.region-not-numeric"}}},
      {"region-out-of-range", {0, 3, {"pbk.region-out-of-range"}}},
      {"region-file-invalid", {1, 0, {"pbr.count-not-numeric", "pbk.region-file-invalid"}}},
      {"name-too-long",
       {1, 0, {"pbk.name-too-long", "pbk.area-code-not-numeric", "pbk.min-speed-not-numeric"}}},
      {"name-too-long-kept", {0, 2, {"pbk.name-too-long"}}},
      {"area-code-too-long", {1, 0, {"pbk.area-code-too-long", "pbk.min-speed-not-numeric"}}},
      {"area-code-not-numeric", {0, 3, {"pbk.area-code-not-numeric"}}},
      {"number-missing", {0, 3, {"pbk.number-missing"}}},
      {"number-bad-chars", {0, 3, {"pbk.number-bad-chars"}}},
      {"number-too-long", {0, 2, {"pbk.number-too-long"}}},
      {"min-speed-not-numeric", {1, 0, {"pbk.min-speed-not-numeric"}}},
      {"max-speed-not-numeric", {1, 0, {"pbk.max-speed-not-numeric"}}},
      {"reserved-not-numeric", {1, 0, {"pbk.reserved-not-numeric"}}},
      {"flags-not-numeric", {1, 0, {"pbk.flags-not-numeric"}}},
      {"sign-on-bit-set", {0, 3, {"pbk.sign-on-bit-set"}}},
      {"flags-reserved-bits", {0, 3, {"pbk.flags-reserved-bits"}}},
      {"dun-too-long", {0, 3, {"pbk.dun-too-long"}}},
      {"trailing-text", {0, 3, {"pbk.trailing-text"}}},
      {"pbr-extra-names", {0, 1, {"pbr.extra-names"}}},
      {"pbr-fewer-names", {0, 1, {"pbr.fewer-names"}}},
      {"pbr-name-too-long", {0, 1, {"pbr.name-too-long"}}},
  };
  return *table;
}

struct Ran {
  int exit_code = -1;
  std::string out;
};

// Runs a shell command, capturing stdout; stderr is discarded.
Ran RunCommand(const std::string& command) {
  Ran run;
  FILE* pipe = popen((command + " 2>/dev/null").c_str(), "r");
  if (pipe == nullptr) return run;
  char buffer[4096];
  size_t got;
  while ((got = fread(buffer, 1, sizeof(buffer), pipe)) > 0) run.out.append(buffer, got);
  int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

std::string Quoted(const fs::path& path) { return "'" + path.string() + "'"; }

TEST(PbadminCliTest, EveryTestdataFileGivesItsExpectedReport) {
  fs::path folder = fs::path(CM_TESTDATA_DIR) / "pbk";
  std::set<std::string> seen;
  for (const auto& entry : fs::directory_iterator(folder)) {
    if (entry.path().extension() != ".pbk") continue;
    std::string stem = entry.path().stem().string();
    seen.insert(stem);
    SCOPED_TRACE(stem);
    auto expected = Expectations().find(stem);
    ASSERT_NE(expected, Expectations().end()) << "add " << stem << " to the table";
    std::string command = std::string(CM_BIN_DIR) + "/pbadmin check --json " + Quoted(entry.path());
    fs::path regions = folder / (stem + ".pbr");
    if (fs::exists(regions)) command += " --regions " + Quoted(regions);
    Ran run = RunCommand(command);
    EXPECT_EQ(run.exit_code, expected->second.exit_code);
    nlohmann::json report = nlohmann::json::parse(run.out, nullptr, false);
    ASSERT_FALSE(report.is_discarded()) << run.out;
    EXPECT_EQ(report["usable"].get<bool>(), expected->second.exit_code == 0);
    EXPECT_EQ(report["pops"].size(), expected->second.pops);
    std::vector<std::string> rules;
    for (const auto& diagnostic : report["diagnostics"]) {
      rules.push_back(diagnostic["rule"].get<std::string>());
      EXPECT_TRUE(diagnostic["line"].is_number());
      EXPECT_FALSE(diagnostic["message"].get<std::string>().empty());
    }
    EXPECT_EQ(rules, expected->second.rules);
  }
  EXPECT_EQ(seen.size(), Expectations().size()) << "a table entry has no file";
}

TEST(PbadminCliTest, MissingFileIsAUsageErrorNamingThePath) {
  FILE* pipe =
      popen((std::string(CM_BIN_DIR) + "/pbadmin check /nonexistent/x.pbk 2>&1").c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string text;
  char buffer[1024];
  size_t got;
  while ((got = fread(buffer, 1, sizeof(buffer), pipe)) > 0) text.append(buffer, got);
  int status = pclose(pipe);
  EXPECT_EQ(WEXITSTATUS(status), 2);
  EXPECT_THAT(text, ::testing::HasSubstr("/nonexistent/x.pbk"));
}

TEST(PbadminCliTest, HelpWorksOnEveryLevel) {
  Ran top = RunCommand(std::string(CM_BIN_DIR) + "/pbadmin --help");
  EXPECT_EQ(top.exit_code, 0);
  EXPECT_THAT(top.out, ::testing::HasSubstr("check"));
  EXPECT_THAT(top.out, ::testing::HasSubstr("Exit status"));
  Ran check = RunCommand(std::string(CM_BIN_DIR) + "/pbadmin check --help");
  EXPECT_EQ(check.exit_code, 0);
  EXPECT_THAT(check.out, ::testing::HasSubstr("--regions"));
  EXPECT_THAT(check.out, ::testing::HasSubstr("--json"));
}

TEST(PbadminCliTest, NoSubcommandIsAUsageError) {
  EXPECT_EQ(RunCommand(std::string(CM_BIN_DIR) + "/pbadmin").exit_code, 2);
  EXPECT_EQ(RunCommand(std::string(CM_BIN_DIR) + "/pbadmin check").exit_code, 2);
  EXPECT_EQ(RunCommand(std::string(CM_BIN_DIR) + "/pbadmin frobnicate").exit_code, 2);
}

}  // namespace
