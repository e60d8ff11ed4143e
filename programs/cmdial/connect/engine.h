// SPDX-License-Identifier: MIT
// The connection engine: one connection from start to end, in the seed's order:
//   pre-init actions, logon, [attempt: pre-connect, pre-dial (dial-up), dial, pre-tunnel (VPN),
//   tunnel, phone book update (first post-connect step when the profile has PBURL), other
//   post-connect actions, monitored actions], connected until the user disconnects, the link or
//   tunnel drops, the last monitored action exits or the connection is idle; then disconnect
//   actions, tunnel down, hang up. A dial or tunnel failure and a drop are redialed per
//   RedialCount/RedialDelay (%AutoRedial% 1); a failing action ends the attempt. On-error
//   actions run on every error, on-cancel actions when an attempt is interrupted.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "cm/service_profile.h"
#include "connect/action_runner.h"
#include "connect/connection_log.h"
#include "connect/connection_macros.h"
#include "connect/interrupts.h"
#include "connect/link.h"
#include "connect/tunnel.h"

namespace cm::cmdial {

// Where a connection is; written to the state file on each change.
enum class Phase { kConnecting, kConnected, kRedialing, kDisconnecting };
std::string_view PhaseName(Phase phase);

// How the engine tells the rest of cmdial what happens. Every member may be empty.
struct EngineHooks {
  std::function<void(Phase, const ConnectionFacts&)> phase_changed;
  // Runs the phone book update (never fails the connection; logs its own result).
  std::function<void()> update_phonebook;
  // Called once per connection, when it is fully up (after the monitored actions started).
  std::function<void()> connected;
  // A message for the user (stderr in the foreground).
  std::function<void(const std::string&)> tell;
};

// The parts of one connection. All references must outlive the engine; `tunnel` is null for a
// connection without a tunnel.
struct EngineParts {
  const ServiceProfile& profile;
  Link& link;
  Tunnel* tunnel;
  ActionRunner& runner;
  ConnectionLog& log;
  Interrupts* interrupts;  // null: nothing interrupts (tests)
};

// The user's side of the logon.
struct LogonInput {
  std::string user_name;  // without realm
  std::string domain;
  std::string password;
};

class Engine {
 public:
  Engine(EngineParts parts, ConnectionFacts facts, LogonInput logon, EngineHooks hooks);

  // Runs the connection to its end. Returns the exit status: 0 when it connected and ended
  // normally (user disconnect, last monitored action, idle), 1 on an error or a cancel.
  int Run();

  const ConnectionFacts& facts() const { return facts_; }

 private:
  enum class AttemptEnd { kConnected, kRetry, kFailed, kCancelled };
  enum class WatchEnd { kUserDisconnect, kDropped, kMonitoredEnded, kIdle };

  AttemptEnd Attempt(bool redial);
  WatchEnd WatchConnected();
  // Returns kFailed/kCancelled/kConnected (continue) after running a point that may stop.
  AttemptEnd RunStopPoint(ActionPoint point);
  void Disconnect(std::string_view why);
  void TearDown();
  int EndWithError(int64_t value, std::string source, std::string message);
  int EndCancelled();
  bool WaitRedialDelay();
  bool InterruptPending();
  void SetPhase(Phase phase);
  void Tell(const std::string& message);
  int interrupt_fd() const;

  EngineParts parts_;
  ConnectionFacts facts_;
  LogonInput logon_;
  EngineHooks hooks_;
  std::vector<Child> monitored_;
  std::chrono::steady_clock::time_point monitored_started_{};
  bool link_up_ = false;
  bool tunnel_up_ = false;
  // The last failure of an attempt (for on-error when redials run out).
  int64_t failure_value_ = 0;
  std::string failure_source_;
  std::string failure_message_;
};

// Whether a connection type uses a tunnel (the seed's VPN part) with this profile.
bool UsesTunnel(ConnectionType type, const ServiceProfile& profile);

}  // namespace cm::cmdial
