// SPDX-License-Identifier: MIT
// Helpers shared by cmak's tests: a temporary folder per test and running cmak in-process.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "cli.h"
#include "cm/file_util.h"

namespace cm::cmak::test {

// What one cmak run printed and returned.
struct RunResult {
  int code = -1;
  std::string out;
  std::string err;
};

// Runs cmak with `args` (without the program name).
inline RunResult Cmak(std::vector<std::string> args) {
  args.insert(args.begin(), "cmak");
  std::ostringstream out;
  std::ostringstream err;
  Output output{out, err};
  RunResult result;
  result.code = RunCmak(args, output);
  result.out = out.str();
  result.err = err.str();
  return result;
}

// A fixture owning a fresh temporary folder, removed afterwards.
class TempDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "cmak_test_XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }
  void Write(const std::string& name, const std::string& bytes) const {
    ASSERT_TRUE(WriteFileAtomic(Path(name), bytes).has_value());
  }
  std::string Read(const std::string& name) const {
    auto bytes = ReadFile(Path(name));
    EXPECT_TRUE(bytes.has_value()) << name;
    return bytes ? *bytes : std::string();
  }

  std::filesystem::path dir_;
};

}  // namespace cm::cmak::test
