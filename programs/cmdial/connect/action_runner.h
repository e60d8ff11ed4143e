// SPDX-License-Identifier: MIT
// Runs a profile's custom actions the seed's way: program from the profile folder or an
// absolute path (never PATH), parameters after macro expansion, stdin closed, own process group,
// a timeout, shared-library actions through their entry point, only for the connection types an
// action names, interactive ones skipped when nobody can answer them.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "cm/macros.h"
#include "cm/service_profile.h"
#include "connect/child_process.h"
#include "connect/connection_log.h"
#include "connect/logon_actions.h"

namespace cm::cmdial {

// What the runner needs from the connection. `log` must outlive the runner.
struct ActionSettings {
  std::string profile_dir;  // absolute; relative programs are found only here
  std::string short_name;   // a leading "SHORT\" or "SHORT/" in a program path means the folder
  ConnectionType type = ConnectionType::kDirect;
  bool interactive = true;             // false: actions flagged interactive are skipped
  const LogonPolicy* logon = nullptr;  // non-null in --logon mode: only these programs run
  ConnectionLog* log = nullptr;
};

// The end of one point's actions.
struct PointResult {
  enum class Kind { kDone, kFailed, kInterrupted };
  Kind kind = Kind::kDone;
  int64_t value = 0;    // kFailed: the exit code, the entry point's result, 124 timed out,
                        // 126 not runnable, 127 not found, 128+N killed by signal N
  std::string message;  // kFailed: "<Description> failed <value>" and why
  std::string source;   // kFailed: "pre-connect action <Description>"
};

// Whether a point stops at its first failing action (the seed: pre-init, pre-connect, pre-dial,
// pre-tunnel and post-connect failures end the attempt) or runs every action regardless.
enum class OnFailure { kStop, kContinue };

class ActionRunner {
 public:
  explicit ActionRunner(ActionSettings settings) : settings_(std::move(settings)) {}

  // Runs `actions` in order with `macros`. `interrupt_fd` (>= 0): when it becomes readable the
  // running action's process group is killed and the result is kInterrupted (the fd is not
  // read). Each action is logged with its time, duration and exit code.
  PointResult RunPoint(const std::vector<ProfileAction>& actions, const MacroValues& macros,
                       OnFailure on_failure, int interrupt_fd);

  // Starts the monitored actions (asynchronously; output discarded). Actions that cannot start,
  // and shared-library actions (the seed: monitored actions must be programs), are logged and
  // left out.
  std::vector<Child> StartMonitored(const std::vector<ProfileAction>& actions,
                                    const MacroValues& macros);

  // The absolute program an action's program text names after macro expansion, or an error:
  // kInvalidArgument for a relative path that leaves the profile folder.
  [[nodiscard]] Result<std::string> ResolveProgram(const std::string& program_text,
                                                   const MacroValues& macros) const;

  const ActionSettings& settings() const { return settings_; }

 private:
  // Why an action does not run here, or empty when it runs.
  std::string SkipReason(const ProfileAction& action, const std::string& program) const;
  PointResult RunOne(const ProfileAction& action, const MacroValues& macros, int interrupt_fd);
  void Log(std::string_view text) const;

  ActionSettings settings_;
};

// The absolute path of a program named in a profile command line (after macro expansion and
// with '\' read as '/'): an absolute path as given; otherwise inside `profile_dir` (a leading
// "SHORT/" naming the folder itself is dropped). Never looked up in PATH.
// Errors: kInvalidArgument for an empty name or a relative path with "..".
[[nodiscard]] Result<std::string> ResolveProfileProgram(const std::string& program_text,
                                                        const MacroValues& macros,
                                                        const std::string& profile_dir,
                                                        const std::string& short_name);

// True when `program` names a shared library (".so" or ".so.N" file name).
bool IsSharedLibrary(std::string_view program);

// The text used in messages for an action: its Description, else its program's file name.
std::string DescriptionOf(const ProfileAction& action);

}  // namespace cm::cmdial
