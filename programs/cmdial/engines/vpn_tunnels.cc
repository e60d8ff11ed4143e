// SPDX-License-Identifier: MIT
#include "engines/vpn_tunnels.h"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <sstream>

#include "cm/file_util.h"
#include "engines/ikev2_config.h"
#include "engines/l2tp_config.h"
#include "engines/openvpn_tunnel.h"
#include "engines/pptp_config.h"
#include "engines/sstp_config.h"
#include "engines/vpn_legacy_tunnel.h"
#include "engines/vpn_support.h"
#include "engines/wireguard_keys.h"
#include "engines/wireguard_tunnel.h"

namespace cm::cmdial {
namespace {

uint16_t DefaultPort(TunnelType type) {
  switch (type) {
    case TunnelType::kOpenVpn:
      return 1194;
    case TunnelType::kWireGuard:
      return 51820;
    case TunnelType::kSstp:
      return 443;
    case TunnelType::kIkev2:
      return 500;
    case TunnelType::kL2tp:
      return 1701;
    case TunnelType::kPptp:
      return 1723;
    case TunnelType::kCommand:
      return 0;
  }
  return 0;
}

// A file named by a setting: relative names are in the profile folder (only the base name of a
// `SHORT\x` form counts, as cmak writes them).
Result<std::string> ProfileFile(const std::string& profile_dir, std::string_view key,
                                const std::string& value) {
  std::string name = value;
  size_t slash = name.find_last_of("\\/");
  if (slash != std::string::npos) name = name.substr(slash + 1);
  if (name.empty() || name == "." || name == "..") {
    return Fail(Errc::kInvalidArgument,
                fmt::format("[cmsuite Tunnel] {}={} names no file", key, value));
  }
  std::string path = profile_dir + "/" + name;
  if (access(path.c_str(), R_OK) != 0) {
    return Fail(Errc::kNotFound,
                fmt::format("[cmsuite Tunnel] {}={}: {} is not in the profile folder (rebuild the "
                            "profile with cmak new --ca-file)",
                            key, value, path));
  }
  return path;
}

std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> items;
  std::string item;
  std::istringstream in{std::string(text)};
  while (std::getline(in, item, ',')) {
    size_t start = item.find_first_not_of(" \t");
    if (start == std::string::npos) continue;
    items.push_back(item.substr(start, item.find_last_not_of(" \t") - start + 1));
  }
  return items;
}

Result<std::vector<HostPort>> Servers(const ServiceProfile& profile) {
  if (profile.vpn_servers.empty()) {
    return Fail(Errc::kInvalidArgument,
                "the profile names no VPN server ([cmsuite Tunnel] Server0)");
  }
  uint16_t port = static_cast<uint16_t>(
      CM_TRY(TunnelNumberSetting(profile, "port", DefaultPort(profile.tunnel_type), 1, 65535)));
  uint64_t seed =
      static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
  std::vector<HostPort> servers;
  for (const std::string& server : OrderServers(profile.vpn_servers, profile.server_choice, seed)) {
    servers.push_back(CM_TRY(SplitHostPort(server, port)));
  }
  return servers;
}

Result<std::unique_ptr<Tunnel>> MakeOpenVpn(const ServiceProfile& profile,
                                            const std::string& profile_dir,
                                            const VpnContext& context, const std::string& work_dir,
                                            const std::string& user_dir) {
  OpenVpnTunnelSettings settings;
  settings.openvpn = context.tools.openvpn;
  settings.work_dir = work_dir;
  settings.timeout =
      std::chrono::seconds(CM_TRY(TunnelNumberSetting(profile, "timeout", 60, 1, 600)));
  OpenVpnClientOptions& client = settings.client;
  client.profile_name = profile.short_name;
  client.remotes = CM_TRY(Servers(profile));
  client.protocol = TunnelSetting(profile, "protocol", "udp");
  std::string ca = TunnelSetting(profile, "cafile");
  if (ca.empty()) {
    return Fail(Errc::kInvalidArgument,
                "OpenVPN needs the server's CA: [cmsuite Tunnel] CAFile (cmak new --ca-file)");
  }
  client.ca_file = CM_TRY(ProfileFile(profile_dir, "CAFile", ca));
  client.auth = TunnelSetting(profile, "auth", "password");
  client.cert_file = user_dir + "/client.crt";
  client.key_file = user_dir + "/client.key";
  client.cipher = TunnelSetting(profile, "cipher");
  client.device = context.interface_name;
  client.connect_timeout_seconds =
      static_cast<int>(CM_TRY(TunnelNumberSetting(profile, "connecttimeout", 10, 1, 300)));
  // Check the settings now (the socket and log paths are the tunnel's).
  OpenVpnClientOptions check = client;
  check.management_socket = work_dir + "/management.sock";
  check.log_file = work_dir + "/openvpn.log";
  CM_TRY(OpenVpnClientConfig(check));
  return std::unique_ptr<Tunnel>(new OpenVpnTunnel(std::move(settings)));
}

Result<std::unique_ptr<Tunnel>> MakeWireGuard(const ServiceProfile& profile,
                                              const VpnContext& context,
                                              const std::string& interface,
                                              const std::string& user_dir) {
  WireGuardTunnelSettings settings;
  settings.servers = CM_TRY(Servers(profile));
  settings.server_public_key = TunnelSetting(profile, "serverpublickey");
  if (!IsWireGuardKey(settings.server_public_key)) {
    return Fail(Errc::kInvalidArgument,
                fmt::format("[cmsuite Tunnel] ServerPublicKey='{}': expected the server's "
                            "WireGuard public key (44 characters of base64, as `wg pubkey` "
                            "prints)",
                            settings.server_public_key));
  }
  settings.allowed_ips = SplitList(TunnelSetting(profile, "allowedips", "0.0.0.0/0"));
  for (const std::string& prefix : settings.allowed_ips) {
    CM_TRY_STATUS(CheckConfigValue("AllowedIPs", prefix));
    if (prefix.find('/') == std::string::npos) {
      return Fail(Errc::kInvalidArgument,
                  fmt::format("[cmsuite Tunnel] AllowedIPs: '{}' is not a CIDR prefix", prefix));
    }
  }
  // This user's tunnel address: the user's own file (the administrator hands it out with the
  // key's registration), else the profile's Address.
  Result<std::string> own = ReadFile(user_dir + "/wireguard.address");
  settings.address = own ? std::string(*own) : TunnelSetting(profile, "address");
  while (!settings.address.empty() &&
         (settings.address.back() == '\n' || settings.address.back() == ' ')) {
    settings.address.pop_back();
  }
  if (settings.address.empty() || settings.address.find('/') == std::string::npos) {
    return Fail(Errc::kInvalidArgument,
                fmt::format("WireGuard needs this machine's tunnel address as a CIDR prefix "
                            "(10.9.0.2/24): [cmsuite Tunnel] Address, or the file {}/"
                            "wireguard.address",
                            user_dir));
  }
  CM_TRY_STATUS(CheckConfigValue("Address", settings.address));
  settings.mtu = static_cast<int>(CM_TRY(TunnelNumberSetting(profile, "mtu", 1420, 1280, 9000)));
  settings.keepalive_seconds =
      static_cast<int>(CM_TRY(TunnelNumberSetting(profile, "persistentkeepalive", 25, 0, 65535)));
  settings.dead_peer_seconds =
      static_cast<int>(CM_TRY(TunnelNumberSetting(profile, "deadpeertimeout", 0, 0, 86400)));
  settings.handshake_timeout =
      std::chrono::seconds(CM_TRY(TunnelNumberSetting(profile, "handshaketimeout", 10, 1, 300)));
  settings.interface = interface;
  settings.key_file = user_dir + "/wireguard.key";
  settings.wireguard_go = context.tools.wireguard_go;
  settings.wg = context.tools.wg;
  settings.ip = context.tools.ip;
  // The key is made now (not at Up) so that its public half can be shown and registered first.
  CM_TRY(LoadOrCreateWireGuardKey(settings.key_file));
  return std::unique_ptr<Tunnel>(new WireGuardTunnel(std::move(settings)));
}

Result<std::unique_ptr<Tunnel>> MakeLegacy(const ServiceProfile& profile,
                                           const std::string& profile_dir,
                                           const VpnContext& context, const std::string& work_dir,
                                           const std::string& interface) {
  LegacyTunnelSettings settings;
  settings.type = profile.tunnel_type;
  settings.name = DefaultInterfaceName(profile.short_name).substr(3);
  settings.servers = CM_TRY(Servers(profile));
  std::string ca = TunnelSetting(profile, "cafile");
  if (!ca.empty()) settings.ca_file = CM_TRY(ProfileFile(profile_dir, "CAFile", ca));
  settings.auth = TunnelSetting(profile, "auth");
  settings.pre_shared_key = TunnelSetting(profile, "presharedkey");
  settings.interface = interface;
  settings.work_dir = work_dir;
  settings.tools = context.tools;
  settings.timeout =
      std::chrono::seconds(CM_TRY(TunnelNumberSetting(profile, "timeout", 60, 1, 600)));
  PlanMaker maker;
  switch (profile.tunnel_type) {
    case TunnelType::kIkev2:
      maker = Ikev2Plan;
      break;
    case TunnelType::kSstp:
      maker = SstpPlan;
      break;
    case TunnelType::kL2tp:
      maker = L2tpPlan;
      break;
    case TunnelType::kPptp:
      maker = PptpPlan;
      break;
    default:
      return Fail(Errc::kInternal, "not a legacy tunnel type");
  }
  // Check the settings now with a placeholder user (the real one comes with the logon).
  CM_TRY(maker(settings, "user"));
  return std::unique_ptr<Tunnel>(new LegacyTunnel(std::move(settings), std::move(maker)));
}

}  // namespace

VpnTools VpnTools::Default() {
  VpnTools tools;
  tools.openvpn = FindSystemTool("openvpn");
  tools.wireguard_go = FindSystemTool("wireguard-go");
  tools.wg = FindSystemTool("wg");
  tools.ip = FindSystemTool("ip");
  tools.swanctl = FindSystemTool("swanctl");
  tools.pppd = FindSystemTool("pppd");
  tools.pptp = FindSystemTool("pptp");
  tools.sstpc = FindSystemTool("sstpc");
  tools.xl2tpd = FindSystemTool("xl2tpd");
  return tools;
}

Result<std::unique_ptr<Tunnel>> MakeVpnTunnel(const ServiceProfile& profile,
                                              const std::string& profile_dir,
                                              const VpnContext& context) {
  if (profile.tunnel_type == TunnelType::kCommand) {
    return Fail(Errc::kUnsupported,
                "Type=command is the command tunnel (connect/command_tunnel.h), not a VPN engine");
  }
  std::string interface = context.interface_name.empty() ? DefaultInterfaceName(profile.short_name)
                                                         : context.interface_name;
  if (!IsInterfaceName(interface)) {
    return Fail(Errc::kInvalidArgument,
                fmt::format("'{}' is not a network interface name (1-15 letters, digits, '-', "
                            "'_', '.')",
                            interface));
  }
  if (context.runtime_dir.empty() || context.data_dir.empty()) {
    return Fail(Errc::kInvalidArgument, "the VPN tunnels need a runtime and a data folder");
  }
  CM_TRY_STATUS(EnsurePrivateDir(context.runtime_dir));
  std::string work_dir = context.runtime_dir + "/" + profile.short_name;
  std::string user_dir = context.data_dir + "/" + profile.short_name;
  switch (profile.tunnel_type) {
    case TunnelType::kOpenVpn:
      return MakeOpenVpn(profile, profile_dir, context, work_dir, user_dir);
    case TunnelType::kWireGuard:
      CM_TRY_STATUS(EnsurePrivateDir(context.data_dir));
      CM_TRY_STATUS(EnsurePrivateDir(user_dir));
      return MakeWireGuard(profile, context, interface, user_dir);
    case TunnelType::kIkev2:
    case TunnelType::kSstp:
    case TunnelType::kL2tp:
    case TunnelType::kPptp:
      return MakeLegacy(profile, profile_dir, context, work_dir, interface);
    case TunnelType::kCommand:
      break;
  }
  return Fail(Errc::kInternal, "unknown tunnel type");
}

}  // namespace cm::cmdial
