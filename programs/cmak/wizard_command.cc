// SPDX-License-Identifier: MIT
// `cmak wizard`: registers the command; the conversation is in wizard.cc.
#include <iostream>
#include <memory>
#include <string>

#include "commands.h"
#include "wizard.h"

namespace cm::cmak {
namespace {

struct WizardOptions {
  std::string out;
  std::string edit;
};

}  // namespace

void RegisterWizardCommand(CLI::App& app, CommandRegistry& registry) {
  auto options = std::make_shared<WizardOptions>();
  CLI::App* command = app.add_subcommand(
      "wizard",
      "Ask cmak new's questions one by one on the terminal (defaults in brackets; a bad answer "
      "is asked again, saying why), then write the profile folder. With --edit DIR/SHORT: the "
      "current values are the defaults and only changed answers are written (comments and "
      "unknown keys kept).");
  command->add_option("--out", options->out, "Folder to create SHORT/ in (asked when not given)");
  command->add_option("--edit", options->edit, "Edit the existing profile folder DIR/SHORT")
      ->excludes("--out");
  registry.Add(command, [options](Output& output) {
    if (!options->edit.empty()) return RunWizardEdit(std::cin, output, options->edit);
    return RunWizardNew(std::cin, output, options->out);
  });
}

}  // namespace cm::cmak
