// SPDX-License-Identifier: MIT
#include "connect/idle_monitor.h"

namespace cm::cmdial {

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
