// SPDX-License-Identifier: MIT
// Helpers shared by the phone book tests.
#pragma once

#include <string>
#include <vector>

#include "cm/result.h"

namespace cm::testing {

// The rule ids of `diagnostics`, in order.
inline std::vector<std::string> Rules(const std::vector<Diagnostic>& diagnostics) {
  std::vector<std::string> rules;
  for (const Diagnostic& diagnostic : diagnostics) rules.push_back(diagnostic.rule);
  return rules;
}

}  // namespace cm::testing
