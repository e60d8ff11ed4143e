// SPDX-License-Identifier: MIT
// `cmak build`: packages a profile folder as SHORT.cab with a signed manifest.
#include <fmt/format.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "cm/file_util.h"
#include "commands.h"
#include "lint.h"
#include "package.h"

namespace cm::cmak {
namespace {

namespace fs = std::filesystem;

struct BuildOptions {
  std::string folder;
  std::string out;
  std::string sign_key;
  bool strict = false;
};

Result<std::string> RunBuildStatus(const BuildOptions& options) {
  std::optional<SigningKey> key;
  if (!options.sign_key.empty()) {
    std::string bytes = CM_TRY(ReadFile(options.sign_key));
    auto parsed = SigningKey::Parse(bytes);
    if (!parsed) return Fail(std::move(parsed).error().InFile(options.sign_key));
    key.emplace(*std::move(parsed));
  }
  std::vector<CabEntry> members = CM_TRY(PackageMembers(options.folder, key ? &*key : nullptr));
  std::string cabinet = CM_TRY(WriteCabinet(members));
  std::string out = options.out;
  if (out.empty()) {
    fs::path folder = fs::path(options.folder).lexically_normal();
    if (!folder.has_filename()) folder = folder.parent_path();
    out = (folder.parent_path() / (folder.filename().string() + ".cab")).string();
  }
  CM_TRY_STATUS(WriteFileAtomic(out, cabinet));
  return out;
}

}  // namespace

void RegisterBuildCommand(CLI::App& app, CommandRegistry& registry) {
  auto options = std::make_shared<BuildOptions>();
  CLI::App* command = app.add_subcommand(
      "build",
      "Check a profile folder DIR/SHORT (as cmak lint) and package it as SHORT.cab: every file as "
      "it is (hand edits "
      "kept) plus manifest.json (names, sizes, SHA-256) and manifest.sig when signed. The "
      "same files give the same bytes (dates from SOURCE_DATE_EPOCH, else 1980-01-01).");
  command->add_option("FOLDER", options->folder, "Profile folder DIR/SHORT")->required();
  command->add_option("-o,--out", options->out, "Cabinet to write (default: DIR/SHORT.cab)");
  command->add_option("--sign-key", options->sign_key,
                      "Signing key file (cmak keygen); without it the package is unsigned");
  command->add_flag("--strict", options->strict, "Treat lint warnings as errors");
  registry.Add(command, [options](Output& output) {
    // The profile is checked first; errors stop the build, warnings are only printed.
    if (PrintLintFindings(LintProfile(options->folder), options->strict, output) != kExitOk) {
      output.err << fmt::format("cmak: error: {}: not built; fix the errors above\n",
                                options->folder);
      return kExitFailed;
    }
    auto built = RunBuildStatus(*options);
    if (!built) return Report(output, built.error());
    if (options->sign_key.empty()) {
      output.err << "cmak: warning: the package is unsigned; cmdial install refuses it "
                    "without --allow-unsigned (use --sign-key)\n";
    }
    output.out << *built << "\n";
    return kExitOk;
  });
}

}  // namespace cm::cmak
