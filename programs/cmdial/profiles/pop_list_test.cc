// SPDX-License-Identifier: MIT
#include "profiles/pop_list.h"

#include <gtest/gtest.h>

#include "cm/file_util.h"
#include "cm/pbk_format.h"

namespace cm::cmdial {
namespace {

class PopListTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string dir = std::string(CM_TESTDATA_DIR) + "/cmdial/";
    regions_ = ReadPbr(ReadFile(dir + "CORP.pbr").value());
    book_ = ReadPbk(ReadFile(dir + "CORP.pbk").value(), &regions_);
    ASSERT_TRUE(book_.usable);
    Result<IniFile> cms = IniFile::Parse(ReadFile(dir + "CMAKMADE/CMAKMADE.cms").value());
    profile_ = ReadServiceProfile(*cms, "CMAKMADE", nullptr).value();
    location_.country_tapi_id = 1;
    location_.area_code = "206";
    location_.long_distance = "1";
    location_.international = "011";
  }

  std::vector<uint32_t> Ids(const PopQuery& query) {
    Result<std::vector<ListedPop>> pops =
        ListPops(profile_, book_.pops, regions_.regions, query, location_);
    EXPECT_TRUE(pops) << pops.error().ToString();
    std::vector<uint32_t> ids;
    for (const ListedPop& pop : *pops) ids.push_back(pop.pop.pop_id.value_or(0));
    return ids;
  }

  RegionReadResult regions_;
  PbkReadResult book_;
  ServiceProfile profile_;
  DialingLocation location_;
};

TEST_F(PopListTest, CountryRegionAndServiceTypeFilters) {
  EXPECT_EQ(Ids({}).size(), 12u);
  EXPECT_EQ(Ids({.countries = {44}}), (std::vector<uint32_t>{6, 7, 8, 9}));
  EXPECT_EQ(Ids({.countries = {44}, .region = "north of england"}), (std::vector<uint32_t>{8, 9}));
  EXPECT_EQ(Ids({.region = "3"}), (std::vector<uint32_t>{5}));
  // Modem: (flags & 0x04) == 0 drops the ISDN-only POPs (flags 36).
  EXPECT_EQ(Ids({.countries = {1}, .service_type = "Modem"}),
            (std::vector<uint32_t>{1, 3, 4, 5, 12}));
  EXPECT_EQ(Ids({.countries = {1}, .service_type = "isdn"}),
            (std::vector<uint32_t>{1, 2, 3, 4, 5, 12}));
}

TEST_F(PopListTest, SurchargeAndDialableNumbers) {
  Result<std::vector<ListedPop>> pops =
      ListPops(profile_, book_.pops, regions_.regions, {.countries = {1}}, location_);
  ASSERT_TRUE(pops);
  ASSERT_EQ(pops->size(), 6u);
  EXPECT_EQ((*pops)[0].canonical, "+1 (206) 555-0101");
  EXPECT_EQ((*pops)[0].dialable, "5550101");
  EXPECT_EQ((*pops)[0].region, "Seattle");
  EXPECT_FALSE((*pops)[0].surcharge);
  EXPECT_EQ((*pops)[3].dialable, "14255550135");
  EXPECT_TRUE((*pops)[3].surcharge);  // flags 96: passes SurchargeSignon only
}

TEST_F(PopListTest, SignUpPopsAreNotListed) {
  Pop sign_up;
  sign_up.pop_id = 99;
  sign_up.country = 1;
  sign_up.number = "5550000";
  sign_up.flags = 0x01;  // not a sign-on POP: neither base filter passes
  Phonebook book;
  book.Add(sign_up);
  Result<std::vector<ListedPop>> pops = ListPops(profile_, book, {}, {}, location_);
  ASSERT_TRUE(pops);
  EXPECT_TRUE(pops->empty());
}

TEST_F(PopListTest, UnknownServiceTypeOrRegionIsAnError) {
  Result<std::vector<ListedPop>> type =
      ListPops(profile_, book_.pops, regions_.regions, {.service_type = "Fax"}, location_);
  ASSERT_FALSE(type);
  EXPECT_NE(type.error().message().find("'Modem'"), std::string::npos);
  Result<std::vector<ListedPop>> region =
      ListPops(profile_, book_.pops, regions_.regions, {.region = "Mars"}, location_);
  ASSERT_FALSE(region);
  EXPECT_NE(region.error().message().find("Oregon"), std::string::npos);
}

}  // namespace
}  // namespace cm::cmdial
