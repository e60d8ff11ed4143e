// SPDX-License-Identifier: MIT
// Test helpers for the workspace commands: a temporary workspace and in-process pbadmin runs.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "cli.h"

namespace cm::pbadmin::testing {

struct Ran {
  int code = -1;
  std::string out;
  std::string err;
};

// A fresh folder under the system temp folder, removed when the test ends.
class TempDir {
 public:
  TempDir() {
    std::random_device random;
    path_ = std::filesystem::temp_directory_path() /
            ("pbadmin-test-" + std::to_string(::getpid()) + "-" + std::to_string(random()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// Runs pbadmin in-process on `workspace`.
inline Ran RunIn(const std::string& workspace, std::vector<std::string> args) {
  args.insert(args.begin(), {"pbadmin", "--workspace", workspace});
  std::ostringstream out;
  std::ostringstream err;
  Output output{out, err};
  Ran ran;
  ran.code = RunPbadmin(args, output);
  ran.out = out.str();
  ran.err = err.str();
  return ran;
}

inline void WriteText(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

inline std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// `count` POPs in the PBA import format with indexes first..first+count-1, fictional numbers;
// `tag` goes into every name so two files can differ in every POP.
inline std::string PbaLines(uint32_t first, uint32_t count, const std::string& tag = "") {
  std::string text;
  for (uint32_t id = first; id < first + count; ++id) {
    text += std::to_string(id) + ", 1, 0, City" + tag + " " + std::to_string(id) + ", 206, 555-01" +
            std::to_string(10 + id % 90) + ", 9600, 56000, 0, 32, Dun\r\n";
  }
  return text;
}

inline std::string SampleDir() { return std::string(CM_TESTDATA_DIR) + "/sample"; }

// The sample's region names (testdata/sample/regions.txt).
inline std::vector<std::string> SampleRegions() {
  std::vector<std::string> names;
  std::istringstream in(ReadText(SampleDir() + "/regions.txt"));
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) names.push_back(line);
  }
  return names;
}

}  // namespace cm::pbadmin::testing
