// SPDX-License-Identifier: MIT
// Helpers shared by the cabinet tests: temporary folders, running tools, patching bytes.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "cab/cab_format.h"
#include "cm/cab.h"
#include "cm/file_util.h"

namespace cm::cab::testing {

// A folder under /tmp that is removed with everything in it when the object dies.
class TempDir {
 public:
  TempDir() {
    char pattern[] = "/tmp/cm-cab-test-XXXXXX";
    if (::mkdtemp(pattern) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

// Runs `command` with /bin/sh and returns its exit code and output.
inline CommandResult RunCommand(const std::string& command) {
  CommandResult result;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof(buffer), pipe)) > 0) result.output.append(buffer, n);
  int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

// True when `tool` is on PATH. Tests that need it fail (not skip) without it:
// scripts/install-deps installs cabextract and gcab.
inline bool HaveTool(const std::string& tool) {
  return RunCommand("command -v " + tool).exit_code == 0;
}

// Bytes of a file under testdata/.
inline std::string Testdata(const std::string& relative) {
  auto bytes = ReadFile(std::string(CM_TESTDATA_DIR) + "/" + relative);
  EXPECT_TRUE(bytes) << relative << ": " << (bytes ? "" : bytes.error().ToString());
  return bytes ? *bytes : std::string();
}

inline uint16_t Get16(const std::string& bytes, size_t offset) {
  uint16_t value = 0;
  if (offset + 2 <= bytes.size()) std::memcpy(&value, bytes.data() + offset, 2);
  return value;
}
inline uint32_t Get32(const std::string& bytes, size_t offset) {
  uint32_t value = 0;
  if (offset + 4 <= bytes.size()) std::memcpy(&value, bytes.data() + offset, 4);
  return value;
}
inline void Put16(std::string& bytes, size_t offset, uint16_t value) {
  if (offset + 2 <= bytes.size()) std::memcpy(bytes.data() + offset, &value, 2);
}
inline void Put32(std::string& bytes, size_t offset, uint32_t value) {
  if (offset + 4 <= bytes.size()) std::memcpy(bytes.data() + offset, &value, 4);
}

// Where the records of a cabinet without reserve areas are (as our writer and gcab make them).
struct Layout {
  size_t folder = 36;                 // first CFFOLDER
  size_t first_file = 0;              // first CFFILE (CFHEADER.coffFiles)
  std::vector<size_t> files;          // every CFFILE
  std::vector<size_t> data_blocks;    // every CFDATA of folder 0
};

inline Layout LayoutOf(const std::string& cab) {
  Layout layout;
  layout.first_file = Get32(cab, 16);
  size_t offset = layout.first_file;
  for (uint16_t i = 0; i < Get16(cab, 28) && offset + 16 < cab.size(); ++i) {
    layout.files.push_back(offset);
    offset += 16;
    while (offset < cab.size() && cab[offset] != '\0') ++offset;
    ++offset;
  }
  offset = Get32(cab, layout.folder);
  for (uint16_t i = 0; i < Get16(cab, layout.folder + 4) && offset + 8 <= cab.size(); ++i) {
    layout.data_blocks.push_back(offset);
    offset += 8 + Get16(cab, offset + 4);
  }
  return layout;
}

// `size` bytes that compress somewhat: words from a small vocabulary mixed with noise.
inline std::string MixedBytes(size_t size, uint32_t seed) {
  static const char* const kWords[] = {"London ", "Docklands ", "555-0123,", "9600,", "CorpDialup\r\n",
                                       "Redmond ", "56000,"};
  std::mt19937 rng(seed);
  std::string out;
  out.reserve(size + 16);
  while (out.size() < size) {
    if (rng() % 4 == 0) {
      out.push_back(static_cast<char>(rng() & 0xFF));
    } else {
      out += kWords[rng() % std::size(kWords)];
    }
  }
  out.resize(size);
  return out;
}

}  // namespace cm::cab::testing
