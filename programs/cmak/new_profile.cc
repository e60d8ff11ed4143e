// SPDX-License-Identifier: MIT
// From `cmak new`'s answers to the files of a profile folder.
#include <fmt/format.h>
#include <stdlib.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <set>

#include "cm/ascii.h"
#include "cm/crypto.h"
#include "cm/file_util.h"
#include "cm/pbk_format.h"
#include "cm/phonebook_name.h"
#include "merge.h"
#include "new_options.h"
#include "profile_files.h"
#include "tunnel_settings.h"

namespace cm::cmak {
namespace {

namespace fs = std::filesystem;

Status Invalid(std::string message) { return Fail(Errc::kInvalidArgument, std::move(message)); }

Status FillTunnelSettings(const NewOptions& options, ProfileSpec& spec, ProfileFiles& files) {
  const std::pair<std::string_view, const std::string*> named[] = {
      {"CAFile", &options.ca_file},         {"ServerPublicKey", &options.server_key},
      {"AllowedIPs", &options.allowed_ips}, {"Port", &options.port},
      {"Protocol", &options.protocol},      {"Auth", &options.auth},
  };
  const auto& known = KnownTunnelSettings();
  for (const auto& [key, value] : named) {
    if (value->empty()) continue;
    const std::string_view name = key;  // (clang 14 cannot capture a structured binding)
    auto info = std::find_if(known.begin(), known.end(),
                             [&](const TunnelSettingInfo& i) { return i.key == name; });
    CM_TRY_STATUS(CheckOneLine(info->option, *value));
    if (auto checked = CheckTunnelSetting(spec.tunnel, key, *value); !checked) {
      return Invalid(fmt::format("{}: {}", info->option, checked.error().message()));
    }
    std::string written = *value;
    if (key == "CAFile") {
      written = CM_TRY(files.Add(*value));
      spec.other_files.push_back(written);
    }
    spec.tunnel_settings.emplace_back(std::string(key), std::move(written));
  }
  for (const std::string& text : options.tunnel_settings) {
    CM_TRY_STATUS(CheckOneLine("--tunnel-setting", text));
    size_t equals = text.find('=');
    std::string key = equals == std::string::npos ? "" : text.substr(0, equals);
    if (key.empty() || key.find_first_of(" \t[]&;") != std::string::npos) {
      return Invalid(fmt::format("--tunnel-setting '{}': expected KEY=VALUE", text));
    }
    bool named_key = std::any_of(known.begin(), known.end(), [&](const TunnelSettingInfo& i) {
      return AsciiLower(i.key) == AsciiLower(key);
    });
    if (named_key || IsTunnelStructureKey(key)) {
      return Invalid(fmt::format(
          "--tunnel-setting '{}': {} has its own option or is written by cmak; use that", text,
          key));
    }
    spec.tunnel_settings.emplace_back(key, text.substr(equals + 1));
  }
  for (std::string_view required : RequiredTunnelSettings(spec.tunnel)) {
    bool given = std::any_of(spec.tunnel_settings.begin(), spec.tunnel_settings.end(),
                             [&](const auto& setting) { return setting.first == required; });
    if (!given) {
      auto info = std::find_if(known.begin(), known.end(),
                               [&](const TunnelSettingInfo& i) { return i.key == required; });
      return Invalid(fmt::format("tunnel type {} needs {} ({})", TunnelTypeName(spec.tunnel),
                                 info->option, info->what));
    }
  }
  return Ok();
}

Status FillTunnel(const NewOptions& options, ProfileSpec& spec, ProfileFiles& files,
                  Output& output) {
  spec.connection = CM_TRY(ParseConnectionType(options.type));
  spec.tunnel = CM_TRY(ParseTunnelType(options.tunnel));
  spec.vpn_servers = options.vpn_servers;
  const bool tunnel = spec.connection != ConnectionType::kDialup;
  if (!tunnel) {
    if (!spec.vpn_servers.empty())
      return Invalid("--vpn-server needs --type direct or double-dial");
    for (const std::string* value :
         {&options.ca_file, &options.server_key, &options.allowed_ips, &options.port,
          &options.protocol, &options.auth, &options.tunnel_up, &options.tunnel_down}) {
      if (!value->empty()) {
        return Invalid(
            "tunnel options (--ca-file, --server-key, --allowed-ips, --port, "
            "--protocol, --auth, --tunnel-up/down) need --type direct or double-dial");
      }
    }
    if (!options.tunnel_settings.empty()) {
      return Invalid("--tunnel-setting needs --type direct or double-dial");
    }
    return Ok();
  }
  if (spec.vpn_servers.empty() && spec.tunnel != TunnelType::kCommand) {
    return Invalid(fmt::format("a {} profile needs at least one --vpn-server HOST",
                               ConnectionTypeName(spec.connection)));
  }
  for (const std::string& server : spec.vpn_servers) CM_TRY_STATUS(CheckVpnServer(server));
  if (!IsServerChoice(options.server_choice)) {
    return Invalid(
        fmt::format("--server-choice '{}': expected in-order or random", options.server_choice));
  }
  spec.server_choice = options.server_choice;
  if (spec.tunnel == TunnelType::kCommand) {
    if (options.tunnel_up.empty() || options.tunnel_down.empty()) {
      return Invalid("--tunnel command needs --tunnel-up CMD and --tunnel-down CMD");
    }
    CM_TRY_STATUS(CheckOneLine("--tunnel-up", options.tunnel_up));
    CM_TRY_STATUS(CheckOneLine("--tunnel-down", options.tunnel_down));
    spec.tunnel_up = options.tunnel_up;
    spec.tunnel_down = options.tunnel_down;
  } else if (!options.tunnel_up.empty() || !options.tunnel_down.empty()) {
    return Invalid("--tunnel-up and --tunnel-down need --tunnel command");
  }
  CM_TRY_STATUS(FillTunnelSettings(options, spec, files));
  if (IsLegacyTunnel(spec.tunnel)) {
    output.err << fmt::format(
        "cmak: warning: tunnel type {} is legacy and weak; prefer ikev2, openvpn, wireguard or "
        "sstp\n",
        TunnelTypeName(spec.tunnel));
  }
  return Ok();
}

// The phone book version file beside `pbk_path` (FILE.ver), when there is one.
Status CopyVersionFile(const std::string& pbk_path, ProfileSpec& spec, ProfileFiles& files) {
  fs::path ver = fs::path(pbk_path).replace_extension(".ver");
  std::error_code ec;
  if (!fs::exists(ver, ec)) return Ok();
  spec.version_file = CM_TRY(files.Add(ver.string()));
  CM_TRY_STATUS(CheckVersionText(files.bytes(spec.version_file), ver.string()));
  return Ok();
}

Result<uint32_t> ParseMask(std::string_view text, std::string_view what) {
  uint32_t value = 0;
  int base = 10;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    text.remove_prefix(2);
    base = 16;
  }
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value > 0xFFFF) {
    return Fail(Errc::kInvalidArgument,
                fmt::format("{}: expected a number 0-0xFFFF (decimal or 0x hexadecimal)", what));
  }
  return value;
}

Status FillFilters(const NewOptions& options, ProfileSpec& spec) {
  for (const std::string& text : options.filters) {
    CM_TRY_STATUS(CheckOneLine("--filter", text));
    size_t equals = text.find('=');
    size_t slash = text.find('/', equals == std::string::npos ? 0 : equals);
    std::string name = text.substr(0, equals);
    if (equals == std::string::npos || slash == std::string::npos || name.empty() ||
        name.find_first_of(" \t&[]=") != std::string::npos) {
      return Invalid(
          fmt::format("--filter '{}': expected NAME=MASK/MATCH (e.g. Modem=0x4/0x0)", text));
    }
    std::string what = fmt::format("--filter '{}'", text);
    ServiceFilter filter{name, CM_TRY(ParseMask(text.substr(equals + 1, slash - equals - 1), what)),
                         CM_TRY(ParseMask(text.substr(slash + 1), what))};
    if ((filter.match & ~filter.mask) != 0) {
      return Invalid(fmt::format("{}: MATCH has bits outside MASK, so no POP can pass", what));
    }
    auto same = std::find_if(spec.filters.begin(), spec.filters.end(), [&](const ServiceFilter& f) {
      return AsciiLower(f.name) == AsciiLower(name);
    });
    if (same != spec.filters.end()) {
      *same = filter;
    } else {
      spec.filters.push_back(filter);
    }
  }
  if (options.service_types.empty()) return Ok();
  spec.service_types.clear();
  for (const std::string& text : options.service_types) {
    CM_TRY_STATUS(CheckOneLine("--service-type", text));
    size_t equals = text.find('=');
    if (equals == std::string::npos || equals == 0 || equals + 1 == text.size()) {
      return Invalid(fmt::format("--service-type '{}': expected DISPLAY=FILTER", text));
    }
    std::string filter = text.substr(equals + 1);
    bool defined = std::any_of(
        spec.filters.begin(), spec.filters.end(),
        [&](const ServiceFilter& f) { return AsciiLower(f.name) == AsciiLower(filter); });
    if (!defined) {
      return Invalid(fmt::format(
          "--service-type '{}': no filter named {}; define it with --filter {}=MASK/MATCH", text,
          filter, filter));
    }
    spec.service_types.emplace_back(text.substr(0, equals), filter);
  }
  return Ok();
}

Status FillPhonebook(const NewOptions& options, ProfileSpec& spec, ProfileFiles& files,
                     Output& output) {
  if (!options.regions.empty() && options.phonebook.empty()) {
    return Invalid("--regions needs --phonebook");
  }
  if (!options.phonebook.empty()) {
    spec.phonebook_file = CM_TRY(files.Add(options.phonebook));
    RegionReadResult regions;
    if (!options.regions.empty()) {
      spec.regions_file = CM_TRY(files.Add(options.regions));
      regions = ReadPbr(files.bytes(spec.regions_file));
      for (const Diagnostic& d : regions.diagnostics) PrintDiagnostic(output, options.regions, d);
    }
    PbkReadResult book =
        ReadPbk(files.bytes(spec.phonebook_file), options.regions.empty() ? nullptr : &regions);
    for (const Diagnostic& d : book.diagnostics) PrintDiagnostic(output, options.phonebook, d);
    if (!book.usable) {
      return Fail(Errc::kParse,
                  "a client would ignore this whole phone book (see the findings above)",
                  {.file = options.phonebook});
    }
    CM_TRY_STATUS(CopyVersionFile(options.phonebook, spec, files));
  }
  if (!options.pb_url.empty()) {
    CM_TRY_STATUS(CheckPbUrl(options.pb_url));
    spec.pb_url = options.pb_url;
  }
  if (!options.pb_key.empty()) spec.pb_key = CM_TRY(ResolvePublisherKey(options.pb_key));
  return FillFilters(options, spec);
}

Status FillLogon(const NewOptions& options, ProfileSpec& spec) {
  if (!options.realm_prefix.empty() && !options.realm_suffix.empty()) {
    return Invalid("give --realm-prefix or --realm-suffix, not both");
  }
  CM_TRY_STATUS(CheckOneLine("--realm-prefix", options.realm_prefix));
  CM_TRY_STATUS(CheckOneLine("--realm-suffix", options.realm_suffix));
  spec.realm_prefix = options.realm_prefix;
  spec.realm_suffix = options.realm_suffix;
  if (options.domain_field != "show" && options.domain_field != "hide") {
    return Invalid(fmt::format("--domain-field '{}': expected show or hide", options.domain_field));
  }
  spec.hide_domain = options.domain_field == "hide";
  spec.use_same_user_name = CM_TRY(ParseYesNo("--same-user-name", options.same_user_name));
  spec.hide_remember_password =
      !CM_TRY(ParseYesNo("--remember-password", options.remember_password));
  return Ok();
}

Status FillActions(const NewOptions& options, ProfileSpec& spec, ProfileFiles& files) {
  for (const std::string& text : options.actions) {
    CM_TRY_STATUS(CheckOneLine("--action", text));
    CustomAction action = CM_TRY(ParseActionOption(text));
    if (action.flags & kActionIncluded) {
      std::string program(ActionProgram(action.command_line));
      std::string name = CM_TRY(files.Add(program));
      // The included program runs from the profile folder: the command line names it alone.
      size_t at = action.command_line.find(program);
      action.command_line.replace(at, program.size(), name);
    }
    spec.actions.push_back(std::move(action));
  }
  if (options.action_timeout == 0 || options.action_timeout > 86400) {
    return Invalid("--action-timeout: expected seconds, 1-86400");
  }
  spec.action_timeout = options.action_timeout;
  for (const std::string& path : options.includes) {
    spec.extra_files.push_back(CM_TRY(files.Add(path)));
  }
  for (const CustomAction& action : spec.actions) {
    std::string program(ActionProgram(action.command_line));
    if ((action.flags & kActionIncluded) &&
        std::find(spec.extra_files.begin(), spec.extra_files.end(), program) ==
            spec.extra_files.end()) {
      spec.extra_files.push_back(std::move(program));
    }
  }
  return Ok();
}

Status FillBehaviour(const NewOptions& options, ProfileSpec& spec, ProfileFiles& files) {
  spec.redial_count = options.redial_count;
  spec.redial_delay = options.redial_delay;
  spec.idle_timeout = options.idle_timeout;
  spec.logging = CM_TRY(ParseYesNo("--logging", options.logging));
  if (options.log_max_kib == 0 || options.log_max_kib > 1048576) {
    return Invalid("--log-max-kib: expected 1-1048576 (KiB)");
  }
  spec.log_max_kib = options.log_max_kib;
  CM_TRY_STATUS(CheckOneLine("--log-folder", options.log_folder));
  spec.log_folder = options.log_folder;
  const std::pair<const std::string*, std::string*> branding[] = {
      {&options.logo, &spec.logo},
      {&options.icon, &spec.icon},
      {&options.small_icon, &spec.small_icon},
      {&options.tray_icon, &spec.tray_icon},
      {&options.help_file, &spec.help_file},
  };
  for (const auto& [path, name] : branding) {
    if (!path->empty()) *name = CM_TRY(files.Add(*path));
  }
  return Ok();
}

}  // namespace

Status CheckOneLine(std::string_view what, std::string_view value) {
  if (value.find_first_of("\r\n") != std::string_view::npos) {
    return Invalid(fmt::format("{} must not contain a line break", what));
  }
  return Ok();
}

Status CheckServiceName(std::string_view value) {
  if (value.empty()) return Invalid("--service-name must not be empty");
  return CheckOneLine("--service-name", value);
}

Status CheckVpnServer(std::string_view server) {
  CM_TRY_STATUS(CheckOneLine("--vpn-server", server));
  if (server.empty() || server.find_first_of(" \t,") != std::string_view::npos) {
    return Invalid(fmt::format("--vpn-server '{}': expected a host name or address", server));
  }
  return Ok();
}

Status CheckPbUrl(std::string_view url) {
  CM_TRY_STATUS(CheckOneLine("--pb-url", url));
  if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
    return Invalid(fmt::format("--pb-url '{}': expected an http:// or https:// URL", url));
  }
  return Ok();
}

Result<bool> ParseYesNo(std::string_view what, std::string_view text) {
  std::string lower = AsciiLower(text);
  for (std::string_view yes : {"yes", "y", "true", "1", "on"}) {
    if (lower == yes) return true;
  }
  for (std::string_view no : {"no", "n", "false", "0", "off"}) {
    if (lower == no) return false;
  }
  return Fail(Errc::kInvalidArgument, fmt::format("{} '{}': expected yes or no", what, text));
}

Result<std::string> ResolvePublisherKey(const std::string& text_or_path) {
  if (text_or_path.rfind("ed25519:", 0) == 0) {
    auto key = PublicKey::Parse(text_or_path);
    if (!key) return Fail(Errc::kInvalidArgument, "--pb-key: " + key.error().message());
    return key->ToString();
  }
  std::string bytes = CM_TRY(ReadFile(text_or_path));
  if (bytes.rfind("ed25519:", 0) == 0) {
    auto key = PublicKey::Parse(bytes.substr(0, bytes.find_first_of("\r\n")));
    if (!key) return Fail(std::move(key).error().InFile(text_or_path));
    return key->ToString();
  }
  auto key = SigningKey::Parse(bytes);
  if (!key) return Fail(std::move(key).error().InFile(text_or_path));
  return key->public_key().ToString();
}

Result<NewProfile> MakeNewProfile(const NewOptions& options, Output& output) {
  CM_TRY_STATUS(ValidatePhonebookName(options.short_name, "profile short name"));
  NewProfile profile;
  ProfileSpec& spec = profile.spec;
  spec.short_name = options.short_name;
  CM_TRY_STATUS(CheckServiceName(options.service_name));
  spec.service_name = options.service_name;
  ProfileFiles files(spec.short_name);
  CM_TRY_STATUS(FillTunnel(options, spec, files, output));
  CM_TRY_STATUS(FillPhonebook(options, spec, files, output));
  CM_TRY_STATUS(FillLogon(options, spec));
  CM_TRY_STATUS(FillActions(options, spec, files));
  CM_TRY_STATUS(FillBehaviour(options, spec, files));
  for (const std::string& other : options.merge) {
    CM_TRY_STATUS(MergeProfile(other, spec, files, output));
  }
  profile.files = RenderProfile(spec);
  for (auto& [name, bytes] : files.files()) profile.files.emplace(name, std::move(bytes));
  return profile;
}

Status WriteProfileFolder(const std::string& out, const std::string& short_name,
                          const std::map<std::string, std::string>& files) {
  std::error_code ec;
  fs::create_directories(out, ec);
  if (ec) return Fail(Errc::kIo, fmt::format("{}: {}", out, ec.message()));
  fs::path target = fs::path(out) / short_name;
  if (fs::exists(target, ec)) {
    return Fail(Errc::kInvalidArgument,
                fmt::format("{}: already exists; edit it and run cmak build, or remove it",
                            target.string()));
  }
  std::string temp = (fs::path(out) / ("." + short_name + ".new-XXXXXX")).string();
  if (::mkdtemp(temp.data()) == nullptr) {
    return Fail(Errc::kIo, fmt::format("{}: cannot create a folder", out));
  }
  for (const auto& [name, bytes] : files) {
    if (auto written = WriteFileAtomic((fs::path(temp) / name).string(), bytes); !written) {
      fs::remove_all(temp, ec);
      return written;
    }
  }
  fs::rename(temp, target, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove_all(temp, ignored);
    return Fail(Errc::kIo, fmt::format("{}: {}", target.string(), ec.message()));
  }
  return Ok();
}

}  // namespace cm::cmak
