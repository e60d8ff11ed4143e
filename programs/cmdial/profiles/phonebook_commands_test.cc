// SPDX-License-Identifier: MIT
// cmdial location and pops, in-process against a temporary store.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cm/file_util.h"
#include "profiles/profiles_test_util.h"

namespace cm::cmdial {
namespace {

using testing::RunProfileCommand;
using testing::TempStore;

// CMAKMADE with testdata/cmdial/CORP.pbk as its phone book.
void InstallCorpBook(TempStore& store) {
  store.InstallFixture("CMAKMADE");
  const std::string dir = std::string(CM_TESTDATA_DIR) + "/cmdial/";
  const std::string folder = store.paths().user_root + "/CMAKMADE/";
  ASSERT_TRUE(WriteFileAtomic(folder + "spec-example.pbk", ReadFile(dir + "CORP.pbk").value()));
  ASSERT_TRUE(WriteFileAtomic(folder + "spec-example.pbr", ReadFile(dir + "CORP.pbr").value()));
}

TEST(PhonebookCommandsTest, LocationThenPopsWithDialableNumbers) {
  TempStore store;
  store.SetEnvironment();
  InstallCorpBook(store);
  auto set = RunProfileCommand(
      {"location", "set", "--country", "GB", "--area-code", "20", "--outside-line", "9,"});
  ASSERT_EQ(set.code, 0) << set.err;
  EXPECT_NE(set.out.find("United Kingdom (+44)"), std::string::npos) << set.out;
  auto pops = RunProfileCommand({"pops", "CMAKMADE", "--country", "GB", "--json"});
  ASSERT_EQ(pops.code, 0) << pops.err;
  nlohmann::json list = nlohmann::json::parse(pops.out);
  ASSERT_EQ(list.size(), 4u);
  EXPECT_EQ(list[0]["name"], "London Docklands");
  EXPECT_EQ(list[0]["canonical"], "+44 (20) 7946 0000");
  EXPECT_EQ(list[0]["dial"], "9,79460000");
  EXPECT_EQ(list[2]["dial"], "9,016179460002");
  EXPECT_EQ(list[2]["region"], "North of England");

  auto us = RunProfileCommand({"pops", "Cmak Made", "--country", "+1", "--service-type", "Modem"});
  ASSERT_EQ(us.code, 0) << us.err;
  EXPECT_NE(us.out.find("Seattle Downtown"), std::string::npos) << us.out;
  EXPECT_EQ(us.out.find("Seattle North ISDN"), std::string::npos) << us.out;
  EXPECT_NE(us.out.find("9,0012065550101"), std::string::npos) << us.out;
  EXPECT_NE(us.out.find("(surcharge)"), std::string::npos) << us.out;
}

TEST(PhonebookCommandsTest, BadInputsAreRefused) {
  TempStore store;
  store.SetEnvironment();
  InstallCorpBook(store);
  auto bad_country =
      RunProfileCommand({"location", "set", "--country", "Atlantis", "--area-code", "1"});
  EXPECT_EQ(bad_country.code, 1);
  EXPECT_NE(bad_country.err.find("unknown country 'Atlantis'"), std::string::npos);
  auto bad_prefix = RunProfileCommand(
      {"location", "set", "--country", "US", "--area-code", "206", "--outside-line", "9;rm"});
  EXPECT_EQ(bad_prefix.code, 2);
  auto bad_region = RunProfileCommand({"pops", "CMAKMADE", "--region", "Mars"});
  EXPECT_EQ(bad_region.code, 1);
  EXPECT_NE(bad_region.err.find("region 'Mars'"), std::string::npos);
  auto show = RunProfileCommand({"location", "show"});
  EXPECT_EQ(show.code, 0);
  EXPECT_NE(show.out.find("no dialing location set"), std::string::npos);
}

}  // namespace
}  // namespace cm::cmdial
