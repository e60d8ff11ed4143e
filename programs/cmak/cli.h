// SPDX-License-Identifier: MIT
// cmak's command line: builds the CLI11 app with every subcommand, parses, runs.
#pragma once

#include <string>
#include <vector>

#include "report.h"

namespace cm::cmak {

// Runs cmak with `args` (args[0] is the program name). Returns the exit code; --help on any
// command prints its help to `output.out` and returns 0; a parse error prints to `output.err`
// and returns kExitUsage.
int RunCmak(const std::vector<std::string>& args, Output& output);

}  // namespace cm::cmak
