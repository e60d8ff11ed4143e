// SPDX-License-Identifier: MIT
// `cmdial modem set|show|detect`: the user's modem (engines/modem_settings.h).
#pragma once

#include "command_registry.h"

namespace cm::cmdial {

void RegisterModemCommands(CLI::App& app, cli::CommandRegistry& registry);

}  // namespace cm::cmdial
