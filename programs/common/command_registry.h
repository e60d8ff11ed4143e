// SPDX-License-Identifier: MIT
// How a program's subcommands plug in, where they write, and the one parse-and-run loop every
// program shares. A command's Register function adds its CLI::App subcommand (options bound to
// state the action owns) and calls CommandRegistry::Add.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace cm::cli {

// Where a command writes: `out` for results, `err` for diagnostics and errors.
struct Output {
  std::ostream& out;
  std::ostream& err;
};

// Exit codes shared by every command of every program.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitInternal = 3;

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

// Parses `args` (args[0] is the program name) with `app` and runs the selected command.
// --help prints to output.out and returns kExitOk; a parse error prints to output.err and
// returns kExitUsage.
inline int ParseAndRun(CLI::App& app, const CommandRegistry& registry,
                       const std::vector<std::string>& args, Output& output) {
  std::vector<const char*> argv;
  argv.reserve(args.size());
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::ParseError& error) {
    int code = app.exit(error, output.out, output.err);
    return code == 0 ? kExitOk : kExitUsage;
  }
  return registry.RunSelected(output);
}

}  // namespace cm::cli
