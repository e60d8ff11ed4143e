// SPDX-License-Identifier: MIT
// `cmdial connect`: runs one connection in the foreground, or (--background) hands it to a
// small per-connection process and returns once connected.
#pragma once

#include "command_registry.h"
#include "connect/connect_plan.h"

namespace cm::cmdial {

// Runs `cmdial connect` with parsed options. Exit: 0 connected and ended normally (foreground)
// or connected (background); 1 refused, failed or cancelled; 2 unreadable input.
int RunConnect(const ConnectOptions& options, cli::Output& output);

void RegisterConnectCommand(CLI::App& app, cli::CommandRegistry& registry);

}  // namespace cm::cmdial
