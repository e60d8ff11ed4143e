// SPDX-License-Identifier: MIT
// `cmak lint`: prints every finding about a profile folder; errors (and with --strict,
// warnings) fail.
#include <fmt/format.h>

#include <memory>
#include <string>

#include "commands.h"
#include "lint.h"

namespace cm::cmak {

int PrintLintFindings(const std::vector<LintFinding>& findings, bool strict, Output& output) {
  for (const LintFinding& finding : findings) {
    bool error = finding.severity == LintFinding::Severity::kError || strict;
    output.err << "cmak: " << (error ? "error" : "warning") << ": " << finding.ToString() << "\n";
  }
  size_t errors = CountFindings(findings, LintFinding::Severity::kError);
  size_t warnings = findings.size() - errors;
  if (strict) errors += warnings;
  return errors == 0 ? kExitOk : kExitFailed;
}

namespace {

struct LintOptions {
  std::string folder;
  bool strict = false;
};

}  // namespace

void RegisterLintCommand(CLI::App& app, CommandRegistry& registry) {
  auto options = std::make_shared<LintOptions>();
  CLI::App* command = app.add_subcommand(
      "lint",
      "Check a profile folder: known sections and keys, value types, referenced files, the "
      "phone book (as a client reads it), tunnel and realm settings. Each finding names file, "
      "line, key and what to do. Exit 1 when there are errors.");
  command->add_option("FOLDER", options->folder, "Profile folder DIR/SHORT")->required();
  command->add_flag("--strict", options->strict, "Treat warnings as errors");
  registry.Add(command, [options](Output& output) {
    std::vector<LintFinding> findings = LintProfile(options->folder);
    int code = PrintLintFindings(findings, options->strict, output);
    size_t errors = CountFindings(findings, LintFinding::Severity::kError);
    output.out << fmt::format("{}: {} error(s), {} warning(s)\n", options->folder, errors,
                              findings.size() - errors);
    return code;
  });
}

}  // namespace cm::cmak
