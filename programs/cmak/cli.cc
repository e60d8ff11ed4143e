// SPDX-License-Identifier: MIT
// cmak's command line and its shared error printing.
#include "cli.h"

#include "commands.h"

namespace cm::cmak {

int Report(Output& output, const Error& error) {
  output.err << "cmak: error: " << error.ToString() << "\n";
  return kExitFailed;
}

void PrintDiagnostic(Output& output, std::string_view file, const Diagnostic& diagnostic) {
  std::string_view severity = "warning";
  if (diagnostic.severity == Diagnostic::Severity::kNote) severity = "note";
  if (diagnostic.severity == Diagnostic::Severity::kError) severity = "error";
  output.err << "cmak: " << severity << ": " << file;
  if (diagnostic.line != 0) output.err << ":" << diagnostic.line;
  output.err << ": " << diagnostic.message << " [" << diagnostic.rule << "]\n";
}

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
  // New subcommands register here.

  std::vector<const char*> argv;
  argv.reserve(args.size());
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::ParseError& error) {
    int code = app.exit(error, output.out, output.err);
    return code == 0 ? kExitOk : kExitUsage;
  }
  return registry.RunSelected(output);
}

}  // namespace cm::cmak
