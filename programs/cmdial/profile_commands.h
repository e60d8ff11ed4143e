// SPDX-License-Identifier: MIT
// cmdial's profile commands: install, uninstall, list, show, pops, location, update-phonebook, favorite.
#pragma once

#include "command_registry.h"

namespace cm::cmdial {

using cli::CommandRegistry;
using cli::Output;

void RegisterProfileCommands(CLI::App& app, CommandRegistry& registry);

}  // namespace cm::cmdial
