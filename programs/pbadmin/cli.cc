// SPDX-License-Identifier: MIT
// pbadmin's command line.
#include "cli.h"

#include "check_command.h"
#include "release_command.h"
#include "workspace_commands.h"

namespace cm::pbadmin {

int RunPbadmin(const std::vector<std::string>& args, Output& output) {
  CLI::App app{"pbadmin: the Phone Book Administrator for Connection Manager phone books",
               "pbadmin"};
  app.require_subcommand(1);
  app.footer(
      "Exit status: 0 success, 1 the command failed (for check: the file is rejected), "
      "2 usage error or unreadable input, 3 internal error.\n"
      "Run 'pbadmin COMMAND --help' for a command's options.\n");
  // Options of the whole program may also follow the subcommand.
  app.fallthrough();
  auto globals = std::make_shared<GlobalOptions>();
  app.add_option("--workspace", globals->workspace,
                 "Workspace folder (default: $PBADMIN_WORKSPACE, else "
                 "~/.local/share/cmsuite/pbadmin)");
  CommandRegistry registry;
  RegisterCheckCommand(app, registry);
  RegisterReleaseCommands(app, registry, globals);
  RegisterBookCommands(app, registry, globals);
  RegisterRegionCommands(app, registry, globals);
  RegisterPopCommands(app, registry, globals);
  RegisterImportExportCommands(app, registry, globals);
  RegisterPublishCommand(app, registry, globals);
  RegisterPostCommand(app, registry, globals);
  RegisterHistoryCommand(app, registry, globals);
  // New subcommands register here.

  return cli::ParseAndRun(app, registry, args, output);
}

}  // namespace cm::pbadmin
