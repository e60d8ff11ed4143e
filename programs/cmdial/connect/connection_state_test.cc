// SPDX-License-Identifier: MIT
#include "connect/connection_state.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "connect/connect_test_util.h"

namespace cm::cmdial {
namespace {

using testing::TempFolder;

class ConnectionStateTest : public ::testing::Test {
 protected:
  ConnectionStateTest() { setenv("XDG_RUNTIME_DIR", folder_.path().c_str(), 1); }
  TempFolder folder_;
};

TEST_F(ConnectionStateTest, RoundTripsAndIsLiveForThisProcess) {
  ConnectionState state;
  state.short_name = "DEMO";
  state.service_name = "Demo VPN";
  state.pid = getpid();
  state.pid_start = ProcessStartTime(getpid());
  state.phase = "connected";
  ASSERT_TRUE(WriteState(state));
  Result<ConnectionState> read = ReadState("DEMO");
  ASSERT_TRUE(read);
  EXPECT_EQ(read->service_name, "Demo VPN");
  EXPECT_EQ(read->phase, "connected");
  EXPECT_FALSE(read->stale);
  ASSERT_EQ(ListStates().size(), 1u);
  RemoveState("DEMO");
  EXPECT_EQ(ReadState("DEMO").error().code(), Errc::kNotFound);
}

TEST_F(ConnectionStateTest, DeadOrReusedPidIsStale) {
  pid_t child = fork();
  if (child == 0) _exit(0);
  waitpid(child, nullptr, 0);
  ConnectionState state;
  state.short_name = "GONE";
  state.pid = child;
  ASSERT_TRUE(WriteState(state));
  EXPECT_TRUE(ReadState("GONE")->stale);
  state.short_name = "REUSED";
  state.pid = getpid();
  state.pid_start = ProcessStartTime(getpid()) + 1;
  ASSERT_TRUE(WriteState(state));
  EXPECT_TRUE(ReadState("REUSED")->stale);
}

TEST_F(ConnectionStateTest, StartTimeIsField22OfProcStat) {
  // The start time does not change while a process runs, whatever else (memory) does.
  std::string stat = testing::ReadText("/proc/self/stat");
  size_t close = stat.rfind(')');
  std::vector<std::string> words;
  std::string word;
  for (char c : stat.substr(close + 2)) {
    if (c == ' ') {
      words.push_back(word);
      word.clear();
    } else {
      word.push_back(c);
    }
  }
  ASSERT_GT(words.size(), 19u);
  EXPECT_EQ(ProcessStartTime(getpid()), std::stoull(words[19]));  // field 22 = word 19
  EXPECT_EQ(ProcessStartTime(0x3fffffff), 0u);
}

TEST_F(ConnectionStateTest, RefusesBrokenStateFiles) {
  EXPECT_FALSE(ParseState("not json"));
  EXPECT_FALSE(ParseState("{\"pid\": \"12\"}"));
  EXPECT_TRUE(ParseState("{\"pid\": 12}"));
}

TEST_F(ConnectionStateTest, LockKeepsASecondConnectionOut) {
  Result<ServiceLock> first = ServiceLock::Acquire("DEMO");
  ASSERT_TRUE(first);
  // flock conflicts between open file descriptions, so a second acquire here is refused too.
  Result<ServiceLock> second = ServiceLock::Acquire("DEMO");
  ASSERT_FALSE(second);
  EXPECT_NE(second.error().message().find("already connecting or connected"), std::string::npos);
}

}  // namespace
}  // namespace cm::cmdial
