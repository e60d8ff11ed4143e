// SPDX-License-Identifier: MIT
// Replays every input in testdata/fuzz-regressions/{pbk,pbr}_fuzzer/ through the fuzz targets'
// checks: read, write the kept POPs, re-read, and the same POPs must come back.
#include <gtest/gtest.h>

#include <filesystem>

#include "cm/file_util.h"
#include "phonebook/round_trip.h"

namespace cm {
namespace {

size_t ReplayFolder(const char* target) {
  std::filesystem::path folder =
      std::filesystem::path(CM_TESTDATA_DIR) / "fuzz-regressions" / target;
  std::error_code error;
  if (!std::filesystem::is_directory(folder, error)) return 0;
  size_t count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    if (!entry.is_regular_file() || entry.path().filename() == "README.md") continue;
    auto bytes = ReadFile(entry.path().string());
    EXPECT_TRUE(bytes.has_value()) << entry.path();
    if (!bytes) continue;
    std::string problem = std::string(target) == "pbk_fuzzer" ? internal::CheckPbkRoundTrip(*bytes)
                                                              : internal::CheckPbrRoundTrip(*bytes);
    EXPECT_EQ(problem, "") << entry.path();
    ++count;
  }
  return count;
}

TEST(FuzzRegressionTest, PbkInputsRoundTrip) { ReplayFolder("pbk_fuzzer"); }
TEST(FuzzRegressionTest, PbrInputsRoundTrip) { ReplayFolder("pbr_fuzzer"); }

TEST(FuzzRegressionTest, RoundTripCheckCatchesALossyWrite) {
  EXPECT_EQ(internal::CheckPbkRoundTrip("1,44,0,A,20,1,,,,,\r\n"), "");
  EXPECT_EQ(internal::CheckPbrRoundTrip("2\r\nSeattle\r\nHyderabad\r\n"), "");
}

}  // namespace
}  // namespace cm
