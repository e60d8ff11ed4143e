// SPDX-License-Identifier: MIT
#include "engines/pptp_config.h"

#include <fmt/format.h>

namespace cm::cmdial {

Result<std::vector<std::string>> PptpPppdCommand(const LegacyTunnelSettings& settings,
                                                 const std::string& user) {
  if (settings.servers.empty()) {
    return Fail(Errc::kInvalidArgument, "PPTP: the profile names no server");
  }
  if (!settings.auth.empty() && settings.auth != "mschapv2") {
    return Fail(Errc::kInvalidArgument,
                fmt::format("[cmsuite Tunnel] Auth={}: PPTP takes mschapv2", settings.auth));
  }
  CM_TRY_STATUS(CheckConfigValue("user name", user));
  std::string pty =
      fmt::format("{} {} --nolaunchpppd", settings.tools.pptp, settings.servers.front().host);
  std::vector<std::string> command = {settings.tools.pppd, "pty", pty};
  std::vector<std::string> options = PppdClientOptions(settings, user, true);
  command.insert(command.end(), options.begin(), options.end());
  command.insert(command.end(), {"require-mppe-128"});
  return command;
}

Result<TunnelPlan> PptpPlan(const LegacyTunnelSettings& settings, const std::string& user) {
  TunnelPlan plan;
  plan.needs_ppp = true;
  plan.daemon = CM_TRY(PptpPppdCommand(settings, user));
  plan.daemon_reads_password = true;
  plan.ready_file = "/var/run/ppp-" + settings.name + ".pid";
  return plan;
}

}  // namespace cm::cmdial
