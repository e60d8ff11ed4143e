// SPDX-License-Identifier: MIT
// Building and verifying signed phone book releases from the command line.
#include "release_command.h"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <memory>

#include "cm/crypto.h"
#include "cm/file_util.h"
#include "cm/pbk_format.h"
#include "cm/phonebook_name.h"
#include "cm/release.h"

namespace cm::pbadmin {
namespace {

namespace fs = std::filesystem;

cm::Result<cm::SigningKey> LoadKey(const std::string& path) {
  std::string bytes = CM_TRY(cm::ReadFile(path));
  auto key = cm::SigningKey::Parse(bytes);
  if (!key) return cm::Fail(std::move(key).error().InFile(path));
  return key;
}

// A trusted public key from text ("ed25519:...") or from a key file's path.
cm::Result<cm::PublicKey> LoadPublicKey(const std::string& text_or_path) {
  if (text_or_path.rfind("ed25519:", 0) == 0) return cm::PublicKey::Parse(text_or_path);
  std::string bytes = CM_TRY(cm::ReadFile(text_or_path));
  if (bytes.rfind("ed25519:", 0) == 0) return cm::PublicKey::Parse(bytes);
  auto key = cm::SigningKey::Parse(bytes);
  if (!key) return cm::Fail(std::move(key).error().InFile(text_or_path));
  return key->public_key();
}

// ---- keygen / pubkey -------------------------------------------------------------------

struct KeygenOptions {
  std::string out;
  bool force = false;
};

int RunKeygen(KeygenOptions options, const GlobalOptions& globals, Output& output) {
  std::error_code ec;
  if (options.out.empty()) {
    std::string dir = ResolveWorkspaceDir(globals.workspace);
    fs::create_directories(dir, ec);
    options.out = dir + "/signing.key";
  }
  if (!options.force && fs::exists(options.out, ec)) {
    output.err << fmt::format(
        "pbadmin: error: {}: a file is already there; a new key would orphan every "
        "profile that pins the old one (use --force to replace it)\n",
        options.out);
    return 1;
  }
  cm::SigningKey key = cm::SigningKey::Generate();
  if (auto written = cm::WriteFileAtomic(options.out, key.Serialize(), 0600); !written) {
    return Report(output, written.error());
  }
  output.out << fmt::format("{}\nfingerprint {}\n", key.public_key().ToString(),
                            key.public_key().Fingerprint());
  return 0;
}

// ---- release build ---------------------------------------------------------------------

struct BuildOptions {
  std::string name;
  uint32_t version = 0;
  std::string pbk;
  std::string pbr;
  std::string key;
  std::string root;
};

// Reads the administrator's phone book and refuses anything a client would not read cleanly or
// that breaks PBA's limits.
cm::Result<cm::ReleaseSnapshot> LoadSource(const BuildOptions& options, Output& output) {
  std::string pbk_bytes = CM_TRY(cm::ReadFile(options.pbk));
  cm::RegionReadResult regions;
  if (!options.pbr.empty()) regions = cm::ReadPbr(CM_TRY(cm::ReadFile(options.pbr)));
  for (const cm::Diagnostic& d : regions.diagnostics) {
    output.err << fmt::format("pbadmin: error: {}:{}: {} [{}]\n", options.pbr, d.line, d.message,
                              d.rule);
  }
  cm::PbkReadResult read = cm::ReadPbk(pbk_bytes, options.pbr.empty() ? nullptr : &regions);
  for (const cm::Diagnostic& d : read.diagnostics) {
    output.err << fmt::format("pbadmin: error: {}:{}: {} [{}]\n", options.pbk, d.line, d.message,
                              d.rule);
  }
  if (!read.usable || !read.diagnostics.empty() || !regions.diagnostics.empty()) {
    return cm::Fail(cm::Errc::kInvalidArgument,
                    "the phone book has problems (listed above); a release must read cleanly "
                    "(see pbadmin check)",
                    {.file = options.pbk});
  }
  size_t problems = 0;
  for (size_t i = 0; i < read.pops.size(); ++i) {
    for (const cm::Diagnostic& d :
         cm::ValidatePopStrict(read.pops[i].ToPop(), regions.regions.size())) {
      output.err << fmt::format("pbadmin: error: {}: POP {}: {} [{}]\n", options.pbk, i + 1,
                                d.message, d.rule);
      ++problems;
    }
  }
  if (problems > 0) {
    return cm::Fail(
        cm::Errc::kInvalidArgument,
        fmt::format("{} POP field(s) break the Phone Book Administrator's limits", problems),
        {.file = options.pbk});
  }
  return cm::MakeSnapshot(options.name, options.version, read.pops, regions.regions);
}

// Loads version `version` of the phone book from its full cabinet in the release folder,
// checked with the publisher's key.
cm::Result<std::optional<cm::ReleaseSnapshot>> LoadPrevious(const fs::path& book_dir,
                                                            uint32_t version,
                                                            const cm::PublicKey& key,
                                                            const std::string& name) {
  fs::path cabinet = book_dir / std::to_string(version) / "full.cab";
  std::error_code ec;
  if (!fs::exists(cabinet, ec)) return std::optional<cm::ReleaseSnapshot>();
  std::string bytes = CM_TRY(cm::ReadFile(cabinet.string()));
  auto snapshot = cm::ApplyUpdate(nullptr, bytes, key, name);
  if (!snapshot) return cm::Fail(std::move(snapshot).error().InFile(cabinet.string()));
  return std::optional<cm::ReleaseSnapshot>(std::move(*snapshot));
}

cm::Status WriteReleaseFolder(const fs::path& book_dir, const cm::Release& release) {
  fs::path final_dir = book_dir / std::to_string(release.version);
  fs::path temp_dir = book_dir / fmt::format(".{}.partial-{}", release.version, ::getpid());
  std::error_code ec;
  fs::create_directories(temp_dir, ec);
  if (ec) {
    return cm::Fail(cm::Errc::kIo, "cannot create folder: " + ec.message(),
                    {.file = temp_dir.string()});
  }
  auto write = [&](const std::string& file, const std::string& bytes) {
    return cm::WriteFileAtomic((temp_dir / file).string(), bytes);
  };
  CM_TRY_STATUS(write("full.cab", release.full_cabinet));
  for (const auto& [base, cabinet] : release.delta_cabinets) {
    CM_TRY_STATUS(write(fmt::format("delta-{}.cab", base), cabinet));
  }
  // The version appears whole or not at all: readers never see a half-written folder.
  fs::rename(temp_dir, final_dir, ec);
  if (ec) {
    fs::remove_all(temp_dir);
    return cm::Fail(cm::Errc::kIo, "cannot move the release into place: " + ec.message(),
                    {.file = final_dir.string()});
  }
  return cm::Ok();
}

int RunBuild(const BuildOptions& options, Output& output) {
  if (auto valid = cm::ValidatePhonebookName(options.name); !valid)
    return Report(output, valid.error());
  auto key = LoadKey(options.key);
  if (!key) return Report(output, key.error());
  cm::PublicKey public_key = key->public_key();
  fs::path book_dir = fs::path(options.root) / options.name;
  std::error_code ec;
  if (fs::exists(book_dir / std::to_string(options.version), ec)) {
    output.err << fmt::format(
        "pbadmin: error: {}: version {} is already released; releases never change, "
        "publish version {} instead\n",
        (book_dir / std::to_string(options.version)).string(), options.version,
        options.version + 1);
    return 1;
  }
  auto target = LoadSource(options, output);
  if (!target) return Report(output, target.error());

  std::vector<cm::ReleaseSnapshot> previous;
  uint32_t first =
      options.version > cm::kMaxDeltaDistance ? options.version - cm::kMaxDeltaDistance : 1;
  for (uint32_t base = first; base < options.version; ++base) {
    auto snapshot = LoadPrevious(book_dir, base, public_key, options.name);
    if (!snapshot) return Report(output, snapshot.error());
    if (*snapshot) previous.push_back(std::move(**snapshot));
  }
  if (!previous.empty() && previous.back().version == options.version - 1 &&
      previous.back().pbk == target->pbk && previous.back().pbr == target->pbr) {
    output.err << fmt::format(
        "pbadmin: error: nothing changed since version {}; a release needs at least one "
        "added, edited or deleted POP or a region change\n",
        options.version - 1);
    return 1;
  }
  auto release = cm::BuildRelease(*target, previous, *key);
  if (!release) return Report(output, release.error());
  if (auto written = WriteReleaseFolder(book_dir, *release); !written) {
    return Report(output, written.error());
  }
  fs::path out = book_dir / std::to_string(options.version);
  output.out << fmt::format("released {} version {} in {}\n", options.name, options.version,
                            out.string());
  output.out << fmt::format("  full.cab      {:>9} bytes  {} POPs\n", release->full_cabinet.size(),
                            std::count(target->pbk.begin(), target->pbk.end(), '\n'));
  for (const auto& [base, cabinet] : release->delta_cabinets) {
    const cm::DeltaCounts& counts = release->delta_counts.at(base);
    output.out << fmt::format(
        "  delta-{}.cab {:>9} bytes  from version {}: {} added, {} changed, {} deleted\n", base,
        cabinet.size(), base, counts.added, counts.changed, counts.deleted);
  }
  output.out << fmt::format("  signed by {}\n", public_key.Fingerprint());
  return 0;
}

// ---- release verify --------------------------------------------------------------------

struct VerifyOptions {
  std::string cabinet;
  std::string key;
  std::string name;
  std::string installed;  // folder with NAME.pbk, NAME.pbr, NAME.ver, updated in place
};

cm::Result<std::optional<cm::ReleaseSnapshot>> LoadInstalled(const fs::path& dir,
                                                             const std::string& name) {
  fs::path pbk = dir / cm::PbkMemberName(name);
  std::error_code ec;
  if (!fs::exists(pbk, ec)) return std::optional<cm::ReleaseSnapshot>();
  std::string ver = CM_TRY(cm::ReadFile((dir / cm::VerMemberName(name)).string()));
  uint32_t version = 0;
  if (std::sscanf(ver.c_str(), "%u", &version) != 1) {
    return cm::Fail(cm::Errc::kParse, "version file does not start with a number",
                    {.file = (dir / cm::VerMemberName(name)).string(), .line = 1});
  }
  std::string pbk_bytes = CM_TRY(cm::ReadFile(pbk.string()));
  std::string pbr_bytes = CM_TRY(cm::ReadFile((dir / cm::PbrMemberName(name)).string()));
  auto snapshot = cm::SnapshotFromFiles(name, version, std::move(pbk_bytes), std::move(pbr_bytes));
  if (!snapshot) return cm::Fail(std::move(snapshot).error().InFile(pbk.string()));
  return std::optional<cm::ReleaseSnapshot>(std::move(*snapshot));
}

int RunVerify(const VerifyOptions& options, Output& output) {
  auto key = LoadPublicKey(options.key);
  if (!key) return Report(output, key.error());
  auto bytes = cm::ReadFile(options.cabinet);
  if (!bytes) return Report(output, bytes.error());
  auto verified = cm::OpenReleaseCabinet(*bytes, *key, options.name);
  if (!verified) return Report(output, std::move(verified).error().InFile(options.cabinet));
  const cm::Manifest& manifest = verified->manifest;
  if (manifest.kind == cm::UpdateKind::kFull) {
    output.out << fmt::format(
        "{}: full phone book {} version {}, {} POPs, signature and hashes good\n", options.cabinet,
        manifest.phonebook, manifest.version, manifest.pop_count);
  } else {
    output.out << fmt::format(
        "{}: delta for {} from version {} to {} ({} added, {} changed, {} deleted), "
        "signature and hashes good\n",
        options.cabinet, manifest.phonebook, manifest.base_version, manifest.version,
        manifest.counts.added, manifest.counts.changed, manifest.counts.deleted);
  }
  if (options.installed.empty()) return 0;

  fs::path dir = options.installed;
  auto installed = LoadInstalled(dir, manifest.phonebook);
  if (!installed) return Report(output, installed.error());
  const cm::ReleaseSnapshot* base = *installed ? &**installed : nullptr;
  auto updated = cm::ApplyUpdate(base, *bytes, *key, manifest.phonebook);
  if (!updated) return Report(output, std::move(updated).error().InFile(options.cabinet));
  std::error_code ec;
  fs::create_directories(dir, ec);
  // The version file goes last: until it changes, the folder still claims the old version,
  // whose hashes then fail to match and force a full download rather than a wrong delta.
  for (auto [file, content] : {std::pair{cm::PbkMemberName(updated->name), &updated->pbk},
                               std::pair{cm::PbrMemberName(updated->name), &updated->pbr}}) {
    if (auto written = cm::WriteFileAtomic((dir / file).string(), *content); !written) {
      return Report(output, written.error());
    }
  }
  if (auto written = cm::WriteFileAtomic((dir / cm::VerMemberName(updated->name)).string(),
                                         cm::VersionFileBytes(updated->version));
      !written) {
    return Report(output, written.error());
  }
  output.out << fmt::format("installed {} version {} in {}\n", updated->name, updated->version,
                            dir.string());
  return 0;
}

}  // namespace

void RegisterReleaseCommands(CLI::App& app, CommandRegistry& registry,
                             std::shared_ptr<const GlobalOptions> globals) {
  auto keygen_options = std::make_shared<KeygenOptions>();
  CLI::App* keygen = app.add_subcommand(
      "keygen", "Make an Ed25519 signing key for releases and print its public key");
  keygen->add_option("--out", keygen_options->out,
                     "Key file to write (mode 0600); default: the workspace's signing.key");
  keygen->add_flag("--force", keygen_options->force, "Replace an existing key file");
  registry.Add(keygen, [keygen_options, globals](Output& output) {
    return RunKeygen(*keygen_options, *globals, output);
  });

  auto pubkey_key = std::make_shared<std::string>();
  CLI::App* pubkey =
      app.add_subcommand("pubkey", "Print the public key of a signing key (the key profiles pin)");
  pubkey->add_option("--key", *pubkey_key,
                     "Signing key file; default: the workspace's signing.key");
  registry.Add(pubkey, [pubkey_key, globals](Output& output) {
    auto key =
        LoadKey(pubkey_key->empty() ? ResolveWorkspaceDir(globals->workspace) + "/signing.key"
                                    : *pubkey_key);
    if (!key) return Report(output, key.error());
    output.out << key->public_key().ToString() << "\n";
    return kExitOk;
  });

  CLI::App* release = app.add_subcommand("release", "Build and verify signed phone book releases");
  release->require_subcommand(1);

  auto build_options = std::make_shared<BuildOptions>();
  CLI::App* build = release->add_subcommand(
      "build",
      "Build release VERSION of phone book NAME: ROOT/NAME/VERSION/full.cab and a delta from each "
      "of the five previous versions found in ROOT/NAME/");
  build->add_option("name", build_options->name, "Phone book name (1-8 letters/digits)")
      ->required();
  build->add_option("--version", build_options->version, "Version to release (1, 2, ...)")
      ->required()
      ->check(CLI::Range(1u, 32676u));
  build->add_option("--pbk", build_options->pbk, "Phone book file")
      ->required()
      ->check(CLI::ExistingFile);
  build->add_option("--pbr", build_options->pbr, "Region file")->check(CLI::ExistingFile);
  build->add_option("--key", build_options->key, "Signing key file (pbadmin keygen)")->required();
  build->add_option("--root", build_options->root, "Folder holding the releases")->required();
  registry.Add(build, [build_options](Output& output) { return RunBuild(*build_options, output); });

  auto verify_options = std::make_shared<VerifyOptions>();
  CLI::App* verify = release->add_subcommand(
      "verify",
      "Check a release cabinet's signature and hashes; with --installed, apply it to the phone "
      "book installed in that folder as a client would");
  verify->add_option("cabinet", verify_options->cabinet, "full.cab or delta-B.cab")
      ->required()
      ->check(CLI::ExistingFile);
  verify
      ->add_option("--key", verify_options->key,
                   "Trusted public key (ed25519:...) or a file holding it or the signing key")
      ->required();
  verify->add_option("--name", verify_options->name, "Expected phone book name");
  verify->add_option("--installed", verify_options->installed,
                     "Folder with NAME.pbk, NAME.pbr and NAME.ver to update");
  registry.Add(verify,
               [verify_options](Output& output) { return RunVerify(*verify_options, output); });
}

}  // namespace cm::pbadmin
