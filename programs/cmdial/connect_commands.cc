// SPDX-License-Identifier: MIT
#include "connect_commands.h"

#include "connect/connect_command.h"
#include "connect/control_commands.h"

namespace cm::cmdial {

void RegisterConnectCommands(CLI::App& app, CommandRegistry& registry) {
  RegisterConnectCommand(app, registry);
  RegisterControlCommands(app, registry);
}

}  // namespace cm::cmdial
