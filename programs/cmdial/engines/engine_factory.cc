// SPDX-License-Identifier: MIT
#include "engines/engine_factory.h"

#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>

#include "cm/file_util.h"
#include "connect/direct_link.h"
#include "engines/dialup_link.h"
#include "engines/dialup_target.h"
#include "engines/modem_settings.h"
#include "engines/vpn_commands.h"
#include "engines/vpn_tunnels.h"

namespace cm::cmdial {
namespace {

// Where tunnels keep generated files: $XDG_RUNTIME_DIR/cmsuite, else a 0700 folder of ours
// under the state folder.
std::string RuntimeDir(const StorePaths& paths) {
  const char* runtime = std::getenv("XDG_RUNTIME_DIR");
  std::string dir = (runtime != nullptr && runtime[0] == '/') ? std::string(runtime) + "/cmsuite"
                                                              : paths.state_dir + "/run";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  std::filesystem::permissions(dir, std::filesystem::perms::owner_all,
                               std::filesystem::perm_options::replace, ec);
  return dir;
}

Result<std::unique_ptr<Link>> MakeDialupLink(const EngineRequest& request, std::string* pop_name) {
  const InstalledProfile& installed = request.installed;
  ModemSettings modem = CM_TRY(LoadModemSettings(request.paths.config_dir));
  DialTarget target = CM_TRY(ChooseDialTarget(installed, request.plan.settings, request.paths));
  std::string cms_bytes = CM_TRY(ReadFile(installed.cms_path));
  DialupSettings settings;
  settings.device = modem.device;
  settings.baud = modem.baud;
  settings.init_commands = modem.init_commands;
  settings.pulse = modem.pulse;
  settings.number = target.dialable;
  settings.cms = CM_TRY(IniFile::Parse(cms_bytes));
  settings.dun = target.dun;
  if (const char* pppd = std::getenv("CMSUITE_PPPD"); pppd != nullptr && pppd[0] == '/') {
    settings.pppd = pppd;  // tests: a stand-in for pppd where the kernel has no PPP
  }
  ConnectionLog* log = &request.log;
  settings.log = [log](std::string_view line) { log->Write(std::string(line)); };
  log->Write(fmt::format("POP {}{} {} ({}), dialing {}",
                         target.book == installed.short_name() ? "" : target.book + ":",
                         target.pop_id, target.pop_name, target.canonical, target.dialable));
  *pop_name = target.pop_name;
  return std::unique_ptr<Link>(std::make_unique<DialupLink>(std::move(settings)));
}

}  // namespace

Result<ConnectionEngines> AllEngines(const EngineRequest& request) {
  const ServiceProfile& profile = request.installed.profile;
  const bool vpn_tunnel = request.plan.tunnel && profile.tunnel_type != TunnelType::kCommand;
  if (request.plan.type == ConnectionType::kDirect && !vpn_tunnel) {
    return DefaultEngines(request);
  }
  ConnectionEngines engines;
  if (request.plan.type == ConnectionType::kDirect) {
    engines.link = std::make_unique<DirectLink>();
  } else {
    engines.link = CM_TRY(MakeDialupLink(request, &engines.pop_name));
  }
  if (request.plan.tunnel) {
    if (vpn_tunnel) {
      VpnContext context;
      context.runtime_dir = RuntimeDir(request.paths);
      context.data_dir = UserVpnDataDir(request.paths);
      engines.tunnel = CM_TRY(MakeVpnTunnel(profile, request.installed.folder, context));
    } else {
      // The command tunnel over a dial-up link: the connect part makes it as for direct.
      ConnectPlan direct_plan = request.plan;
      direct_plan.type = ConnectionType::kDirect;
      EngineRequest command_request{request.installed, request.paths, direct_plan, request.log};
      ConnectionEngines command = CM_TRY(DefaultEngines(command_request));
      engines.tunnel = std::move(command.tunnel);
    }
  }
  return engines;
}

}  // namespace cm::cmdial
