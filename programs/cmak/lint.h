// SPDX-License-Identifier: MIT
// Checking a profile folder: the schema of known sections and keys, value types, referenced
// files, the phone book, the tunnel and realm settings (docs/formats/profile.md, "Lint").
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cm/result.h"

namespace cm::cmak {

// One finding: where (file path, 1-based line or 0, section and key when known) and what to do.
struct LintFinding {
  enum class Severity { kWarning, kError };
  Severity severity = Severity::kWarning;
  std::string file;
  uint32_t line = 0;
  std::string section;
  std::string key;
  std::string message;

  // "FILE:LINE: [Section] Key: message" (parts that are unknown left out).
  std::string ToString() const;
};

// Checks the profile folder `folder` (DIR/SHORT). Returns every finding in a stable order;
// never fails: an unreadable or missing file is itself a finding.
std::vector<LintFinding> LintProfile(const std::string& folder);

// Counts findings of `severity`.
size_t CountFindings(const std::vector<LintFinding>& findings, LintFinding::Severity severity);

}  // namespace cm::cmak
