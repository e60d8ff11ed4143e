// SPDX-License-Identifier: MIT
#include "connect/engine_factory.h"

#include <fmt/format.h>

#include "connect/command_tunnel.h"
#include "connect/direct_link.h"

namespace cm::cmdial {
namespace {

std::chrono::seconds TunnelTimeout(const ServiceProfile& profile) {
  auto it = profile.tunnel_settings.find("timeout");
  if (it == profile.tunnel_settings.end()) return std::chrono::seconds(60);
  uint32_t seconds = 0;
  for (char c : it->second) {
    if (c < '0' || c > '9' || seconds > 86400) return std::chrono::seconds(60);
    seconds = seconds * 10 + static_cast<uint32_t>(c - '0');
  }
  return std::chrono::seconds(seconds == 0 ? 60 : seconds);
}

EngineFactory& Factory() {
  static EngineFactory factory = DefaultEngines;
  return factory;
}

}  // namespace

Result<ConnectionEngines> DefaultEngines(const EngineRequest& request) {
  const ServiceProfile& profile = request.installed.profile;
  if (request.plan.type != ConnectionType::kDirect) {
    return Fail(Errc::kUnsupported, fmt::format("{} connections need the dial-up engine",
                                                ConnectionTypeName(request.plan.type)));
  }
  ConnectionEngines engines;
  engines.link = std::make_unique<DirectLink>();
  if (request.plan.tunnel) {
    if (profile.tunnel_type != TunnelType::kCommand) {
      return Fail(Errc::kUnsupported, fmt::format("tunnel type {} needs the VPN engines",
                                                  TunnelTypeName(profile.tunnel_type)));
    }
    CommandTunnelSettings settings;
    settings.up = profile.tunnel_up;
    settings.down = profile.tunnel_down;
    settings.profile_dir = request.installed.folder;
    settings.short_name = request.installed.short_name();
    settings.timeout = TunnelTimeout(profile);
    settings.log = &request.log;
    engines.tunnel = std::make_unique<CommandTunnel>(settings);
  }
  return engines;
}

void SetEngineFactory(EngineFactory factory) { Factory() = std::move(factory); }

const EngineFactory& CurrentEngineFactory() { return Factory(); }

}  // namespace cm::cmdial
