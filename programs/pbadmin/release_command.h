// SPDX-License-Identifier: MIT
// pbadmin keygen, pubkey and release build|verify: signed phone book releases from files,
// without a workspace (the workspace's publish, issue 3, uses the same library calls).
#pragma once

#include <CLI/CLI.hpp>

namespace pbadmin {

// Registers the commands on `app`. When one of them runs, its exit status is stored in
// `*exit_code` (0 success, 1 failure, 2 usage error). `exit_code` must outlive `app`'s parse.
void AddReleaseCommands(CLI::App& app, int* exit_code);

}  // namespace pbadmin
