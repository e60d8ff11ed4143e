// SPDX-License-Identifier: MIT
#include "profiles/installer.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "cm/file_util.h"
#include "profile/profile_package_test_util.h"
#include "profiles/favorites.h"
#include "profiles/profiles_test_util.h"

namespace cm::cmdial {
namespace {

using cm::testing::TestPackage;
using testing::TempStore;

std::string Testdata(std::string_view name) {
  return std::string(CM_TESTDATA_DIR) + "/cmdial/" + std::string(name);
}

std::string CmakMadeCab() { return ReadFile(Testdata("CMAKMADE.cab")).value(); }

mode_t ModeOf(const std::string& path) {
  struct stat info {};
  EXPECT_EQ(::lstat(path.c_str(), &info), 0) << path;
  return info.st_mode & 07777;
}

TEST(InstallerTest, InstallsInTheSeedLayoutAndPinsTheKey) {
  TempStore store;
  Result<InstallReport> report = InstallPackage(store.paths(), CmakMadeCab(), {});
  ASSERT_TRUE(report) << report.error().ToString();
  EXPECT_FALSE(report->updated);
  EXPECT_EQ(report->short_name, "CMAKMADE");
  EXPECT_EQ(report->service_name, "Cmak Made");
  ASSERT_TRUE(report->signer);
  const std::string root = store.paths().user_root;
  const std::string cmp = ReadFile(root + "/CMAKMADE.cmp").value();
  EXPECT_EQ(cmp, ReadFile(Testdata("CMAKMADE/CMAKMADE.cmp")).value());
  EXPECT_EQ(ReadFile(root + "/CMAKMADE/CMAKMADE.cms").value(),
            ReadFile(Testdata("CMAKMADE/CMAKMADE.cms")).value());
  EXPECT_FALSE(ReadFile(root + "/CMAKMADE/CMAKMADE.cmp"));  // only at the top
  EXPECT_EQ(ModeOf(root + "/CMAKMADE/log.sh"), 0755u);      // a script stays runnable
  EXPECT_EQ(ModeOf(root + "/CMAKMADE/CMAKMADE.cms"), 0644u);
  EXPECT_EQ(ModeOf(root + "/CMAKMADE.cmp"), 0600u);
  Result<std::optional<PublicKey>> pinned = PinnedKey(root, "CMAKMADE");
  ASSERT_TRUE(pinned && *pinned);
  EXPECT_EQ((*pinned)->ToString(), "ed25519:QPqJJhjUbAvA5xzLsSwsAev+sOA7FP1/N4jMUmfa5U4=");
  Result<InstalledProfile> found = FindProfile(store.paths(), "Cmak Made");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->profile.pb_file, "spec-example.pbk");
}

TEST(InstallerTest, UpdateKeepsUserSettingsAndFavourites) {
  TempStore store;
  ASSERT_TRUE(InstallPackage(store.paths(), CmakMadeCab(), {}));
  InstalledProfile installed = FindProfile(store.paths(), "CMAKMADE").value();
  UserSettings settings;
  settings.user_name = "alice";
  settings.country = "1";
  ASSERT_TRUE(SaveUserSettings(installed, settings));
  ASSERT_TRUE(SaveFavorite(installed, Favorite{"Office", settings}));

  Result<InstallReport> again = InstallPackage(store.paths(), CmakMadeCab(), {});
  ASSERT_TRUE(again) << again.error().ToString();
  EXPECT_TRUE(again->updated);
  EXPECT_EQ(again->installed.settings.user_name, "alice");
  EXPECT_EQ(again->installed.settings.country, "1");
  ASSERT_EQ(ListFavorites(again->installed).size(), 1u);
  // No staging folder is left behind.
  for (const auto& entry : std::filesystem::directory_iterator(store.paths().user_root)) {
    EXPECT_FALSE(entry.path().filename().string().starts_with(".stage-")) << entry.path();
  }
}

TEST(InstallerTest, UpdateFromAnotherKeyIsRefusedUnlessTrusted) {
  TempStore store;
  SigningKey first = SigningKey::Generate();
  SigningKey second = SigningKey::Generate();
  TestPackage package = TestPackage::Minimal("ACME", "Acme VPN");
  package.key = &first;
  ASSERT_TRUE(InstallPackage(store.paths(), package.Build(), {}));
  const std::string cms_path = store.paths().user_root + "/ACME/ACME.cms";
  const std::string old_cms = ReadFile(cms_path).value();

  TestPackage update = TestPackage::Minimal("ACME", "Acme VPN 2");
  update.key = &second;
  Result<InstallReport> refused = InstallPackage(store.paths(), update.Build(), {});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), Errc::kSignature);
  EXPECT_NE(refused.error().message().find(first.public_key().Fingerprint()), std::string::npos);
  EXPECT_NE(refused.error().message().find(second.public_key().Fingerprint()), std::string::npos);
  EXPECT_EQ(ReadFile(cms_path).value(), old_cms);

  TestPackage unsigned_update = TestPackage::Minimal("ACME", "Acme VPN 3");
  Result<InstallReport> unsigned_refused =
      InstallPackage(store.paths(), unsigned_update.Build(), {.allow_unsigned = true});
  ASSERT_FALSE(unsigned_refused);
  EXPECT_EQ(unsigned_refused.error().code(), Errc::kSignature);

  Result<InstallReport> trusted =
      InstallPackage(store.paths(), update.Build(), {.trust_new_key = true});
  ASSERT_TRUE(trusted) << trusted.error().ToString();
  ASSERT_TRUE(trusted->old_key);
  EXPECT_EQ(*trusted->old_key, first.public_key());
  EXPECT_EQ(trusted->service_name, "Acme VPN 2");
  EXPECT_EQ(PinnedKey(store.paths().user_root, "ACME").value(), second.public_key());
}

TEST(InstallerTest, TamperedPackageWritesNothing) {
  TempStore store;
  SigningKey key = SigningKey::Generate();
  TestPackage package = TestPackage::Minimal("ACME", "Acme VPN");
  package.key = &key;
  package.altered["ACME.cms"] = "[Connection Manager]\r\nServiceName=Evil\r\n";
  Result<InstallReport> refused = InstallPackage(store.paths(), package.Build(), {});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), Errc::kCorrupt);
  EXPECT_FALSE(std::filesystem::exists(store.paths().user_root + "/ACME.cmp"));
  EXPECT_FALSE(std::filesystem::exists(store.paths().user_root + "/.trust/ACME.key"));
}

TEST(InstallerTest, UnsignedOnlyWithAllowUnsigned) {
  TempStore store;
  TestPackage package = TestPackage::Minimal("ACME", "Acme VPN");
  Result<InstallReport> refused = InstallPackage(store.paths(), package.Build(), {});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), Errc::kSignature);
  Result<InstallReport> allowed =
      InstallPackage(store.paths(), package.Build(), {.allow_unsigned = true});
  ASSERT_TRUE(allowed) << allowed.error().ToString();
  EXPECT_FALSE(allowed->signer);
  EXPECT_FALSE(PinnedKey(store.paths().user_root, "ACME").value());
}

TEST(InstallerTest, KeepsAPhonebookNewerThanThePackages) {
  TempStore store;
  SigningKey key = SigningKey::Generate();
  TestPackage package = TestPackage::Minimal("ACME", "Acme VPN");
  package.files["ACME.cms"] += "[ISP]\r\nPBFile=ACME\\BOOK.pbk\r\n";
  package.files["BOOK.pbk"] = "1,1,0,Old,,5551212,0,0,0,0,\r\n";
  package.files["BOOK.ver"] = "2\r\n";
  package.key = &key;
  ASSERT_TRUE(InstallPackage(store.paths(), package.Build(), {}));
  const std::string folder = store.paths().user_root + "/ACME";
  // The server updated it to version 5 since.
  ASSERT_TRUE(WriteFileAtomic(folder + "/BOOK.pbk", "1,1,0,New,,5551212,0,0,0,0,\r\n"));
  ASSERT_TRUE(WriteFileAtomic(folder + "/BOOK.ver", "5\r\n"));
  Result<InstallReport> again = InstallPackage(store.paths(), package.Build(), {});
  ASSERT_TRUE(again) << again.error().ToString();
  EXPECT_TRUE(again->kept_newer_phonebook);
  EXPECT_EQ(again->installed.PhonebookVersion(), 5u);
  EXPECT_NE(ReadFile(folder + "/BOOK.pbk").value().find("New"), std::string::npos);
}

TEST(InstallerTest, SelfExtractingPackageGivesItsCabinet) {
  std::string cab = CmakMadeCab();
  std::string run = "#!/bin/sh\nexit 1\n__CMSUITE_CAB_FOLLOWS__\n" + cab;
  Result<std::string_view> inner = PackageCabinet(run);
  ASSERT_TRUE(inner);
  EXPECT_EQ(*inner, cab);
  EXPECT_EQ(PackageCabinet(cab).value(), cab);
  EXPECT_FALSE(PackageCabinet("just text\n"));
}

TEST(InstallerTest, AllUsersInstallAndUninstall) {
  TempStore store;
  Result<InstallReport> report =
      InstallPackage(store.paths(), CmakMadeCab(), {.scope = InstallScope::kAllUsers});
  ASSERT_TRUE(report) << report.error().ToString();
  EXPECT_EQ(ModeOf(store.paths().system_root + "/CMAKMADE.cmp"), 0644u);
  InstalledProfile installed = FindProfile(store.paths(), "CMAKMADE").value();
  EXPECT_EQ(installed.scope, InstallScope::kAllUsers);
  ASSERT_TRUE(UninstallProfile(installed));
  EXPECT_FALSE(FindProfile(store.paths(), "CMAKMADE"));
  EXPECT_FALSE(std::filesystem::exists(store.paths().system_root + "/CMAKMADE"));
  // The pin stays: a later package of that service must come from the same key.
  EXPECT_TRUE(PinnedKey(store.paths().system_root, "CMAKMADE").value());
}

TEST(InstallerTest, RefusesWhenTheProfileFolderIsALink) {
  TempStore store;
  std::filesystem::create_directories(store.paths().user_root);
  std::filesystem::create_directory_symlink(store.dir(), store.paths().user_root + "/CMAKMADE");
  Result<InstallReport> refused = InstallPackage(store.paths(), CmakMadeCab(), {});
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message().find("not a folder"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(store.dir() + "/CMAKMADE.cms"));
}

}  // namespace
}  // namespace cm::cmdial
