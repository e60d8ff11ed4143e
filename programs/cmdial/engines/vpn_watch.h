// SPDX-License-Identifier: MIT
// VpnWatch: one descriptor for the engine's poll that becomes readable when any of several
// descriptors does (an epoll set: a daemon's pidfd, a management socket, a timer).
#pragma once

#include <chrono>

#include "cm/result.h"

namespace cm::cmdial {

class VpnWatch {
 public:
  VpnWatch() = default;
  ~VpnWatch();
  VpnWatch(const VpnWatch&) = delete;
  VpnWatch& operator=(const VpnWatch&) = delete;

  // Starts a new set (closing an old one). Errors: kIo.
  [[nodiscard]] Status Open();
  // Adds `fd` (not owned). Errors: kIo.
  [[nodiscard]] Status Add(int fd);
  // Adds a periodic timer owned by the set. Errors: kIo.
  [[nodiscard]] Status AddTimer(std::chrono::milliseconds period);
  // Reads the timer's expirations without blocking: true when it fired since the last call.
  bool TimerFired();
  void Close();
  int fd() const { return epoll_fd_; }

 private:
  int epoll_fd_ = -1;
  int timer_fd_ = -1;
};

// Whether `fd` is readable (or hung up) now.
bool FdReadable(int fd);

}  // namespace cm::cmdial
