// SPDX-License-Identifier: MIT
#include "profile_commands.h"

namespace cm::cmdial {

void RegisterProfileCommands(CLI::App& app, CommandRegistry& registry) {
  (void)app;
  (void)registry;
}

}  // namespace cm::cmdial
