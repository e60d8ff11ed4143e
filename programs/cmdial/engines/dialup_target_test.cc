// SPDX-License-Identifier: MIT
// Choosing the POP to dial among the profile's own and merged phone books (--pop ID, BOOK:ID).
#include "engines/dialup_target.h"

#include <gtest/gtest.h>

#include "cm/file_util.h"
#include "connect/connect_plan.h"
#include "profiles/merged_books_test_util.h"

namespace cm::cmdial {
namespace {

using testing::InstallMergedCorp;
using testing::TempStore;

class DialupTargetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    InstallMergedCorp(store_);
    // CMAKMADE offers direct only; dial-up makes %DialRasPhoneBook% matter.
    const std::string cms = store_.paths().user_root + "/CMAKMADE/CMAKMADE.cms";
    std::string text = ReadFile(cms).value();
    text.replace(text.find("Dialup=0"), 8, "Dialup=1");
    ASSERT_TRUE(WriteFileAtomic(cms, text));
    profile_ = FindProfile(store_.paths(), "CMAKMADE").value();
  }
  Result<DialTarget> Choose(std::string pop) {
    UserSettings settings;
    settings.pop = std::move(pop);
    return ChooseDialTarget(profile_, settings, store_.paths());
  }

  TempStore store_;
  InstalledProfile profile_;
};

TEST_F(DialupTargetTest, PopIdRepeatedInTwoBooksIsTakenFromTheNamedBook) {
  Result<DialTarget> own = Choose("6");
  ASSERT_TRUE(own) << own.error().ToString();
  EXPECT_EQ(own->pop_name, "London Docklands");
  EXPECT_EQ(own->book, "CMAKMADE");
  EXPECT_EQ(own->phonebook_path, profile_.folder + "/spec-example.pbk");

  Result<DialTarget> merged = Choose("PARTNER:6");
  ASSERT_TRUE(merged) << merged.error().ToString();
  EXPECT_EQ(merged->pop_name, "Partner London");
  EXPECT_EQ(merged->book, "PARTNER");
  EXPECT_EQ(merged->pop_id, 6u);
  EXPECT_EQ(merged->phonebook_path, profile_.folder + "/PARTNER.pbk");

  // The profile's own short name works as a book name too; case does not matter.
  Result<DialTarget> named_own = Choose("cmakmade:6");
  ASSERT_TRUE(named_own) << named_own.error().ToString();
  EXPECT_EQ(named_own->pop_name, "London Docklands");
}

TEST_F(DialupTargetTest, UnknownBookOrPopIsRefusedNamingTheBooks) {
  Result<DialTarget> book = Choose("NOPE:6");
  ASSERT_FALSE(book);
  EXPECT_EQ(book.error().code(), Errc::kNotFound);
  EXPECT_NE(book.error().message().find("CMAKMADE, PARTNER"), std::string::npos)
      << book.error().message();
  Result<DialTarget> pop = Choose("PARTNER:7");  // 7 is only in the own book
  ASSERT_FALSE(pop);
  EXPECT_NE(pop.error().message().find("POP PARTNER:7"), std::string::npos)
      << pop.error().message();
}

TEST_F(DialupTargetTest, PlanNamesTheChosenBookAsDialRasPhoneBook) {
  ConnectOptions options;
  options.type = "dialup";
  options.pop = "PARTNER:6";
  Result<ConnectPlan> plan = MakeConnectPlan(profile_, store_.paths(), options, nullptr);
  ASSERT_TRUE(plan) << plan.error().ToString();
  EXPECT_EQ(plan->facts.dial_phonebook, profile_.folder + "/PARTNER.pbk");
  EXPECT_EQ(plan->settings.pop, "PARTNER:6");
  options.pop = "6";
  plan = MakeConnectPlan(profile_, store_.paths(), options, nullptr);
  ASSERT_TRUE(plan) << plan.error().ToString();
  EXPECT_EQ(plan->facts.dial_phonebook, profile_.folder + "/spec-example.pbk");
  options.pop = "GHOST:6";
  EXPECT_FALSE(MakeConnectPlan(profile_, store_.paths(), options, nullptr));
}

}  // namespace
}  // namespace cm::cmdial
