// SPDX-License-Identifier: MIT
// The workspace commands of pbadmin (issue 3). Each Register function adds its subcommands to
// `app` and their actions to `registry`; `globals` holds --workspace, filled in by parsing.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>

#include "cli.h"
#include "command_util.h"

namespace cm::pbadmin {

using Globals = std::shared_ptr<const GlobalOptions>;

// create, list, delete, config.
void RegisterBookCommands(CLI::App& app, CommandRegistry& registry, Globals globals);
// region add|list|rename|delete.
void RegisterRegionCommands(CLI::App& app, CommandRegistry& registry, Globals globals);
// pop add|edit|delete|list|show.
void RegisterPopCommands(CLI::App& app, CommandRegistry& registry, Globals globals);
// import, export.
void RegisterImportExportCommands(CLI::App& app, CommandRegistry& registry, Globals globals);
// publish.
void RegisterPublishCommand(CLI::App& app, CommandRegistry& registry, Globals globals);
// post.
void RegisterPostCommand(CLI::App& app, CommandRegistry& registry, Globals globals);
// history.
void RegisterHistoryCommand(CLI::App& app, CommandRegistry& registry, Globals globals);

}  // namespace cm::pbadmin
