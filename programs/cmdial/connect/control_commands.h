// SPDX-License-Identifier: MIT
// `cmdial disconnect`, `cancel`, `status` and `log`: they act on running connections through
// their state files (connect/connection_state.h) and signals (SIGTERM disconnects, SIGINT
// cancels an attempt).
#pragma once

#include "command_registry.h"

namespace cm::cmdial {

void RegisterControlCommands(CLI::App& app, cli::CommandRegistry& registry);

}  // namespace cm::cmdial
