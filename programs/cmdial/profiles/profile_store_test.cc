// SPDX-License-Identifier: MIT
#include "profiles/profile_store.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include "cm/file_util.h"
#include "profiles/profiles_test_util.h"

namespace cm::cmdial {
namespace {

using testing::TempStore;

TEST(ProfileStoreTest, FindsByShortNameOrServiceNameInAnyCase) {
  TempStore store;
  store.InstallFixture("CMAKMADE");
  for (std::string_view name : {"CMAKMADE", "cmakmade", "Cmak Made", "CMAK MADE"}) {
    Result<InstalledProfile> found = FindProfile(store.paths(), name);
    ASSERT_TRUE(found) << name << ": " << found.error().ToString();
    EXPECT_EQ(found->short_name(), "CMAKMADE");
    EXPECT_EQ(found->scope, InstallScope::kUser);
    EXPECT_EQ(found->cmp_path, store.paths().user_root + "/CMAKMADE.cmp");
    EXPECT_EQ(found->cms_path, store.paths().user_root + "/CMAKMADE/CMAKMADE.cms");
    EXPECT_EQ(found->settings_path, found->cmp_path);
    EXPECT_EQ(found->profile.service_name, "Cmak Made");
    EXPECT_EQ(found->PhonebookPath(), store.paths().user_root + "/CMAKMADE/spec-example.pbk");
    EXPECT_EQ(found->PhonebookName(), "spec-example");
    EXPECT_EQ(found->PhonebookVersion(), 0u);  // no .ver file
  }
}

TEST(ProfileStoreTest, NotFoundListsWhatIsInstalled) {
  TempStore store;
  Result<InstalledProfile> none = FindProfile(store.paths(), "NOPE");
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code(), Errc::kNotFound);
  EXPECT_NE(none.error().message().find("none is installed"), std::string::npos);
  store.InstallFixture("HANDMADE");
  Result<InstalledProfile> other = FindProfile(store.paths(), "NOPE");
  ASSERT_FALSE(other);
  EXPECT_NE(other.error().message().find("HANDMADE (Hand Made VPN)"), std::string::npos);
}

TEST(ProfileStoreTest, UserProfileWinsOverAllUsersAndListShowsBoth) {
  TempStore store;
  store.InstallFixture("CMAKMADE", InstallScope::kAllUsers);
  store.InstallFixture("HANDMADE", InstallScope::kAllUsers);
  store.InstallFixture("CMAKMADE", InstallScope::kUser);
  Result<InstalledProfile> found = FindProfile(store.paths(), "cmakmade");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->scope, InstallScope::kUser);
  Result<InstalledProfile> system = FindProfile(store.paths(), "Hand Made VPN");
  ASSERT_TRUE(system);
  EXPECT_EQ(system->scope, InstallScope::kAllUsers);
  EXPECT_EQ(system->settings_path, store.paths().config_dir + "/HANDMADE.cmp");
  std::vector<InstalledProfile> all = ListProfiles(store.paths());
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].short_name(), "CMAKMADE");
  EXPECT_EQ(all[0].scope, InstallScope::kUser);
  EXPECT_EQ(all[1].short_name(), "CMAKMADE");
  EXPECT_EQ(all[2].short_name(), "HANDMADE");
}

TEST(ProfileStoreTest, BrokenProfileIsSkippedInListAndReported) {
  TempStore store;
  store.InstallFixture("CMAKMADE");
  std::filesystem::remove(store.paths().user_root + "/CMAKMADE/CMAKMADE.cms");
  std::vector<Error> problems;
  EXPECT_TRUE(ListProfiles(store.paths(), &problems).empty());
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].code(), Errc::kNotFound);
}

TEST(ProfileStoreTest, PhonebookVersionReadsTheVerFile) {
  TempStore store;
  store.InstallFixture("CMAKMADE");
  ASSERT_TRUE(WriteFileAtomic(store.paths().user_root + "/CMAKMADE/spec-example.ver", "17\r\n"));
  Result<InstalledProfile> found = FindProfile(store.paths(), "CMAKMADE");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->PhonebookVersion(), 17u);
}

TEST(ProfileStoreTest, UserSettingsRoundTripInTheCmp) {
  TempStore store;
  store.InstallFixture("CMAKMADE");
  Result<InstalledProfile> found = FindProfile(store.paths(), "CMAKMADE");
  ASSERT_TRUE(found);
  EXPECT_TRUE(found->settings.user_name.empty());
  UserSettings settings;
  settings.user_name = "alice";
  settings.domain = "CORP";
  settings.connection_type = ConnectionType::kDirect;
  settings.country = "44";
  settings.region = "London";
  settings.pop = "12";
  ASSERT_TRUE(SaveUserSettings(*found, settings));
  Result<InstalledProfile> again = FindProfile(store.paths(), "CMAKMADE");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->settings.user_name, "alice");
  EXPECT_EQ(again->settings.domain, "CORP");
  EXPECT_EQ(again->settings.connection_type, ConnectionType::kDirect);
  EXPECT_EQ(again->settings.country, "44");
  EXPECT_EQ(again->settings.region, "London");
  EXPECT_EQ(again->settings.pop, "12");
  // The administrator's lines stay.
  Result<std::string> cmp = ReadFile(again->cmp_path);
  ASSERT_TRUE(cmp);
  EXPECT_NE(cmp->find("CMSFile=CMAKMADE\\CMAKMADE.cms"), std::string::npos);
}

TEST(ProfileStoreTest, AllUsersSettingsGoToTheUsersConfig) {
  TempStore store;
  store.InstallFixture("CMAKMADE", InstallScope::kAllUsers);
  Result<InstalledProfile> found = FindProfile(store.paths(), "CMAKMADE");
  ASSERT_TRUE(found);
  UserSettings settings;
  settings.user_name = "bob";
  ASSERT_TRUE(SaveUserSettings(*found, settings));
  Result<std::string> system_cmp = ReadFile(found->cmp_path);
  ASSERT_TRUE(system_cmp);
  EXPECT_EQ(system_cmp->find("bob"), std::string::npos);
  Result<InstalledProfile> again = FindProfile(store.paths(), "CMAKMADE");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->settings.user_name, "bob");
}

TEST(ProfileStoreTest, PathsFromEnvironment) {
  ::setenv("XDG_DATA_HOME", "/x/data", 1);
  ::setenv("XDG_CONFIG_HOME", "relative/ignored", 1);
  ::setenv("HOME", "/home/u", 1);
  ::setenv("CMSUITE_SYSTEM_DIR", "/sys/cm", 1);
  Result<StorePaths> paths = StorePaths::FromEnvironment();
  ASSERT_TRUE(paths);
  EXPECT_EQ(paths->user_root, "/x/data/cmsuite");
  EXPECT_EQ(paths->config_dir, "/home/u/.config/cmsuite");
  EXPECT_EQ(paths->system_root, "/sys/cm");
  ::unsetenv("CMSUITE_SYSTEM_DIR");
  ::unsetenv("XDG_CACHE_HOME");
  paths = StorePaths::FromEnvironment();
  ASSERT_TRUE(paths);
  EXPECT_EQ(paths->system_root, "/var/lib/cmsuite");
  EXPECT_EQ(paths->cache_dir, "/home/u/.cache/cmsuite");
  // The cache is optional: with every other folder given and no HOME, there is just none.
  ::setenv("XDG_CONFIG_HOME", "/x/config", 1);
  ::setenv("XDG_STATE_HOME", "/x/state", 1);
  const std::string home = ::getenv("HOME");
  ::unsetenv("HOME");
  paths = StorePaths::FromEnvironment();
  ::setenv("HOME", home.c_str(), 1);
  ASSERT_TRUE(paths) << paths.error().ToString();
  EXPECT_EQ(paths->cache_dir, "");
}

}  // namespace
}  // namespace cm::cmdial
