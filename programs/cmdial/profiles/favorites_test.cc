// SPDX-License-Identifier: MIT
#include "profiles/favorites.h"

#include <gtest/gtest.h>

#include "profiles/profiles_test_util.h"

namespace cm::cmdial {
namespace {

using testing::TempStore;

TEST(FavoritesTest, SaveListLoadDelete) {
  TempStore store;
  store.InstallFixture("CMAKMADE");
  Result<InstalledProfile> profile = FindProfile(store.paths(), "CMAKMADE");
  ASSERT_TRUE(profile);
  UserSettings base;
  base.user_name = "alice";
  base.domain = "CORP";
  ASSERT_TRUE(SaveUserSettings(*profile, base));
  profile = FindProfile(store.paths(), "CMAKMADE");
  ASSERT_TRUE(profile);

  Favorite office{"Office", {}};
  office.settings.country = "44";
  office.settings.pop = "3";
  office.settings.connection_type = ConnectionType::kDirect;
  ASSERT_TRUE(SaveFavorite(*profile, office));
  ASSERT_TRUE(SaveFavorite(*profile, Favorite{"Home Wifi", {}}));

  std::vector<Favorite> favorites = ListFavorites(*profile);
  ASSERT_EQ(favorites.size(), 2u);
  EXPECT_EQ(favorites[0].name, "Office");
  EXPECT_EQ(favorites[1].name, "Home Wifi");

  Result<Favorite> loaded = LoadFavorite(*profile, "office");
  ASSERT_TRUE(loaded) << loaded.error().ToString();
  EXPECT_EQ(loaded->name, "Office");
  EXPECT_EQ(loaded->settings.country, "44");
  EXPECT_EQ(loaded->settings.pop, "3");
  EXPECT_EQ(loaded->settings.connection_type, ConnectionType::kDirect);
  EXPECT_EQ(loaded->settings.user_name, "alice");  // from the user's settings

  // The user's own settings are untouched by favourites.
  Result<InstalledProfile> again = FindProfile(store.paths(), "CMAKMADE");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->settings.user_name, "alice");
  EXPECT_TRUE(again->settings.country.empty());

  ASSERT_TRUE(DeleteFavorite(*profile, "Office"));
  EXPECT_EQ(ListFavorites(*profile).size(), 1u);
  Result<Favorite> gone = LoadFavorite(*profile, "Office");
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code(), Errc::kNotFound);
  EXPECT_NE(gone.error().message().find("Home Wifi"), std::string::npos);
  EXPECT_FALSE(DeleteFavorite(*profile, "Office"));
}

TEST(FavoritesTest, NamesThatCannotBeStoredAreRefused) {
  for (std::string_view bad : {"", "a]b", "x=y", " lead", "tab\there", "[x"}) {
    EXPECT_FALSE(CheckFavoriteName(bad)) << bad;
  }
  EXPECT_TRUE(CheckFavoriteName("Office 2"));
}

}  // namespace
}  // namespace cm::cmdial
