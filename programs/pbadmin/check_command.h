// SPDX-License-Identifier: MIT
// `pbadmin check FILE.pbk [--regions FILE.pbr] [--json]`: reads a phone book as a client would
// and reports the POPs kept and every rule applied.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "cli.h"
#include "cm/pbk_format.h"

namespace cm::pbadmin {

struct CheckOptions {
  std::string pbk_path;
  std::string pbr_path;  // empty: no region file
  bool json = false;
};

// Adds the `check` subcommand to `app`.
void RegisterCheckCommand(CLI::App& app, CommandRegistry& registry);

// Runs the check. Returns kExitOk when a client can use the file, kExitFailed when a rule
// rejected the whole file, kExitUsage when a file cannot be read (the message names the path).
int RunCheck(const CheckOptions& options, Output& output);

// The --json report: {"usable", "pops": [...], "diagnostics": [{"line", "rule", "message"}]}.
// Region-file diagnostics (rule ids "pbr.*") come first; their lines are in the region file.
nlohmann::json CheckReportJson(const PbkReadResult& pbk, const RegionReadResult* regions);

}  // namespace cm::pbadmin
