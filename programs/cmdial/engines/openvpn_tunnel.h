// SPDX-License-Identifier: MIT
// The OpenVPN tunnel: runs `openvpn --config <generated>` and drives it over its management
// interface (a unix socket in the connection's 0700 runtime folder): releases the hold, answers
// the username/password query with the logon, and is up when the state becomes
// CONNECTED,SUCCESS (the addresses come from that state line). Gone when the process exits or
// the state leaves CONNECTED (for example RECONNECTING after the server stopped answering).
#pragma once

#include <chrono>
#include <string>

#include "connect/child_process.h"
#include "connect/tunnel.h"
#include "engines/openvpn_config.h"
#include "engines/openvpn_management.h"
#include "engines/vpn_watch.h"

namespace cm::cmdial {

struct OpenVpnTunnelSettings {
  OpenVpnClientOptions client;       // management_socket and log_file are set by the tunnel
  std::string openvpn;               // the program
  std::string work_dir;              // <runtime>/<short>: config, socket, log (made 0700)
  std::chrono::seconds timeout{60};  // for the whole of Up()
};

// RAS-style values for %ErrorCode% (Windows' numbers, so administrators' scripts keep working).
inline constexpr int64_t kVpnErrorAuthentication = 691;  // the server refused the logon
inline constexpr int64_t kVpnErrorNoAnswer = 800;        // no tunnel could be made

class OpenVpnTunnel : public Tunnel {
 public:
  explicit OpenVpnTunnel(OpenVpnTunnelSettings settings) : settings_(std::move(settings)) {}
  ~OpenVpnTunnel() override;
  OpenVpnTunnel(const OpenVpnTunnel&) = delete;
  OpenVpnTunnel& operator=(const OpenVpnTunnel&) = delete;

  std::string_view name() const override { return "openvpn"; }
  [[nodiscard]] Status Up(const TunnelRequest& request) override;
  [[nodiscard]] Status Down(const MacroValues& macros) override;
  int WatchFd() const override { return watch_.fd(); }
  bool Gone() override;
  Addresses addresses() const override { return addresses_; }
  std::optional<uint64_t> TrafficBytes() const override { return bytes_; }
  int64_t last_error_value() const override { return last_error_value_; }

  // The generated configuration's path (for tests and the log).
  std::string config_path() const { return settings_.work_dir + "/openvpn.conf"; }
  std::string log_path() const { return settings_.work_dir + "/openvpn.log"; }
  pid_t pid() const { return child_.pid(); }

 private:
  [[nodiscard]] Status Start(const TunnelRequest& request);
  [[nodiscard]] Status ConnectManagement(std::chrono::steady_clock::time_point deadline,
                                         int interrupt_fd);
  // Reads what is available on the management socket and handles it (queries answered with
  // `user`/`password` when given). Returns false when the socket closed.
  bool Pump(const std::string* user, const std::string* password);
  void Send(std::string_view text);
  [[nodiscard]] Status FailUp(int64_t value, std::string message);
  std::string LogTail() const;
  void Stop();

  OpenVpnTunnelSettings settings_;
  Child child_;
  int management_fd_ = -1;
  ManagementLineReader reader_;
  VpnWatch watch_;
  Addresses addresses_;
  std::optional<uint64_t> bytes_;
  std::string state_;  // the last STATE name
  std::string state_detail_;
  std::string failure_;  // a FATAL, auth failure or refused command seen while pumping
  bool auth_failed_ = false;
  bool up_ = false;
  bool gone_ = false;
  int64_t last_error_value_ = 0;
};

}  // namespace cm::cmdial
