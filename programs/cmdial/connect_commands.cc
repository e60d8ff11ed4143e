// SPDX-License-Identifier: MIT
#include "connect_commands.h"

namespace cm::cmdial {

void RegisterConnectCommands(CLI::App& app, CommandRegistry& registry) {
  (void)app;
  (void)registry;
}

}  // namespace cm::cmdial
