// SPDX-License-Identifier: MIT
#include "cm/country.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

namespace cm {
namespace {

TEST(CountryTest, UnitedStatesAndCanadaShareCallingCodeOneWithDistinctIds) {
  const Country* us = FindCountryByTapiId(1);
  const Country* canada = FindCountryByTapiId(107);
  ASSERT_NE(us, nullptr);
  ASSERT_NE(canada, nullptr);
  EXPECT_EQ(us->calling_code, 1u);
  EXPECT_EQ(canada->calling_code, 1u);
  EXPECT_EQ(us->iso, "US");
  EXPECT_EQ(canada->iso, "CA");
  std::vector<const Country*> nanp = FindCountriesByCallingCode(1);
  EXPECT_THAT(nanp, ::testing::Contains(us));
  EXPECT_THAT(nanp, ::testing::Contains(canada));
  EXPECT_GE(nanp.size(), 2u);
}

TEST(CountryTest, IdsThatDifferFromTheCallingCode) {
  EXPECT_EQ(FindCountryByTapiId(705)->calling_code, 7u);    // Kazakhstan
  EXPECT_EQ(FindCountryByTapiId(708)->calling_code, 992u);  // Tajikistan
  EXPECT_EQ(FindCountryByTapiId(992), nullptr);
}

TEST(CountryTest, LooksUpByIsoCode) {
  ASSERT_NE(FindCountryByIso("gb"), nullptr);
  EXPECT_EQ(FindCountryByIso("gb")->tapi_id, 44u);
  EXPECT_EQ(FindCountryByIso("UK"), FindCountryByIso("GB"));
  EXPECT_EQ(FindCountryByIso("IN")->calling_code, 91u);
  EXPECT_EQ(FindCountryByIso("XX"), nullptr);
  EXPECT_EQ(FindCountryByIso("USA"), nullptr);
}

TEST(CountryTest, UnknownValuesFindNothing) {
  EXPECT_EQ(FindCountryByTapiId(0), nullptr);
  EXPECT_TRUE(FindCountriesByCallingCode(0).empty());
}

TEST(CountryTest, TableIsConsistent) {
  std::set<std::string_view> iso_codes;
  uint32_t previous = 0;
  for (const Country& country : AllCountries()) {
    EXPECT_GT(country.tapi_id, previous);
    previous = country.tapi_id;
    EXPECT_EQ(country.iso.size(), 2u);
    EXPECT_TRUE(iso_codes.insert(country.iso).second) << country.iso;
    EXPECT_FALSE(country.name.empty());
    EXPECT_EQ(FindCountryByTapiId(country.tapi_id), &country);
    EXPECT_EQ(FindCountryByIso(country.iso), &country);
  }
  EXPECT_GE(AllCountries().size(), 80u);
}

}  // namespace
}  // namespace cm
