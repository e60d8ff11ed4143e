// SPDX-License-Identifier: MIT
// The wizard's questions, their checks, and the two endings (a new folder, edits of a .cms).
#include "wizard.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <functional>
#include <optional>
#include <vector>

#include "cm/file_util.h"
#include "cm/ini_file.h"
#include "cm/pbk_format.h"
#include "cm/phonebook_name.h"
#include "new_options.h"
#include "tunnel_settings.h"

namespace cm::cmak {
namespace {

namespace fs = std::filesystem;

using Check = std::function<Status(const std::string&)>;

Status Accept(const std::string&) { return Ok(); }

Status Invalid(std::string message) { return Fail(Errc::kInvalidArgument, std::move(message)); }

// One conversation: prompts on output.out, answers from `in`.
class Asker {
 public:
  Asker(std::istream& in, Output& output) : in_(in), output_(output) {}

  // Asks until `check` accepts the answer (an empty answer is `fallback`). nullopt when the
  // input ended.
  std::optional<std::string> Ask(std::string_view prompt, const std::string& fallback,
                                 const Check& check) {
    while (true) {
      output_.out << prompt;
      if (!fallback.empty()) output_.out << " [" << fallback << "]";
      output_.out << ": " << std::flush;
      std::string line;
      if (!std::getline(in_, line)) {
        output_.out << "\n";
        output_.err << "cmak: error: the input ended before the wizard did; nothing written\n";
        return std::nullopt;
      }
      if (!line.empty() && line.back() == '\r') line.pop_back();
      std::string answer = line.empty() ? fallback : line;
      if (auto ok = check(answer); !ok) {
        output_.out << "  not accepted: " << ok.error().message() << "\n";
        continue;
      }
      return answer;
    }
  }

 private:
  std::istream& in_;
  Output& output_;
};

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> items;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    std::string item = text.substr(start, comma == std::string::npos ? comma : comma - start);
    size_t first = item.find_first_not_of(" \t");
    size_t last = item.find_last_not_of(" \t");
    if (first != std::string::npos) items.push_back(item.substr(first, last - first + 1));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return items;
}

std::string JoinList(const std::vector<std::string>& items) {
  return fmt::format("{}", fmt::join(items, ", "));
}

Status CheckOneOf(const std::string& answer, std::initializer_list<std::string_view> allowed) {
  for (std::string_view one : allowed) {
    if (answer == one) return Ok();
  }
  return Invalid(fmt::format("expected one of: {}", fmt::join(allowed, ", ")));
}

Status CheckNumber(const std::string& answer, uint32_t low, uint32_t high) {
  uint32_t value = 0;
  auto [end, ec] = std::from_chars(answer.data(), answer.data() + answer.size(), value);
  if (answer.empty() || ec != std::errc() || end != answer.data() + answer.size() || value < low ||
      value > high) {
    return Invalid(fmt::format("expected a whole number from {} to {}", low, high));
  }
  return Ok();
}

uint32_t ToNumber(const std::string& answer) {
  uint32_t value = 0;
  std::from_chars(answer.data(), answer.data() + answer.size(), value);
  return value;
}

Status CheckYesNo(const std::string& answer) {
  auto parsed = ParseYesNo("answer", answer);
  return parsed ? Ok() : Status(Fail(parsed.error()));
}

Status CheckFileOrEmpty(const std::string& answer) {
  if (answer.empty()) return Ok();
  std::error_code ec;
  if (!fs::is_regular_file(answer, ec)) return Invalid(fmt::format("{}: no such file", answer));
  return Ok();
}

Status CheckServers(const std::string& answer) {
  std::vector<std::string> servers = SplitList(answer);
  if (servers.empty()) return Invalid("give at least one VPN server");
  for (const std::string& server : servers) CM_TRY_STATUS(CheckVpnServer(server));
  return Ok();
}

Status CheckPhonebookFile(const std::string& answer) {
  if (answer.empty()) return Ok();
  std::string bytes = CM_TRY(ReadFile(answer));
  if (!ReadPbk(bytes, nullptr).usable) {
    return Invalid(
        fmt::format("{}: a client would ignore this whole phone book; run pbadmin "
                    "check on it",
                    answer));
  }
  return Ok();
}

Status CheckAction(const std::string& answer) {
  if (answer.empty()) return Ok();
  CustomAction action = CM_TRY(ParseActionOption(answer));
  if (action.flags & kActionIncluded) {
    return CheckFileOrEmpty(std::string(ActionProgram(action.command_line)));
  }
  return Ok();
}

// Each question of `cmak new`, filling `o` as answers come. False when the input ended.
class NewWizard {
 public:
  NewWizard(Asker& asker, NewOptions& options) : ask_(asker), o_(options) {}

  bool Run(bool ask_out) {
    return Identity(ask_out) && Connection() && Phonebook() && Logon() && Actions() && Behaviour();
  }

 private:
  // Asks and stores the answer in `target`.
  bool Get(std::string_view prompt, std::string& target, const Check& check = Accept) {
    std::optional<std::string> answer = ask_.Ask(prompt, target, check);
    if (!answer) return false;
    target = *std::move(answer);
    return true;
  }
  bool GetNumber(std::string_view prompt, uint32_t& target, uint32_t low, uint32_t high) {
    std::string text = std::to_string(target);
    if (!Get(prompt, text, [&](const std::string& a) { return CheckNumber(a, low, high); })) {
      return false;
    }
    target = ToNumber(text);
    return true;
  }

  bool Identity(bool ask_out) {
    if (ask_out) {
      o_.out = ".";
      if (!Get("Folder to create the profile in", o_.out)) return false;
    }
    auto check_short = [&](const std::string& answer) -> Status {
      CM_TRY_STATUS(ValidatePhonebookName(answer, "short service name"));
      std::error_code ec;
      if (fs::exists(fs::path(o_.out) / answer, ec)) {
        return Invalid(
            fmt::format("{} already exists there; pick another name or use "
                        "cmak wizard --edit",
                        (fs::path(o_.out) / answer).string()));
      }
      return Ok();
    };
    return Get("Short service name (1-8 letters, digits or _)", o_.short_name, check_short) &&
           Get("Service name users see", o_.service_name,
               [](const std::string& a) { return CheckServiceName(a); });
  }

  bool Connection() {
    if (!Get("Connection type (direct, dialup, double-dial)", o_.type, [](const std::string& a) {
          return CheckOneOf(a, {"direct", "dialup", "double-dial"});
        })) {
      return false;
    }
    if (o_.type == "dialup") return true;
    if (!Get("Tunnel type (openvpn, wireguard, ikev2, sstp, l2tp, pptp, command)", o_.tunnel,
             [](const std::string& a) -> Status { return ParseTunnelType(a).map([](auto) {}); })) {
      return false;
    }
    TunnelType type = *ParseTunnelType(o_.tunnel);
    if (type == TunnelType::kCommand) {
      auto required = [](const std::string& a) {
        return a.empty() ? Invalid("a command line is required") : Ok();
      };
      return Get("Command that brings the tunnel up (macros allowed)", o_.tunnel_up, required) &&
             Get("Command that takes it down", o_.tunnel_down, required);
    }
    std::string servers = JoinList(o_.vpn_servers);
    if (!Get("VPN servers, comma-separated", servers, CheckServers)) return false;
    o_.vpn_servers = SplitList(servers);
    if (!Get("Server choice (in-order, random)", o_.server_choice, [](const std::string& a) {
          return CheckOneOf(a, {"in-order", "random"});
        })) {
      return false;
    }
    return TunnelSettings(type);
  }

  bool TunnelSettings(TunnelType type) {
    const std::pair<std::string_view, std::string*> targets[] = {
        {"CAFile", &o_.ca_file},         {"ServerPublicKey", &o_.server_key},
        {"AllowedIPs", &o_.allowed_ips}, {"Port", &o_.port},
        {"Protocol", &o_.protocol},      {"Auth", &o_.auth},
    };
    std::vector<std::string_view> required = RequiredTunnelSettings(type);
    for (const TunnelSettingInfo& info : KnownTunnelSettings()) {
      if (!TunnelTakesSetting(type, info.key)) continue;
      bool needed = std::find(required.begin(), required.end(), info.key) != required.end();
      std::string* target = nullptr;
      for (const auto& [key, field] : targets) {
        if (key == info.key) target = field;
      }
      std::string prompt =
          fmt::format("{}: {}{}", info.key, info.what, needed ? "" : " (empty: none)");
      auto check = [&, type](const std::string& a) -> Status {
        if (a.empty()) return needed ? Invalid(fmt::format("{} is required", info.key)) : Ok();
        if (info.key == "CAFile") return CheckFileOrEmpty(a);
        return CheckTunnelSetting(type, info.key, a);
      };
      if (!Get(prompt, *target, check)) return false;
    }
    return true;
  }

  bool Phonebook() {
    if (!Get("Phone book file (.pbk; empty: none)", o_.phonebook, CheckPhonebookFile)) return false;
    if (!o_.phonebook.empty() &&
        !Get("Region file (.pbr; empty: none)", o_.regions, CheckFileOrEmpty)) {
      return false;
    }
    auto url = [](const std::string& a) { return a.empty() ? Ok() : CheckPbUrl(a); };
    auto key = [](const std::string& a) -> Status {
      if (a.empty()) return Ok();
      return ResolvePublisherKey(a).map([](auto) {});
    };
    return Get("Phone book server URL for updates (empty: none)", o_.pb_url, url) &&
           Get("Publisher key that signs updates (ed25519:... or key file; empty: none)", o_.pb_key,
               key);
  }

  bool Logon() {
    if (!Get("Realm prefix put before the user name (empty: none)", o_.realm_prefix)) {
      return false;
    }
    if (o_.realm_prefix.empty() &&
        !Get("Realm suffix put after the user name (empty: none)", o_.realm_suffix)) {
      return false;
    }
    return Get("Domain field (show, hide)", o_.domain_field,
               [](const std::string& a) {
                 return CheckOneOf(a, {"show", "hide"});
               }) &&
           Get("Same user name for dial-up and VPN (yes, no)", o_.same_user_name, CheckYesNo) &&
           Get("Users may save their password (yes, no)", o_.remember_password, CheckYesNo);
  }

  bool Actions() {
    while (true) {
      std::string action;
      if (!Get("Custom action POINT[:ATTR,...]=COMMANDLINE (empty: no more)", action,
               CheckAction)) {
        return false;
      }
      if (action.empty()) return true;
      o_.actions.push_back(action);
    }
  }

  bool Behaviour() {
    return GetNumber("Redial attempts", o_.redial_count, 0, 999) &&
           GetNumber("Seconds between redials", o_.redial_delay, 0, 86400) &&
           GetNumber("Minutes idle before disconnecting (0: never)", o_.idle_timeout, 0, 1440) &&
           Get("Keep a connection log (yes, no)", o_.logging, CheckYesNo) &&
           GetNumber("Largest log file, KiB", o_.log_max_kib, 1, 1048576) &&
           Get("Log folder (empty: cmdial's default)", o_.log_folder) &&
           Get("Logo image (empty: none)", o_.logo, CheckFileOrEmpty) &&
           Get("Icon (empty: none)", o_.icon, CheckFileOrEmpty) &&
           Get("Help file (empty: none)", o_.help_file, CheckFileOrEmpty);
  }

  Asker& ask_;
  NewOptions& o_;
};

// The .cms keys the edit wizard asks about, and how answers map to values.
struct EditItem {
  std::string section;
  std::string key;
  std::string prompt;
  std::string fallback;  // the value Connection Manager uses when the key is absent
  enum class Kind { kText, kNumber, kYesNo, kYesNoInverted, kShowHide } kind = Kind::kText;
  Check check = Accept;
  bool removable = false;  // "-" deletes the key
};

std::string ToDisplay(const EditItem& item, const std::string& value) {
  switch (item.kind) {
    case EditItem::Kind::kYesNo:
      return value == "0" ? "no" : "yes";
    case EditItem::Kind::kYesNoInverted:
      return value == "0" ? "yes" : "no";
    case EditItem::Kind::kShowHide:
      return value == "0" ? "show" : "hide";
    case EditItem::Kind::kText:
    case EditItem::Kind::kNumber:
      return value;
  }
  return value;
}

std::string ToValue(const EditItem& item, const std::string& answer) {
  switch (item.kind) {
    case EditItem::Kind::kYesNo:
      return *ParseYesNo("", answer) ? "1" : "0";
    case EditItem::Kind::kYesNoInverted:
      return *ParseYesNo("", answer) ? "0" : "1";
    case EditItem::Kind::kShowHide:
      return answer == "show" ? "0" : "1";
    case EditItem::Kind::kText:
    case EditItem::Kind::kNumber:
      return answer;
  }
  return answer;
}

Check NumberCheck(uint32_t low, uint32_t high) {
  return [=](const std::string& a) { return CheckNumber(a, low, high); };
}

std::vector<EditItem> EditItems(const IniFile& cms) {
  using Kind = EditItem::Kind;
  const std::string cm = "Connection Manager";
  std::vector<EditItem> items;
  items.push_back({cm, "ServiceName", "Service name users see", "", Kind::kText,
                   [](const std::string& a) { return CheckServiceName(a); }});
  if (cms.GetInt(cm, "Tunnel", 0).value == 1) {
    auto type = ParseTunnelType(cms.GetString("cmsuite Tunnel", "Type", ""));
    if (type && *type == TunnelType::kCommand) {
      items.push_back({"cmsuite Tunnel", "Up", "Command that brings the tunnel up"});
      items.push_back({"cmsuite Tunnel", "Down", "Command that takes it down"});
    }
    items.push_back({"cmsuite Tunnel", "ServerChoice", "Server choice (in-order, random)",
                     "in-order", Kind::kText, [](const std::string& a) {
                       return CheckOneOf(a, {"in-order", "random"});
                     }});
    for (const TunnelSettingInfo& info : KnownTunnelSettings()) {
      if (!type || info.key == "CAFile" || !TunnelTakesSetting(*type, info.key)) continue;
      TunnelType t = *type;
      std::string key(info.key);
      items.push_back({"cmsuite Tunnel", key, fmt::format("{}: {} (-: none)", key, info.what), "",
                       Kind::kText,
                       [t, key](const std::string& a) {
                         return a.empty() ? Ok() : CheckTunnelSetting(t, key, a);
                       },
                       true});
    }
  }
  items.push_back({"ISP", "PBURL", "Phone book server URL for updates (-: none)", "", Kind::kText,
                   [](const std::string& a) { return a.empty() ? Ok() : CheckPbUrl(a); }, true});
  items.push_back({"cmsuite Phonebook", "PublisherKey",
                   "Publisher key that signs updates (ed25519:...; -: none)", "", Kind::kText,
                   [](const std::string& a) -> Status {
                     if (a.empty()) return Ok();
                     return ResolvePublisherKey(a).map([](auto) {});
                   },
                   true});
  items.push_back({cm, "UserNamePrefix", "Realm prefix (-: none)", "", Kind::kText, Accept, true});
  items.push_back({cm, "UserNameSuffix", "Realm suffix (-: none)", "", Kind::kText, Accept, true});
  items.push_back({cm, "HideDomain", "Domain field (show, hide)", "1", Kind::kShowHide,
                   [](const std::string& a) {
                     return CheckOneOf(a, {"show", "hide"});
                   }});
  items.push_back({cm, "UseSameUserName", "Same user name for dial-up and VPN (yes, no)", "1",
                   Kind::kYesNo, CheckYesNo});
  items.push_back({cm, "HideRememberPassword", "Users may save their password (yes, no)", "0",
                   Kind::kYesNoInverted, CheckYesNo});
  items.push_back({cm, "RedialCount", "Redial attempts", "3", Kind::kNumber, NumberCheck(0, 999)});
  items.push_back(
      {cm, "RedialDelay", "Seconds between redials", "5", Kind::kNumber, NumberCheck(0, 86400)});
  items.push_back({cm, "IdleTimeout", "Minutes idle before disconnecting (0: never)", "10",
                   Kind::kNumber, NumberCheck(0, 1440)});
  items.push_back(
      {cm, "EnableLogging", "Keep a connection log (yes, no)", "1", Kind::kYesNo, CheckYesNo});
  items.push_back({cm, "MaxLogFileSize", "Largest log file, KiB", "64", Kind::kNumber,
                   NumberCheck(1, 1048576)});
  items.push_back(
      {cm, "LogFolderPath", "Log folder (-: cmdial's default)", "", Kind::kText, Accept, true});
  return items;
}

// Reads and parses one profile file for editing.
Result<IniFile> LoadIni(const std::string& path) {
  std::string bytes = CM_TRY(ReadFile(path));
  auto file = IniFile::Parse(bytes);
  if (!file) return Fail(std::move(file).error().InFile(path));
  return file;
}

// Server0.. of [cmsuite Tunnel], up to the first gap.
std::vector<std::string> CurrentServers(const IniFile& cms) {
  std::vector<std::string> servers;
  while (auto server = cms.Get("cmsuite Tunnel", fmt::format("Server{}", servers.size()))) {
    if (server->empty()) break;
    servers.push_back(*server);
  }
  return servers;
}

Status SetServers(IniFile& cms, const std::vector<std::string>& old_servers,
                  const std::vector<std::string>& servers) {
  for (size_t i = 0; i < servers.size(); ++i) {
    CM_TRY_STATUS(cms.Set("cmsuite Tunnel", fmt::format("Server{}", i), servers[i]));
  }
  for (size_t i = servers.size(); i < old_servers.size(); ++i) {
    cms.Remove("cmsuite Tunnel", fmt::format("Server{}", i));
  }
  return cms.Set("Connection Manager", "TunnelAddress", servers.front());
}

// The edit conversation; `changed` counts the keys written.
Status EditCms(Asker& asker, IniFile& cms, std::string& new_service_name, size_t& changed,
               bool& ended) {
  std::vector<EditItem> items = EditItems(cms);
  for (const EditItem& item : items) {
    std::optional<std::string> current = cms.Get(item.section, item.key);
    std::string shown = ToDisplay(item, current.value_or(item.fallback));
    if (item.kind == EditItem::Kind::kNumber && !item.check(shown)) {
      shown = item.fallback;  // a broken number is offered as the default it stands for
    }
    auto wrapped = [&](const std::string& a) {
      return item.removable && a == "-" ? Ok() : item.check(a);
    };
    std::optional<std::string> answer = asker.Ask(item.prompt, shown, wrapped);
    if (!answer) {
      ended = true;
      return Ok();
    }
    if (*answer == shown) continue;
    ++changed;
    if (item.removable && *answer == "-") {
      cms.Remove(item.section, item.key);
      continue;
    }
    std::string value = ToValue(item, *answer);
    if (item.key == "PublisherKey") value = CM_TRY(ResolvePublisherKey(value));
    CM_TRY_STATUS(cms.Set(item.section, item.key, value));
    if (item.key == "ServiceName") new_service_name = value;
  }
  if (cms.GetInt("Connection Manager", "Tunnel", 0).value == 1 &&
      cms.GetString("cmsuite Tunnel", "Type", "") != "command") {
    std::vector<std::string> old_servers = CurrentServers(cms);
    std::optional<std::string> answer =
        asker.Ask("VPN servers, comma-separated", JoinList(old_servers), CheckServers);
    if (!answer) {
      ended = true;
      return Ok();
    }
    std::vector<std::string> servers = SplitList(*answer);
    if (servers != old_servers) {
      ++changed;
      CM_TRY_STATUS(SetServers(cms, old_servers, servers));
    }
  }
  return Ok();
}

// The edit's exit code (kExitFailed when the input ended), or an error to report.
Result<int> RunEdit(std::istream& in, Output& output, const std::string& folder) {
  fs::path dir = fs::path(folder).lexically_normal();
  if (!dir.has_filename()) dir = dir.parent_path();
  const std::string short_name = dir.filename().string();
  CM_TRY_STATUS(ValidatePhonebookName(short_name, "profile short name"));
  const std::string cms_path = (dir / (short_name + ".cms")).string();
  IniFile cms = CM_TRY(LoadIni(cms_path));
  Asker asker(in, output);
  output.out << fmt::format(
      "cmak wizard: editing {}. Press Enter to keep the value in brackets; only changed answers "
      "are written.\n",
      cms_path);
  std::string new_service_name;
  size_t changed = 0;
  bool ended = false;
  CM_TRY_STATUS(EditCms(asker, cms, new_service_name, changed, ended));
  if (ended) return kExitFailed;
  if (changed == 0) {
    output.out << "Nothing changed; nothing written.\n";
    return kExitOk;
  }
  if (!new_service_name.empty()) {
    // The .cmp and .inf repeat the service name.
    const std::string cmp_path = (dir / (short_name + ".cmp")).string();
    const std::string inf_path = (dir / (short_name + ".inf")).string();
    IniFile cmp = CM_TRY(LoadIni(cmp_path));
    IniFile inf = CM_TRY(LoadIni(inf_path));
    CM_TRY_STATUS(cmp.Set("Connection Manager", "ServiceName", new_service_name));
    CM_TRY_STATUS(inf.Set("Strings", "ServiceName", fmt::format("\"{}\"", new_service_name)));
    CM_TRY_STATUS(WriteFileAtomic(cmp_path, cmp.Serialize()));
    CM_TRY_STATUS(WriteFileAtomic(inf_path, inf.Serialize()));
  }
  CM_TRY_STATUS(WriteFileAtomic(cms_path, cms.Serialize()));
  output.out << fmt::format("Wrote {} changed value(s) to {}; rebuild with cmak build.\n", changed,
                            cms_path);
  return kExitOk;
}

}  // namespace

int RunWizardEdit(std::istream& in, Output& output, const std::string& folder) {
  auto edited = RunEdit(in, output, folder);
  return edited ? *edited : Report(output, edited.error());
}

int RunWizardNew(std::istream& in, Output& output, const std::string& out_dir) {
  NewOptions options;
  options.out = out_dir;
  Asker asker(in, output);
  output.out << "cmak wizard: a new service profile. Press Enter to take the value in brackets.\n";
  if (!NewWizard(asker, options).Run(out_dir.empty())) return kExitFailed;
  auto profile = MakeNewProfile(options, output);
  if (!profile) return Report(output, profile.error());
  if (auto written = WriteProfileFolder(options.out, profile->spec.short_name, profile->files);
      !written) {
    return Report(output, written.error());
  }
  output.out << "Wrote " << (fs::path(options.out) / profile->spec.short_name).string()
             << "; check it with cmak lint, package it with cmak build.\n";
  return kExitOk;
}

}  // namespace cm::cmak
