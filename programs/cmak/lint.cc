// SPDX-License-Identifier: MIT
// The profile checks behind `cmak lint` and `cmak build`.
#include "lint.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <filesystem>
#include <optional>
#include <string_view>

#include "cm/ascii.h"
#include "cm/crypto.h"
#include "cm/file_util.h"
#include "cm/ini_file.h"
#include "cm/pbk_format.h"
#include "cm/phonebook_name.h"
#include "cm/service_profile.h"
#include "profile_files.h"
#include "profile_spec.h"
#include "tunnel_settings.h"

namespace cm::cmak {
namespace {

namespace fs = std::filesystem;
using Severity = LintFinding::Severity;

// `SHORT\x.pbk` or `x.pbk` -> `x.pbk`.
std::string BaseName(const std::string& value) {
  size_t slash = value.find_last_of("\\/");
  return slash == std::string::npos ? value : value.substr(slash + 1);
}

std::string_view Trim(std::string_view text) {
  size_t start = text.find_first_not_of(" \t");
  if (start == std::string_view::npos) return {};
  size_t end = text.find_last_not_of(" \t");
  return text.substr(start, end - start + 1);
}

enum class KeyType { kText, kInt, kBool, kFile };

struct KeySchema {
  std::string_view name;
  KeyType type;
};

constexpr std::array<KeySchema, 3> kProfileFormatKeys = {
    {{"Version", KeyType::kInt}, {"", KeyType::kText}, {"", KeyType::kText}}};

constexpr std::array<KeySchema, 3> kIspKeys = {
    {{"PBFile", KeyType::kFile}, {"RegionFile", KeyType::kFile}, {"PBURL", KeyType::kText}}};

constexpr std::array<KeySchema, 37> kConnectionManagerKeys = {{
    {"ServiceName", KeyType::kText},
    {"ServiceMessage", KeyType::kText},
    {"PBMessage", KeyType::kText},
    {"Version", KeyType::kInt},
    {"RedialCount", KeyType::kInt},
    {"RedialDelay", KeyType::kInt},
    {"IdleTimeout", KeyType::kInt},
    {"IdleThreshold", KeyType::kInt},
    {"DownloadDelay", KeyType::kInt},
    {"DUN", KeyType::kText},
    {"UserNamePrefix", KeyType::kText},
    {"UserNameSuffix", KeyType::kText},
    {"PasswordHandling", KeyType::kInt},
    {"Logo", KeyType::kFile},
    {"Icon", KeyType::kFile},
    {"SmallIcon", KeyType::kFile},
    {"TrayIcon", KeyType::kFile},
    {"PBLogo", KeyType::kFile},
    {"HelpFile", KeyType::kFile},
    {"Dialup", KeyType::kBool},
    {"Direct", KeyType::kBool},
    {"ConnectionType", KeyType::kInt},
    {"Tunnel", KeyType::kBool},
    {"TunnelReferences", KeyType::kBool},
    {"TunnelAddress", KeyType::kText},
    {"TunnelFile", KeyType::kFile},
    {"TunnelDUN", KeyType::kText},
    {"UseSameUserName", KeyType::kBool},
    {"HideDomain", KeyType::kBool},
    {"DisableICS", KeyType::kBool},
    {"HideAdvancedTab", KeyType::kBool},
    {"HideRememberPassword", KeyType::kBool},
    {"EnableLogging", KeyType::kBool},
    {"MaxLogFileSize", KeyType::kInt},
    {"LogFolderPath", KeyType::kText},
    {"CMSFile", KeyType::kText},
    {"RememberPassword", KeyType::kBool},
}};

constexpr std::array<KeySchema, 3> kActionsKeys = {
    {{"Timeout", KeyType::kInt}, {"", KeyType::kText}, {"", KeyType::kText}}};

constexpr std::array<KeySchema, 5> kMergeKeys = {{{"ServiceName", KeyType::kText},
                                                  {"PBFile", KeyType::kFile},
                                                  {"RegionFile", KeyType::kFile},
                                                  {"PBURL", KeyType::kText},
                                                  {"PublisherKey", KeyType::kText}}};

// Sections whose keys are free-form (display names, animation frames, menu entries) or belong
// to Windows networking and are passed through.
constexpr std::array<std::string_view, 4> kFreeSections = {"Service Types", "Animated Logo",
                                                           "Animation Actions", "Menu Options"};
constexpr std::array<std::string_view, 3> kFreeSectionPrefixes = {"Server&", "TCP/IP&",
                                                                  "Networking&"};

// The 1-based line of `key` in the first section called `section` (0 for the section header
// itself when `key` is empty), found the way IniFile reads: names trimmed, case ignored.
// UTF-16LE files are narrowed to their low bytes, which keeps line numbers and ASCII names.
class LineFinder {
 public:
  explicit LineFinder(std::string_view bytes) {
    if (bytes.size() >= 2 && bytes[0] == '\xFF' && bytes[1] == '\xFE') {
      for (size_t i = 2; i < bytes.size(); i += 2) text_.push_back(bytes[i]);
    } else {
      text_ = std::string(bytes);
    }
  }
  uint32_t Find(std::string_view section, std::string_view key) const {
    uint32_t number = 0;
    bool in_section = false;
    bool seen_section = false;
    size_t pos = 0;
    while (pos <= text_.size()) {
      size_t end = text_.find_first_of("\r\n", pos);
      if (end == std::string::npos) end = text_.size();
      std::string_view line = Trim(std::string_view(text_).substr(pos, end - pos));
      ++number;
      if (!line.empty() && line.front() == '[') {
        size_t close = line.find(']');
        std::string_view name = Trim(
            line.substr(1, close == std::string_view::npos ? std::string_view::npos : close - 1));
        bool match = AsciiEqualsNoCase(name, Trim(section));
        if (in_section) return 0;  // left the first section without finding the key
        if (match && !seen_section) {
          in_section = seen_section = true;
          if (key.empty()) return number;
        }
      } else if (in_section && !line.empty() && line.front() != ';') {
        size_t equals = line.find('=');
        if (equals != std::string_view::npos &&
            AsciiEqualsNoCase(Trim(line.substr(0, equals)), Trim(key))) {
          return number;
        }
      }
      if (end < text_.size() && text_[end] == '\r' && end + 1 < text_.size() &&
          text_[end + 1] == '\n') {
        ++end;
      }
      pos = end + 1;
    }
    return 0;
  }

 private:
  std::string text_;
};

// Everything LintProfile accumulates while walking a profile.
class Linter {
 public:
  explicit Linter(std::string folder) : folder_(std::move(folder)) {}

  void Run() {
    fs::path path = fs::path(folder_).lexically_normal();
    if (!path.has_filename()) path = path.parent_path();
    dir_ = path;
    short_name_ = path.filename().string();
    if (auto valid = ValidatePhonebookName(short_name_, "profile short name"); !valid) {
      Add(Severity::kError, folder_, 0, "", "", valid.error().message() + "; rename the folder");
      return;
    }
    // Each file is linted right after it is loaded: findings are located in the current file.
    if (std::optional<IniFile> cms = Load(".cms")) LintCms(*cms);
    if (std::optional<IniFile> cmp = Load(".cmp")) LintCmp(*cmp);
    if (std::optional<IniFile> inf = Load(".inf")) LintInf(*inf);
  }

  std::vector<LintFinding> Take() { return std::move(findings_); }

 private:
  std::string FilePath(std::string_view name) const { return (dir_ / name).string(); }

  void Add(Severity severity, std::string file, uint32_t line, std::string section, std::string key,
           std::string message) {
    findings_.push_back(
        {severity, std::move(file), line, std::move(section), std::move(key), std::move(message)});
  }

  // A finding about `key` of `section` in the current file, located by LineFinder.
  void AddAt(Severity severity, std::string_view section, std::string_view key,
             std::string message) {
    Add(severity, current_path_, finder_ ? finder_->Find(section, key) : 0, std::string(section),
        std::string(key), std::move(message));
  }

  std::optional<IniFile> Load(std::string_view ext) {
    std::string name = short_name_ + std::string(ext);
    std::string path = FilePath(name);
    auto bytes = ReadFile(path);
    if (!bytes) {
      Add(Severity::kError, path, 0, "", "",
          bytes.error().code() == Errc::kNotFound
              ? "missing; every profile needs SHORT.cms, SHORT.cmp and SHORT.inf (cmak new "
                "writes them)"
              : bytes.error().message());
      return std::nullopt;
    }
    auto file = IniFile::Parse(*bytes);
    if (!file) {
      Add(Severity::kError, path, 0, "", "", file.error().message());
      return std::nullopt;
    }
    for (const Diagnostic& d : file->diagnostics()) {
      Add(Severity::kWarning, path, d.line, "", "", d.message + " [" + d.rule + "]");
    }
    current_path_ = path;
    finder_.emplace(*bytes);
    return *std::move(file);
  }

  // The file a profile path names: "SHORT\x.bmp" or "x.bmp" is x.bmp in the profile folder.
  void CheckFile(std::string_view section, std::string_view key, std::string_view value) {
    if (value.empty()) return;
    size_t slash = value.find_last_of("\\/");
    std::string name(slash == std::string_view::npos ? value : value.substr(slash + 1));
    std::error_code ec;
    if (!fs::is_regular_file(dir_ / name, ec)) {
      AddAt(Severity::kError, section, key,
            fmt::format("'{}' is not in the profile folder; copy {} there or fix the value", value,
                        name));
    }
  }

  void CheckTyped(const IniFile& file, std::string_view section, const KeySchema& schema,
                  std::string_view value) {
    switch (schema.type) {
      case KeyType::kText:
        return;
      case KeyType::kFile:
        return CheckFile(section, schema.name, value);
      case KeyType::kInt:
      case KeyType::kBool: {
        IniFile::IntRead read = file.GetInt(section, schema.name, 0);
        if (read.diagnostic) {
          AddAt(Severity::kError, section, schema.name,
                fmt::format("'{}' is not a whole number; write digits only", value));
        } else if (schema.type == KeyType::kBool && read.value > 1) {
          AddAt(Severity::kError, section, schema.name, fmt::format("'{}' must be 0 or 1", value));
        }
        return;
      }
    }
  }

  template <size_t N>
  void CheckSection(const IniFile& file, std::string_view section,
                    const std::array<KeySchema, N>& keys) {
    for (const auto& [key, value] : file.Entries(section)) {
      const std::string& name = key;  // (clang 14 cannot capture a structured binding)
      auto it = std::find_if(keys.begin(), keys.end(), [&](const KeySchema& schema) {
        return !schema.name.empty() && AsciiEqualsNoCase(schema.name, name);
      });
      if (it == keys.end()) {
        if (!IsPatternKey(section, key)) {
          AddAt(Severity::kWarning, section, key,
                "unknown key (kept as it is; check the spelling if cmsuite should read it)");
        }
        continue;
      }
      CheckTyped(file, section, *it, value);
    }
  }

  // Keys known by pattern rather than by name.
  bool IsPatternKey(std::string_view section, std::string_view key) const {
    if (AsciiEqualsNoCase(section, "ISP")) {
      return AsciiStartsWithNoCase(key, "Mask&") || AsciiStartsWithNoCase(key, "Match&") ||
             AsciiEqualsNoCase(key, "FilterA&") || AsciiEqualsNoCase(key, "FilterB&");
    }
    return false;
  }

  bool IsKnownSection(std::string_view name) const {
    for (std::string_view known :
         {"Profile Format", "ISP", "Connection Manager", "cmsuite Tunnel", "cmsuite Phonebook",
          "cmsuite Actions", "cmsuite Merged Profiles"}) {
      if (AsciiEqualsNoCase(name, known)) return true;
    }
    if (AsciiStartsWithNoCase(name, "cmsuite Merge&")) return true;
    for (std::string_view free : kFreeSections) {
      if (AsciiEqualsNoCase(name, free)) return true;
    }
    for (std::string_view prefix : kFreeSectionPrefixes) {
      if (AsciiStartsWithNoCase(name, prefix)) return true;
    }
    for (size_t i = 0; i < kActionPointCount; ++i) {
      if (AsciiEqualsNoCase(name, ActionSectionName(static_cast<ActionPoint>(i)))) return true;
    }
    return false;
  }

  void LintActions(const IniFile& cms) {
    for (size_t i = 0; i < kActionPointCount; ++i) {
      std::string_view section = ActionSectionName(static_cast<ActionPoint>(i));
      for (const auto& [key, value] : cms.Entries(section)) {
        std::string_view index = key;
        std::string_view suffix;
        if (size_t amp = index.find('&'); amp != std::string_view::npos) {
          suffix = index.substr(amp + 1);
          index = index.substr(0, amp);
        }
        bool numeric = !index.empty() && std::all_of(index.begin(), index.end(), [](char c) {
          return std::isdigit(static_cast<unsigned char>(c));
        });
        if (!numeric ||
            !(suffix.empty() || AsciiEqualsNoCase(suffix, "Description") ||
              AsciiEqualsNoCase(suffix, "Flags") || AsciiEqualsNoCase(suffix, "Timeout"))) {
          AddAt(Severity::kWarning, section, key,
                "unknown key; actions are N=, N&Description=, N&Flags= and N&Timeout= (kept as "
                "it is)");
          continue;
        }
        if (!suffix.empty() && AsciiEqualsNoCase(suffix, "Flags")) {
          if (!ParseFlags(value)) {
            AddAt(Severity::kError, section, key,
                  fmt::format("'{}' is not a number; write bits like 0x07", value));
          }
        } else if (!suffix.empty() && AsciiEqualsNoCase(suffix, "Timeout")) {
          IniFile::IntRead timeout = cms.GetInt(section, key, 0);
          if (timeout.diagnostic || timeout.value == 0) {
            AddAt(Severity::kError, section, key,
                  fmt::format("'{}' is not a number of seconds; write 1-86400", value));
          }
        } else if (suffix.empty() && ActionProgram(value).empty()) {
          AddAt(Severity::kError, section, key, "no program to run; write the program first");
        } else if (suffix.empty()) {
          std::optional<uint32_t> flags =
              ParseFlags(cms.GetString(section, std::string(index) + "&Flags", "0x07"));
          CheckProgram(section, key, value, flags && (*flags & kActionIncluded));
        }
      }
    }
  }

  // An action's `n&Flags`: 0x hexadecimal or decimal.
  static std::optional<uint32_t> ParseFlags(std::string_view text) {
    text = Trim(text);
    int base = 10;
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
      text.remove_prefix(2);
      base = 16;
    }
    uint32_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, base);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
  }

  // The program of an action or tunnel command must be in the profile folder (included, or
  // named as %ServiceDir%/x) or be external: an absolute path (/x, C:\x, \\server\x) or a
  // path from another %Macro%. A bare name is looked up on PATH by cmdial: a warning.
  void CheckProgram(std::string_view section, std::string_view key, std::string_view command,
                    bool included) {
    std::string_view program = ActionProgram(command);
    if (program.empty()) return;
    if (included) return CheckFile(section, key, program);
    if (AsciiStartsWithNoCase(program, "%ServiceDir%")) {
      std::string_view rest = program.substr(12);
      if (rest.empty() || (rest.front() != '/' && rest.front() != '\\')) {
        AddAt(Severity::kError, section, key,
              fmt::format("'{}': write %ServiceDir%/PROGRAM", program));
        return;
      }
      return CheckFile(section, key, rest.substr(1));
    }
    const bool absolute =
        program.front() == '/' || program.front() == '\\' || program.front() == '%' ||
        (program.size() > 2 && program[1] == ':' && (program[2] == '\\' || program[2] == '/'));
    if (absolute) return;  // external: marked by its absolute path
    std::error_code ec;
    if (program.find_first_of("/\\") == std::string_view::npos &&
        fs::is_regular_file(dir_ / std::string(program), ec)) {
      AddAt(Severity::kWarning, section, key,
            fmt::format("'{}' is in the profile folder but not marked included; set flag 0x20 "
                        "(or write %ServiceDir%/{})",
                        program, program));
      return;
    }
    AddAt(Severity::kWarning, section, key,
          fmt::format("'{}' is neither in the profile folder nor an absolute path; include it "
                      "(flag 0x20) or write its absolute path to mark it external (cmdial "
                      "otherwise looks it up on PATH)",
                      program));
  }

  void LintPhonebook(const IniFile& cms) {
    std::string pbk_value = cms.GetString("ISP", "PBFile", "");
    std::string pbr_value = cms.GetString("ISP", "RegionFile", "");
    if (pbk_value.empty()) return;
    auto base = [](const std::string& value) {
      size_t slash = value.find_last_of("\\/");
      return slash == std::string::npos ? value : value.substr(slash + 1);
    };
    std::string pbk_path = FilePath(base(pbk_value));
    auto pbk = ReadFile(pbk_path);
    if (!pbk) return;  // CheckFile reported it
    std::string ver_path = fs::path(pbk_path).replace_extension(".ver").string();
    if (auto ver = ReadFile(ver_path); ver) {
      if (auto checked = CheckVersionText(*ver, ver_path); !checked) {
        Add(Severity::kError, ver_path, 1, "", "", checked.error().message());
      }
    }
    RegionReadResult regions;
    bool have_regions = false;
    if (!pbr_value.empty()) {
      std::string pbr_path = FilePath(base(pbr_value));
      if (auto pbr = ReadFile(pbr_path); pbr) {
        regions = ReadPbr(*pbr);
        have_regions = true;
        for (const Diagnostic& d : regions.diagnostics) {
          Add(Severity::kWarning, pbr_path, d.line, "", "", d.message + " [" + d.rule + "]");
        }
      }
    }
    PbkReadResult book = ReadPbk(*pbk, have_regions ? &regions : nullptr);
    for (const Diagnostic& d : book.diagnostics) {
      Add(Severity::kWarning, pbk_path, d.line, "", "", d.message + " [" + d.rule + "]");
    }
    if (!book.usable) {
      Add(Severity::kError, pbk_path, 0, "", "",
          "a client would ignore this whole phone book; fix the lines named above");
    }
  }

  void LintTunnel(const IniFile& cms) {
    if (cms.GetInt("Connection Manager", "Tunnel", 0).value != 1) return;
    if (!cms.HasSection("cmsuite Tunnel")) {
      AddAt(Severity::kError, "Connection Manager", "Tunnel",
            "Tunnel=1 but there is no [cmsuite Tunnel] section; add one with Type= and "
            "Server0=");
      return;
    }
    std::string type_text = cms.GetString("cmsuite Tunnel", "Type", "");
    auto type = ParseTunnelType(type_text);
    if (!type) {
      AddAt(Severity::kError, "cmsuite Tunnel", "Type", type.error().message());
      return;
    }
    if (IsLegacyTunnel(*type)) {
      AddAt(Severity::kWarning, "cmsuite Tunnel", "Type",
            fmt::format("{} is legacy and weak; prefer ikev2, openvpn, wireguard or sstp",
                        type_text));
    }
    if (*type == TunnelType::kCommand) {
      for (const char* key : {"Up", "Down"}) {
        std::string command = cms.GetString("cmsuite Tunnel", key, "");
        if (command.empty()) {
          AddAt(Severity::kError, "cmsuite Tunnel", "Type",
                fmt::format("Type=command needs {}= with the command line to run", key));
        } else {
          CheckProgram("cmsuite Tunnel", key, command, false);
        }
      }
    } else if (cms.GetString("cmsuite Tunnel", "Server0", "").empty()) {
      AddAt(Severity::kError, "cmsuite Tunnel", "Type",
            "no VPN server; add Server0=HOST (and Server1=... for more)");
    }
    std::string choice = cms.GetString("cmsuite Tunnel", "ServerChoice", "in-order");
    if (!IsServerChoice(choice)) {
      AddAt(Severity::kError, "cmsuite Tunnel", "ServerChoice",
            fmt::format("'{}': write in-order or random", choice));
    }
    LintTunnelSettings(cms, *type);
  }

  void LintTunnelSettings(const IniFile& cms, TunnelType type) {
    for (const auto& [key, value] : cms.Entries("cmsuite Tunnel")) {
      if (IsTunnelStructureKey(key)) continue;
      const auto& known = KnownTunnelSettings();
      const std::string& name = key;  // (clang 14 cannot capture a structured binding)
      auto info = std::find_if(known.begin(), known.end(), [&](const TunnelSettingInfo& i) {
        return AsciiEqualsNoCase(i.key, name);
      });
      if (info == known.end()) continue;  // other keys pass to the tunnel as they are
      if (!TunnelTakesSetting(type, info->key)) {
        AddAt(Severity::kWarning, "cmsuite Tunnel", key,
              fmt::format("tunnel type {} does not use {}; remove it", TunnelTypeName(type),
                          info->key));
        continue;
      }
      if (auto checked = CheckTunnelSetting(type, info->key, value); !checked) {
        AddAt(Severity::kError, "cmsuite Tunnel", key, checked.error().message());
      } else if (info->key == "CAFile") {
        CheckFile("cmsuite Tunnel", key, value);
      }
    }
    for (std::string_view required : RequiredTunnelSettings(type)) {
      if (cms.GetString("cmsuite Tunnel", required, "").empty()) {
        AddAt(Severity::kError, "cmsuite Tunnel", "Type",
              fmt::format("tunnel type {} needs {}=; add it (cmak new: {})", TunnelTypeName(type),
                          required, required == "CAFile" ? "--ca-file" : "--server-key"));
      }
    }
  }

  // The rules are ReadMergedPhonebooks' (lib/profile), shared with cmdial; lint adds the
  // schema of each section and whether the files it names are there.
  void LintMerged(const IniFile& cms) {
    ServiceProfile own;
    own.short_name = short_name_;
    own.pb_file = BaseName(cms.GetString("ISP", "PBFile", ""));
    own.region_file = BaseName(cms.GetString("ISP", "RegionFile", ""));
    std::vector<MergedProfileFinding> findings;
    ReadMergedPhonebooks(cms, own, &findings);
    for (const auto& [key, name] : cms.Entries("cmsuite Merged Profiles")) {
      std::string section = "cmsuite Merge&" + name;
      if (cms.HasSection(section)) CheckSection(cms, section, kMergeKeys);
    }
    for (const MergedProfileFinding& finding : findings) {
      AddAt(
          finding.severity == Diagnostic::Severity::kError ? Severity::kError : Severity::kWarning,
          finding.section, finding.key, finding.message);
    }
  }

  void LintServiceTypes(const IniFile& cms) {
    for (const auto& [display, filter] : cms.Entries("Service Types")) {
      if (!cms.Get("ISP", "Mask&" + filter) || !cms.Get("ISP", "Match&" + filter)) {
        AddAt(Severity::kWarning, "Service Types", display,
              fmt::format("filter '{}' has no Mask&{} and Match&{} in [ISP]; define them", filter,
                          filter, filter));
      }
    }
  }

  void LintCms(const IniFile& cms) {
    for (const std::string& section : cms.SectionNames()) {
      if (!IsKnownSection(section)) {
        AddAt(Severity::kWarning, section, "",
              "unknown section (kept as it is; check the spelling if cmsuite should read it)");
      }
    }
    CheckSection(cms, "Profile Format", kProfileFormatKeys);
    CheckSection(cms, "ISP", kIspKeys);
    CheckSection(cms, "Connection Manager", kConnectionManagerKeys);
    CheckSection(cms, "cmsuite Actions", kActionsKeys);
    if (cms.Get("Connection Manager", "MaxLogFileSize") &&
        cms.GetInt("Connection Manager", "MaxLogFileSize", 64).value == 0) {
      AddAt(Severity::kError, "Connection Manager", "MaxLogFileSize",
            "0 KiB keeps no log; write a size in KiB or set EnableLogging=0");
    }
    if (cms.GetString("Connection Manager", "ServiceName", "").empty()) {
      AddAt(Severity::kError, "Connection Manager", "ServiceName",
            "missing or empty; set the name users see");
    }
    std::string url = cms.GetString("ISP", "PBURL", "");
    if (!url.empty() && url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
      AddAt(Severity::kError, "ISP", "PBURL", "expected an http:// or https:// URL");
    }
    if (!cms.GetString("Connection Manager", "UserNamePrefix", "").empty() &&
        !cms.GetString("Connection Manager", "UserNameSuffix", "").empty()) {
      AddAt(Severity::kWarning, "Connection Manager", "UserNameSuffix",
            "both a realm prefix and suffix are set; usually only one is meant");
    }
    for (const auto& [key, value] : cms.Entries("cmsuite Phonebook")) {
      if (AsciiEqualsNoCase(key, "PublisherKey")) {
        if (auto parsed = PublicKey::Parse(value); !parsed) {
          AddAt(Severity::kError, "cmsuite Phonebook", key,
                parsed.error().message() + "; paste what `pbadmin pubkey` prints");
        }
      } else {
        AddAt(Severity::kWarning, "cmsuite Phonebook", key, "unknown key (kept as it is)");
      }
    }
    LintActions(cms);
    LintTunnel(cms);
    LintPhonebook(cms);
    LintMerged(cms);
    LintServiceTypes(cms);
  }

  void LintCmp(const IniFile& cmp) {
    std::string expected = short_name_ + "\\" + short_name_ + ".cms";
    std::string value = cmp.GetString("Connection Manager", "CMSFile", "");
    if (!AsciiEqualsNoCase(value, expected)) {
      AddAt(
          Severity::kWarning, "Connection Manager", "CMSFile",
          fmt::format("'{}' does not name this profile's service file; write {}", value, expected));
    }
  }

  void LintInf(const IniFile& inf) {
    for (const auto& [key, value] : inf.Entries("Extra Files"))
      CheckFile("Extra Files", key, value);
    std::string short_value = inf.GetString("Strings", "ShortSvcName", "");
    if (!AsciiEqualsNoCase(short_value, short_name_)) {
      AddAt(Severity::kWarning, "Strings", "ShortSvcName",
            fmt::format("'{}' differs from the folder name; write {}", short_value, short_name_));
    }
  }

  std::string folder_;
  fs::path dir_;
  std::string short_name_;
  std::string current_path_;
  std::optional<LineFinder> finder_;
  std::vector<LintFinding> findings_;
};

}  // namespace

std::string LintFinding::ToString() const {
  std::string out = file;
  if (line != 0) out += fmt::format(":{}", line);
  out += ": ";
  if (!section.empty()) out += fmt::format("[{}] ", section);
  if (!key.empty()) out += key + ": ";
  return out + message;
}

std::vector<LintFinding> LintProfile(const std::string& folder) {
  Linter linter(folder);
  linter.Run();
  return linter.Take();
}

size_t CountFindings(const std::vector<LintFinding>& findings, LintFinding::Severity severity) {
  return static_cast<size_t>(
      std::count_if(findings.begin(), findings.end(),
                    [&](const LintFinding& f) { return f.severity == severity; }));
}

}  // namespace cm::cmak
