// SPDX-License-Identifier: MIT
#include "connect/idle_monitor.h"

#include <gtest/gtest.h>

namespace cm::cmdial {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

TEST(IdleMonitorTest, IdleOnlyAfterTheLimitWithoutTraffic) {
  IdleMonitor monitor(minutes(10));
  IdleMonitor::Clock::time_point t0{};
  EXPECT_FALSE(monitor.Idle(t0, 100));
  EXPECT_FALSE(monitor.Idle(t0 + minutes(9), 100));
  EXPECT_TRUE(monitor.Idle(t0 + minutes(10), 100));
  EXPECT_FALSE(monitor.Idle(t0 + minutes(11), 150));  // traffic: the clock restarts
  EXPECT_FALSE(monitor.Idle(t0 + minutes(20), 150));
  EXPECT_TRUE(monitor.Idle(t0 + minutes(21), 150));
}

TEST(IdleMonitorTest, UnknownTrafficOrZeroLimitIsNeverIdle) {
  IdleMonitor unknown(seconds(60));
  IdleMonitor::Clock::time_point t0{};
  EXPECT_FALSE(unknown.Idle(t0, std::nullopt));
  EXPECT_FALSE(unknown.Idle(t0 + minutes(60), std::nullopt));
  IdleMonitor never(seconds(0));
  EXPECT_FALSE(never.Idle(t0, 1));
  EXPECT_FALSE(never.Idle(t0 + minutes(600), 1));
}

}  // namespace
}  // namespace cm::cmdial
