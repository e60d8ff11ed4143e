// SPDX-License-Identifier: MIT
#include "connect/idle_monitor.h"

#include <fstream>
#include <string>

namespace cm::cmdial {

std::optional<uint64_t> InterfaceTrafficBytes(std::string_view name) {
  if (name.empty() || name.find('/') != std::string_view::npos) return std::nullopt;
  uint64_t total = 0;
  for (const char* counter : {"rx_bytes", "tx_bytes"}) {
    std::ifstream in("/sys/class/net/" + std::string(name) + "/statistics/" + counter);
    uint64_t value = 0;
    if (!(in >> value)) return std::nullopt;
    total += value;
  }
  return total;
}

bool IdleMonitor::Idle(Clock::time_point now, std::optional<uint64_t> bytes) {
  if (limit_.count() == 0 || !bytes) {
    last_bytes_.reset();
    return false;
  }
  if (!last_bytes_ || *last_bytes_ != *bytes) {
    last_bytes_ = bytes;
    last_change_ = now;
    return false;
  }
  return now - last_change_ >= limit_;
}

}  // namespace cm::cmdial
