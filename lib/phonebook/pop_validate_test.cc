// SPDX-License-Identifier: MIT
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cm/pbk_format.h"
#include "phonebook/test_util.h"

namespace cm {
namespace {

using ::cm::testing::Rules;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

Pop Good() {
  Pop pop;
  pop.pop_id = 1;
  pop.country = 1;
  pop.region_id = 0;
  pop.name = "Redmond";
  pop.area_code = "425";
  pop.number = "555-0134";
  pop.min_speed = 9600;
  pop.max_speed = 56000;
  pop.reserved = 0;
  pop.flags = 120;
  pop.dun = "ISP";
  return pop;
}

TEST(PopValidateTest, AcceptsThePbaDocExample) {
  EXPECT_THAT(ValidatePopStrict(Good(), 0), IsEmpty());
}

TEST(PopValidateTest, ReportsEachBrokenLimit) {
  struct Case {
    const char* name;
    void (*edit)(Pop&);
    size_t regions;
    const char* rule;
  };
  const Case cases[] = {
      {"no index", [](Pop& p) { p.pop_id.reset(); }, 0, "pba.pop-id-missing"},
      {"unknown country", [](Pop& p) { p.country = 999999; }, 0, "pba.country-unknown"},
      {"region past the list", [](Pop& p) { p.region_id = 3; }, 2, "pba.region-out-of-range"},
      {"name 31", [](Pop& p) { p.name = std::string(31, 'n'); }, 0, "pba.name-too-long"},
      {"name quote", [](Pop& p) { p.name = "Red\"mond"; }, 0, "pba.name-bad-chars"},
      {"area 11", [](Pop& p) { p.area_code = "12345678901"; }, 0, "pba.area-code"},
      {"area letters", [](Pop& p) { p.area_code = "4x5"; }, 0, "pba.area-code"},
      {"number 36", [](Pop& p) { p.number = std::string(36, '5'); }, 0, "pba.number"},
      {"number letters", [](Pop& p) { p.number = "555-CALL"; }, 0, "pba.number"},
      {"number missing", [](Pop& p) { p.number.clear(); }, 0, "pba.number-missing"},
      {"dun 51", [](Pop& p) { p.dun = std::string(51, 'd'); }, 0, "pba.dun"},
      {"custom2 bit", [](Pop& p) { p.flags = 0x80; }, 0, "pba.flags-reserved-bits"},
  };
  for (const Case& test : cases) {
    SCOPED_TRACE(test.name);
    Pop pop = Good();
    test.edit(pop);
    EXPECT_THAT(Rules(ValidatePopStrict(pop, test.regions)), ElementsAre(test.rule));
  }
}

TEST(PopValidateTest, AcceptsTheLimitsThemselves) {
  Pop pop = Good();
  pop.name = std::string(30, 'n');
  pop.area_code = "12345-6 89";
  pop.number = std::string(35, '#');
  pop.dun = std::string(50, 'd');
  pop.region_id = 2;
  EXPECT_THAT(ValidatePopStrict(pop, 2), IsEmpty());
}

}  // namespace
}  // namespace cm
