// SPDX-License-Identifier: MIT
// Helpers shared by the ini tests: parse-or-fail, rule lists, line diffs, test data files.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "cm/file_util.h"
#include "cm/ini_file.h"

namespace cm::ini_test {

// Parses `bytes`, recording a test failure (and returning an empty file) when Parse fails.
inline IniFile ParseOk(std::string_view bytes) {
  Result<IniFile> file = IniFile::Parse(bytes);
  if (!file) {
    ADD_FAILURE() << "Parse failed: " << file.error().ToString();
    return IniFile::Empty();
  }
  return *std::move(file);
}

// The rule ids of a file's diagnostics, in order.
inline std::vector<std::string> Rules(const IniFile& file) {
  std::vector<std::string> rules;
  for (const Diagnostic& d : file.diagnostics()) rules.push_back(d.rule);
  return rules;
}

// "rule@line" for each diagnostic, in order.
inline std::vector<std::string> RulesAtLines(const IniFile& file) {
  std::vector<std::string> out;
  for (const Diagnostic& d : file.diagnostics()) {
    out.push_back(d.rule + "@" + std::to_string(d.line));
  }
  return out;
}

// Splits bytes after every "\n", "\r\n" or lone "\r" (for UTF-8 and 1252 text), terminators kept.
inline std::vector<std::string> SplitKeepingBreaks(std::string_view bytes) {
  std::vector<std::string> lines;
  std::string current;
  for (size_t i = 0; i < bytes.size(); ++i) {
    current += bytes[i];
    const bool cr = bytes[i] == '\r';
    if (cr && i + 1 < bytes.size() && bytes[i + 1] == '\n') continue;
    if (cr || bytes[i] == '\n') lines.push_back(std::move(current)), current.clear();
  }
  if (!current.empty()) lines.push_back(std::move(current));
  return lines;
}

// How two texts differ line by line: the lines of `before` that `after` lost and the lines of
// `after` that are new, found by trimming the common head and tail.
struct LineDiff {
  std::vector<std::string> removed;
  std::vector<std::string> added;
};
inline LineDiff DiffLines(std::string_view before, std::string_view after) {
  const std::vector<std::string> a = SplitKeepingBreaks(before);
  const std::vector<std::string> b = SplitKeepingBreaks(after);
  size_t head = 0;
  while (head < a.size() && head < b.size() && a[head] == b[head]) ++head;
  size_t tail = 0;
  while (tail < a.size() - head && tail < b.size() - head &&
         a[a.size() - 1 - tail] == b[b.size() - 1 - tail]) {
    ++tail;
  }
  const auto h = static_cast<std::ptrdiff_t>(head);
  const auto t = static_cast<std::ptrdiff_t>(tail);
  return LineDiff{.removed = {a.begin() + h, a.end() - t}, .added = {b.begin() + h, b.end() - t}};
}

// The bytes of testdata/<relative>, or "" with a test failure when it can't be read.
inline std::string ReadTestData(const std::string& relative) {
  Result<std::string> bytes = ReadFile(std::string(CM_TESTDATA_DIR) + "/" + relative);
  if (!bytes) {
    ADD_FAILURE() << bytes.error().ToString();
    return {};
  }
  return *std::move(bytes);
}

}  // namespace cm::ini_test
