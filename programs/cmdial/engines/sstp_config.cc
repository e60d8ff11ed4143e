// SPDX-License-Identifier: MIT
#include "engines/sstp_config.h"

#include <fmt/format.h>

namespace cm::cmdial {

Result<std::vector<std::string>> SstpPppdCommand(const LegacyTunnelSettings& settings,
                                                 const std::string& user) {
  if (settings.servers.empty()) {
    return Fail(Errc::kInvalidArgument, "SSTP: the profile names no server");
  }
  if (!settings.auth.empty() && settings.auth != "mschapv2" && settings.auth != "eap-tls") {
    return Fail(
        Errc::kInvalidArgument,
        fmt::format("[cmsuite Tunnel] Auth={}: SSTP takes mschapv2 or eap-tls", settings.auth));
  }
  CM_TRY_STATUS(CheckConfigValue("user name", user));
  CM_TRY_STATUS(CheckConfigValue("CA file", settings.ca_file));
  if (settings.ca_file.find_first_of(" '") != std::string::npos) {
    return Fail(Errc::kInvalidArgument, "SSTP: the CA file path may not have spaces or quotes");
  }
  std::string pty = fmt::format("{} --nolaunchpppd --ipparam {} --log-stderr", settings.tools.sstpc,
                                settings.name);
  if (!settings.ca_file.empty()) pty += " --ca-cert " + settings.ca_file;
  pty += " " + JoinHostPort(settings.servers.front());
  std::vector<std::string> command = {settings.tools.pppd, "pty", pty};
  std::vector<std::string> options = PppdClientOptions(settings, user, true);
  command.insert(command.end(), options.begin(), options.end());
  command.insert(command.end(), {"require-mppe"});
  return command;
}

Result<TunnelPlan> SstpPlan(const LegacyTunnelSettings& settings, const std::string& user) {
  TunnelPlan plan;
  plan.needs_ppp = true;
  plan.daemon = CM_TRY(SstpPppdCommand(settings, user));
  plan.daemon_reads_password = true;
  plan.ready_file = "/var/run/ppp-" + settings.name + ".pid";
  return plan;
}

}  // namespace cm::cmdial
