// SPDX-License-Identifier: MIT
#include "connect/command_tunnel.h"

#include <fmt/format.h>
#include <poll.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <charconv>

#include "connect/action_runner.h"
#include "connect/command_line.h"
#include "connect/idle_monitor.h"

namespace cm::cmdial {
namespace {

using Clock = std::chrono::steady_clock;

}  // namespace

TunnelReport ParseTunnelReport(std::string_view output) {
  TunnelReport report;
  while (!output.empty()) {
    size_t end = output.find('\n');
    std::string_view line = output.substr(0, end);
    output = end == std::string_view::npos ? std::string_view() : output.substr(end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    size_t equals = line.find('=');
    if (equals == std::string_view::npos) {
      // A line that is only a number is the watched process too (a bare `echo $!`).
      int64_t pid = 0;
      auto [ptr, error] = std::from_chars(line.data(), line.data() + line.size(), pid);
      if (!line.empty() && error == std::errc() && ptr == line.data() + line.size() && pid > 0 &&
          pid <= 0x3fffffff) {
        report.pid = pid;
      }
      continue;
    }
    std::string_view key = line.substr(0, equals);
    std::string_view value = line.substr(equals + 1);
    if (key == "PID") {
      int64_t pid = 0;
      auto [ptr, error] = std::from_chars(value.data(), value.data() + value.size(), pid);
      if (error == std::errc() && ptr == value.data() + value.size() && pid > 0 &&
          pid <= 0x3fffffff) {
        report.pid = pid;
      }
    } else if (key == "CLIENT_IP") {
      report.client_ip = std::string(value);
    } else if (key == "SERVER_IP") {
      report.server_ip = std::string(value);
    } else if (key == "IFACE" && !value.empty() && value.size() <= 15 &&
               value.find('/') == std::string_view::npos && value != "." && value != "..") {
      report.interface = std::string(value);
    }
  }
  return report;
}

CommandTunnel::~CommandTunnel() { StopWatching(); }

void CommandTunnel::Log(std::string_view text) const {
  if (settings_.log) settings_.log->Write(text);
}

void CommandTunnel::StopWatching() {
  if (watch_fd_ >= 0) close(watch_fd_);
  watch_fd_ = -1;
}

Result<CommandTunnel::CommandResult> CommandTunnel::RunCommand(std::string_view which,
                                                               const std::string& command_line,
                                                               const MacroValues& macros,
                                                               const std::string& stdin_text,
                                                               int interrupt_fd) {
  ActionCommandLine command = SplitCommandLine(command_line);
  std::string program = CM_TRY(
      ResolveProfileProgram(command.program, macros, settings_.profile_dir, settings_.short_name));
  std::vector<std::string> args = ExpandParameters(command.parameters, macros);
  Clock::time_point start = Clock::now();
  Log(fmt::format("tunnel {}: run {} ({} arguments)", which, program, args.size()));
  Child child = CM_TRY(Spawn(program, args, SpawnOptions{ChildOutput::kCapture, stdin_text}));
  WaitOutcome outcome = WaitChild(child, settings_.timeout, interrupt_fd);
  CommandResult result;
  result.output = child.output();
  std::string took = FormatDuration(Clock::now() - start);
  switch (outcome.kind) {
    case WaitOutcome::Kind::kExited:
      result.value = outcome.code;
      Log(fmt::format("tunnel {}: exit {} after {}", which, outcome.code, took));
      break;
    case WaitOutcome::Kind::kSignalled:
      result.value = 128 + outcome.code;
      Log(fmt::format("tunnel {}: killed by signal {} after {}", which, outcome.code, took));
      break;
    case WaitOutcome::Kind::kTimedOut:
      result.value = 124;
      Log(fmt::format("tunnel {}: timed out after {} s; its process group was killed", which,
                      settings_.timeout.count()));
      break;
    case WaitOutcome::Kind::kInterrupted:
      result.interrupted = true;
      Log(fmt::format("tunnel {}: interrupted after {}", which, took));
      break;
  }
  return result;
}

Status CommandTunnel::Up(const TunnelRequest& request) {
  StopWatching();
  report_ = {};
  last_error_value_ = 0;
  std::string stdin_text = request.password.empty() ? std::string() : request.password + "\n";
  Result<CommandResult> result =
      RunCommand("up", settings_.up, request.macros, stdin_text, request.interrupt_fd);
  if (!result) {
    last_error_value_ = result.error().code() == Errc::kNotFound ? 127 : 126;
    return Fail(result.error().code(),
                fmt::format("tunnel up command cannot run: {}", result.error().message()));
  }
  if (result->interrupted) return Fail(Errc::kNetwork, "tunnel up command interrupted");
  if (result->value != 0) {
    last_error_value_ = result->value;
    return Fail(Errc::kNetwork, fmt::format("tunnel up command failed {}", result->value));
  }
  report_ = ParseTunnelReport(result->output);
  if (report_.pid > 0) {
    watch_fd_ = static_cast<int>(syscall(SYS_pidfd_open, static_cast<pid_t>(report_.pid), 0));
    if (watch_fd_ < 0) {
      last_error_value_ = 1;
      return Fail(
          Errc::kNetwork,
          fmt::format("tunnel up command reported PID={}, which is not running", report_.pid));
    }
    Log(fmt::format("tunnel up: watching process {}", report_.pid));
  } else {
    Log("tunnel up: no PID= reported; the tunnel is taken as up until disconnect");
  }
  return Ok();
}

Status CommandTunnel::Down(const MacroValues& macros) {
  StopWatching();
  Result<CommandResult> result = RunCommand("down", settings_.down, macros, {}, -1);
  if (!result) {
    return Fail(result.error().code(),
                fmt::format("tunnel down command cannot run: {}", result.error().message()));
  }
  if (result->value != 0) {
    return Fail(Errc::kNetwork, fmt::format("tunnel down command failed {}", result->value));
  }
  return Ok();
}

bool CommandTunnel::Gone() {
  if (watch_fd_ < 0) return false;
  pollfd fd{watch_fd_, POLLIN, 0};
  return poll(&fd, 1, 0) > 0 && (fd.revents & (POLLIN | POLLHUP)) != 0;
}

Addresses CommandTunnel::addresses() const { return {report_.client_ip, report_.server_ip}; }

std::optional<uint64_t> CommandTunnel::TrafficBytes() const {
  return InterfaceTrafficBytes(report_.interface);
}

}  // namespace cm::cmdial
