// SPDX-License-Identifier: MIT
// `cmak build`: packages a profile folder as SHORT.cab with a signed manifest.
#include <fmt/format.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "cm/file_util.h"
#include "cm/ini_file.h"
#include "commands.h"
#include "lint.h"
#include "package.h"
#include "self_extracting.h"

namespace cm::cmak {
namespace {

namespace fs = std::filesystem;

struct BuildOptions {
  std::string folder;
  std::string out;
  std::string sign_key;
  bool strict = false;
  bool self_extracting = false;
};

// What a build wrote.
struct Built {
  std::string cab;
  std::string run;  // empty without --self-extracting
};

// SHORT.run beside the cabinet: FILE.cab -> FILE.run, any other name gets ".run" appended.
std::string RunPathFor(const std::string& cab) {
  fs::path path(cab);
  if (path.extension() == ".cab") return path.replace_extension(".run").string();
  return cab + ".run";
}

// The service name for the installer's comment (the lint that ran first found the .cms).
std::string ServiceNameOf(const fs::path& folder, const std::string& short_name) {
  auto bytes = ReadFile((folder / (short_name + ".cms")).string());
  if (!bytes) return short_name;
  auto cms = IniFile::Parse(*bytes);
  return cms ? cms->GetString("Connection Manager", "ServiceName", short_name) : short_name;
}

Result<Built> RunBuildStatus(const BuildOptions& options) {
  std::optional<SigningKey> key;
  if (!options.sign_key.empty()) {
    std::string bytes = CM_TRY(ReadFile(options.sign_key));
    auto parsed = SigningKey::Parse(bytes);
    if (!parsed) return Fail(std::move(parsed).error().InFile(options.sign_key));
    key.emplace(*std::move(parsed));
  }
  std::vector<CabEntry> members = CM_TRY(PackageMembers(options.folder, key ? &*key : nullptr));
  std::string cabinet = CM_TRY(WriteCabinet(members));
  fs::path folder = fs::path(options.folder).lexically_normal();
  if (!folder.has_filename()) folder = folder.parent_path();
  const std::string short_name = folder.filename().string();
  Built built{options.out, ""};
  if (built.cab.empty()) built.cab = (folder.parent_path() / (short_name + ".cab")).string();
  CM_TRY_STATUS(WriteFileAtomic(built.cab, cabinet));
  if (options.self_extracting) {
    built.run = RunPathFor(built.cab);
    std::string script = MakeSelfExtracting(short_name, ServiceNameOf(folder, short_name), cabinet);
    CM_TRY_STATUS(WriteFileAtomic(built.run, script, 0755));
  }
  return built;
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
  command->add_flag("--self-extracting", options->self_extracting,
                    "Also write SHORT.run beside the cabinet: a sh installer carrying it that "
                    "runs `cmdial install` (`sh SHORT.run --extract FILE.cab` only extracts)");
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
    output.out << built->cab << "\n";
    if (!built->run.empty()) output.out << built->run << "\n";
    return kExitOk;
  });
}

}  // namespace cm::cmak
