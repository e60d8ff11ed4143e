// SPDX-License-Identifier: MIT
// `cmak get` and `cmak set`: one key or section of a profile file read or edited the way
// GetPrivateProfileString/Int and WritePrivateProfileString do, every other byte kept.
#include <fmt/format.h>
#include <sys/stat.h>

#include <charconv>
#include <memory>
#include <optional>
#include <string>

#include "cm/file_util.h"
#include "cm/ini_file.h"
#include "commands.h"

namespace cm::cmak {
namespace {

struct GetOptions {
  std::string file;
  std::string section;
  std::string key;
  bool as_int = false;
  bool as_signed = false;
  std::optional<std::string> fallback;
};

struct SetOptions {
  std::string file;
  std::string section;
  std::string key;
  std::optional<std::string> value;
  bool remove = false;
};

// Reads and parses `path`. A file that can't be read is a usage-level failure (exit 2).
Result<IniFile> LoadIni(const std::string& path) {
  std::string bytes = CM_TRY(ReadFile(path));
  auto file = IniFile::Parse(bytes);
  if (!file) return Fail(std::move(file).error().InFile(path));
  return file;
}

int RunGet(const GetOptions& options, Output& output) {
  auto file = LoadIni(options.file);
  if (!file) {
    Report(output, file.error());
    return kExitUsage;
  }
  std::optional<std::string> value = file->Get(options.section, options.key);
  if (!options.as_int) {
    if (value) {
      output.out << *value << "\n";
      return kExitOk;
    }
    if (!options.fallback) return kExitFailed;
    output.out << file->GetString(options.section, options.key, *options.fallback) << "\n";
    return kExitOk;
  }
  int32_t fallback = 0;
  if (options.fallback) {
    const std::string& text = *options.fallback;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), fallback);
    if (ec != std::errc() || end != text.data() + text.size()) {
      output.err << fmt::format("cmak: error: --default '{}' is not a 32-bit integer\n", text);
      return kExitUsage;
    }
  } else if (!value) {
    return kExitFailed;
  }
  IniFile::IntRead read = file->GetInt(options.section, options.key, fallback);
  if (read.diagnostic) PrintDiagnostic(output, options.file, *read.diagnostic);
  if (options.as_signed) {
    output.out << read.as_signed() << "\n";
  } else {
    output.out << read.value << "\n";
  }
  return kExitOk;
}

int RunSet(const SetOptions& options, Output& output) {
  // WritePrivateProfileString creates a missing file (ini-semantics item 37); so do we, with
  // its defaults (no BOM, CRLF). An existing file keeps its permission bits.
  unsigned mode = 0644;
  IniFile file = IniFile::Empty();
  auto bytes = ReadFile(options.file);
  if (bytes) {
    auto parsed = IniFile::Parse(*bytes);
    if (!parsed) return Report(output, std::move(parsed).error().InFile(options.file));
    file = *std::move(parsed);
    struct stat info {};
    if (::stat(options.file.c_str(), &info) == 0) mode = info.st_mode & 07777;
  } else if (bytes.error().code() != Errc::kNotFound || options.remove) {
    Report(output, bytes.error());
    return kExitUsage;
  }
  if (options.remove) {
    bool changed = options.key.empty() ? file.RemoveSection(options.section)
                                       : file.Remove(options.section, options.key);
    // Deleting what is not there succeeds and leaves the file alone, as Windows does.
    if (!changed) return kExitOk;
  } else {
    if (options.key.empty() || !options.value) {
      output.err << "cmak: error: set needs FILE SECTION KEY VALUE (or --delete)\n";
      return kExitUsage;
    }
    if (auto set = file.Set(options.section, options.key, *options.value); !set) {
      return Report(output, std::move(set).error().InFile(options.file));
    }
  }
  if (auto written = WriteFileAtomic(options.file, file.Serialize(), mode); !written) {
    return Report(output, written.error());
  }
  return kExitOk;
}

}  // namespace

void RegisterIniCommands(CLI::App& app, CommandRegistry& registry) {
  auto get = std::make_shared<GetOptions>();
  CLI::App* get_command = app.add_subcommand(
      "get",
      "Print one value of a profile file as Windows' GetPrivateProfileString returns it "
      "(blanks trimmed, one pair of outer quotes removed; names match without case). "
      "Exit 1 when the key is absent.");
  get_command->add_option("FILE", get->file, "Profile file (.cms, .cmp, .inf, any INI file)")
      ->required();
  get_command->add_option("SECTION", get->section, "Section name, without brackets")->required();
  get_command->add_option("KEY", get->key, "Key name")->required();
  get_command->add_flag("--int", get->as_int,
                        "Read the value as GetPrivateProfileInt does (leading digits, 0 for "
                        "text, wraps modulo 2^32; printed unsigned like its UINT)");
  get_command->add_flag("--signed", get->as_signed, "With --int: print the value as signed");
  get_command->add_option("--default", get->fallback,
                          "Print this instead of failing when the key is absent");
  registry.Add(get_command, [get](Output& output) { return RunGet(*get, output); });

  auto set = std::make_shared<SetOptions>();
  CLI::App* set_command = app.add_subcommand(
      "set",
      "Set one key of a profile file as WritePrivateProfileString does, changing only that "
      "line (a new key goes after the section's last key, a new section at the end; a missing "
      "file is created). With --delete, remove KEY, or the whole SECTION when KEY is omitted.");
  set_command->add_option("FILE", set->file, "Profile file")->required();
  set_command->add_option("SECTION", set->section, "Section name, without brackets")->required();
  set_command->add_option("KEY", set->key, "Key name");
  set_command->add_option("VALUE", set->value, "New value, written verbatim");
  set_command->add_flag("--delete", set->remove, "Delete KEY, or SECTION without KEY");
  registry.Add(set_command, [set](Output& output) { return RunSet(*set, output); });
}

}  // namespace cm::cmak
