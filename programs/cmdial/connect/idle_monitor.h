// SPDX-License-Identifier: MIT
// The idle timeout ([Connection Manager] IdleTimeout, minutes): a connection whose byte count
// has not moved for that long is idle. Pure logic; the engine feeds it samples.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

namespace cm::cmdial {

// Bytes received plus sent on network interface `name` so far (its /sys/class/net counters),
// the sample links and tunnels feed the monitor; nullopt when the name is empty, holds a '/',
// or the interface is gone.
std::optional<uint64_t> InterfaceTrafficBytes(std::string_view name);

class IdleMonitor {
 public:
  using Clock = std::chrono::steady_clock;

  // `limit` zero: never idle.
  explicit IdleMonitor(std::chrono::seconds limit) : limit_(limit) {}

  // Records the traffic count at `now` (nullopt: unknown, which never counts as idle) and
  // returns true when the count has not changed for `limit` or longer.
  bool Idle(Clock::time_point now, std::optional<uint64_t> bytes);

 private:
  std::chrono::seconds limit_;
  std::optional<uint64_t> last_bytes_;
  Clock::time_point last_change_{};
};

}  // namespace cm::cmdial
