// SPDX-License-Identifier: MIT
// `cmdial update-phonebook SERVICE`: what a connection does after connecting, on request.
#include <fmt/format.h>

#include <memory>
#include <string>

#include "profiles/commands.h"
#include "profiles/phonebook_update.h"

namespace cm::cmdial {
namespace {

struct UpdateArgs {
  std::string service;
  size_t max_bytes = UpdateOptions{}.max_bytes;
};

int RunUpdate(const UpdateArgs& args, cli::Output& output) {
  Result<StorePaths> paths = StorePaths::FromEnvironment();
  if (!paths) return ReportError(output, paths.error());
  Result<InstalledProfile> profile = FindProfile(*paths, args.service);
  if (!profile) return ReportError(output, profile.error());
  UpdateOptions options;
  options.max_bytes = args.max_bytes;
  options.log_path = DefaultUpdateLogPath(*paths, *profile);
  Result<PhonebookUpdateOutcome> outcome = UpdatePhonebook(*profile, options);
  if (!outcome) {
    output.err << fmt::format(
        "cmdial: error: {}: phone book update failed, the installed "
        "version {} is kept: {}\n",
        profile->short_name(), profile->PhonebookVersion(), outcome.error().ToString());
    return cli::kExitFailed;
  }
  output.out << outcome->message << "\n";
  return cli::kExitOk;
}

}  // namespace

void RegisterUpdateCommand(CLI::App& app, cli::CommandRegistry& registry) {
  auto args = std::make_shared<UpdateArgs>();
  CLI::App* command = app.add_subcommand(
      "update-phonebook",
      "Ask the profile's phone book server for an update (as a connection does) and apply it "
      "when it is signed by the profile's publisher key; on failure the old book is kept");
  command->add_option("SERVICE", args->service, "Short name or service name")->required();
  command->add_option("--max-bytes", args->max_bytes, "Largest answer accepted")
      ->check(CLI::Range(size_t{1}, size_t{1} << 30));
  registry.Add(command, [args](cli::Output& output) { return RunUpdate(*args, output); });
}

}  // namespace cm::cmdial
