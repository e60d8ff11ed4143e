// SPDX-License-Identifier: MIT
// Names of ProfileSpec's enums, the --action syntax, and rendering the four profile files.
#include "profile_spec.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace cm::cmak {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

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

// The service-type filters of the real CMAK 1.3 profile (cm-formats.md §4.1).
void WriteFilters(IniText& ini) {
  static constexpr std::array<std::array<std::string_view, 3>, 12> kFilters = {{
      {"SignOn", "0x0001", "0x0000"},
      {"SignUp", "0x0002", "0x0002"},
      {"Modem", "0x0004", "0x0000"},
      {"ISDN", "0x0008", "0x0000"},
      {"Custom1", "0x0010", "0x0010"},
      {"Custom2", "0x0080", "0x0080"},
      {"MultiCast", "0x0020", "0x0000"},
      {"Surcharge", "0x0040", "0x0040"},
      {"MultiCastModem", "0x0024", "0x0000"},
      {"MultiCastISDN", "0x0028", "0x0000"},
      {"NosurchargeSignon", "0x0041", "0x0000"},
      {"SurchargeSignon", "0x0041", "0x0040"},
  }};
  for (const auto& [name, mask, match] : kFilters) {
    ini.Key(fmt::format("Mask&{}", name), mask);
    ini.Key(fmt::format("Match&{}", name), match);
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
  WriteFilters(ini);

  ini.Section("Service Types");
  ini.Key("Modem", "Modem");
  ini.Key("ISDN", "ISDN");
  ini.Key("Modem MultiCast", "MultiCastModem");
  ini.Key("ISDN MultiCast", "MultiCastISDN");

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
  ini.Key("UseSameUserName", 1u);
  ini.Key("HideDomain", 1u);
  ini.Key("HideRememberPassword", 0u);

  for (size_t p = 0; p < kActionPointCount; ++p) {
    const auto point = static_cast<ActionPoint>(p);
    ini.Section(ActionSectionName(point));
    uint32_t index = 0;
    for (const CustomAction& action : spec.actions) {
      if (action.point != point) continue;
      ini.Key(std::to_string(index), action.command_line);
      ini.Key(fmt::format("{}&Description", index), action.description);
      ini.Key(fmt::format("{}&Flags", index), fmt::format("0x{:02X}", action.flags));
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
    ini.Key("ServerChoice", "in-order");
    if (spec.tunnel == TunnelType::kCommand) {
      ini.Key("Up", spec.tunnel_up);
      ini.Key("Down", spec.tunnel_down);
    }
  }
  if (!spec.pb_key.empty()) {
    ini.Section("cmsuite Phonebook");
    ini.Key("PublisherKey", spec.pb_key);
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
  if (!spec.phonebook_file.empty()) files.push_back(spec.phonebook_file);
  if (!spec.regions_file.empty()) files.push_back(spec.regions_file);
  for (const std::string& file : spec.extra_files) files.push_back(file);
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

Result<CustomAction> ParseActionOption(std::string_view text) {
  size_t equals = text.find('=');
  if (equals == std::string_view::npos) {
    return Fail(Errc::kInvalidArgument,
                fmt::format("--action '{}': expected POINT[:ATTR,...]=COMMANDLINE", text));
  }
  std::string_view head = text.substr(0, equals);
  CustomAction action;
  action.command_line = std::string(text.substr(equals + 1));
  std::string_view attrs;
  if (size_t colon = head.find(':'); colon != std::string_view::npos) {
    attrs = head.substr(colon + 1);
    head = head.substr(0, colon);
  }
  action.point = CM_TRY(ParseActionPoint(head));
  uint32_t types = 0;
  while (!attrs.empty()) {
    size_t comma = attrs.find(',');
    std::string attr = Lower(attrs.substr(0, comma));
    attrs = comma == std::string_view::npos ? std::string_view() : attrs.substr(comma + 1);
    if (attr == "direct") {
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
      return Fail(Errc::kInvalidArgument,
                  fmt::format("--action '{}': unknown attribute '{}' (use direct, dialup, "
                              "double-dial, interactive, include)",
                              text, attr));
    }
  }
  if (types != 0) action.flags = (action.flags & ~kActionAllTypes) | types;
  std::string_view program = ActionProgram(action.command_line);
  if (program.empty()) {
    return Fail(Errc::kInvalidArgument, fmt::format("--action '{}': no program to run", text));
  }
  size_t slash = program.find_last_of("/\\");
  action.description =
      std::string(slash == std::string_view::npos ? program : program.substr(slash + 1));
  return action;
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
