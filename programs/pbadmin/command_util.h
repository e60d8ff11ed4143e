// SPDX-License-Identifier: MIT
// What the workspace commands share: the global options, opening the workspace, reporting
// errors as "pbadmin: error: where: what", JSON output and the crash hook for tests.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "cli.h"
#include "cm/result.h"
#include "workspace.h"

namespace cm::pbadmin {

// Options given before (or after) the subcommand; shared by every command.
struct GlobalOptions {
  std::string workspace;  // --workspace; empty: ResolveWorkspaceDir's fallbacks
};

// Prints `error` and returns the exit code for it: kExitFailed (1) for every failure, including
// "workspace is busy" and limits.
int Report(Output& output, const Error& error);

// Opens the workspace named by `options`.
[[nodiscard]] Result<std::unique_ptr<Workspace>> OpenWorkspace(const GlobalOptions& options);

// Writes `value` as one line of JSON.
void PrintJson(Output& output, const nlohmann::json& value);

// Tests set PBADMIN_TEST_CRASH_AT=<point> to have the process kill itself (SIGKILL) at a named
// point of a command, to check that a crash there leaves the workspace consistent.
void CrashPoint(std::string_view point);

// A JSON number or null.
inline nlohmann::json JsonNumber(const std::optional<uint32_t>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace cm::pbadmin
