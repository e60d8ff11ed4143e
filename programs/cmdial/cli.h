// SPDX-License-Identifier: MIT
// cmdial's command line: builds the CLI11 app with every subcommand, parses, runs.
#pragma once

#include <string>
#include <vector>

#include "command_registry.h"

namespace cm::cmdial {

// Runs cmdial with `args` (args[0] is the program name); returns the exit code.
int RunCmdial(const std::vector<std::string>& args, cli::Output& output);

}  // namespace cm::cmdial
