// SPDX-License-Identifier: MIT
// The WireGuard tunnel: the kernel's wireguard interface when the module is there, else
// wireguard-go in user space; `wg set` with the user's private key file, the server's public
// key, endpoint and allowed IPs; `ip` for the address, the link and the routes. Up when the first
// handshake with the server is seen (`wg show IFACE latest-handshakes`): WireGuard has no
// connection, and a handshake is the only proof the server knows this user's key. Watched by the
// wireguard-go process, the interface, and (DeadPeerTimeout) the bytes received from the server.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "connect/child_process.h"
#include "connect/tunnel.h"
#include "engines/vpn_support.h"
#include "engines/vpn_watch.h"

namespace cm::cmdial {

struct WireGuardTunnelSettings {
  std::vector<HostPort> servers;         // endpoints in the order to try them
  std::string server_public_key;         // ServerPublicKey
  std::vector<std::string> allowed_ips;  // AllowedIPs (CIDR prefixes)
  std::string address;                   // this machine's tunnel address, CIDR (Address)
  int mtu = 1420;                        // MTU
  int keepalive_seconds = 25;            // PersistentKeepalive (0: off)
  int dead_peer_seconds = 0;             // DeadPeerTimeout: gone when nothing came for so long
  std::chrono::seconds handshake_timeout{10};  // per server (HandshakeTimeout)
  std::string interface;                       // the interface to make
  std::string key_file;                        // the user's private key (0600)
  std::string wireguard_go;                    // programs
  std::string wg;
  std::string ip;
};

// `wg set` arguments for `endpoint` (the private key is passed as the file, never as text).
std::vector<std::string> WireGuardSetArgs(const WireGuardTunnelSettings& settings,
                                          const HostPort& endpoint);
// The `ip` commands (argument lists) that give the interface its address, MTU, link and routes.
// A /0 prefix is routed as two halves (0.0.0.0/1 + 128.0.0.0/1, ::/1 + 8000::/1) so the default
// route stays for the endpoint itself.
std::vector<std::vector<std::string>> WireGuardIpCommands(const WireGuardTunnelSettings& settings);

// Parses `wg show IFACE transfer` ("KEY\tRX\tTX" lines): the sums, or nullopt when none parses.
std::optional<InterfaceCounters> ParseWgTransfer(std::string_view text);
// Parses `wg show IFACE latest-handshakes` ("KEY\tSECONDS" lines): the newest, 0 when none.
int64_t ParseWgLatestHandshake(std::string_view text);
// Parses `ip route get ADDRESS`: the gateway (empty: on-link) and the device.
struct RouteVia {
  std::string gateway;
  std::string device;
};
std::optional<RouteVia> ParseIpRouteGet(std::string_view text);

class WireGuardTunnel : public Tunnel {
 public:
  explicit WireGuardTunnel(WireGuardTunnelSettings settings) : settings_(std::move(settings)) {}
  ~WireGuardTunnel() override;
  WireGuardTunnel(const WireGuardTunnel&) = delete;
  WireGuardTunnel& operator=(const WireGuardTunnel&) = delete;

  std::string_view name() const override { return "wireguard"; }
  [[nodiscard]] Status Up(const TunnelRequest& request) override;
  [[nodiscard]] Status Down(const MacroValues& macros) override;
  int WatchFd() const override { return watch_.fd(); }
  bool Gone() override;
  Addresses addresses() const override { return addresses_; }
  std::optional<uint64_t> TrafficBytes() const override { return bytes_; }
  int64_t last_error_value() const override { return last_error_value_; }

  bool user_space() const { return child_.running(); }

 private:
  [[nodiscard]] Status MakeInterface(int interrupt_fd);
  [[nodiscard]] Status Configure(int interrupt_fd);
  [[nodiscard]] Result<bool> WaitHandshake(int interrupt_fd);
  [[nodiscard]] Status Fail800(std::string message);
  void ReadTransfer();
  void Stop();

  WireGuardTunnelSettings settings_;
  Child child_;               // wireguard-go, when in user space
  bool kernel_ = false;       // the interface is the kernel's
  std::string pinned_route_;  // the endpoint's host route added for a /0 allowed prefix
  VpnWatch watch_;
  Addresses addresses_;
  std::optional<uint64_t> bytes_;
  uint64_t last_rx_ = 0;
  std::chrono::steady_clock::time_point last_rx_change_;
  bool up_ = false;
  bool gone_ = false;
  int64_t last_error_value_ = 0;
};

}  // namespace cm::cmdial
