// SPDX-License-Identifier: MIT
// The signals that stop a connection attempt or end a connection (SIGINT: Ctrl-C and
// `cmdial cancel`; SIGTERM: `cmdial disconnect`; SIGHUP: the terminal went away), received
// through a signalfd so the engine can poll them with its children.
#pragma once

#include "cm/result.h"

namespace cm::cmdial {

class Interrupts {
 public:
  // Blocks SIGINT, SIGTERM and SIGHUP for this process (children get an empty mask when started
  // by Spawn) and ignores SIGPIPE. Errors: kIo when the signalfd cannot be made.
  [[nodiscard]] static Result<Interrupts> Install();
  Interrupts(Interrupts&& other) noexcept;
  Interrupts& operator=(Interrupts&&) = delete;
  Interrupts(const Interrupts&) = delete;
  ~Interrupts();

  // Readable while a signal is pending.
  int fd() const { return fd_; }
  // Takes one pending signal without blocking; 0 when none.
  int Take();

 private:
  explicit Interrupts(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace cm::cmdial
