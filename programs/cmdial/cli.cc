// SPDX-License-Identifier: MIT
#include "cli.h"

#include "connect_commands.h"
#include "engines/engine_factory.h"
#include "engines/modem_commands.h"
#include "engines/vpn_commands.h"
#include "profile_commands.h"

namespace cm::cmdial {

int RunCmdial(const std::vector<std::string>& args, cli::Output& output) {
  CLI::App app{"cmdial: the Connection Manager client (install service profiles, connect)",
               "cmdial"};
  app.require_subcommand(1);
  app.footer(
      "Exit status: 0 success, 1 the command failed, 2 usage error or unreadable input, "
      "3 internal error.\nRun 'cmdial COMMAND --help' for a command's options.\n");
  // Connections use every engine: dial-up, the VPN tunnels, direct and command.
  SetEngineFactory(AllEngines);
  cli::CommandRegistry registry;
  RegisterProfileCommands(app, registry);
  RegisterConnectCommands(app, registry);
  RegisterModemCommands(app, registry);
  RegisterVpnCommands(app, registry);
  return cli::ParseAndRun(app, registry, args, output);
}

}  // namespace cm::cmdial
