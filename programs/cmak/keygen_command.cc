// SPDX-License-Identifier: MIT
// `cmak keygen`: makes the Ed25519 key that signs profile packages and prints its public half.
#include <fmt/format.h>

#include <filesystem>
#include <memory>
#include <string>

#include "cm/crypto.h"
#include "cm/file_util.h"
#include "commands.h"

namespace cm::cmak {
namespace {

struct KeygenOptions {
  std::string out;
  bool force = false;
};

int RunKeygen(const KeygenOptions& options, Output& output) {
  std::error_code ec;
  if (!options.force && std::filesystem::exists(options.out, ec)) {
    output.err << fmt::format(
        "cmak: error: {}: a file is already there; a new key would orphan every profile "
        "signed with the old one (use --force to replace it)\n",
        options.out);
    return kExitFailed;
  }
  SigningKey key = SigningKey::Generate();
  if (auto written = WriteFileAtomic(options.out, key.Serialize(), 0600); !written) {
    return Report(output, written.error());
  }
  output.out << fmt::format("{}\nfingerprint {}\n", key.public_key().ToString(),
                            key.public_key().Fingerprint());
  return kExitOk;
}

}  // namespace

void RegisterKeygenCommand(CLI::App& app, CommandRegistry& registry) {
  auto options = std::make_shared<KeygenOptions>();
  CLI::App* command = app.add_subcommand(
      "keygen",
      "Make a signing key for profile packages (docs/formats/keys.md), stored with mode 0600, "
      "and print its public key and fingerprint");
  command->add_option("--out", options->out, "Key file to write")->required();
  command->add_flag("--force", options->force, "Replace an existing key file");
  registry.Add(command, [options](Output& output) { return RunKeygen(*options, output); });
}

}  // namespace cm::cmak
