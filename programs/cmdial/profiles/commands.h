// SPDX-License-Identifier: MIT
// cmdial's profile commands, one Register function per file (profile_commands.cc calls them),
// and the helpers they share for messages.
#pragma once

#include <string_view>

#include "cm/result.h"
#include "command_registry.h"

namespace cm::cmdial {

// install, uninstall, list, show (install_commands.cc).
void RegisterInstallCommands(CLI::App& app, cli::CommandRegistry& registry);
// location, pops (phonebook_commands.cc).
void RegisterPhonebookCommands(CLI::App& app, cli::CommandRegistry& registry);
// update-phonebook (update_command.cc).
void RegisterUpdateCommand(CLI::App& app, cli::CommandRegistry& registry);
// favorite save|list|delete, settings (settings_commands.cc).
void RegisterSettingsCommands(CLI::App& app, cli::CommandRegistry& registry);

// Prints "cmdial: error: where: what" and returns kExitFailed (kExitUsage for kParse of a
// file the user named, as the other programs do).
int ReportError(cli::Output& output, const Error& error);

// Prints "cmdial: warning: FILE:LINE: message".
void ReportDiagnostic(cli::Output& output, std::string_view file, const Diagnostic& diagnostic);

}  // namespace cm::cmdial
