// SPDX-License-Identifier: MIT
// cmdial install/uninstall/list/show run in-process against a temporary store.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cm/file_util.h"
#include "profile/profile_package_test_util.h"
#include "profiles/profiles_test_util.h"

namespace cm::cmdial {
namespace {

using cm::testing::TestPackage;
using testing::RunProfileCommand;
using testing::TempStore;

const std::string kCab = std::string(CM_TESTDATA_DIR) + "/cmdial/CMAKMADE.cab";

TEST(InstallCommandsTest, InstallShowsFingerprintThenListAndShow) {
  TempStore store;
  store.SetEnvironment();
  auto installed = RunProfileCommand({"install", kCab});
  ASSERT_EQ(installed.code, 0) << installed.err;
  EXPECT_NE(installed.out.find("signed by SHA256:0f58:4698:1e70:152b"), std::string::npos)
      << installed.out;
  EXPECT_NE(installed.out.find("installed CMAKMADE (Cmak Made) for user"), std::string::npos);

  auto list = RunProfileCommand({"list", "--json"});
  ASSERT_EQ(list.code, 0) << list.err;
  nlohmann::json profiles = nlohmann::json::parse(list.out);
  ASSERT_EQ(profiles.size(), 1u);
  EXPECT_EQ(profiles[0]["short_name"], "CMAKMADE");
  EXPECT_EQ(profiles[0]["scope"], "user");
  EXPECT_EQ(profiles[0]["phonebook_version"], 0);

  auto show = RunProfileCommand({"show", "cmak made", "--json"});
  ASSERT_EQ(show.code, 0) << show.err;
  nlohmann::json profile = nlohmann::json::parse(show.out);
  EXPECT_EQ(profile["service_name"], "Cmak Made");
  EXPECT_EQ(profile["phonebook"]["file"], "spec-example.pbk");
  EXPECT_EQ(profile["tunnel"]["type"], "command");
  ASSERT_EQ(profile["actions"]["pre-connect"].size(), 1u);
  EXPECT_EQ(profile["actions"]["pre-connect"][0]["command_line"], "log.sh pre-connect %UserName%");
  EXPECT_EQ(profile["actions"]["post-connect"][0]["runs_for"], "direct,interactive");

  auto text = RunProfileCommand({"show", "CMAKMADE"});
  ASSERT_EQ(text.code, 0) << text.err;
  EXPECT_NE(text.out.find("pre-connect   log.sh: log.sh pre-connect %UserName%"), std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("spec-example.pbk version 0"), std::string::npos) << text.out;

  auto removed = RunProfileCommand({"uninstall", "CMAKMADE"});
  ASSERT_EQ(removed.code, 0) << removed.err;
  auto missing = RunProfileCommand({"show", "CMAKMADE"});
  EXPECT_EQ(missing.code, 1);
  EXPECT_NE(missing.err.find("cmdial: error: no installed profile is called 'CMAKMADE'"),
            std::string::npos)
      << missing.err;
}

TEST(InstallCommandsTest, PackageFromAnotherKeyIsRefused) {
  TempStore store;
  store.SetEnvironment();
  ASSERT_EQ(RunProfileCommand({"install", kCab}).code, 0);
  SigningKey other = SigningKey::Generate();
  TestPackage package = TestPackage::Minimal("CMAKMADE", "Impostor");
  package.key = &other;
  const std::string file = store.dir() + "/other.cab";
  ASSERT_TRUE(WriteFileAtomic(file, package.Build()));
  auto refused = RunProfileCommand({"install", file});
  EXPECT_EQ(refused.code, 1);
  EXPECT_NE(refused.err.find("is pinned to key SHA256:0f58:4698:1e70:152b"), std::string::npos)
      << refused.err;
  auto show = RunProfileCommand({"show", "CMAKMADE", "--json"});
  EXPECT_EQ(nlohmann::json::parse(show.out)["service_name"], "Cmak Made");
}

TEST(InstallCommandsTest, RunFileInstallsAndGarbageIsRefused) {
  TempStore store;
  store.SetEnvironment();
  const std::string run = store.dir() + "/CMAKMADE.run";
  ASSERT_TRUE(WriteFileAtomic(run, "#!/bin/sh\necho never run\nexit 1\n__CMSUITE_CAB_FOLLOWS__\n" +
                                       ReadFile(kCab).value()));
  auto installed = RunProfileCommand({"install", run});
  EXPECT_EQ(installed.code, 0) << installed.err;
  const std::string junk = store.dir() + "/junk.cab";
  ASSERT_TRUE(WriteFileAtomic(junk, "hello"));
  auto refused = RunProfileCommand({"install", junk});
  EXPECT_EQ(refused.code, 1);
  EXPECT_NE(refused.err.find("junk.cab"), std::string::npos) << refused.err;
}

TEST(InstallCommandsTest, EveryCommandHasHelp) {
  for (std::string_view command : {"install", "uninstall", "list", "show"}) {
    auto help = RunProfileCommand({std::string(command), "--help"});
    EXPECT_EQ(help.code, 0) << command;
    EXPECT_NE(help.out.find("Usage"), std::string::npos) << command;
  }
}

}  // namespace
}  // namespace cm::cmdial
