// SPDX-License-Identifier: MIT
#include "connect/engine.h"

#include <gtest/gtest.h>

#include "connect/command_tunnel.h"
#include "connect/connect_test_util.h"
#include "connect/direct_link.h"

namespace cm::cmdial {
namespace {

using testing::ReadText;
using testing::TempFolder;
using testing::WriteScript;

// A test double for a link that fails to dial a given number of times.
class FailingLinkTestDouble : public Link {
 public:
  explicit FailingLinkTestDouble(int failures) : failures_(failures) {}
  std::string_view name() const override { return "test-double"; }
  Status Dial(const DialRequest&) override {
    ++dials_;
    if (failures_-- > 0) return Fail(Errc::kNetwork, "no carrier");
    return Ok();
  }
  void HangUp() override { ++hangups_; }
  int DropFd() const override { return -1; }
  bool Dropped() override { return false; }
  Addresses addresses() const override { return {"192.0.2.10", ""}; }
  std::optional<uint64_t> TrafficBytes() const override { return std::nullopt; }

  int dials_ = 0;
  int hangups_ = 0;

 private:
  int failures_;
};

class EngineTest : public ::testing::Test {
 protected:
  EngineTest() {
    profile_.service_name = "Demo VPN";
    profile_.short_name = "DEMO";
    profile_.tunnel = true;
    profile_.tunnel_type = TunnelType::kCommand;
    profile_.redial_count = 0;
    profile_.redial_delay_seconds = 0;
    // Every point: one action that appends "<point> <macros>" to the events file.
    WriteScript(folder_ / "act.sh", "echo \"$*\" >> " + Events());
    for (size_t i = 0; i < kActionPointCount; ++i) {
      auto point = static_cast<ActionPoint>(i);
      Add(point, "act.sh " + std::string(ActionPointName(point)) +
                     " redial=%AutoRedial% code=%ErrorCode% source=\"%LastErrorSource%\"");
    }
    // The monitored action would end the connection at once; tests that need one add it.
    profile_.actions[static_cast<size_t>(ActionPoint::kMonitored)].clear();
    WriteScript(folder_ / "up.sh", "echo \"tunnel-up user=$1\" >> " + Events() +
                                       "; sleep 300 >/dev/null 2>&1 & echo $! > " +
                                       (folder_ / "watched") +
                                       "; echo PID=$!; echo CLIENT_IP=10.8.0.2");
    WriteScript(folder_ / "down.sh", "echo tunnel-down >> " + Events());
  }

  std::string Events() const { return folder_ / "events"; }

  void Add(ActionPoint point, std::string command_line) {
    auto& list = profile_.actions[static_cast<size_t>(point)];
    ProfileAction action;
    action.point = point;
    action.index = static_cast<uint32_t>(list.size());
    action.command_line = std::move(command_line);
    list.push_back(action);
  }
  void Clear(ActionPoint point) { profile_.actions[static_cast<size_t>(point)].clear(); }

  int Run(Link& link, Interrupts* interrupts = nullptr) {
    ActionSettings settings;
    settings.profile_dir = folder_.path();
    settings.short_name = "DEMO";
    settings.log = &log_;
    ActionRunner runner(settings);
    CommandTunnelSettings tunnel_settings;
    tunnel_settings.up = "up.sh %UserName%";
    tunnel_settings.down = "down.sh";
    tunnel_settings.profile_dir = folder_.path();
    tunnel_settings.short_name = "DEMO";
    CommandTunnel tunnel(tunnel_settings);
    ConnectionFacts facts;
    facts.service_name = profile_.service_name;
    facts.service_dir = folder_.path();
    EngineHooks hooks;
    hooks.update_phonebook = [this] { events_pb_ = true; };
    hooks.connected = [this] { ++connected_; };
    Engine engine({profile_, link, &tunnel, runner, log_, interrupts}, facts, {"jo", "", "pw"},
                  hooks);
    return engine.Run();
  }

  TempFolder folder_;
  ServiceProfile profile_;
  ConnectionLog log_;
  bool events_pb_ = false;
  int connected_ = 0;
};

TEST_F(EngineTest, RunsEachPointInTheSeedsOrderAndDisconnectsWhenMonitoredEnds) {
  WriteScript(folder_ / "monitored.sh", "echo monitored >> " + Events());
  Add(ActionPoint::kMonitored, "monitored.sh");
  profile_.pb_url = "http://127.0.0.1:1/pbserver/pbserver.dll";
  DirectLink link;
  EXPECT_EQ(Run(link), 0);
  EXPECT_EQ(ReadText(Events()),
            "pre-init redial=0 code=NULL source=NULL\n"
            "pre-connect redial=0 code=NULL source=NULL\n"
            "pre-tunnel redial=0 code=NULL source=NULL\n"
            "tunnel-up user=jo\n"
            "post-connect redial=0 code=NULL source=NULL\n"
            "monitored\n"
            "disconnect redial=0 code=NULL source=NULL\n"
            "tunnel-down\n");
  EXPECT_TRUE(events_pb_);
  EXPECT_EQ(connected_, 1);
}

TEST_F(EngineTest, FailingPreConnectEndsTheAttemptAndRunsOnError) {
  WriteScript(folder_ / "fail.sh", "exit 5");
  Clear(ActionPoint::kPreConnect);
  ProfileAction failing;
  failing.point = ActionPoint::kPreConnect;
  failing.command_line = "fail.sh";
  failing.description = "Check";
  profile_.actions[static_cast<size_t>(ActionPoint::kPreConnect)].push_back(failing);
  DirectLink link;
  EXPECT_EQ(Run(link), 1);
  EXPECT_EQ(ReadText(Events()),
            "pre-init redial=0 code=NULL source=NULL\n"
            "on-error redial=0 code=5 source=pre-connect action Check\n");
  EXPECT_EQ(connected_, 0);
}

TEST_F(EngineTest, InterruptDuringSlowPreConnectRunsOnCancel) {
  Result<Interrupts> interrupts = Interrupts::Install();
  ASSERT_TRUE(interrupts);
  // The action interrupts cmdial itself (its parent), as Ctrl-C would, then takes its time.
  WriteScript(folder_ / "slow.sh", "kill -INT $PPID; sleep 300");
  Clear(ActionPoint::kPreConnect);
  Add(ActionPoint::kPreConnect, "slow.sh");
  DirectLink link;
  EXPECT_EQ(Run(link, &*interrupts), 1);
  EXPECT_EQ(ReadText(Events()),
            "pre-init redial=0 code=NULL source=NULL\n"
            "on-cancel redial=0 code=NULL source=NULL\n");
}

TEST_F(EngineTest, DialFailuresAreRedialedWithAutoRedial) {
  profile_.redial_count = 2;
  FailingLinkTestDouble link(1);
  WriteScript(folder_ / "monitored.sh", "exit 0");
  Add(ActionPoint::kMonitored, "monitored.sh");
  EXPECT_EQ(Run(link), 0);
  EXPECT_EQ(link.dials_, 2);
  std::string events = ReadText(Events());
  EXPECT_NE(events.find("pre-connect redial=0"), std::string::npos) << events;
  EXPECT_NE(events.find("pre-connect redial=1"), std::string::npos) << events;
  EXPECT_NE(events.find("post-connect redial=1"), std::string::npos) << events;
}

TEST_F(EngineTest, DialFailuresBeyondRedialCountRunOnError) {
  profile_.redial_count = 1;
  FailingLinkTestDouble link(5);
  EXPECT_EQ(Run(link), 1);
  EXPECT_EQ(link.dials_, 2);
  std::string events = ReadText(Events());
  EXPECT_NE(events.find("on-error redial=1 code=1 source=dial"), std::string::npos) << events;
}

TEST_F(EngineTest, WatchedProcessDeathRunsDisconnectActionsThenRedials) {
  profile_.redial_count = 1;
  // The first post-connect kills the tunnel's watched process; the redial's tunnel-up fails.
  Clear(ActionPoint::kPostConnect);
  WriteScript(folder_ / "cut.sh", "echo post-connect >> " + Events() + "; if [ ! -e " +
                                      (folder_ / "cut") + " ]; then touch " + (folder_ / "cut") +
                                      "; kill $(cat " + (folder_ / "watched") + "); fi");
  Add(ActionPoint::kPostConnect, "cut.sh");
  WriteScript(folder_ / "up.sh", "echo \"tunnel-up user=$1\" >> " + Events() + "; [ -e " +
                                     (folder_ / "cut") +
                                     " ] && exit 9; sleep 300 >/dev/null 2>&1 & echo $! > " +
                                     (folder_ / "watched") + "; echo PID=$!");
  DirectLink link;
  EXPECT_EQ(Run(link), 1);
  std::string events = ReadText(Events());
  EXPECT_EQ(events,
            "pre-init redial=0 code=NULL source=NULL\n"
            "pre-connect redial=0 code=NULL source=NULL\n"
            "pre-tunnel redial=0 code=NULL source=NULL\n"
            "tunnel-up user=jo\n"
            "post-connect\n"
            "disconnect redial=0 code=NULL source=NULL\n"
            "tunnel-down\n"
            "pre-connect redial=1 code=NULL source=NULL\n"
            "pre-tunnel redial=1 code=NULL source=NULL\n"
            "tunnel-up user=jo\n"
            "on-error redial=1 code=9 source=tunnel\n");
}

}  // namespace
}  // namespace cm::cmdial
