// SPDX-License-Identifier: MIT
// The `command` tunnel: the administrator's own commands bring the tunnel up and down
// ([cmsuite Tunnel] Up= and Down=, macros expanded, programs found like custom actions).
//
// The up command's contract (docs/cmdial.md):
//  * stdin: the password and a newline when one was given, else /dev/null;
//  * exit 0: the tunnel is up; any other exit: it failed (the value is %ErrorCode%);
//  * stdout lines KEY=VALUE (others ignored): PID=<n> the process whose life is the tunnel's
//    (when it exits, the tunnel is gone; a line that is only a number says the same);
//    CLIENT_IP=, SERVER_IP= the addresses for the macros;
//    IFACE=<name> the network interface, whose byte counters drive the idle timeout.
// A process left running by the up command must not keep its stdout open past the exit (the
// engine does not wait for end-of-file, only for the exit).
#pragma once

#include <chrono>
#include <string>

#include "connect/connection_log.h"
#include "connect/tunnel.h"

namespace cm::cmdial {

// What the up command reported on stdout.
struct TunnelReport {
  int64_t pid = 0;  // 0: none
  std::string client_ip;
  std::string server_ip;
  std::string interface;
};

// Reads KEY=VALUE lines (LF or CRLF). Unknown keys and malformed lines are ignored; a PID that
// is not a positive number is ignored; an interface name with '/' or longer than 15 bytes is
// ignored. Never fails: the output is the administrator's script's.
TunnelReport ParseTunnelReport(std::string_view output);

struct CommandTunnelSettings {
  std::string up;  // command lines, macros not expanded
  std::string down;
  std::string profile_dir;
  std::string short_name;
  std::chrono::seconds timeout{60};  // for each command ([cmsuite Tunnel] Timeout)
  ConnectionLog* log = nullptr;      // must outlive the tunnel
};

class CommandTunnel : public Tunnel {
 public:
  explicit CommandTunnel(CommandTunnelSettings settings) : settings_(std::move(settings)) {}
  ~CommandTunnel() override;
  CommandTunnel(const CommandTunnel&) = delete;
  CommandTunnel& operator=(const CommandTunnel&) = delete;

  std::string_view name() const override { return "command"; }
  [[nodiscard]] Status Up(const TunnelRequest& request) override;
  [[nodiscard]] Status Down(const MacroValues& macros) override;
  int WatchFd() const override { return watch_fd_; }
  bool Gone() override;
  Addresses addresses() const override;
  std::optional<uint64_t> TrafficBytes() const override;
  int64_t last_error_value() const override { return last_error_value_; }
  // The watched process, 0 when the up command named none.
  int64_t watched_pid() const { return report_.pid; }

 private:
  struct CommandResult {
    int64_t value = 0;  // exit code, 124 timed out, 128+N signal N
    bool interrupted = false;
    std::string output;
  };
  [[nodiscard]] Result<CommandResult> RunCommand(std::string_view which,
                                                 const std::string& command_line,
                                                 const MacroValues& macros,
                                                 const std::string& stdin_text, int interrupt_fd);
  void StopWatching();
  void Log(std::string_view text) const;

  CommandTunnelSettings settings_;
  TunnelReport report_;
  int watch_fd_ = -1;
  int64_t last_error_value_ = 0;
};

}  // namespace cm::cmdial
