// SPDX-License-Identifier: MIT
#include "connect/control_commands.h"

#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "cm/file_util.h"
#include "connect/connect_plan.h"
#include "connect/connection_state.h"
#include "profiles/profile_store.h"

namespace cm::cmdial {
namespace {

// How long disconnect and cancel wait for the connection's process: its disconnect or on-cancel
// actions may each take up to their timeout.
constexpr int kWaitSeconds = 600;

int Error(cli::Output& output, const std::string& message) {
  output.err << "cmdial: error: " << message << "\n";
  return cli::kExitFailed;
}

// The short name of SERVICE (a short name or a service name of an installed profile).
std::string ShortNameOf(const std::string& service) {
  Result<InstalledProfile> installed = FindProfile(service);
  return installed ? installed->short_name() : service;
}

bool WaitForExit(pid_t pid, int seconds) {
  int fd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  if (fd < 0) return true;
  pollfd entry{fd, POLLIN, 0};
  bool gone = poll(&entry, 1, seconds * 1000) == 1;
  close(fd);
  return gone;
}

// The live state of SERVICE, or an error message (stale files are removed here).
Result<ConnectionState> LiveState(const std::string& service) {
  std::string short_name = ShortNameOf(service);
  Result<ConnectionState> state = ReadState(short_name);
  if (!state) {
    if (state.error().code() == Errc::kNotFound) {
      return Fail(Errc::kNotFound, fmt::format("{} is not connected", short_name));
    }
    return state;
  }
  if (state->stale) {
    RemoveState(short_name);
    return Fail(Errc::kNotFound,
                fmt::format("{} is not connected (its process {} is gone; stale state removed)",
                            short_name, state->pid));
  }
  return state;
}

int Signal(const std::string& service, int signal, bool attempts_only, cli::Output& output) {
  Result<ConnectionState> state = LiveState(service);
  if (!state) return Error(output, state.error().message());
  bool attempting = state->phase == "connecting" || state->phase == "redialing";
  if (attempts_only && !attempting) {
    return Error(output, fmt::format("{} is {}, not connecting: nothing to cancel (use 'cmdial "
                                     "disconnect {}')",
                                     state->short_name, state->phase, state->short_name));
  }
  if (kill(static_cast<pid_t>(state->pid), signal) != 0) {
    return Error(output,
                 fmt::format("cannot signal process {}: {}", state->pid, std::strerror(errno)));
  }
  if (!WaitForExit(static_cast<pid_t>(state->pid), kWaitSeconds)) {
    return Error(output,
                 fmt::format("process {} did not end within {} s", state->pid, kWaitSeconds));
  }
  output.out << fmt::format("{} {}\n", state->short_name,
                            attempts_only ? "attempt cancelled" : "disconnected");
  return cli::kExitOk;
}

nlohmann::ordered_json ToJson(const ConnectionState& state) {
  return {{"service", state.short_name},
          {"service_name", state.service_name},
          {"phase", state.phase},
          {"since", state.since},
          {"pid", state.pid},
          {"type", state.type},
          {"user", state.user},
          {"tunnel_server", state.tunnel_server},
          {"client_ip", state.client_ip},
          {"server_ip", state.server_ip},
          {"log", state.log}};
}

int Status(bool json, cli::Output& output) {
  std::vector<ConnectionState> live;
  for (ConnectionState& state : ListStates()) {
    if (state.stale) {
      RemoveState(state.short_name);
      if (!json) {
        output.err << fmt::format("cmdial: note: {}: process {} is gone; stale state removed\n",
                                  state.short_name, state.pid);
      }
      continue;
    }
    live.push_back(std::move(state));
  }
  if (json) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const ConnectionState& state : live) list.push_back(ToJson(state));
    output.out << list.dump(2) << "\n";
    return cli::kExitOk;
  }
  if (live.empty()) output.out << "no connections\n";
  for (const ConnectionState& state : live) {
    output.out << fmt::format(
        "{} ({}): {} since {}, {}, user '{}', client {}, server {}, tunnel server {}, pid {}\n",
        state.short_name, state.service_name, state.phase, state.since, state.type, state.user,
        state.client_ip.empty() ? "-" : state.client_ip,
        state.server_ip.empty() ? "-" : state.server_ip,
        state.tunnel_server.empty() ? "-" : state.tunnel_server, state.pid);
  }
  return cli::kExitOk;
}

int ShowLog(const std::string& service, cli::Output& output) {
  std::string path;
  Result<StorePaths> paths = StorePaths::FromEnvironment();
  Result<InstalledProfile> installed = FindProfile(service);
  if (installed && paths) {
    path = ConnectionLogPath(*installed, *paths);
  } else if (Result<ConnectionState> state = ReadState(service); state) {
    path = state->log;
  }
  if (path.empty()) {
    return Error(output, installed ? "no connection log" : installed.error().ToString());
  }
  Result<std::string> text = ReadFile(path);
  if (!text) {
    return Error(output, text.error().code() == Errc::kNotFound
                             ? fmt::format("{}: no connection logged yet", path)
                             : text.error().ToString());
  }
  output.out << *text;
  return cli::kExitOk;
}

}  // namespace

void RegisterControlCommands(CLI::App& app, cli::CommandRegistry& registry) {
  auto service = std::make_shared<std::string>();
  CLI::App* disconnect =
      app.add_subcommand("disconnect",
                         "Run the disconnect actions, then close the connection (also stops an "
                         "attempt in progress)");
  disconnect->add_option("SERVICE", *service, "Short name or service name")->required();
  registry.Add(disconnect,
               [service](cli::Output& output) { return Signal(*service, SIGTERM, false, output); });

  auto cancel_service = std::make_shared<std::string>();
  CLI::App* cancel = app.add_subcommand(
      "cancel", "Cancel a connection attempt in progress (its on-cancel actions run)");
  cancel->add_option("SERVICE", *cancel_service, "Short name or service name")->required();
  registry.Add(cancel, [cancel_service](cli::Output& output) {
    return Signal(*cancel_service, SIGINT, true, output);
  });

  auto json = std::make_shared<bool>(false);
  CLI::App* status = app.add_subcommand("status", "Show the connections and their state");
  status->add_flag("--json", *json, "JSON output");
  registry.Add(status, [json](cli::Output& output) { return Status(*json, output); });

  auto log_service = std::make_shared<std::string>();
  CLI::App* log = app.add_subcommand("log", "Show the log of a service's last connection");
  log->add_option("SERVICE", *log_service, "Short name or service name")->required();
  registry.Add(log, [log_service](cli::Output& output) { return ShowLog(*log_service, output); });
}

}  // namespace cm::cmdial
