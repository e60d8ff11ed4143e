// SPDX-License-Identifier: MIT
// ReadServiceProfile: the typed view of a .cms, read with Windows' rules (cm/ini_file.h).
#include "cm/service_profile.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <optional>
#include <utility>

#include "cm/ascii.h"

namespace cm {
namespace {

constexpr std::string_view kCm = "Connection Manager";
constexpr std::string_view kIsp = "ISP";
constexpr std::string_view kTunnel = "cmsuite Tunnel";

// Collects findings; a null sink drops them.
class Findings {
 public:
  explicit Findings(std::vector<Diagnostic>* sink) : sink_(sink) {}

  void Add(std::string rule, std::string message, uint32_t line = 0) {
    if (sink_ == nullptr) return;
    sink_->push_back(
        Diagnostic{line, std::move(rule), std::move(message), Diagnostic::Severity::kWarning});
  }
  void Add(const std::optional<Diagnostic>& diagnostic) {
    if (sink_ != nullptr && diagnostic) sink_->push_back(*diagnostic);
  }

 private:
  std::vector<Diagnostic>* sink_;
};

uint32_t ReadUint(const IniFile& cms, std::string_view section, std::string_view key,
                  uint32_t fallback, Findings& findings) {
  IniFile::IntRead read = cms.GetInt(section, key, static_cast<int32_t>(fallback));
  findings.Add(read.diagnostic);
  return read.value;
}

// Flags and masks are written in hexadecimal (`0x0041`), so the radix prefix is expected there.
uint32_t ReadHex(const IniFile& cms, std::string_view section, std::string_view key,
                 uint32_t fallback, Findings& findings) {
  IniFile::IntRead read = cms.GetInt(section, key, static_cast<int32_t>(fallback));
  if (read.diagnostic && read.diagnostic->rule != "ini.int-radix-prefix") {
    findings.Add(read.diagnostic);
  }
  return read.value;
}

bool ReadBool(const IniFile& cms, std::string_view section, std::string_view key, bool fallback,
              Findings& findings) {
  return ReadUint(cms, section, key, fallback ? 1 : 0, findings) != 0;
}

// `SHORT\file.pbk` (relative to the .cmp folder) -> `file.pbk` (relative to the profile folder).
// Only a base name is kept, so a value can never name a file outside the profile folder.
std::string ProfileFileName(const IniFile& cms, std::string_view key, std::string_view short_name,
                            Findings& findings) {
  std::string value = cms.GetString(kIsp, key, "");
  if (value.empty()) return value;
  size_t slash = value.find_last_of("\\/");
  std::string base = slash == std::string::npos ? value : value.substr(slash + 1);
  std::string expected_prefix = fmt::format("{}\\", short_name);
  bool plain_prefix = slash == std::string::npos || (slash + 1 == expected_prefix.size() &&
                                                     AsciiStartsWithNoCase(value, expected_prefix));
  if (!plain_prefix) {
    findings.Add("profile.file-outside-folder",
                 fmt::format("[ISP] {}={}: only the file name '{}' in the profile folder is used",
                             key, value, base));
  }
  if (base == "." || base == "..") {
    findings.Add("profile.file-name",
                 fmt::format("[ISP] {}={}: not a file name; ignored", key, value));
    return {};
  }
  return base;
}

void ReadConnectionTypes(const IniFile& cms, ServiceProfile& profile, Findings& findings) {
  profile.dialup = ReadBool(cms, kCm, "Dialup", false, findings);
  profile.direct = ReadBool(cms, kCm, "Direct", true, findings);
  profile.tunnel = ReadBool(cms, kCm, "Tunnel", true, findings);
  // ConnectionType chooses between dial-up (0) and direct (1) when both are offered, as the
  // .cmp's ConnectionType of the original; otherwise the offered type is the default.
  const bool dialup_default =
      profile.dialup && (!profile.direct || ReadUint(cms, kCm, "ConnectionType", 1, findings) == 0);
  if (dialup_default) {
    profile.default_type = profile.tunnel ? ConnectionType::kDoubleDial : ConnectionType::kDialup;
  } else {
    profile.default_type = ConnectionType::kDirect;
  }
  if (!profile.dialup && !profile.direct) {
    findings.Add("profile.no-connection-type",
                 "[Connection Manager] neither Dialup nor Direct is 1; direct is used");
    profile.direct = true;
    profile.default_type = ConnectionType::kDirect;
  }
}

void ReadTunnel(const IniFile& cms, ServiceProfile& profile, Findings& findings) {
  std::string type = cms.GetString(kTunnel, "Type", "");
  if (!type.empty()) {
    Result<TunnelType> parsed = ParseTunnelType(type);
    if (parsed) {
      profile.tunnel_type = *parsed;
    } else {
      findings.Add("profile.tunnel-type", fmt::format("[cmsuite Tunnel] Type: {}; ikev2 is used",
                                                      parsed.error().message()));
    }
  }
  for (uint32_t i = 0;; ++i) {
    std::optional<std::string> server = cms.Get(kTunnel, fmt::format("Server{}", i));
    if (!server || server->empty()) break;
    profile.vpn_servers.push_back(std::move(*server));
  }
  if (profile.vpn_servers.empty()) {
    std::string address = cms.GetString(kCm, "TunnelAddress", "");
    if (!address.empty()) profile.vpn_servers.push_back(std::move(address));
  }
  profile.server_choice = cms.GetString(kTunnel, "ServerChoice", "in-order");
  profile.tunnel_up = cms.GetString(kTunnel, "Up", "");
  profile.tunnel_down = cms.GetString(kTunnel, "Down", "");
  for (const auto& [key, value] : cms.Entries(kTunnel)) {
    std::string name = AsciiLower(key);
    if (name == "type" || name == "serverchoice" || name == "up" || name == "down") continue;
    if (name.size() > 6 && name.starts_with("server") &&
        std::all_of(name.begin() + 6, name.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      continue;
    }
    profile.tunnel_settings.emplace(std::move(name), value);  // first key of a name wins
  }
}

void ReadPhonebook(const IniFile& cms, ServiceProfile& profile, Findings& findings) {
  profile.pb_file = ProfileFileName(cms, "PBFile", profile.short_name, findings);
  profile.region_file = ProfileFileName(cms, "RegionFile", profile.short_name, findings);
  profile.pb_url = cms.GetString(kIsp, "PBURL", "");
  profile.publisher_key = cms.GetString("cmsuite Phonebook", "PublisherKey", "");
  for (const auto& [key, value] : cms.Entries(kIsp)) {
    if (!AsciiStartsWithNoCase(key, "Mask&") || key.size() == 5) continue;
    std::string name = key.substr(5);
    if (std::any_of(
            profile.filters.begin(), profile.filters.end(),
            [&](const ServiceTypeFilter& f) { return AsciiLower(f.name) == AsciiLower(name); })) {
      continue;  // the first key of a name wins
    }
    ServiceTypeFilter filter;
    filter.name = name;
    filter.mask = ReadHex(cms, kIsp, key, 0, findings);
    if (!cms.Get(kIsp, "Match&" + name)) {
      findings.Add("profile.filter-without-match",
                   fmt::format("[ISP] {} has no Match&{}; Match 0 is used", key, name));
    }
    filter.match = ReadHex(cms, kIsp, "Match&" + name, 0, findings);
    profile.filters.push_back(std::move(filter));
  }
  for (auto& entry : cms.Entries("Service Types")) profile.service_types.push_back(entry);
  for (std::string_view key : {"FilterA&", "FilterB&"}) {
    std::string name = cms.GetString(kIsp, key, "");
    if (!name.empty()) profile.base_filters.push_back(std::move(name));
  }
}

void ReadLogon(const IniFile& cms, ServiceProfile& profile, Findings& findings) {
  profile.realm_prefix = cms.GetString(kCm, "UserNamePrefix", "");
  profile.realm_suffix = cms.GetString(kCm, "UserNameSuffix", "");
  profile.hide_domain = ReadBool(cms, kCm, "HideDomain", true, findings);
  profile.use_same_user_name = ReadBool(cms, kCm, "UseSameUserName", true, findings);
  profile.hide_remember_password = ReadBool(cms, kCm, "HideRememberPassword", false, findings);
}

void ReadBehaviour(const IniFile& cms, ServiceProfile& profile, Findings& findings) {
  profile.redial_count = ReadUint(cms, kCm, "RedialCount", 3, findings);
  profile.redial_delay_seconds = ReadUint(cms, kCm, "RedialDelay", 5, findings);
  profile.idle_timeout_minutes = ReadUint(cms, kCm, "IdleTimeout", 10, findings);
  profile.download_delay_seconds = ReadUint(cms, kCm, "DownloadDelay", 15, findings);
  profile.dun = cms.GetString(kCm, "DUN", "");
  profile.tunnel_dun = cms.GetString(kCm, "TunnelDUN", "");
  profile.logging = ReadBool(cms, kCm, "EnableLogging", true, findings);
  profile.log_max_kib = ReadUint(cms, kCm, "MaxLogFileSize", 64, findings);
  profile.log_folder = cms.GetString(kCm, "LogFolderPath", "");
}

std::optional<uint32_t> ActionIndex(std::string_view key) {
  uint32_t index = 0;
  auto [end, error] = std::from_chars(key.data(), key.data() + key.size(), index);
  if (error != std::errc() || end != key.data() + key.size()) return std::nullopt;
  return index;
}

void ReadActions(const IniFile& cms, ServiceProfile& profile, Findings& findings) {
  const uint32_t default_timeout = ReadUint(cms, "cmsuite Actions", "Timeout", 60, findings);
  for (size_t p = 0; p < kActionPointCount; ++p) {
    const auto point = static_cast<ActionPoint>(p);
    const std::string_view section = ActionSectionName(point);
    std::vector<ProfileAction>& actions = profile.actions[p];
    for (const auto& [key, value] : cms.Entries(section)) {
      std::optional<uint32_t> index = ActionIndex(key);
      if (!index) continue;  // n&Description, n&Flags, n&Timeout or an unknown key
      if (std::any_of(actions.begin(), actions.end(),
                      [&](const ProfileAction& a) { return a.index == *index; })) {
        continue;  // Get() sees only the first of duplicate keys
      }
      if (ActionProgram(value).empty()) {
        findings.Add("profile.action-empty",
                     fmt::format("[{}] {}: no program; the action is skipped", section, key));
        continue;
      }
      ProfileAction action;
      action.point = point;
      action.index = *index;
      action.command_line = value;
      action.description = cms.GetString(section, fmt::format("{}&Description", key), "");
      action.flags = ReadHex(cms, section, fmt::format("{}&Flags", key), kActionAllTypes, findings);
      action.timeout_seconds =
          ReadUint(cms, section, fmt::format("{}&Timeout", key), default_timeout, findings);
      if (action.description.empty()) {
        std::string_view program = ActionProgram(action.command_line);
        size_t slash = program.find_last_of("\\/");
        action.description =
            std::string(slash == std::string_view::npos ? program : program.substr(slash + 1));
      }
      actions.push_back(std::move(action));
    }
    std::sort(actions.begin(), actions.end(),
              [](const ProfileAction& a, const ProfileAction& b) { return a.index < b.index; });
  }
}

}  // namespace

Result<ServiceProfile> ReadServiceProfile(const IniFile& cms, std::string_view short_name,
                                          std::vector<Diagnostic>* diagnostics) {
  Findings findings(diagnostics);
  ServiceProfile profile;
  profile.short_name = std::string(short_name);
  profile.service_name = cms.GetString(kCm, "ServiceName", "");
  if (profile.service_name.empty()) {
    return Fail(Errc::kInvalidArgument,
                "[Connection Manager] ServiceName is missing or empty; set it with "
                "'cmak set FILE.cms \"Connection Manager\" ServiceName NAME'");
  }
  ReadConnectionTypes(cms, profile, findings);
  ReadTunnel(cms, profile, findings);
  ReadPhonebook(cms, profile, findings);
  std::vector<MergedProfileFinding> merged_findings;
  profile.merged = ReadMergedPhonebooks(cms, profile, &merged_findings);
  // Lint calls these errors (the administrator must fix them); a client reading the profile
  // left the entry or value out and goes on, so to it they are warnings like its others.
  for (MergedProfileFinding& finding : merged_findings) {
    findings.Add(std::move(finding.rule),
                 fmt::format("[{}] {}: {}", finding.section, finding.key, finding.message));
  }
  ReadLogon(cms, profile, findings);
  ReadBehaviour(cms, profile, findings);
  ReadActions(cms, profile, findings);
  return profile;
}

}  // namespace cm
