// SPDX-License-Identifier: MIT
// pbadmin keygen, pubkey and release build|verify: signed phone book releases from files,
// without a workspace (the workspace's publish, issue 3, uses the same library calls).
#pragma once

#include <CLI/CLI.hpp>

#include "command_registry.h"

namespace cm::pbadmin {

// Registers keygen, pubkey and release build|verify on `app`.
void RegisterReleaseCommands(CLI::App& app, CommandRegistry& registry);

}  // namespace cm::pbadmin
