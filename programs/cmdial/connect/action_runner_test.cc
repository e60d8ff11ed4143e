// SPDX-License-Identifier: MIT
#include "connect/action_runner.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include "connect/connect_test_util.h"

namespace cm::cmdial {
namespace {

using testing::ReadText;
using testing::TempFolder;
using testing::WriteScript;

ProfileAction MakeAction(std::string command_line, std::string description = {},
                         uint32_t flags = kActionAllTypes) {
  ProfileAction action;
  action.point = ActionPoint::kPreConnect;
  action.command_line = std::move(command_line);
  action.description = std::move(description);
  action.flags = flags;
  return action;
}

class ActionRunnerTest : public ::testing::Test {
 protected:
  ActionRunner Runner() {
    ActionSettings settings;
    settings.profile_dir = folder_.path();
    settings.short_name = "DEMO";
    settings.type = ConnectionType::kDirect;
    settings.interactive = interactive_;
    settings.logon = logon_;
    settings.log = &log_;
    return ActionRunner(settings);
  }
  PointResult Run(std::vector<ProfileAction> actions, OnFailure on_failure = OnFailure::kStop,
                  int interrupt_fd = -1) {
    return Runner().RunPoint(actions, macros_, on_failure, interrupt_fd);
  }

  TempFolder folder_;
  ConnectionLog log_;
  MacroValues macros_;
  bool interactive_ = true;
  const LogonPolicy* logon_ = nullptr;
};

TEST_F(ActionRunnerTest, RunsProgramFromProfileFolderWithExpandedParameters) {
  WriteScript(folder_ / "args.sh", "for a in \"$@\"; do echo \"[$a]\"; done > \"$1\"");
  macros_.Set("UserName", "Jo Public");
  PointResult result =
      Run({MakeAction("args.sh " + (folder_ / "out") + " %UserName% \"a b\" %Domain%")});
  EXPECT_EQ(result.kind, PointResult::Kind::kDone) << result.message;
  EXPECT_EQ(ReadText(folder_ / "out"), "[" + (folder_ / "out") + "]\n[Jo Public]\n[a b]\n[NULL]\n");
}

TEST_F(ActionRunnerTest, AcceptsShortNamePrefixAndPlusQuotedPath) {
  WriteScript(folder_ / "my tool.sh", "echo ran > \"$1\"");
  EXPECT_EQ(Run({MakeAction("+DEMO\\my tool.sh+ " + (folder_ / "out"))}).kind,
            PointResult::Kind::kDone);
  EXPECT_EQ(ReadText(folder_ / "out"), "ran\n");
}

TEST_F(ActionRunnerTest, NeverLooksUpPath) {
  // "true" exists in PATH, but not in the profile folder.
  PointResult result = Run({MakeAction("true", "Truth")});
  EXPECT_EQ(result.kind, PointResult::Kind::kFailed);
  EXPECT_EQ(result.value, 127);
  EXPECT_EQ(result.message.rfind("Truth failed 127", 0), 0u) << result.message;
}

TEST_F(ActionRunnerTest, RefusesRelativePathsLeavingTheFolder) {
  Result<std::string> resolved = Runner().ResolveProgram("../x", macros_);
  ASSERT_FALSE(resolved);
  EXPECT_EQ(resolved.error().code(), Errc::kInvalidArgument);
  EXPECT_EQ(*Runner().ResolveProgram("/bin/true", macros_), "/bin/true");
  macros_.Set("ServiceDir", folder_.path());
  EXPECT_EQ(*Runner().ResolveProgram("%ServiceDir%/a/./b", macros_), folder_ / "a/b");
}

TEST_F(ActionRunnerTest, NonZeroExitFailsWithDescriptionAndValue) {
  WriteScript(folder_ / "three.sh", "echo 'some output'; exit 3");
  PointResult result = Run({MakeAction("three.sh", "Check VPN")});
  ASSERT_EQ(result.kind, PointResult::Kind::kFailed);
  EXPECT_EQ(result.value, 3);
  EXPECT_EQ(result.message, "Check VPN failed 3");
  EXPECT_EQ(result.source, "pre-connect action Check VPN");
}

TEST_F(ActionRunnerTest, StopsAtFirstFailureOrContinuesByRule) {
  WriteScript(folder_ / "fail.sh", "exit 2");
  WriteScript(folder_ / "mark.sh", "echo x >> \"$1\"");
  std::vector<ProfileAction> actions = {MakeAction("fail.sh"),
                                        MakeAction("mark.sh " + (folder_ / "marks"))};
  EXPECT_EQ(Run(actions, OnFailure::kStop).kind, PointResult::Kind::kFailed);
  EXPECT_EQ(ReadText(folder_ / "marks"), "");
  PointResult result = Run(actions, OnFailure::kContinue);
  EXPECT_EQ(result.kind, PointResult::Kind::kFailed);
  EXPECT_EQ(result.value, 2);
  EXPECT_EQ(ReadText(folder_ / "marks"), "x\n");
}

TEST_F(ActionRunnerTest, StdinIsClosedAndGroupIsOwn) {
  WriteScript(folder_ / "probe.sh",
              "n=$(cat | wc -c); set -- \"$1\" $(cut -d' ' -f5 /proc/$$/stat); "
              "echo \"stdin=$n pid=$$ pgid=$2\" > \"$1\"");
  ASSERT_EQ(Run({MakeAction("probe.sh " + (folder_ / "out"))}).kind, PointResult::Kind::kDone);
  std::string out = ReadText(folder_ / "out");
  EXPECT_EQ(out.substr(0, 8), "stdin=0 ");
  std::string pid =
      out.substr(out.find("pid=") + 4, out.find(' ', out.find("pid=")) - out.find("pid=") - 4);
  EXPECT_EQ(out.substr(out.find("pgid=") + 5), pid + "\n");
  EXPECT_NE(pid, std::to_string(getpgrp()));
}

TEST_F(ActionRunnerTest, TimeoutKillsTheWholeGroup) {
  WriteScript(folder_ / "slow.sh", "sleep 300 & echo $! > \"$1\"; sleep 300");
  ProfileAction action = MakeAction("slow.sh " + (folder_ / "pid"), "Slow");
  action.timeout_seconds = 1;
  PointResult result = Run({action});
  ASSERT_EQ(result.kind, PointResult::Kind::kFailed);
  EXPECT_EQ(result.value, 124);
  EXPECT_EQ(result.message, "Slow failed 124 (timed out after 1 s)");
  pid_t grandchild = std::stoi(ReadText(folder_ / "pid"));
  // SIGKILL went to the whole group: the grandchild exits without anyone else's help.
  EXPECT_TRUE(testing::WaitForExit(grandchild));
}

TEST_F(ActionRunnerTest, InterruptKillsTheRunningAction) {
  WriteScript(folder_ / "slow.sh", "echo $$ > \"$1\"; sleep 300");
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  // Readable from the start: the runner must notice while the action runs and stop it.
  ASSERT_EQ(write(fds[1], "x", 1), 1);
  WriteScript(folder_ / "after.sh", "echo ran > \"$1\"");
  PointResult result = Run(
      {MakeAction("slow.sh " + (folder_ / "pid")), MakeAction("after.sh " + (folder_ / "after"))},
      OnFailure::kStop, fds[0]);
  close(fds[0]);
  close(fds[1]);
  EXPECT_EQ(result.kind, PointResult::Kind::kInterrupted);
  EXPECT_EQ(ReadText(folder_ / "after"), "");
}

TEST_F(ActionRunnerTest, SkipsActionsForOtherConnectionTypes) {
  WriteScript(folder_ / "mark.sh", "echo x >> \"$1\"");
  EXPECT_EQ(Run({MakeAction("mark.sh " + (folder_ / "m"), {}, kActionDialup)}).kind,
            PointResult::Kind::kDone);
  EXPECT_EQ(ReadText(folder_ / "m"), "");
  EXPECT_EQ(Run({MakeAction("mark.sh " + (folder_ / "m"), {}, kActionDirect)}).kind,
            PointResult::Kind::kDone);
  EXPECT_EQ(ReadText(folder_ / "m"), "x\n");
}

TEST_F(ActionRunnerTest, NonInteractiveSkipsInteractiveActions) {
  WriteScript(folder_ / "mark.sh", "echo $2 >> \"$1\"");
  interactive_ = false;
  macros_.Set("Interactive", "0");
  Run({MakeAction("mark.sh " + (folder_ / "m") + " asks", {}, kActionAllTypes | kActionInteractive),
       MakeAction("mark.sh " + (folder_ / "m") + " %Interactive%")});
  EXPECT_EQ(ReadText(folder_ / "m"), "0\n");
}

TEST_F(ActionRunnerTest, LogonModeRunsOnlyListedProgramsFromTheirFolder) {
  WriteScript(folder_ / "listed.sh", "echo listed >> \"$1\"");
  WriteScript(folder_ / "other.sh", "echo other >> \"$1\"");
  LogonPolicy policy;
  policy.allowed_paths = {folder_ / "listed.sh"};
  logon_ = &policy;
  Run({MakeAction("listed.sh " + (folder_ / "m")), MakeAction("other.sh " + (folder_ / "m"))});
  EXPECT_EQ(ReadText(folder_ / "m"), "listed\n");
}

TEST_F(ActionRunnerTest, RunsScriptsThatLostTheirExecuteBit) {
  WriteScript(folder_ / "plain.sh", "echo ran > \"$1\"", 0644);
  EXPECT_EQ(Run({MakeAction("plain.sh " + (folder_ / "out"))}).kind, PointResult::Kind::kDone);
  EXPECT_EQ(ReadText(folder_ / "out"), "ran\n");
}

TEST_F(ActionRunnerTest, SharedLibraryEntryPointGetsParametersWithoutItsName) {
  macros_.Set("ServiceName", "Demo VPN");
  PointResult result = Run({MakeAction(std::string(CMDIAL_TEST_ACTION_SO) + " Record " +
                                       (folder_ / "calls") + " %ServiceName% x")});
  EXPECT_EQ(result.kind, PointResult::Kind::kDone) << result.message;
  EXPECT_EQ(ReadText(folder_ / "calls"), "parent=null handle=set reserved=0 text=Demo VPN x\n");
}

TEST_F(ActionRunnerTest, SharedLibraryBelowZeroFails) {
  PointResult result =
      Run({MakeAction(std::string(CMDIAL_TEST_ACTION_SO) + " Refuse", "Proxy setup")});
  ASSERT_EQ(result.kind, PointResult::Kind::kFailed);
  EXPECT_EQ(result.value, -5);
  EXPECT_EQ(result.message, "Proxy setup failed -5");
}

TEST_F(ActionRunnerTest, SharedLibraryMissingEntryPointFails) {
  PointResult result = Run({MakeAction(std::string(CMDIAL_TEST_ACTION_SO) + " NoSuchEntry")});
  ASSERT_EQ(result.kind, PointResult::Kind::kFailed);
  EXPECT_EQ(result.value, 127);
  EXPECT_NE(result.message.find("NoSuchEntry"), std::string::npos) << result.message;
}

TEST_F(ActionRunnerTest, MonitoredActionsRunAsynchronously) {
  WriteScript(folder_ / "watch.sh", "echo $$ > \"$1\"; sleep 300");
  std::vector<Child> children =
      Runner().StartMonitored({MakeAction("watch.sh " + (folder_ / "pid"))}, macros_);
  ASSERT_EQ(children.size(), 1u);
  EXPECT_TRUE(children[0].running());
  children[0].KillGroupAndReap();
  EXPECT_FALSE(children[0].running());
}

TEST_F(ActionRunnerTest, LogRecordsEachActionWithExitCode) {
  Result<ConnectionLog> log = ConnectionLog::Start(folder_ / "log/DEMO.log", 65536);
  ASSERT_TRUE(log);
  log_ = std::move(*log);
  WriteScript(folder_ / "three.sh", "exit 3");
  Run({MakeAction("three.sh", "Three")});
  std::string text = ReadText(folder_ / "log/DEMO.log");
  EXPECT_NE(text.find("pre-connect action 0 'Three': exit 3 after "), std::string::npos) << text;
}

TEST(ConnectionLogTest, StopsAtItsSizeCapWithANote) {
  TempFolder folder;
  Result<ConnectionLog> log = ConnectionLog::Start(folder / "x.log", 200);
  ASSERT_TRUE(log);
  for (int i = 0; i < 20; ++i) log->Write("line " + std::to_string(i));
  std::string text = ReadText(folder / "x.log");
  EXPECT_NE(text.find("size cap"), std::string::npos);
  EXPECT_EQ(text.find("line 19"), std::string::npos);
  EXPECT_LT(text.size(), 200u + 120u);
}

}  // namespace
}  // namespace cm::cmdial
