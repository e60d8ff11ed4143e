// SPDX-License-Identifier: MIT
// Child processes for custom actions and tunnel commands: started in their own process group
// with stdin on /dev/null, waited for with a timeout and an interrupt, killed as a group.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cm/result.h"

namespace cm::cmdial {

// Where a child's standard output and error go.
enum class ChildOutput { kCapture, kDiscard };

struct SpawnOptions {
  ChildOutput output = ChildOutput::kCapture;
  // Text written to the child's stdin, then closed (for example a password on one line);
  // empty: stdin is /dev/null.
  std::string stdin_text;
};

// A started child. Owns its pidfd and output pipe; the destructor kills the group of a child
// that was neither waited for nor released, then reaps it.
class Child {
 public:
  Child() = default;
  Child(Child&& other) noexcept;
  Child& operator=(Child&& other) noexcept;
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  ~Child();

  pid_t pid() const { return pid_; }
  int pidfd() const { return pidfd_; }
  bool running() const { return pid_ > 0; }
  // Captured output so far (at most kMaxCapturedOutput bytes are kept).
  const std::string& output() const { return output_; }

  // Sends `signal` to the child's whole process group.
  void SignalGroup(int signal) const;
  // SIGTERM to the group, up to `grace` for the child to exit, then SIGKILL to the group; reaps.
  // Returns the wait status. No-op (returns 0) when the child was already reaped.
  int KillGroupAndReap(std::chrono::milliseconds grace = std::chrono::milliseconds(1000));
  // Reaps an exited child without blocking; the wait status, or nullopt when still running.
  std::optional<int> TryReap();
  // Reads whatever output is available without blocking (capture only).
  void DrainOutput();
  // The output pipe while it is open, else -1 (for poll).
  int output_fd_for_poll() const { return output_fd_; }

  static constexpr size_t kMaxCapturedOutput = 4096;

 private:
  friend Result<Child> Spawn(const std::string&, const std::vector<std::string>&,
                             const SpawnOptions&);
  friend Result<Child> ForkCall(const std::function<int()>&, int*);
  void Close();

  pid_t pid_ = -1;
  int pidfd_ = -1;
  int output_fd_ = -1;
  std::string output_;
};

// Starts `program` with `args` (argv[1..]; argv[0] is `program`). The program is run as given,
// never looked up in PATH. The child gets its own process group, an empty signal mask and
// default signal dispositions. When `program` is not executable but starts with "#!", its
// interpreter is run with the script (profile files unpacked from a cabinet lose their mode).
// Errors: kNotFound (no such program), kIo (not executable, fork failed).
[[nodiscard]] Result<Child> Spawn(const std::string& program, const std::vector<std::string>& args,
                                  const SpawnOptions& options);

// Runs `call` in a forked child (own process group, stdin /dev/null, output captured) and
// passes its int result back through a pipe; read it with ReadForkResult after the wait.
// `result_fd` receives the parent's read end (caller closes it).
[[nodiscard]] Result<Child> ForkCall(const std::function<int()>& call, int* result_fd);

// How a wait ended.
struct WaitOutcome {
  enum class Kind { kExited, kSignalled, kTimedOut, kInterrupted };
  Kind kind = Kind::kExited;
  int code = 0;  // exit code (kExited) or signal number (kSignalled)
};

// Waits for `child` to exit, up to `timeout`, capturing its output. When `interrupt_fd` (>= 0)
// becomes readable first, the wait stops with kInterrupted (the fd is not read). On kTimedOut
// and kInterrupted the child's group is killed and reaped. The child is reaped in every case.
WaitOutcome WaitChild(Child& child, std::chrono::milliseconds timeout, int interrupt_fd);

}  // namespace cm::cmdial
