// SPDX-License-Identifier: MIT
// pbadmin's command line: builds the CLI11 app with every subcommand, parses, runs. Commands
// plug in through the shared registry (programs/common/command_registry.h, namespace cm::cli).
#pragma once

#include <string>
#include <vector>

#include "command_registry.h"

namespace cm::pbadmin {

using cli::CommandRegistry;
using cli::kExitFailed;
using cli::kExitInternal;
using cli::kExitOk;
using cli::kExitUsage;
using cli::Output;

// Runs pbadmin with `args` (args[0] is the program name). Returns the exit code; --help on any
// command prints its help to `output.out` and returns 0; a parse error prints to `output.err`
// and returns kExitUsage.
int RunPbadmin(const std::vector<std::string>& args, Output& output);

}  // namespace cm::pbadmin
