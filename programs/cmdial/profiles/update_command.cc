// SPDX-License-Identifier: MIT
// `cmdial update-phonebook SERVICE`: what a connection does after connecting, on request.
#include <fmt/format.h>

#include <memory>
#include <string>

#include "profiles/book_updates.h"
#include "profiles/commands.h"

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
  options.cache_dir = paths->cache_dir;
  for (const Diagnostic& diagnostic : profile->MergedBookDiagnostics()) {
    ReportDiagnostic(output, profile->cms_path, diagnostic);
  }
  int code = cli::kExitOk;
  for (const BookUpdate& update : UpdateAllPhonebooks(*profile, options)) {
    if (update.outcome) {
      output.out << update.outcome->message << "\n";
      continue;
    }
    // The other books are still asked; the command fails when any book did.
    output.err << fmt::format(
        "cmdial: error: {}: phone book update failed, the installed "
        "version {} is kept: {}\n",
        update.book.Label(), update.book.PhonebookVersion(), update.outcome.error().ToString());
    code = cli::kExitFailed;
  }
  return code;
}

}  // namespace

void RegisterUpdateCommand(CLI::App& app, cli::CommandRegistry& registry) {
  auto args = std::make_shared<UpdateArgs>();
  CLI::App* command = app.add_subcommand(
      "update-phonebook",
      "Ask the phone book server of the profile's book and of each merged profile's book for an "
      "update (as a connection does) and apply each one signed by that book's publisher key; a "
      "book that fails keeps its old files, the others are still updated (exit 1 if any "
      "failed)");
  command->add_option("SERVICE", args->service, "Short name or service name")->required();
  command->add_option("--max-bytes", args->max_bytes, "Largest answer accepted")
      ->check(CLI::Range(size_t{1}, size_t{1} << 30));
  registry.Add(command, [args](cli::Output& output) { return RunUpdate(*args, output); });
}

}  // namespace cm::cmdial
