// SPDX-License-Identifier: MIT
#include "engines/vpn_commands.h"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <charconv>
#include <memory>

#include "cm/file_util.h"
#include "engines/vpn_support.h"
#include "engines/wireguard_keys.h"

namespace cm::cmdial {
namespace {

struct VpnKeyOptions {
  std::string service;
  std::string address;
};

int Failed(cli::Output& output, const std::string& message) {
  output.err << "cmdial: error: " << message << "\n";
  return cli::kExitFailed;
}

// Whether `text` is an IPv4 or IPv6 address with a prefix length ("10.9.0.2/24").
bool IsCidr(const std::string& text) {
  size_t slash = text.find('/');
  if (slash == std::string::npos) return false;
  std::string host = text.substr(0, slash);
  std::string_view length = std::string_view(text).substr(slash + 1);
  unsigned char buffer[16];
  bool v6 = host.find(':') != std::string::npos;
  if (inet_pton(v6 ? AF_INET6 : AF_INET, host.c_str(), buffer) != 1) return false;
  int bits = -1;
  auto [end, error] = std::from_chars(length.data(), length.data() + length.size(), bits);
  if (error != std::errc() || end != length.data() + length.size()) return false;
  return bits >= 0 && bits <= (v6 ? 128 : 32);
}

int RunVpnKey(const VpnKeyOptions& options, cli::Output& output) {
  if (!options.address.empty() && !IsCidr(options.address)) {
    output.err << fmt::format(
        "cmdial: error: --address '{}': an address with its prefix length, such as 10.9.0.2/24\n",
        options.address);
    return cli::kExitUsage;
  }
  Result<StorePaths> paths = StorePaths::FromEnvironment();
  if (!paths) return Failed(output, paths.error().ToString());
  Result<InstalledProfile> installed = FindProfile(*paths, options.service);
  if (!installed) return Failed(output, installed.error().ToString());
  const ServiceProfile& profile = installed->profile;
  if (!profile.tunnel || profile.tunnel_type != TunnelType::kWireGuard) {
    return Failed(output, fmt::format("{} has no WireGuard tunnel: only WireGuard logs on with a "
                                      "key of the user's own",
                                      profile.short_name));
  }
  std::string data_dir = UserVpnDataDir(*paths);
  std::string user_dir = data_dir + "/" + profile.short_name;
  for (const std::string& folder : {data_dir, user_dir}) {
    if (Status made = EnsurePrivateDir(folder); !made) {
      return Failed(output, made.error().ToString());
    }
  }
  Result<WireGuardKeyPair> key = LoadOrCreateWireGuardKey(user_dir + "/wireguard.key");
  if (!key) return Failed(output, key.error().ToString());
  if (!options.address.empty()) {
    std::string path = user_dir + "/wireguard.address";
    if (Status saved = WriteFileAtomic(path, options.address + "\n", 0600); !saved) {
      return Failed(output, saved.error().ToString());
    }
    output.err << fmt::format("cmdial: {}'s tunnel address is now {} ({})\n", profile.short_name,
                              options.address, path);
  }
  output.out << key->public_key << "\n";
  return cli::kExitOk;
}

}  // namespace

std::string UserVpnDataDir(const StorePaths& paths) { return paths.user_root + "/keys"; }

void RegisterVpnCommands(CLI::App& app, cli::CommandRegistry& registry) {
  auto options = std::make_shared<VpnKeyOptions>();
  CLI::App* key = app.add_subcommand(
      "vpn-key",
      "Print this user's WireGuard public key for SERVICE (made once, kept 0600): the "
      "administrator adds it as a peer on the server");
  key->add_option("SERVICE", options->service, "Short name or service name")->required();
  key->add_option("--address", options->address,
                  "Record the tunnel address the administrator gave this user (CIDR, e.g. "
                  "10.9.0.2/24); it wins over the profile's Address");
  key->footer(
      "The key is in $XDG_DATA_HOME/cmsuite/keys/SHORT/wireguard.key; only its public half is "
      "printed.");
  registry.Add(key, [options](cli::Output& output) { return RunVpnKey(*options, output); });
}

}  // namespace cm::cmdial
