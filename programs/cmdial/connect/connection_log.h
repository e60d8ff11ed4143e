// SPDX-License-Identifier: MIT
// The log of one connection: each step and action with its time, duration and exit code.
// Lines go straight to the file (no buffer), so a crash loses nothing written before it.
// Callers never pass a password here; nothing in cmdial puts one in a log line.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "cm/result.h"

namespace cm::cmdial {

class ConnectionLog {
 public:
  // A log that writes nothing (EnableLogging=0, or unit tests).
  ConnectionLog() = default;
  ConnectionLog(ConnectionLog&& other) noexcept;
  ConnectionLog& operator=(ConnectionLog&& other) noexcept;
  ConnectionLog(const ConnectionLog&) = delete;
  ConnectionLog& operator=(const ConnectionLog&) = delete;
  ~ConnectionLog();

  // Starts a new log at `path` (creating its folder, mode 0700; the file 0600), replacing the
  // previous connection's. At most `max_bytes` are written: the line that would pass the cap is
  // replaced by one note saying so, and later lines are dropped.
  // Errors: kIo when the folder or file cannot be made.
  [[nodiscard]] static Result<ConnectionLog> Start(const std::string& path, uint64_t max_bytes);

  // Writes "2026-11-26T01:02:03.456Z text" and a newline.
  void Write(std::string_view text);
  const std::string& path() const { return path_; }
  bool enabled() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
  std::string path_;
  uint64_t max_bytes_ = 0;
  uint64_t written_ = 0;
  bool capped_ = false;
};

// "12 ms", "1.5 s": a duration for a log line.
std::string FormatDuration(std::chrono::steady_clock::duration duration);

}  // namespace cm::cmdial
