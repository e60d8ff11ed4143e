// SPDX-License-Identifier: MIT
// How pbadmin's subcommands plug in: each registers itself on the CLI::App with an action.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <ostream>
#include <utility>
#include <vector>

namespace cm::pbadmin {

// Where a command writes: `out` for results, `err` for diagnostics and errors.
struct Output {
  std::ostream& out;
  std::ostream& err;
};

// Exit codes shared by every command (documented in `pbadmin --help`).
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

}  // namespace cm::pbadmin
