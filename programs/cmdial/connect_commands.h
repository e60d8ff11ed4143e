// SPDX-License-Identifier: MIT
// cmdial's connect commands: connect, disconnect, status, cancel, log.
#pragma once

#include "command_registry.h"

namespace cm::cmdial {

using cli::CommandRegistry;
using cli::Output;

void RegisterConnectCommands(CLI::App& app, CommandRegistry& registry);

}  // namespace cm::cmdial
