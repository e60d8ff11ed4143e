// SPDX-License-Identifier: MIT
#include "engines/wireguard_tunnel.h"

#include <fmt/format.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <charconv>
#include <cstring>
#include <sstream>

#include "engines/openvpn_tunnel.h"  // kVpnError* values

namespace cm::cmdial {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::chrono::seconds kToolTimeout{5};

std::string UapiSocket(const std::string& interface) {
  return "/var/run/wireguard/" + interface + ".sock";
}

// Whether wireguard-go listens on its control socket yet (the file appears at bind(), before
// listen(); `wg` connecting in between would fall back to the kernel and fail).
bool Listening(const std::string& path) {
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (path.size() >= sizeof address.sun_path) {
    close(fd);
    return false;
  }
  memcpy(address.sun_path, path.data(), path.size());
  bool ok = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  close(fd);
  return ok;
}

bool IsV6(std::string_view prefix) { return prefix.find(':') != std::string_view::npos; }

std::vector<std::string> Lines(std::string_view text) {
  std::vector<std::string> lines;
  std::istringstream in{std::string(text)};
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

bool ToNumber(std::string_view text, int64_t* value) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), *value);
  return error == std::errc() && end == text.data() + text.size();
}

// Sleeps up to `ms`, false when `interrupt_fd` became readable.
bool Nap(int ms, int interrupt_fd) {
  if (interrupt_fd < 0) {
    poll(nullptr, 0, ms);
    return true;
  }
  pollfd fd{interrupt_fd, POLLIN, 0};
  return poll(&fd, 1, ms) == 0;
}

}  // namespace

std::vector<std::string> WireGuardSetArgs(const WireGuardTunnelSettings& settings,
                                          const HostPort& endpoint) {
  std::string allowed;
  for (const std::string& prefix : settings.allowed_ips) {
    if (!allowed.empty()) allowed += ",";
    allowed += prefix;
  }
  std::vector<std::string> args = {"set",         settings.interface,
                                   "private-key", settings.key_file,
                                   "peer",        settings.server_public_key,
                                   "endpoint",    JoinHostPort(endpoint),
                                   "allowed-ips", allowed};
  return args;
}

std::vector<std::vector<std::string>> WireGuardIpCommands(const WireGuardTunnelSettings& settings) {
  const std::string& dev = settings.interface;
  std::vector<std::vector<std::string>> commands;
  commands.push_back(
      {IsV6(settings.address) ? "-6" : "-4", "address", "add", settings.address, "dev", dev});
  commands.push_back({"link", "set", "dev", dev, "mtu", std::to_string(settings.mtu), "up"});
  for (const std::string& prefix : settings.allowed_ips) {
    std::vector<std::string> routed = {prefix};
    if (prefix == "0.0.0.0/0") routed = {"0.0.0.0/1", "128.0.0.0/1"};
    if (prefix == "::/0") routed = {"::/1", "8000::/1"};
    for (const std::string& route : routed) {
      commands.push_back({IsV6(route) ? "-6" : "-4", "route", "replace", route, "dev", dev});
    }
  }
  return commands;
}

std::optional<InterfaceCounters> ParseWgTransfer(std::string_view text) {
  std::optional<InterfaceCounters> total;
  for (const std::string& line : Lines(text)) {
    std::istringstream fields(line);
    std::string key;
    uint64_t rx = 0;
    uint64_t tx = 0;
    if (fields >> key >> rx >> tx) {
      if (!total) total = InterfaceCounters{};
      total->rx_bytes += rx;
      total->tx_bytes += tx;
    }
  }
  return total;
}

int64_t ParseWgLatestHandshake(std::string_view text) {
  int64_t newest = 0;
  for (const std::string& line : Lines(text)) {
    size_t tab = line.find('\t');
    if (tab == std::string::npos) continue;
    int64_t value = 0;
    if (ToNumber(std::string_view(line).substr(tab + 1), &value) && value > newest) newest = value;
  }
  return newest;
}

std::optional<RouteVia> ParseIpRouteGet(std::string_view text) {
  std::istringstream words{std::string(text)};
  std::string word;
  RouteVia via;
  while (words >> word) {
    if (word == "via") words >> via.gateway;
    if (word == "dev") words >> via.device;
  }
  if (via.device.empty()) return std::nullopt;
  return via;
}

WireGuardTunnel::~WireGuardTunnel() { Stop(); }

void WireGuardTunnel::Stop() {
  watch_.Close();
  if (!pinned_route_.empty()) {
    (void)RunTool(settings_.ip, {"-4", "route", "del", pinned_route_}, kToolTimeout);
    pinned_route_.clear();
  }
  if (child_.running()) {
    // wireguard-go removes its interface and socket when it ends.
    child_.KillGroupAndReap(std::chrono::milliseconds(2000));
  }
  if (kernel_) {
    (void)RunTool(settings_.ip, {"link", "del", "dev", settings_.interface}, kToolTimeout);
    kernel_ = false;
  }
  up_ = false;
}

Status WireGuardTunnel::Fail800(std::string message) {
  last_error_value_ = kVpnErrorNoAnswer;
  Stop();
  return Fail(Errc::kNetwork, std::move(message));
}

Status WireGuardTunnel::MakeInterface(int interrupt_fd) {
  Result<ToolRun> kernel = RunTool(
      settings_.ip, {"link", "add", "dev", settings_.interface, "type", "wireguard"}, kToolTimeout);
  if (kernel && kernel->exit == 0) {
    kernel_ = true;
    return Ok();
  }
  CM_TRY_STATUS(RequireTool(settings_.wireguard_go, "wireguard-go"));
  child_ = CM_TRY(Spawn(settings_.wireguard_go, {"-f", settings_.interface},
                        SpawnOptions{ChildOutput::kDiscard, {}}));
  Clock::time_point deadline = Clock::now() + kToolTimeout;
  while (!Listening(UapiSocket(settings_.interface))) {
    if (FdReadable(child_.pidfd())) {
      return Fail800(
          fmt::format("wireguard-go could not make interface {} (is /dev/net/tun "
                      "there, and the name free?)",
                      settings_.interface));
    }
    if (Clock::now() > deadline) return Fail800("wireguard-go did not start in time");
    if (!Nap(2, interrupt_fd)) return Fail800("WireGuard tunnel: interrupted");
  }
  return Ok();
}

Status WireGuardTunnel::Configure(int interrupt_fd) {
  (void)interrupt_fd;
  for (const std::vector<std::string>& command : WireGuardIpCommands(settings_)) {
    Status done = RunToolOk("configuring the WireGuard interface", settings_.ip, command);
    if (!done) return Fail800(done.error().message());
  }
  bool full = false;
  for (const std::string& prefix : settings_.allowed_ips) full |= prefix == "0.0.0.0/0";
  if (full && !settings_.servers.empty() && !IsV6(settings_.servers.front().host)) {
    // Keep the endpoint reachable outside the tunnel (OpenVPN's def1 way).
    Result<ToolRun> route =
        RunTool(settings_.ip, {"-4", "route", "get", settings_.servers.front().host}, kToolTimeout);
    std::optional<RouteVia> via =
        route && route->exit == 0 ? ParseIpRouteGet(route->output) : std::nullopt;
    if (via && via->device != settings_.interface) {
      std::string host = settings_.servers.front().host + "/32";
      std::vector<std::string> args = {"-4", "route", "replace", host};
      if (!via->gateway.empty()) args.insert(args.end(), {"via", via->gateway});
      args.insert(args.end(), {"dev", via->device});
      if (RunToolOk("pinning the endpoint's route", settings_.ip, args)) pinned_route_ = host;
    }
  }
  return Ok();
}

Result<bool> WireGuardTunnel::WaitHandshake(int interrupt_fd) {
  Clock::time_point deadline = Clock::now() + settings_.handshake_timeout;
  while (Clock::now() < deadline) {
    Result<ToolRun> shown =
        RunTool(settings_.wg, {"show", settings_.interface, "latest-handshakes"}, kToolTimeout);
    if (shown && shown->exit == 0 && ParseWgLatestHandshake(shown->output) > 0) return true;
    if (child_.running() && FdReadable(child_.pidfd())) {
      return Fail(Errc::kNetwork, "wireguard-go exited");
    }
    if (!Nap(5, interrupt_fd)) return Fail(Errc::kNetwork, "WireGuard tunnel: interrupted");
  }
  return false;
}

Status WireGuardTunnel::Up(const TunnelRequest& request) {
  Stop();
  gone_ = false;
  last_error_value_ = 0;
  addresses_ = {};
  bytes_.reset();
  (void)request.password;  // WireGuard's logon is the key pair
  if (Status tools = RequireTool(settings_.wg, "wireguard-tools"); !tools) {
    last_error_value_ = 127;
    return tools;
  }
  if (Status tools = RequireTool(settings_.ip, "iproute2"); !tools) {
    last_error_value_ = 127;
    return tools;
  }
  if (settings_.servers.empty()) return Fail800("WireGuard: the profile names no server");
  CM_TRY_STATUS(MakeInterface(request.interrupt_fd));
  bool shaken = false;
  for (size_t i = 0; i < settings_.servers.size() && !shaken; ++i) {
    const HostPort& server = settings_.servers[i];
    Status set = RunToolOk("wg set", settings_.wg, WireGuardSetArgs(settings_, server));
    if (!set) return Fail800(set.error().message());
    if (i == 0) CM_TRY_STATUS(Configure(request.interrupt_fd));
    // Setting a keepalive on a running interface sends one at once: the first handshake.
    int keepalive = settings_.keepalive_seconds > 0 ? settings_.keepalive_seconds : 25;
    Status kick = RunToolOk("wg set", settings_.wg,
                            {"set", settings_.interface, "peer", settings_.server_public_key,
                             "persistent-keepalive", std::to_string(keepalive)});
    if (!kick) return Fail800(kick.error().message());
    Result<bool> handshake = WaitHandshake(request.interrupt_fd);
    if (!handshake) return Fail800(handshake.error().message());
    shaken = *handshake;
    if (shaken) addresses_.server_ip = server.host;
    if (settings_.keepalive_seconds == 0) {
      (void)RunTool(settings_.wg,
                    {"set", settings_.interface, "peer", settings_.server_public_key,
                     "persistent-keepalive", "0"},
                    kToolTimeout);
    }
  }
  if (!shaken) {
    return Fail800(fmt::format(
        "no WireGuard handshake with {} within {} s each: is the server up, and does it know "
        "this user's public key (`cmdial vpn-key SERVICE` prints it)?",
        settings_.servers.size() == 1 ? JoinHostPort(settings_.servers.front())
                                      : fmt::format("{} servers", settings_.servers.size()),
        settings_.handshake_timeout.count()));
  }
  addresses_.client_ip = settings_.address.substr(0, settings_.address.find('/'));
  CM_TRY_STATUS(watch_.Open());
  if (child_.running()) CM_TRY_STATUS(watch_.Add(child_.pidfd()));
  CM_TRY_STATUS(watch_.AddTimer(std::chrono::milliseconds(1000)));
  ReadTransfer();
  last_rx_change_ = Clock::now();
  up_ = true;
  return Ok();
}

void WireGuardTunnel::ReadTransfer() {
  Result<ToolRun> shown =
      RunTool(settings_.wg, {"show", settings_.interface, "transfer"}, kToolTimeout);
  if (!shown || shown->exit != 0) return;
  std::optional<InterfaceCounters> counters = ParseWgTransfer(shown->output);
  if (!counters) return;
  bytes_ = counters->rx_bytes + counters->tx_bytes;
  if (counters->rx_bytes != last_rx_) {
    last_rx_ = counters->rx_bytes;
    last_rx_change_ = Clock::now();
  }
}

bool WireGuardTunnel::Gone() {
  if (gone_) return true;
  if (!up_) return false;
  bool gone = child_.running() && FdReadable(child_.pidfd());
  if (!gone && watch_.TimerFired()) {
    gone = !ReadInterfaceCounters(settings_.interface).has_value();
    if (!gone) {
      ReadTransfer();
      gone = settings_.dead_peer_seconds > 0 &&
             Clock::now() - last_rx_change_ > std::chrono::seconds(settings_.dead_peer_seconds);
    }
  }
  if (gone) {
    gone_ = true;
    up_ = false;
    watch_.Close();
  }
  return gone;
}

Status WireGuardTunnel::Down(const MacroValues& macros) {
  (void)macros;
  Stop();
  return Ok();
}

}  // namespace cm::cmdial
