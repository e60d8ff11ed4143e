// SPDX-License-Identifier: MIT
// Names of ProfileSpec's enums, the --action syntax, and rendering the four profile files.
#include "profile_spec.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "cm/ascii.h"

namespace cm::cmak {
namespace {

// Text of an INI file written section by section, CRLF, a blank line between sections.
class IniText {
 public:
  void Section(std::string_view name) {
    if (!text_.empty()) text_ += "\r\n";
    text_ += fmt::format("[{}]\r\n", name);
  }
  void Key(std::string_view key, std::string_view value) {
    text_ += fmt::format("{}={}\r\n", key, value);
  }
  void Key(std::string_view key, uint32_t value) { Key(key, std::to_string(value)); }
  std::string Take() { return std::move(text_); }

 private:
  std::string text_;
};

void WriteFilters(IniText& ini, const ProfileSpec& spec) {
  for (const ServiceFilter& filter : spec.filters) {
    ini.Key(fmt::format("Mask&{}", filter.name), fmt::format("0x{:04X}", filter.mask));
    ini.Key(fmt::format("Match&{}", filter.name), fmt::format("0x{:04X}", filter.match));
  }
  ini.Key("FilterA&", "NosurchargeSignon");
  ini.Key("FilterB&", "SurchargeSignon");
}

std::string TunnelDun(const ProfileSpec& spec) { return spec.short_name + " Tunnel"; }

std::string RenderCms(const ProfileSpec& spec) {
  const bool dialup = spec.connection != ConnectionType::kDirect;
  const bool tunnel = spec.connection != ConnectionType::kDialup;
  auto in_folder = [&](const std::string& file) {
    return file.empty() ? std::string() : spec.short_name + "\\" + file;
  };
  IniText ini;
  ini.Section("Profile Format");
  ini.Key("Version", 4u);

  ini.Section("ISP");
  ini.Key("PBFile", in_folder(spec.phonebook_file));
  ini.Key("RegionFile", in_folder(spec.regions_file));
  ini.Key("PBURL", spec.pb_url);
  WriteFilters(ini, spec);

  ini.Section("Service Types");
  for (const auto& [display, filter] : spec.service_types) ini.Key(display, filter);

  ini.Section("Connection Manager");
  ini.Key("ServiceName", spec.service_name);
  ini.Key("Version", 0u);
  ini.Key("RedialCount", spec.redial_count);
  ini.Key("RedialDelay", spec.redial_delay);
  ini.Key("IdleTimeout", spec.idle_timeout);
  ini.Key("DownloadDelay", 15u);
  ini.Key("DUN", spec.short_name);
  ini.Key("UserNamePrefix", spec.realm_prefix);
  ini.Key("UserNameSuffix", spec.realm_suffix);
  ini.Key("Dialup", dialup ? 1u : 0u);
  ini.Key("Direct", spec.connection == ConnectionType::kDirect ? 1u : 0u);
  ini.Key("Tunnel", tunnel ? 1u : 0u);
  if (tunnel) {
    ini.Key("TunnelAddress", spec.vpn_servers.empty() ? "" : spec.vpn_servers.front());
    ini.Key("TunnelDUN", TunnelDun(spec));
  }
  ini.Key("UseSameUserName", spec.use_same_user_name ? 1u : 0u);
  ini.Key("HideDomain", spec.hide_domain ? 1u : 0u);
  ini.Key("HideRememberPassword", spec.hide_remember_password ? 1u : 0u);
  ini.Key("EnableLogging", spec.logging ? 1u : 0u);
  ini.Key("MaxLogFileSize", spec.log_max_kib);
  ini.Key("LogFolderPath", spec.log_folder);
  const std::pair<const char*, const std::string*> branding[] = {
      {"Logo", &spec.logo},          {"Icon", &spec.icon},          {"SmallIcon", &spec.small_icon},
      {"TrayIcon", &spec.tray_icon}, {"HelpFile", &spec.help_file},
  };
  for (const auto& [key, file] : branding) {
    if (!file->empty()) ini.Key(key, in_folder(*file));
  }

  for (size_t p = 0; p < kActionPointCount; ++p) {
    const auto point = static_cast<ActionPoint>(p);
    ini.Section(ActionSectionName(point));
    uint32_t index = 0;
    for (const CustomAction& action : spec.actions) {
      if (action.point != point) continue;
      ini.Key(std::to_string(index), action.command_line);
      ini.Key(fmt::format("{}&Description", index), action.description);
      ini.Key(fmt::format("{}&Flags", index), fmt::format("0x{:02X}", action.flags));
      if (action.timeout_seconds != 0) {
        ini.Key(fmt::format("{}&Timeout", index), action.timeout_seconds);
      }
      ++index;
    }
  }

  if (dialup) {
    ini.Section("Server&" + spec.short_name);
    ini.Key("NetworkLogon", 0u);
    ini.Key("SW_Compress", 1u);
    ini.Key("Negotiate_TCP/IP", 1u);
    ini.Key("Require_MSCHAP2", 1u);
    ini.Key("PW_EncryptMS", 1u);
    ini.Key("DataEncrypt", 1u);
    ini.Section("TCP/IP&" + spec.short_name);
    ini.Key("IP_Header_Compress", 1u);
    ini.Key("Gateway_On_Remote", 1u);
  }
  if (tunnel) {
    ini.Section("Networking&" + TunnelDun(spec));
    ini.Key("VpnStrategy", 2u);
    ini.Key("VpnEntry", 1u);

    ini.Section("cmsuite Tunnel");
    ini.Key("Type", TunnelTypeName(spec.tunnel));
    for (size_t i = 0; i < spec.vpn_servers.size(); ++i) {
      ini.Key(fmt::format("Server{}", i), spec.vpn_servers[i]);
    }
    ini.Key("ServerChoice", spec.server_choice);
    if (spec.tunnel == TunnelType::kCommand) {
      ini.Key("Up", spec.tunnel_up);
      ini.Key("Down", spec.tunnel_down);
    }
    for (const auto& [key, value] : spec.tunnel_settings) {
      ini.Key(key, key == "CAFile" ? in_folder(value) : value);
    }
  }
  for (const RawSection& section : spec.merged_sections) {
    ini.Section(section.name);
    for (const auto& [key, value] : section.entries) ini.Key(key, value);
  }
  ini.Section("cmsuite Actions");
  ini.Key("Timeout", spec.action_timeout);
  if (!spec.pb_key.empty()) {
    ini.Section("cmsuite Phonebook");
    ini.Key("PublisherKey", spec.pb_key);
  }
  if (!spec.merged.empty()) {
    ini.Section("cmsuite Merged Profiles");
    for (size_t i = 0; i < spec.merged.size(); ++i) {
      ini.Key(std::to_string(i), spec.merged[i].short_name);
    }
    for (const MergedProfile& merged : spec.merged) {
      ini.Section("cmsuite Merge&" + merged.short_name);
      ini.Key("ServiceName", merged.service_name);
      ini.Key("PBFile", in_folder(merged.phonebook_file));
      ini.Key("RegionFile", in_folder(merged.regions_file));
      ini.Key("PBURL", merged.pb_url);
      ini.Key("PublisherKey", merged.pb_key);
    }
  }
  return ini.Take();
}

std::string RenderCmp(const ProfileSpec& spec) {
  IniText ini;
  ini.Section("Connection Manager");
  ini.Key("CMSFile", spec.short_name + "\\" + spec.short_name + ".cms");
  ini.Key("ServiceName", spec.service_name);
  return ini.Take();
}

// Every file of the profile folder except the .sed, in a fixed order.
std::vector<std::string> ProfileFiles(const ProfileSpec& spec) {
  std::vector<std::string> files = {spec.short_name + ".cmp", spec.short_name + ".cms",
                                    spec.short_name + ".inf"};
  for (const std::string* file :
       {&spec.phonebook_file, &spec.regions_file, &spec.version_file, &spec.logo, &spec.icon,
        &spec.small_icon, &spec.tray_icon, &spec.help_file}) {
    if (!file->empty()) files.push_back(*file);
  }
  for (const std::string& file : spec.extra_files) files.push_back(file);
  for (const std::string& file : spec.other_files) files.push_back(file);
  return files;
}

std::string RenderInf(const ProfileSpec& spec) {
  IniText ini;
  ini.Section("version");
  ini.Key("Signature", "$chicago$");
  ini.Key("AdvancedINF", "2.5");
  ini.Section("CMAK Status");
  ini.Key("InfVersion", 4u);
  ini.Key("UpdatePhonebook", spec.pb_url.empty() ? 0u : 1u);
  ini.Key("IncludeCMCode", 0u);
  ini.Key("LicenseFile", "");
  ini.Key("PhoneName", spec.phonebook_file);
  ini.Section("Extra Files");
  for (size_t i = 0; i < spec.extra_files.size(); ++i) {
    ini.Key(std::to_string(i), spec.extra_files[i]);
  }
  ini.Section("Merge Profiles");
  for (size_t i = 0; i < spec.merged.size(); ++i) {
    ini.Key(std::to_string(i), spec.merged[i].short_name);
  }
  ini.Section("Strings");
  ini.Key("ServiceName", fmt::format("\"{}\"", spec.service_name));
  ini.Key("ShortSvcName", fmt::format("\"{}\"", spec.short_name));
  return ini.Take();
}

// IExpress instructions (CMAK writes them for the Windows self-extracting .exe; kept for the
// structure, cmak build does not read them).
std::string RenderSed(const ProfileSpec& spec) {
  IniText ini;
  ini.Section("Version");
  ini.Key("Class", "IEXPRESS");
  ini.Key("SEDVersion", 3u);
  ini.Section("Options");
  ini.Key("PackagePurpose", "InstallApp");
  ini.Key("TargetName", spec.short_name + ".exe");
  ini.Key("FriendlyName", spec.service_name);
  ini.Key("AppLaunched", "cmstp.exe " + spec.short_name + ".inf");
  ini.Key("SourceFiles", "SourceFiles");
  ini.Section("Strings");
  std::vector<std::string> files = ProfileFiles(spec);
  for (size_t i = 0; i < files.size(); ++i) ini.Key(fmt::format("FILE{}", i), files[i]);
  ini.Section("SourceFiles");
  ini.Key("SourceFiles0", ".\\");
  ini.Section("SourceFiles0");
  for (size_t i = 0; i < files.size(); ++i) ini.Key(fmt::format("%FILE{}%", i), "");
  return ini.Take();
}

}  // namespace

namespace {

tl::unexpected<Error> BadAction(std::string_view text, std::string_view why) {
  return Fail(Errc::kInvalidArgument, fmt::format("--action '{}': {}", text, why));
}

// The value of a `description=` or `timeout=` attribute at the start of `rest`: "quoted" or up
// to the next ',' or '='. Advances `rest` past it.
Result<std::string> TakeAttributeValue(std::string_view text, std::string_view& rest) {
  if (!rest.empty() && rest.front() == '"') {
    size_t close = rest.find('"', 1);
    if (close == std::string_view::npos) {
      return BadAction(text, "a quoted value has no closing '\"'");
    }
    std::string value(rest.substr(1, close - 1));
    rest = rest.substr(close + 1);
    return value;
  }
  size_t end = rest.find_first_of(",=");
  std::string value(rest.substr(0, end));
  rest = end == std::string_view::npos ? std::string_view() : rest.substr(end);
  return value;
}

}  // namespace

Result<CustomAction> ParseActionOption(std::string_view text) {
  size_t head_end = text.find_first_of(":=");
  if (head_end == std::string_view::npos) {
    return BadAction(text, "expected POINT[:ATTR,...]=COMMANDLINE");
  }
  CustomAction action;
  action.point = CM_TRY(ParseActionPoint(text.substr(0, head_end)));
  std::string_view rest = text.substr(head_end);
  uint32_t types = 0;
  bool described = false;
  if (rest.front() == ':') {
    rest.remove_prefix(1);
    // Attributes, comma-separated, until the '=' that starts the command line.
    while (true) {
      size_t end = rest.find_first_of(",=");
      if (end == std::string_view::npos) {
        return BadAction(text, "expected '=' and the command line after the attributes");
      }
      std::string attr = AsciiLower(rest.substr(0, end));
      bool valued = rest[end] == '=' && (attr == "description" || attr == "timeout");
      rest = rest.substr(end);
      if (valued) {
        rest.remove_prefix(1);
        std::string value = CM_TRY(TakeAttributeValue(text, rest));
        if (attr == "description") {
          if (value.empty()) return BadAction(text, "empty description");
          action.description = std::move(value);
          described = true;
        } else {
          uint32_t seconds = 0;
          auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
          if (ec != std::errc() || ptr != value.data() + value.size() || seconds == 0 ||
              seconds > 86400) {
            return BadAction(text, fmt::format("timeout '{}': expected seconds, 1-86400", value));
          }
          action.timeout_seconds = seconds;
        }
        if (rest.empty()) {
          return BadAction(text, "expected '=' and the command line after the attributes");
        }
      } else if (attr == "direct") {
        types |= kActionDirect;
      } else if (attr == "dialup") {
        types |= kActionDialup;
      } else if (attr == "double-dial") {
        types |= kActionDoubleDial;
      } else if (attr == "interactive") {
        action.flags |= kActionInteractive;
      } else if (attr == "include") {
        action.flags |= kActionIncluded;
      } else {
        return BadAction(text, fmt::format("unknown attribute '{}' (use direct, dialup, "
                                           "double-dial, interactive, include, "
                                           "description=TEXT, timeout=SECONDS)",
                                           attr));
      }
      const char separator = rest.front();
      if (separator != ',' && separator != '=') {
        return BadAction(text, "expected ',' or '=' after a quoted value");
      }
      rest.remove_prefix(1);
      if (separator == '=') break;
    }
  } else {
    rest.remove_prefix(1);
  }
  action.command_line = std::string(rest);
  if (types != 0) action.flags = (action.flags & ~kActionAllTypes) | types;
  std::string_view program = ActionProgram(action.command_line);
  if (program.empty()) return BadAction(text, "no program to run");
  if (!described) {
    size_t slash = program.find_last_of("/\\");
    action.description =
        std::string(slash == std::string_view::npos ? program : program.substr(slash + 1));
  }
  return action;
}

std::vector<ServiceFilter> DefaultServiceFilters() {
  return {
      {"SignOn", 0x0001, 0x0000},
      {"SignUp", 0x0002, 0x0002},
      {"Modem", 0x0004, 0x0000},
      {"ISDN", 0x0008, 0x0000},
      {"Custom1", 0x0010, 0x0010},
      {"Custom2", 0x0080, 0x0080},
      {"MultiCast", 0x0020, 0x0000},
      {"Surcharge", 0x0040, 0x0040},
      {"MultiCastModem", 0x0024, 0x0000},
      {"MultiCastISDN", 0x0028, 0x0000},
      {"NosurchargeSignon", 0x0041, 0x0000},
      {"SurchargeSignon", 0x0041, 0x0040},
  };
}

std::vector<std::pair<std::string, std::string>> DefaultServiceTypes() {
  return {{"Modem", "Modem"},
          {"ISDN", "ISDN"},
          {"Modem MultiCast", "MultiCastModem"},
          {"ISDN MultiCast", "MultiCastISDN"}};
}

std::map<std::string, std::string> RenderProfile(const ProfileSpec& spec) {
  return {
      {spec.short_name + ".cms", RenderCms(spec)},
      {spec.short_name + ".cmp", RenderCmp(spec)},
      {spec.short_name + ".inf", RenderInf(spec)},
      {spec.short_name + ".sed", RenderSed(spec)},
  };
}

}  // namespace cm::cmak
