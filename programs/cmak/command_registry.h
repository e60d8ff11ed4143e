// SPDX-License-Identifier: MIT
// How cmak's subcommands plug in, where they write, and how they report errors.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <ostream>
#include <string_view>
#include <utility>
#include <vector>

#include "cm/result.h"

namespace cm::cmak {

// Where a command writes: `out` for results, `err` for diagnostics and errors.
struct Output {
  std::ostream& out;
  std::ostream& err;
};

// Exit codes shared by every command (documented in `cmak --help`).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitInternal = 3;

// The registered subcommands and what each runs when selected. A command's Register function
// adds its CLI::App subcommand (options bound to state the action owns) and calls Add.
class CommandRegistry {
 public:
  using Action = std::function<int(Output&)>;

  void Add(CLI::App* subcommand, Action action) {
    commands_.emplace_back(subcommand, std::move(action));
  }

  // Runs the subcommand that was parsed; kExitUsage when none was.
  int RunSelected(Output& output) const {
    for (const auto& [subcommand, action] : commands_) {
      if (subcommand->parsed()) return action(output);
    }
    return kExitUsage;
  }

 private:
  std::vector<std::pair<CLI::App*, Action>> commands_;
};

// Prints "cmak: error: where: what" and returns kExitFailed.
int Report(Output& output, const Error& error);

// Prints "cmak: warning: FILE:LINE: what" (or "note"/"error" by severity) for a finding in
// `file`.
void PrintDiagnostic(Output& output, std::string_view file, const Diagnostic& diagnostic);

}  // namespace cm::cmak
