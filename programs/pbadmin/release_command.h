// SPDX-License-Identifier: MIT
// pbadmin keygen, pubkey and release build|verify: signed phone book releases from files,
// without a workspace (the workspace's publish, issue 3, uses the same library calls).
#pragma once

#include <CLI/CLI.hpp>

#include "cli.h"
#include "command_util.h"

namespace cm::pbadmin {

// Registers keygen, pubkey and release build|verify on `app`. keygen and pubkey use the
// workspace's key (WORKSPACE/signing.key) when --out / --key are not given.
void RegisterReleaseCommands(CLI::App& app, CommandRegistry& registry,
                             std::shared_ptr<const GlobalOptions> globals);

}  // namespace cm::pbadmin
