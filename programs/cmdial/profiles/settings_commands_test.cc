// SPDX-License-Identifier: MIT
// cmdial settings and favorite commands, in-process against a temporary store.
#include <gtest/gtest.h>
#include <stdlib.h>

#include "cm/file_util.h"
#include "profiles/installer.h"
#include "profiles/profiles_test_util.h"

namespace cm::cmdial {
namespace {

using testing::RunProfileCommand;
using testing::TempStore;

TEST(SettingsCommandsTest, SettingsAndFavouritesSurviveAnUpdate) {
  TempStore store;
  store.SetEnvironment();
  ::unsetenv("DBUS_SESSION_BUS_ADDRESS");
  const std::string cab = std::string(CM_TESTDATA_DIR) + "/cmdial/CMAKMADE.cab";
  ASSERT_EQ(RunProfileCommand({"install", cab}).code, 0);
  auto set = RunProfileCommand({"settings", "CMAKMADE", "--user", "alice", "--type", "direct",
                                "--country", "44", "--remember-password"});
  ASSERT_EQ(set.code, 0) << set.err;
  EXPECT_NE(set.err.find("remember password is off: no session bus"), std::string::npos) << set.err;
  EXPECT_NE(set.out.find("remember password off"), std::string::npos);
  auto saved = RunProfileCommand({"favorite", "save", "CMAKMADE", "Office", "--pop", "7"});
  ASSERT_EQ(saved.code, 0) << saved.err;
  ASSERT_EQ(RunProfileCommand({"install", cab}).code, 0);  // an update
  auto list = RunProfileCommand({"favorite", "list", "CMAKMADE"});
  EXPECT_NE(list.out.find("Office: user 'alice' type direct country '44' region '' pop '7'"),
            std::string::npos)
      << list.out;
  const std::string cmp = ReadFile(store.paths().user_root + "/CMAKMADE.cmp").value();
  EXPECT_NE(cmp.find("UserName=alice"), std::string::npos);
  EXPECT_EQ(cmp.find("Password"), std::string::npos);  // never a password in the file
  auto bad_type = RunProfileCommand({"settings", "CMAKMADE", "--type", "carrier"});
  EXPECT_EQ(bad_type.code, 2);
  EXPECT_EQ(RunProfileCommand({"favorite", "delete", "CMAKMADE", "Office"}).code, 0);
  EXPECT_EQ(RunProfileCommand({"favorite", "delete", "CMAKMADE", "Office"}).code, 1);
}

}  // namespace
}  // namespace cm::cmdial
