// SPDX-License-Identifier: MIT
#include "engines/vpn_legacy_tunnel.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cm/file_util.h"
#include "engines/openvpn_tunnel.h"  // kVpnError* values
#include "engines/vpn_kernel.h"

namespace cm::cmdial {
namespace {

using Clock = std::chrono::steady_clock;

std::string ReplaceAll(std::string text, std::string_view from, std::string_view to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

bool Exists(const std::string& path) {
  struct stat info {};
  return stat(path.c_str(), &info) == 0;
}

}  // namespace

std::vector<std::string> PppdClientOptions(const LegacyTunnelSettings& settings,
                                           const std::string& user, bool password_on_stdin) {
  std::vector<std::string> options = {
      "nodetach",    "noauth",           "name",        user,        "remotename",
      settings.name, "linkname",         settings.name, "ifname",    settings.interface,
      "noipdefault", "usepeerdns",       "nobsdcomp",   "nodeflate", "lcp-echo-interval",
      "10",          "lcp-echo-failure", "3",           "maxfail",   "1"};
  std::string auth = settings.auth.empty() ? "mschapv2" : settings.auth;
  if (auth == "mschapv2") {
    options.insert(options.end(), {"refuse-eap", "refuse-pap", "refuse-chap", "refuse-mschap",
                                   "require-mschap-v2"});
  } else if (auth == "chap") {
    options.insert(options.end(), {"refuse-eap", "refuse-pap", "require-chap"});
  } else if (auth == "pap") {
    options.insert(options.end(), {"refuse-eap", "require-pap"});
  }
  if (password_on_stdin) {
    options.insert(options.end(), {"plugin", "passwordfd.so", "passwordfd", "0"});
  }
  return options;
}

LegacyTunnel::~LegacyTunnel() { Teardown(); }

void LegacyTunnel::Teardown() {
  watch_.Close();
  if (daemon_.running()) daemon_.KillGroupAndReap(std::chrono::milliseconds(2000));
  if (up_ || !plan_.teardown.empty()) {
    for (const std::vector<std::string>& command : plan_.teardown) {
      std::vector<std::string> args(command.begin() + 1, command.end());
      (void)RunTool(command.front(), args, std::chrono::seconds(10));
    }
  }
  if (!plan_.secrets.path.empty()) unlink(plan_.secrets.path.c_str());
  plan_ = {};
  up_ = false;
}

Status LegacyTunnel::Up(const TunnelRequest& request) {
  Teardown();
  gone_ = false;
  last_error_value_ = 0;
  TunnelPlan plan = CM_TRY(make_plan_(settings_, LogonName(request.macros)));
  auto unsupported = [&](const std::string& what) {
    last_error_value_ = kVpnErrorNoAnswer;
    return Fail(Errc::kUnsupported, fmt::format("the {} tunnel cannot run on this machine: {}",
                                                TunnelTypeName(settings_.type), what));
  };
  if (plan.needs_ppp) {
    if (KernelFeature ppp = KernelPpp(); !ppp.present) return unsupported(ppp.missing);
  }
  if (plan.needs_ipsec) {
    if (KernelFeature ipsec = KernelIpsec(); !ipsec.present) return unsupported(ipsec.missing);
  }
  if (plan.needs_charon && !Exists("/var/run/charon.vici")) {
    return unsupported(
        "strongSwan's daemon is not running (no /var/run/charon.vici; install "
        "strongswan-charon and start it: systemctl start strongswan)");
  }
  std::vector<std::string> programs;
  for (const auto& command : plan.setup) programs.push_back(command.front());
  if (!plan.daemon.empty()) programs.push_back(plan.daemon.front());
  for (const std::string& program : programs) {
    if (Status found = RequireTool(program, "see docs/tunnels.md"); !found) {
      last_error_value_ = 127;
      return found;
    }
  }
  CM_TRY_STATUS(EnsurePrivateDir(settings_.work_dir));
  for (const GeneratedFile& file : plan.files) {
    CM_TRY_STATUS(WriteFileAtomic(file.path, file.content, 0600));
  }
  plan_ = plan;
  auto fail = [&](std::string message) {
    last_error_value_ = kVpnErrorNoAnswer;
    Teardown();
    return Fail(Errc::kNetwork, std::move(message));
  };
  if (!plan.secrets.path.empty()) {
    std::string secrets = ReplaceAll(plan.secrets.content, "%PASSWORD%", request.password);
    CM_TRY_STATUS(WriteFileAtomic(plan.secrets.path, secrets, 0600));
  }
  for (const std::vector<std::string>& command : plan.setup) {
    std::vector<std::string> args(command.begin() + 1, command.end());
    Status done =
        RunToolOk(fmt::format("{} tunnel setup", TunnelTypeName(settings_.type)), command.front(),
                  args, std::chrono::duration_cast<std::chrono::milliseconds>(settings_.timeout));
    if (!done) {
      if (!plan.secrets.path.empty()) unlink(plan.secrets.path.c_str());
      return fail(done.error().message());
    }
  }
  if (!plan.secrets.path.empty()) unlink(plan.secrets.path.c_str());
  if (!plan.daemon.empty()) {
    std::vector<std::string> args(plan.daemon.begin() + 1, plan.daemon.end());
    Result<Child> daemon =
        Spawn(plan.daemon.front(), args,
              SpawnOptions{ChildOutput::kDiscard,
                           plan.daemon_reads_password ? request.password + "\n" : std::string()});
    if (!daemon) return fail(daemon.error().message());
    daemon_ = std::move(*daemon);
  }
  Clock::time_point deadline = Clock::now() + settings_.timeout;
  if (!plan.control.path.empty()) {
    int fd = -1;
    while ((fd = open(plan.control.path.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC)) < 0) {
      if (Clock::now() > deadline || FdReadable(daemon_.pidfd())) {
        return fail(fmt::format("{} did not open its control file", plan.daemon.front()));
      }
      poll(nullptr, 0, 20);
    }
    std::string line = ReplaceAll(plan.control.content, "%PASSWORD%", request.password);
    ssize_t written = write(fd, line.data(), line.size());
    close(fd);
    if (written != static_cast<ssize_t>(line.size())) return fail("cannot write the control file");
  }
  while (!plan.ready_file.empty() && !Exists(plan.ready_file)) {
    if (daemon_.running() && FdReadable(daemon_.pidfd())) {
      return fail(fmt::format("{} exited before the tunnel was up", plan.daemon.front()));
    }
    if (request.interrupt_fd >= 0 && FdReadable(request.interrupt_fd)) {
      return fail(fmt::format("{} tunnel: interrupted", TunnelTypeName(settings_.type)));
    }
    if (Clock::now() > deadline) {
      return fail(fmt::format("no {} tunnel within {} s", TunnelTypeName(settings_.type),
                              settings_.timeout.count()));
    }
    poll(nullptr, 0, 20);
  }
  CM_TRY_STATUS(watch_.Open());
  if (daemon_.running()) CM_TRY_STATUS(watch_.Add(daemon_.pidfd()));
  up_ = true;
  return Ok();
}

bool LegacyTunnel::Gone() {
  if (gone_) return true;
  if (!up_ || !daemon_.running()) return false;
  if (FdReadable(daemon_.pidfd())) {
    gone_ = true;
    watch_.Close();
  }
  return gone_;
}

std::optional<uint64_t> LegacyTunnel::TrafficBytes() const {
  if (!up_ || settings_.interface.empty()) return std::nullopt;
  std::optional<InterfaceCounters> counters = ReadInterfaceCounters(settings_.interface);
  if (!counters) return std::nullopt;
  return counters->rx_bytes + counters->tx_bytes;
}

Status LegacyTunnel::Down(const MacroValues& macros) {
  (void)macros;
  Teardown();
  return Ok();
}

}  // namespace cm::cmdial
