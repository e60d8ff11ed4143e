// SPDX-License-Identifier: MIT
#include "profile_commands.h"

#include <fmt/format.h>

#include "profiles/commands.h"

namespace cm::cmdial {

int ReportError(cli::Output& output, const Error& error) {
  output.err << "cmdial: error: " << error.ToString() << "\n";
  return cli::kExitFailed;
}

void ReportDiagnostic(cli::Output& output, std::string_view file, const Diagnostic& diagnostic) {
  std::string_view severity = diagnostic.severity == Diagnostic::Severity::kError  ? "error"
                              : diagnostic.severity == Diagnostic::Severity::kNote ? "note"
                                                                                   : "warning";
  if (diagnostic.line != 0) {
    output.err << fmt::format("cmdial: {}: {}:{}: {}\n", severity, file, diagnostic.line,
                              diagnostic.message);
  } else {
    output.err << fmt::format("cmdial: {}: {}: {}\n", severity, file, diagnostic.message);
  }
}

void RegisterProfileCommands(CLI::App& app, CommandRegistry& registry) {
  RegisterInstallCommands(app, registry);
  RegisterPhonebookCommands(app, registry);
  RegisterUpdateCommand(app, registry);
  RegisterSettingsCommands(app, registry);
}

}  // namespace cm::cmdial
