// SPDX-License-Identifier: MIT
#include "connect/engine.h"

#include <fmt/format.h>
#include <poll.h>

#include <chrono>

#include "connect/idle_monitor.h"

namespace cm::cmdial {
namespace {

using Clock = std::chrono::steady_clock;

bool Readable(int fd, int timeout_ms) {
  if (fd < 0) return false;
  pollfd entry{fd, POLLIN, 0};
  return poll(&entry, 1, timeout_ms) > 0 && (entry.revents & (POLLIN | POLLHUP)) != 0;
}

}  // namespace

std::string_view PhaseName(Phase phase) {
  switch (phase) {
    case Phase::kConnecting:
      return "connecting";
    case Phase::kConnected:
      return "connected";
    case Phase::kRedialing:
      return "redialing";
    case Phase::kDisconnecting:
      return "disconnecting";
  }
  return "connecting";
}

bool UsesTunnel(ConnectionType type, const ServiceProfile& profile) {
  return type == ConnectionType::kDoubleDial || (type == ConnectionType::kDirect && profile.tunnel);
}

Engine::Engine(EngineParts parts, ConnectionFacts facts, LogonInput logon, EngineHooks hooks)
    : parts_(parts), facts_(std::move(facts)), logon_(std::move(logon)), hooks_(std::move(hooks)) {}

int Engine::interrupt_fd() const { return parts_.interrupts ? parts_.interrupts->fd() : -1; }

bool Engine::InterruptPending() {
  if (!parts_.interrupts || !Readable(parts_.interrupts->fd(), 0)) return false;
  int signal = parts_.interrupts->Take();
  parts_.log.Write(fmt::format("signal {} received", signal));
  return true;
}

void Engine::SetPhase(Phase phase) {
  parts_.log.Write(fmt::format("phase: {}", PhaseName(phase)));
  if (hooks_.phase_changed) hooks_.phase_changed(phase, facts_);
}

void Engine::Tell(const std::string& message) {
  if (hooks_.tell) hooks_.tell(message);
}

int Engine::Run() {
  const ServiceProfile& profile = parts_.profile;
  parts_.log.Write(fmt::format("connect '{}' ({}), type {}, interactive {}", profile.service_name,
                               profile.short_name, ConnectionTypeName(facts_.type),
                               facts_.interactive ? 1 : 0));
  SetPhase(Phase::kConnecting);
  Clock::time_point start = Clock::now();
  PointResult pre_init =
      parts_.runner.RunPoint(profile.ActionsAt(ActionPoint::kPreInit), MacroValuesOf(facts_),
                             OnFailure::kStop, interrupt_fd());
  parts_.log.Write(
      fmt::format("step pre-init done after {}", FormatDuration(Clock::now() - start)));
  if (pre_init.kind == PointResult::Kind::kInterrupted || InterruptPending()) return EndCancelled();
  if (pre_init.kind == PointResult::Kind::kFailed) {
    return EndWithError(pre_init.value, pre_init.source, pre_init.message);
  }

  // Logon: the realm goes on the user name the network sees; %UserName% stays without it.
  facts_.user_name = logon_.user_name;
  facts_.domain = logon_.domain;
  facts_.user_prefix = profile.realm_prefix;
  facts_.user_suffix = profile.realm_suffix;
  std::string full_name = profile.realm_prefix + logon_.user_name + profile.realm_suffix;
  if (facts_.type != ConnectionType::kDirect && profile.use_same_user_name) {
    facts_.inet_user_name = full_name;
  }
  parts_.log.Write(fmt::format("step logon: user '{}', domain '{}', password {}", full_name,
                               logon_.domain, logon_.password.empty() ? "not given" : "given"));

  uint32_t redials_left = profile.redial_count;
  bool redial = false;
  while (true) {
    AttemptEnd end = Attempt(redial);
    if (end == AttemptEnd::kCancelled) return EndCancelled();
    if (end == AttemptEnd::kFailed) {
      return EndWithError(failure_value_, failure_source_, failure_message_);
    }
    if (end == AttemptEnd::kRetry) {
      if (redials_left == 0) {
        return EndWithError(failure_value_, failure_source_, failure_message_);
      }
      --redials_left;
      parts_.log.Write(fmt::format("{}; redialing in {} s ({} redial(s) left after this one)",
                                   failure_message_, profile.redial_delay_seconds, redials_left));
      Tell(fmt::format("{}; redialing in {} s", failure_message_, profile.redial_delay_seconds));
      SetPhase(Phase::kRedialing);
      if (!WaitRedialDelay()) return EndCancelled();
      redial = true;
      continue;
    }
    WatchEnd watch = WatchConnected();
    switch (watch) {
      case WatchEnd::kUserDisconnect:
        Disconnect("the user disconnected");
        return 0;
      case WatchEnd::kMonitoredEnded:
        Disconnect("the last monitored action exited");
        return 0;
      case WatchEnd::kIdle:
        Disconnect(
            fmt::format("idle for {} minute(s) (IdleTimeout)", profile.idle_timeout_minutes));
        return 0;
      case WatchEnd::kDropped:
        break;
    }
    // The link is still up when it was the tunnel that went (Disconnect takes both down).
    const char* dropped = link_up_ ? "tunnel" : "link";
    Disconnect("the connection dropped");
    failure_value_ = 1;
    failure_source_ = dropped;
    failure_message_ = "the connection dropped";
    if (profile.redial_count == 0) return EndWithError(1, failure_source_, failure_message_);
    redials_left = profile.redial_count - 1;
    parts_.log.Write(
        fmt::format("the connection dropped; redialing in {} s", profile.redial_delay_seconds));
    Tell(fmt::format("the connection dropped; redialing in {} s", profile.redial_delay_seconds));
    SetPhase(Phase::kRedialing);
    if (!WaitRedialDelay()) return EndCancelled();
    redial = true;
  }
}

Engine::AttemptEnd Engine::RunStopPoint(ActionPoint point) {
  Clock::time_point start = Clock::now();
  PointResult result = parts_.runner.RunPoint(
      parts_.profile.ActionsAt(point), MacroValuesOf(facts_), OnFailure::kStop, interrupt_fd());
  parts_.log.Write(fmt::format("step {} done after {}", ActionPointName(point),
                               FormatDuration(Clock::now() - start)));
  if (result.kind == PointResult::Kind::kInterrupted || InterruptPending()) {
    return AttemptEnd::kCancelled;
  }
  if (result.kind == PointResult::Kind::kFailed) {
    failure_value_ = result.value;
    failure_source_ = result.source;
    failure_message_ = result.message;
    return AttemptEnd::kFailed;
  }
  return AttemptEnd::kConnected;
}

Engine::AttemptEnd Engine::Attempt(bool redial) {
  const ServiceProfile& profile = parts_.profile;
  facts_.auto_redial = redial;
  facts_.error_code.reset();
  facts_.last_error_source.clear();
  SetPhase(Phase::kConnecting);
  if (AttemptEnd end = RunStopPoint(ActionPoint::kPreConnect); end != AttemptEnd::kConnected) {
    return end;
  }
  if (facts_.type != ConnectionType::kDirect) {
    if (AttemptEnd end = RunStopPoint(ActionPoint::kPreDial); end != AttemptEnd::kConnected) {
      return end;
    }
  }

  DialRequest dial;
  dial.user_name = facts_.type == ConnectionType::kDirect ? std::string() : facts_.inet_user_name;
  dial.password = logon_.password;
  dial.domain = logon_.domain;
  dial.target = facts_.tunnel_server;
  dial.interrupt_fd = interrupt_fd();
  Clock::time_point start = Clock::now();
  Status dialed = parts_.link.Dial(dial);
  parts_.log.Write(fmt::format("step dial ({}): {} after {}", parts_.link.name(),
                               dialed ? "up" : dialed.error().message(),
                               FormatDuration(Clock::now() - start)));
  if (InterruptPending()) {
    if (dialed) link_up_ = true;
    return AttemptEnd::kCancelled;
  }
  if (!dialed) {
    failure_value_ = parts_.link.last_error_value() != 0 ? parts_.link.last_error_value() : 1;
    failure_source_ = "dial";
    failure_message_ = dialed.error().message();
    return dialed.error().code() == Errc::kNetwork ? AttemptEnd::kRetry : AttemptEnd::kFailed;
  }
  link_up_ = true;
  Addresses link_addresses = parts_.link.addresses();
  facts_.client_ip = link_addresses.client_ip;
  facts_.server_ip = link_addresses.server_ip;

  if (parts_.tunnel) {
    if (AttemptEnd end = RunStopPoint(ActionPoint::kPreTunnel); end != AttemptEnd::kConnected) {
      TearDown();
      return end;
    }
    TunnelRequest request{MacroValuesOf(facts_), logon_.password, interrupt_fd()};
    start = Clock::now();
    Status up = parts_.tunnel->Up(request);
    parts_.log.Write(fmt::format("step tunnel ({}): {} after {}", parts_.tunnel->name(),
                                 up ? "up" : up.error().message(),
                                 FormatDuration(Clock::now() - start)));
    if (InterruptPending()) {
      tunnel_up_ = static_cast<bool>(up);
      TearDown();
      return AttemptEnd::kCancelled;
    }
    if (!up) {
      TearDown();
      failure_value_ = parts_.tunnel->last_error_value();
      failure_source_ = "tunnel";
      failure_message_ = up.error().message();
      return up.error().code() == Errc::kNetwork ? AttemptEnd::kRetry : AttemptEnd::kFailed;
    }
    tunnel_up_ = true;
    Addresses tunnel_addresses = parts_.tunnel->addresses();
    if (!tunnel_addresses.client_ip.empty()) facts_.client_ip = tunnel_addresses.client_ip;
    if (!tunnel_addresses.server_ip.empty()) facts_.server_ip = tunnel_addresses.server_ip;
  }

  if (!profile.pb_url.empty() && hooks_.update_phonebook) {
    start = Clock::now();
    hooks_.update_phonebook();
    parts_.log.Write(
        fmt::format("step phone book update done after {}", FormatDuration(Clock::now() - start)));
  }
  if (AttemptEnd end = RunStopPoint(ActionPoint::kPostConnect); end != AttemptEnd::kConnected) {
    TearDown();
    return end;
  }
  monitored_started_ = Clock::now();
  monitored_ = parts_.runner.StartMonitored(profile.ActionsAt(ActionPoint::kMonitored),
                                            MacroValuesOf(facts_));
  SetPhase(Phase::kConnected);
  if (hooks_.connected) hooks_.connected();
  return AttemptEnd::kConnected;
}

Engine::WatchEnd Engine::WatchConnected() {
  IdleMonitor idle(std::chrono::seconds(parts_.profile.idle_timeout_minutes * 60));
  bool had_monitored = !monitored_.empty();
  while (true) {
    std::vector<pollfd> fds;
    if (interrupt_fd() >= 0) fds.push_back({interrupt_fd(), POLLIN, 0});
    if (parts_.link.DropFd() >= 0) fds.push_back({parts_.link.DropFd(), POLLIN, 0});
    if (parts_.tunnel && parts_.tunnel->WatchFd() >= 0) {
      fds.push_back({parts_.tunnel->WatchFd(), POLLIN, 0});
    }
    for (const Child& child : monitored_) {
      if (child.pidfd() >= 0) fds.push_back({child.pidfd(), POLLIN, 0});
    }
    poll(fds.data(), fds.size(), 5000);

    if (InterruptPending()) return WatchEnd::kUserDisconnect;
    if (parts_.link.DropFd() >= 0 && Readable(parts_.link.DropFd(), 0) && parts_.link.Dropped()) {
      parts_.log.Write(fmt::format("the {} link dropped", parts_.link.name()));
      link_up_ = false;
      return WatchEnd::kDropped;
    }
    if (parts_.tunnel && parts_.tunnel->Gone()) {
      parts_.log.Write(
          fmt::format("the {} tunnel is gone (its watched process exited)", parts_.tunnel->name()));
      return WatchEnd::kDropped;
    }
    for (auto it = monitored_.begin(); it != monitored_.end();) {
      pid_t pid = it->pid();
      if (std::optional<int> status = it->TryReap()) {
        parts_.log.Write(
            fmt::format("monitored action (pid {}) exited, wait status {}, {} "
                        "after it started",
                        pid, *status, FormatDuration(Clock::now() - monitored_started_)));
        it = monitored_.erase(it);
      } else {
        ++it;
      }
    }
    if (had_monitored && monitored_.empty()) return WatchEnd::kMonitoredEnded;
    std::optional<uint64_t> bytes =
        parts_.tunnel ? parts_.tunnel->TrafficBytes() : parts_.link.TrafficBytes();
    if (idle.Idle(Clock::now(), bytes)) return WatchEnd::kIdle;
  }
}

void Engine::TearDown() {
  for (Child& child : monitored_) child.KillGroupAndReap();
  monitored_.clear();
  if (tunnel_up_ && parts_.tunnel) {
    Status down = parts_.tunnel->Down(MacroValuesOf(facts_));
    if (!down) parts_.log.Write(down.error().message());
  }
  tunnel_up_ = false;
  if (link_up_) parts_.link.HangUp();
  link_up_ = false;
}

void Engine::Disconnect(std::string_view why) {
  parts_.log.Write(fmt::format("disconnect: {}", why));
  SetPhase(Phase::kDisconnecting);
  // Monitored actions use the connection: they stop first (their process groups are killed).
  for (Child& child : monitored_) child.KillGroupAndReap();
  monitored_.clear();
  Clock::time_point start = Clock::now();
  parts_.runner.RunPoint(parts_.profile.ActionsAt(ActionPoint::kDisconnect), MacroValuesOf(facts_),
                         OnFailure::kContinue, -1);
  parts_.log.Write(
      fmt::format("step disconnect actions done after {}", FormatDuration(Clock::now() - start)));
  if (parts_.tunnel) tunnel_up_ = true;  // run Down also after a drop, to clean up
  TearDown();
  parts_.log.Write("disconnected");
}

int Engine::EndWithError(int64_t value, std::string source, std::string message) {
  parts_.log.Write(fmt::format("error: {} (source {}, code {})", message, source, value));
  TearDown();
  facts_.error_code = value;
  facts_.last_error_source = std::move(source);
  parts_.runner.RunPoint(parts_.profile.ActionsAt(ActionPoint::kOnError), MacroValuesOf(facts_),
                         OnFailure::kContinue, -1);
  Tell(message);
  return 1;
}

int Engine::EndCancelled() {
  parts_.log.Write("the attempt was cancelled");
  TearDown();
  parts_.runner.RunPoint(parts_.profile.ActionsAt(ActionPoint::kOnCancel), MacroValuesOf(facts_),
                         OnFailure::kContinue, -1);
  Tell("the connection attempt was cancelled");
  return 1;
}

bool Engine::WaitRedialDelay() {
  int fd = interrupt_fd();
  int delay_ms = static_cast<int>(parts_.profile.redial_delay_seconds * 1000);
  if (fd < 0) {
    poll(nullptr, 0, delay_ms);
    return true;
  }
  return !(Readable(fd, delay_ms) && InterruptPending());
}

}  // namespace cm::cmdial
