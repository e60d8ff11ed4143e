// SPDX-License-Identifier: MIT
// Replays every input in testdata/fuzz-regressions/ini_fuzzer/ and the seed corpus through the
// fuzzer's invariants.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "ini/ini_invariants.h"
#include "ini/ini_test_util.h"

namespace cm {
namespace {

size_t ReplayFolder(const std::string& relative) {
  const std::filesystem::path folder = std::filesystem::path(CM_TESTDATA_DIR) / ".." / relative;
  size_t count = 0;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(folder, error)) {
    if (!entry.is_regular_file() || entry.path().filename() == "README.md") continue;
    const std::string bytes = ini_test::ReadTestData(
        std::filesystem::relative(entry.path(), CM_TESTDATA_DIR).string());
    EXPECT_EQ(ini::CheckIniInvariants(bytes), "") << entry.path();
    ++count;
  }
  EXPECT_FALSE(error) << folder << ": " << error.message();
  return count;
}

TEST(IniFuzzRegressionTest, CrashInputsKeepTheInvariants) {
  EXPECT_GT(ReplayFolder("testdata/fuzz-regressions/ini_fuzzer"), 0u);
}

TEST(IniFuzzRegressionTest, SeedCorpusKeepsTheInvariants) {
  EXPECT_GT(ReplayFolder("fuzz/corpus/ini_fuzzer"), 0u);
}

TEST(IniFuzzRegressionTest, TheCheckReportsAParseFailure) {
  // The check itself must be able to fail: an input over the size limit does not parse.
  EXPECT_NE(ini::CheckIniInvariants(std::string(kMaxIniFileBytes + 1, 'x')), "");
}

}  // namespace
}  // namespace cm
