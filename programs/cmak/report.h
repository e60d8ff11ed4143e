// SPDX-License-Identifier: MIT
// How cmak's commands report errors and findings, over the command plumbing every program shares
// (programs/common/command_registry.h: Output, exit codes, CommandRegistry).
#pragma once

#include <string_view>

#include "cm/result.h"
#include "command_registry.h"

namespace cm::cmak {

using cli::CommandRegistry;
using cli::kExitFailed;
using cli::kExitInternal;
using cli::kExitOk;
using cli::kExitUsage;
using cli::Output;

// Prints "cmak: error: where: what" and returns kExitFailed.
int Report(Output& output, const Error& error);

// Prints "cmak: warning: FILE:LINE: what" (or "note"/"error" by severity) for a finding in
// `file`.
void PrintDiagnostic(Output& output, std::string_view file, const Diagnostic& diagnostic);

}  // namespace cm::cmak
