// SPDX-License-Identifier: MIT
#include "connect/child_process.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <utility>

extern char** environ;

namespace cm::cmdial {
namespace {

using Clock = std::chrono::steady_clock;

std::string SystemError(int error) { return std::strerror(error); }

// glibc 2.36's <sys/pidfd.h> lacks C++ linkage; the system call is the same thing.
int OpenPidfd(pid_t pid) { return static_cast<int>(syscall(SYS_pidfd_open, pid, 0)); }

// The interpreter line of a script ("#!/bin/sh -e" -> {"/bin/sh", "-e"}), if it has one.
std::vector<std::string> ShebangOf(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string line;
  if (!in || !std::getline(in, line) || line.size() < 3 || line[0] != '#' || line[1] != '!') {
    return {};
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  std::string_view rest = std::string_view(line).substr(2);
  size_t start = rest.find_first_not_of(" \t");
  if (start == std::string_view::npos) return {};
  rest.remove_prefix(start);
  size_t end = rest.find_first_of(" \t");
  std::vector<std::string> words{std::string(rest.substr(0, end))};
  if (end != std::string_view::npos) {
    std::string_view arg = rest.substr(end);
    size_t a = arg.find_first_not_of(" \t");
    size_t b = arg.find_last_not_of(" \t");
    if (a != std::string_view::npos) words.emplace_back(arg.substr(a, b - a + 1));
  }
  if (words[0].empty() || words[0][0] != '/') return {};
  return words;
}

// Writes `text` (small: it fits the pipe buffer) to a child's stdin. A child that exits without
// reading makes the write fail with EPIPE; the SIGPIPE that comes with it is blocked here and
// taken back, so it never kills cmdial whatever the caller's SIGPIPE disposition.
void WriteWithoutSigpipe(int fd, std::string_view text) {
  sigset_t pipe_set;
  sigemptyset(&pipe_set);
  sigaddset(&pipe_set, SIGPIPE);
  sigset_t old_set;
  pthread_sigmask(SIG_BLOCK, &pipe_set, &old_set);
  bool broken = false;
  while (!text.empty()) {
    ssize_t n = write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      broken = errno == EPIPE;
      break;
    }
    text.remove_prefix(static_cast<size_t>(n));
  }
  if (broken && !sigismember(&old_set, SIGPIPE)) {
    timespec zero{};
    sigtimedwait(&pipe_set, nullptr, &zero);
  }
  pthread_sigmask(SIG_SETMASK, &old_set, nullptr);
}

// Turns a wait status into an outcome.
WaitOutcome OutcomeOf(int status) {
  if (WIFSIGNALED(status)) return {WaitOutcome::Kind::kSignalled, WTERMSIG(status)};
  return {WaitOutcome::Kind::kExited, WEXITSTATUS(status)};
}

class SpawnAttributes {
 public:
  SpawnAttributes() {
    posix_spawnattr_init(&attr_);
    posix_spawn_file_actions_init(&actions_);
  }
  ~SpawnAttributes() {
    posix_spawnattr_destroy(&attr_);
    posix_spawn_file_actions_destroy(&actions_);
  }
  SpawnAttributes(const SpawnAttributes&) = delete;
  SpawnAttributes& operator=(const SpawnAttributes&) = delete;

  posix_spawnattr_t attr_;
  posix_spawn_file_actions_t actions_;
};

}  // namespace

Child::Child(Child&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)),
      pidfd_(std::exchange(other.pidfd_, -1)),
      output_fd_(std::exchange(other.output_fd_, -1)),
      output_(std::move(other.output_)) {}

Child& Child::operator=(Child&& other) noexcept {
  if (this != &other) {
    if (pid_ > 0) KillGroupAndReap(std::chrono::milliseconds(0));
    Close();
    pid_ = std::exchange(other.pid_, -1);
    pidfd_ = std::exchange(other.pidfd_, -1);
    output_fd_ = std::exchange(other.output_fd_, -1);
    output_ = std::move(other.output_);
  }
  return *this;
}

Child::~Child() {
  if (pid_ > 0) KillGroupAndReap(std::chrono::milliseconds(0));
  Close();
}

void Child::Close() {
  if (pidfd_ >= 0) close(pidfd_);
  if (output_fd_ >= 0) close(output_fd_);
  pidfd_ = -1;
  output_fd_ = -1;
}

void Child::SignalGroup(int signal) const {
  if (pid_ > 0) kill(-pid_, signal);
}

void Child::DrainOutput() {
  if (output_fd_ < 0) return;
  std::array<char, 4096> buffer;
  while (true) {
    ssize_t n = read(output_fd_, buffer.data(), buffer.size());
    if (n <= 0) {
      if (n == 0) {
        close(output_fd_);
        output_fd_ = -1;
      }
      return;
    }
    size_t room = kMaxCapturedOutput - std::min(kMaxCapturedOutput, output_.size());
    output_.append(buffer.data(), std::min(room, static_cast<size_t>(n)));
  }
}

std::optional<int> Child::TryReap() {
  if (pid_ <= 0) return 0;
  int status = 0;
  pid_t got = waitpid(pid_, &status, WNOHANG);
  if (got == 0) return std::nullopt;
  DrainOutput();
  pid_ = -1;
  return status;
}

int Child::KillGroupAndReap(std::chrono::milliseconds grace) {
  if (pid_ <= 0) return 0;
  SignalGroup(SIGTERM);
  if (grace.count() > 0 && pidfd_ >= 0) {
    pollfd fd{pidfd_, POLLIN, 0};
    poll(&fd, 1, static_cast<int>(grace.count()));
  }
  SignalGroup(SIGKILL);
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  DrainOutput();
  pid_ = -1;
  return status;
}

Result<Child> Spawn(const std::string& program, const std::vector<std::string>& args,
                    const SpawnOptions& options) {
  struct stat info {};
  if (stat(program.c_str(), &info) != 0) {
    int error = errno;
    return Fail(error == ENOENT ? Errc::kNotFound : Errc::kIo,
                fmt::format("{}: {}", program, SystemError(error)));
  }
  std::vector<std::string> argv_text;
  if (access(program.c_str(), X_OK) != 0) argv_text = ShebangOf(program);
  std::string exec_path = argv_text.empty() ? program : argv_text.front();
  if (argv_text.empty()) argv_text.push_back(program);
  if (argv_text.size() > 1 || argv_text.front() != program) argv_text.push_back(program);
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& arg : argv_text) argv.push_back(arg.data());
  argv.push_back(nullptr);

  SpawnAttributes spawn;
  sigset_t empty;
  sigemptyset(&empty);
  sigset_t defaults;
  sigemptyset(&defaults);
  for (int number : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGCHLD}) {
    sigaddset(&defaults, number);
  }
  posix_spawnattr_setflags(&spawn.attr_,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  posix_spawnattr_setpgroup(&spawn.attr_, 0);
  posix_spawnattr_setsigmask(&spawn.attr_, &empty);
  posix_spawnattr_setsigdefault(&spawn.attr_, &defaults);

  int input[2] = {-1, -1};
  if (options.stdin_text.empty()) {
    posix_spawn_file_actions_addopen(&spawn.actions_, 0, "/dev/null", O_RDONLY, 0);
  } else {
    if (pipe2(input, O_CLOEXEC) != 0) return Fail(Errc::kIo, "pipe: " + SystemError(errno));
    posix_spawn_file_actions_adddup2(&spawn.actions_, input[0], 0);
  }
  int output[2] = {-1, -1};
  if (options.output == ChildOutput::kCapture) {
    if (pipe2(output, O_CLOEXEC) != 0) {
      int error = errno;
      if (input[0] >= 0) {
        close(input[0]);
        close(input[1]);
      }
      return Fail(Errc::kIo, "pipe: " + SystemError(error));
    }
    posix_spawn_file_actions_adddup2(&spawn.actions_, output[1], 1);
    posix_spawn_file_actions_adddup2(&spawn.actions_, output[1], 2);
  } else {
    posix_spawn_file_actions_addopen(&spawn.actions_, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&spawn.actions_, 1, 2);
  }

  pid_t pid = -1;
  int error =
      posix_spawn(&pid, exec_path.c_str(), &spawn.actions_, &spawn.attr_, argv.data(), environ);
  if (input[0] >= 0) close(input[0]);
  if (output[1] >= 0) close(output[1]);
  if (error != 0) {
    if (input[1] >= 0) close(input[1]);
    if (output[0] >= 0) close(output[0]);
    return Fail(error == ENOENT ? Errc::kNotFound : Errc::kIo,
                fmt::format("{}: cannot run: {}", program, SystemError(error)));
  }
  Child child;
  child.pid_ = pid;
  child.pidfd_ = OpenPidfd(pid);
  if (output[0] >= 0) {
    child.output_fd_ = output[0];
    fcntl(output[0], F_SETFL, fcntl(output[0], F_GETFL) | O_NONBLOCK);
  }
  if (input[1] >= 0) {
    WriteWithoutSigpipe(input[1], options.stdin_text);
    close(input[1]);
  }
  return child;
}

Result<Child> ForkCall(const std::function<int()>& call, int* result_fd) {
  int result_pipe[2];
  if (pipe2(result_pipe, O_CLOEXEC) != 0) return Fail(Errc::kIo, "pipe: " + SystemError(errno));
  int output[2];
  if (pipe2(output, O_CLOEXEC) != 0) {
    int error = errno;
    close(result_pipe[0]);
    close(result_pipe[1]);
    return Fail(Errc::kIo, "pipe: " + SystemError(error));
  }
  pid_t pid = fork();
  if (pid < 0) {
    int error = errno;
    for (int fd : {result_pipe[0], result_pipe[1], output[0], output[1]}) close(fd);
    return Fail(Errc::kIo, "fork: " + SystemError(error));
  }
  if (pid == 0) {
    setpgid(0, 0);
    sigset_t empty;
    sigemptyset(&empty);
    sigprocmask(SIG_SETMASK, &empty, nullptr);
    for (int number : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE}) ::signal(number, SIG_DFL);
    int null_fd = open("/dev/null", O_RDONLY);
    if (null_fd >= 0) dup2(null_fd, 0);
    dup2(output[1], 1);
    dup2(output[1], 2);
    int value = call();
    ssize_t ignored = write(result_pipe[1], &value, sizeof value);
    (void)ignored;
    _exit(0);
  }
  // Also set the group from the parent, so a kill right after fork reaches the child's group.
  setpgid(pid, pid);
  close(result_pipe[1]);
  close(output[1]);
  Child child;
  child.pid_ = pid;
  child.pidfd_ = OpenPidfd(pid);
  child.output_fd_ = output[0];
  fcntl(output[0], F_SETFL, fcntl(output[0], F_GETFL) | O_NONBLOCK);
  *result_fd = result_pipe[0];
  return child;
}

WaitOutcome WaitChild(Child& child, std::chrono::milliseconds timeout, int interrupt_fd) {
  Clock::time_point deadline = Clock::now() + timeout;
  while (true) {
    if (std::optional<int> status = child.TryReap()) return OutcomeOf(*status);
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      child.KillGroupAndReap();
      return {WaitOutcome::Kind::kTimedOut, 0};
    }
    std::array<pollfd, 3> fds{};
    nfds_t count = 0;
    fds[count++] = {child.pidfd(), POLLIN, 0};
    int output_slot = -1;
    if (child.output_fd_for_poll() >= 0) {
      output_slot = static_cast<int>(count);
      fds[count++] = {child.output_fd_for_poll(), POLLIN, 0};
    }
    int interrupt_slot = -1;
    if (interrupt_fd >= 0) {
      interrupt_slot = static_cast<int>(count);
      fds[count++] = {interrupt_fd, POLLIN, 0};
    }
    int wait_ms = static_cast<int>(std::min<int64_t>(left.count(), 1000));
    int ready = poll(fds.data(), count, wait_ms);
    if (ready < 0 && errno != EINTR) wait_ms = 0;
    if (interrupt_slot >= 0 && (fds[static_cast<size_t>(interrupt_slot)].revents & POLLIN)) {
      child.KillGroupAndReap();
      return {WaitOutcome::Kind::kInterrupted, 0};
    }
    if (output_slot >= 0 && fds[static_cast<size_t>(output_slot)].revents != 0) {
      child.DrainOutput();
    }
  }
}

}  // namespace cm::cmdial
