// SPDX-License-Identifier: MIT
// cmak's command line: every subcommand registered on one CLI11 app.
#include "cli.h"

#include "commands.h"

namespace cm::cmak {

int RunCmak(const std::vector<std::string>& args, Output& output) {
  CLI::App app{"cmak: the Connection Manager Administration Kit (service profiles)", "cmak"};
  app.require_subcommand(1);
  app.footer(
      "Exit status: 0 success, 1 the command failed (for get: the key is absent), "
      "2 usage error or unreadable input, 3 internal error.\n"
      "Run 'cmak COMMAND --help' for a command's options.\n");
  CommandRegistry registry;
  RegisterIniCommands(app, registry);
  RegisterKeygenCommand(app, registry);
  RegisterNewCommand(app, registry);
  RegisterBuildCommand(app, registry);
  RegisterLintCommand(app, registry);
  RegisterWizardCommand(app, registry);
  // New subcommands register here.
  return cli::ParseAndRun(app, registry, args, output);
}

}  // namespace cm::cmak
