// SPDX-License-Identifier: MIT
// `cmak new`: writes a profile source folder DIR/SHORT/ from command-line answers.
#include <fmt/format.h>
#include <stdlib.h>

#include <cctype>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "cm/crypto.h"
#include "cm/file_util.h"
#include "cm/pbk_format.h"
#include "cm/phonebook_name.h"
#include "commands.h"
#include "profile_spec.h"

namespace cm::cmak {
namespace {

namespace fs = std::filesystem;

struct NewOptions {
  std::string short_name;
  std::string service_name;
  std::string out;
  std::string type = "direct";
  std::vector<std::string> vpn_servers;
  std::string tunnel = "ikev2";
  std::string tunnel_up;
  std::string tunnel_down;
  std::string phonebook;
  std::string regions;
  std::string pb_url;
  std::string pb_key;
  std::string realm_prefix;
  std::string realm_suffix;
  std::vector<std::string> actions;
  std::vector<std::string> includes;
  uint32_t redial_count = 3;
  uint32_t redial_delay = 5;
  uint32_t idle_timeout = 10;
};

Status Invalid(std::string message) { return Fail(Errc::kInvalidArgument, std::move(message)); }

// A value that goes into a profile file must fit on one line.
Status CheckOneLine(std::string_view what, std::string_view value) {
  if (value.find_first_of("\r\n") != std::string_view::npos) {
    return Invalid(fmt::format("{} must not contain a line break", what));
  }
  return Ok();
}

// The publisher key: "ed25519:..." text, or a key file (public half taken).
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

// Files copied into the profile folder, by name (unique without regard to case).
class FileSet {
 public:
  explicit FileSet(const std::string& short_name) {
    for (const char* ext : {".cms", ".cmp", ".inf", ".sed"}) taken_.insert(Lower(short_name + ext));
  }
  // Reads `path` and adds it under its base name, which it returns.
  Result<std::string> Add(const std::string& path) {
    std::string name = fs::path(path).filename().string();
    if (name.empty()) return Fail(Errc::kInvalidArgument, fmt::format("{}: not a file", path));
    if (!taken_.insert(Lower(name)).second) {
      return Fail(Errc::kInvalidArgument,
                  fmt::format("{}: a file named '{}' is already in the profile", path, name));
    }
    files_[name] = CM_TRY(ReadFile(path));
    return name;
  }
  std::map<std::string, std::string>& files() { return files_; }
  const std::string& bytes(const std::string& name) { return files_[name]; }

 private:
  static std::string Lower(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
  }
  std::set<std::string> taken_;
  std::map<std::string, std::string> files_;
};

Status FillTunnel(const NewOptions& options, ProfileSpec& spec, Output& output) {
  spec.connection = CM_TRY(ParseConnectionType(options.type));
  spec.tunnel = CM_TRY(ParseTunnelType(options.tunnel));
  spec.vpn_servers = options.vpn_servers;
  const bool tunnel = spec.connection != ConnectionType::kDialup;
  if (!tunnel && !spec.vpn_servers.empty()) {
    return Invalid("--vpn-server needs --type direct or double-dial");
  }
  if (tunnel && spec.vpn_servers.empty() && spec.tunnel != TunnelType::kCommand) {
    return Invalid(fmt::format("a {} profile needs at least one --vpn-server HOST",
                               ConnectionTypeName(spec.connection)));
  }
  for (const std::string& server : spec.vpn_servers) {
    CM_TRY_STATUS(CheckOneLine("--vpn-server", server));
    if (server.empty() || server.find_first_of(" \t,") != std::string::npos) {
      return Invalid(fmt::format("--vpn-server '{}': expected a host name or address", server));
    }
  }
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
  if (tunnel && IsLegacyTunnel(spec.tunnel)) {
    output.err << fmt::format(
        "cmak: warning: tunnel type {} is legacy and weak; prefer ikev2, openvpn, wireguard or "
        "sstp\n",
        TunnelTypeName(spec.tunnel));
  }
  return Ok();
}

Status FillPhonebook(const NewOptions& options, ProfileSpec& spec, FileSet& files, Output& output) {
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
  }
  if (!options.pb_url.empty()) {
    CM_TRY_STATUS(CheckOneLine("--pb-url", options.pb_url));
    if (options.pb_url.rfind("http://", 0) != 0 && options.pb_url.rfind("https://", 0) != 0) {
      return Invalid(
          fmt::format("--pb-url '{}': expected an http:// or https:// URL", options.pb_url));
    }
    spec.pb_url = options.pb_url;
  }
  if (!options.pb_key.empty()) spec.pb_key = CM_TRY(ResolvePublisherKey(options.pb_key));
  return Ok();
}

Status FillActions(const NewOptions& options, ProfileSpec& spec, FileSet& files) {
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
  for (const std::string& path : options.includes) {
    spec.extra_files.push_back(CM_TRY(files.Add(path)));
  }
  for (const CustomAction& action : spec.actions) {
    if (action.flags & kActionIncluded) {
      spec.extra_files.emplace_back(ActionProgram(action.command_line));
    }
  }
  return Ok();
}

// Writes every file into a fresh folder beside the target, then renames it into place, so a
// failure leaves no half-made profile.
Status WriteFolder(const std::string& out, const std::string& short_name,
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

Status RunNewStatus(const NewOptions& options, Output& output) {
  CM_TRY_STATUS(ValidatePhonebookName(options.short_name, "profile short name"));
  ProfileSpec spec;
  spec.short_name = options.short_name;
  if (options.service_name.empty()) return Invalid("--service-name must not be empty");
  CM_TRY_STATUS(CheckOneLine("--service-name", options.service_name));
  spec.service_name = options.service_name;
  CM_TRY_STATUS(FillTunnel(options, spec, output));
  FileSet files(spec.short_name);
  CM_TRY_STATUS(FillPhonebook(options, spec, files, output));
  if (!options.realm_prefix.empty() && !options.realm_suffix.empty()) {
    return Invalid("give --realm-prefix or --realm-suffix, not both");
  }
  CM_TRY_STATUS(CheckOneLine("--realm-prefix", options.realm_prefix));
  CM_TRY_STATUS(CheckOneLine("--realm-suffix", options.realm_suffix));
  spec.realm_prefix = options.realm_prefix;
  spec.realm_suffix = options.realm_suffix;
  CM_TRY_STATUS(FillActions(options, spec, files));
  spec.redial_count = options.redial_count;
  spec.redial_delay = options.redial_delay;
  spec.idle_timeout = options.idle_timeout;

  std::map<std::string, std::string> all = RenderProfile(spec);
  for (auto& [name, bytes] : files.files()) all.emplace(name, std::move(bytes));
  CM_TRY_STATUS(WriteFolder(options.out, spec.short_name, all));
  output.out << (fs::path(options.out) / spec.short_name).string() << "\n";
  return Ok();
}

}  // namespace

void RegisterNewCommand(CLI::App& app, CommandRegistry& registry) {
  auto options = std::make_shared<NewOptions>();
  CLI::App* command = app.add_subcommand(
      "new",
      "Write a profile source folder OUT/SHORT/ (SHORT.cms, .cmp, .inf, .sed and every "
      "included file; docs/formats/profile.md). Edit it freely, then run cmak build.");
  command
      ->add_option("SHORT", options->short_name,
                   "Short service name: 1-8 letters, digits or _, not all digits")
      ->required();
  command->add_option("--service-name", options->service_name, "Service name users see")
      ->required();
  command->add_option("--out", options->out, "Folder to create SHORT/ in")->required();
  command
      ->add_option("--type", options->type,
                   "Connection type: direct (VPN), dialup, double-dial (dial-up, then VPN)")
      ->capture_default_str();
  command->add_option("--vpn-server", options->vpn_servers,
                      "VPN server host (repeatable; tried in the order given)");
  command
      ->add_option("--tunnel", options->tunnel,
                   "Tunnel type: openvpn, wireguard, ikev2, sstp, l2tp, pptp (legacy), or "
                   "command")
      ->capture_default_str();
  command->add_option("--tunnel-up", options->tunnel_up,
                      "With --tunnel command: command line that brings the tunnel up");
  command->add_option("--tunnel-down", options->tunnel_down,
                      "With --tunnel command: command line that takes it down");
  command->add_option("--phonebook", options->phonebook, "Phone book (.pbk) to ship");
  command->add_option("--regions", options->regions, "Region file (.pbr) to ship");
  command->add_option("--pb-url", options->pb_url, "Phone book server to ask for updates");
  command->add_option("--pb-key", options->pb_key,
                      "Publisher public key (ed25519:...) or key file that phone book "
                      "updates must be signed with");
  command->add_option("--realm-prefix", options->realm_prefix,
                      "Text put before the user name (e.g. DOMAIN\\)");
  command->add_option("--realm-suffix", options->realm_suffix,
                      "Text put after the user name (e.g. @example.com)");
  command->add_option("--action", options->actions,
                      "Custom action POINT[:ATTR,...]=COMMANDLINE (repeatable). POINT: "
                      "pre-init, pre-connect, pre-dial, pre-tunnel, post-connect, monitored, "
                      "disconnect, on-cancel, on-error. ATTR: direct, dialup, double-dial "
                      "(connection types; all if none), interactive, include (copy the "
                      "program into the profile)");
  command->add_option("--include", options->includes, "Any other file to ship (repeatable)");
  command->add_option("--redial-count", options->redial_count, "Redial attempts")
      ->capture_default_str();
  command->add_option("--redial-delay", options->redial_delay, "Seconds between redials")
      ->capture_default_str();
  command
      ->add_option("--idle-timeout", options->idle_timeout,
                   "Minutes idle before disconnecting (0: never)")
      ->capture_default_str();
  registry.Add(command, [options](Output& output) {
    if (auto status = RunNewStatus(*options, output); !status) {
      return Report(output, status.error());
    }
    return kExitOk;
  });
}

}  // namespace cm::cmak
