// SPDX-License-Identifier: MIT
#include "connect/interrupts.h"

#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace cm::cmdial {

Result<Interrupts> Interrupts::Install() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  if (sigprocmask(SIG_BLOCK, &set, nullptr) != 0) {
    return Fail(Errc::kIo, std::string("sigprocmask: ") + std::strerror(errno));
  }
  // A shell starts background commands with SIGINT ignored, and an ignored signal never reaches
  // a signalfd: take the default back (blocked, so it is only queued).
  for (int number : {SIGINT, SIGTERM, SIGHUP}) signal(number, SIG_DFL);
  signal(SIGPIPE, SIG_IGN);
  int fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
  if (fd < 0) return Fail(Errc::kIo, std::string("signalfd: ") + std::strerror(errno));
  return Interrupts(fd);
}

Interrupts::Interrupts(Interrupts&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

Interrupts::~Interrupts() {
  if (fd_ >= 0) close(fd_);
}

int Interrupts::Take() {
  signalfd_siginfo info{};
  if (read(fd_, &info, sizeof info) != static_cast<ssize_t>(sizeof info)) return 0;
  return static_cast<int>(info.ssi_signo);
}

}  // namespace cm::cmdial
