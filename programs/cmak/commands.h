// SPDX-License-Identifier: MIT
// The Register functions of cmak's subcommands; each lives in the file named after it.
#pragma once

#include <vector>

#include "lint.h"
#include "report.h"

namespace cm::cmak {

// `get` and `set`: scriptable edits of one key or section (ini_commands.cc).
void RegisterIniCommands(CLI::App& app, CommandRegistry& registry);
// `keygen`: a new signing key (keygen_command.cc).
void RegisterKeygenCommand(CLI::App& app, CommandRegistry& registry);
// `new`: a profile source folder from command-line answers (new_command.cc).
void RegisterNewCommand(CLI::App& app, CommandRegistry& registry);
// `build`: the profile folder packaged as a signed cabinet (build_command.cc).
void RegisterBuildCommand(CLI::App& app, CommandRegistry& registry);
// `lint`: checks a profile folder (lint_command.cc).
void RegisterLintCommand(CLI::App& app, CommandRegistry& registry);
// `wizard`: cmak new's questions on a terminal, or edits of a profile (wizard_command.cc).
void RegisterWizardCommand(CLI::App& app, CommandRegistry& registry);

// Prints each finding as "cmak: error|warning: FILE:LINE: [Section] Key: what to do" and
// returns kExitFailed when there is an error (any finding when `strict`), else kExitOk.
int PrintLintFindings(const std::vector<LintFinding>& findings, bool strict, Output& output);

}  // namespace cm::cmak
